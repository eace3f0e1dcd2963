package ui

// Backend is every HubSpot call the UI makes, in one place; *api.Client satisfies it. Its
// methods arrive with the panes that use them (the API layer is landing alongside).
type Backend interface{}
