package ui

import (
	"context"

	"github.com/hubcontacts/hubcontacts/api"
)

// Backend is every HubSpot call the UI makes, in one place; *api.Client satisfies it. Panes call
// it only from commands (off the UI goroutine), through request.
type Backend interface {
	ListContacts(ctx context.Context, o api.ListOptions) (api.Page, error)
	SearchContacts(ctx context.Context, r api.SearchRequest) (api.SearchPage, error)
	GetContact(ctx context.Context, idOrEmail string, o api.GetOptions) (*api.Object, error)
	Properties(ctx context.Context, objectType string) ([]api.Property, error)
	PropertyGroups(ctx context.Context, objectType string) ([]api.PropertyGroup, error)
	Activities(ctx context.Context, contactID string) ([]api.Activity, error)
	// Writes (the edit form, create, delete, batch edits) and the company picker.
	UpdateContact(ctx context.Context, idOrEmail string, props map[string]string) (*api.Object, error)
	CreateContact(ctx context.Context, props map[string]string, assocs ...api.AssociationInput) (*api.Object, error)
	DeleteContact(ctx context.Context, idOrEmail string) error
	BatchUpdateContacts(ctx context.Context, inputs []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error)
	BatchArchiveContacts(ctx context.Context, ids []string, opts ...api.BatchOption) ([]api.BatchResult, error)
	SearchByName(ctx context.Context, objectType, text string, limit int) (api.SearchPage, error)
	// The associations, secondary emails and activities panes (related.go).
	relationsBackend
}

var _ Backend = (*api.Client)(nil)

// loadDefs reads the contact property definitions and groups (the API layer caches them).
func loadDefs(ctx context.Context, e *env) (*defs, error) {
	props, err := e.hub.Properties(ctx, api.ObjectContacts)
	if err != nil {
		return nil, err
	}
	groups, err := e.hub.PropertyGroups(ctx, api.ObjectContacts)
	if err != nil {
		return nil, err
	}
	return newDefs(props, groups, e.loc), nil
}
