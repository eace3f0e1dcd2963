package hubspottest

// Placeholders until associations.go, secondary.go and auth.go exist; their author deletes this file.

import "net/http"

func (s *Sandbox) routeAccount(*http.ServeMux)              {}
func (s *Sandbox) routeAssociations(*http.ServeMux)         {}
func (s *Sandbox) routeSecondaryEmails(*http.ServeMux)      {}
func (s *Sandbox) authenticate(h http.Handler) http.Handler { return h }

// allow reports whether the request's token has scope, writing HubSpot's 403 MISSING_SCOPES
// body (with the required scope) and returning false when it does not. Every handler calls it.
func (s *Sandbox) allow(w http.ResponseWriter, r *http.Request, scope string) bool { return true }

// scopeFor names the scope an operation on an object type needs (write or read).
func scopeFor(objectType string, write bool) string {
	if write {
		return "crm.objects." + objectType + ".write"
	}
	return "crm.objects." + objectType + ".read"
}
