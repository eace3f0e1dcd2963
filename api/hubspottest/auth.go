package hubspottest

import (
	"context"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
)

// Authentication and scopes, as HubSpot answers them.
//
// Every request but the two token-introspection calls under /oauth/ needs
// `Authorization: Bearer <token>` naming one of Options.Tokens. Anything else (no header, an
// unknown token, "Bearer Bearer <token>", a bare token without the "Bearer" scheme, a `hapikey`
// query parameter) is a 401 INVALID_AUTHENTICATION with HubSpot's body and the
// `x-hubspot-auth-failure: 401 Unauthorized` header. Every response carries
// `x-hubspot-correlation-id`, the same id error bodies give as correlationId.
//
// Scopes (scopeFor):
//   - contacts, companies, deals: crm.objects.<type>.read / .write, as HubSpot's specs say;
//   - tickets: the single "tickets" scope (HubSpot's tickets specs name only that one);
//   - notes, calls, emails, meetings, tasks: crm.objects.contacts.read / .write, which is what
//     HubSpot's engagement guides list ("This API requires one of the following scopes:
//     crm.objects.contacts.read, crm.objects.contacts.write"). sales-email-read, which real
//     HubSpot needs to return email bodies unredacted, is not modelled.
//
// The legacy "contacts" scope (HubSpot's oauth2_legacy scheme) still satisfies the contacts,
// companies and deals scopes, as the older specs list it as the alternative.

// authFailureHeader is the header HubSpot adds to every 401.
const authFailureHeader = "x-hubspot-auth-failure"

// correlationHeader is the header carrying the request's correlation id.
const correlationHeader = "x-hubspot-correlation-id"

// authMessage is HubSpot's 401 text for a missing or unknown token.
const authMessage = "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"

// scopesMessage is HubSpot's 403 text.
const scopesMessage = "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes."

// legacyScopes lists the legacy scopes that also grant a scope.
var legacyScopes = map[string][]string{
	"crm.objects.contacts.read":   {"contacts"},
	"crm.objects.contacts.write":  {"contacts"},
	"crm.objects.companies.read":  {"contacts"},
	"crm.objects.companies.write": {"contacts"},
	"crm.objects.deals.read":      {"contacts"},
	"crm.objects.deals.write":     {"contacts"},
}

// identity is who a request authenticated as: the token and what HubSpot derives from it.
type identity struct {
	Token  string
	Scopes []string
	UserID int
	AppID  int
}

type ctxKey int

const (
	identityKey ctxKey = iota
	correlationKey
)

// tokenIdentity returns the identity of a known token.
func (s *Sandbox) tokenIdentity(token string) (identity, bool) {
	scopes, ok := s.opts.Tokens[token]
	if !ok {
		return identity{}, false
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(token))
	n := int(h.Sum32() % 9000000)
	return identity{Token: token, Scopes: scopes, UserID: 1000000 + n, AppID: 2000000 + n}, true
}

// requestIdentity returns the identity the request authenticated as (zero outside authenticate).
func requestIdentity(r *http.Request) identity {
	id, _ := r.Context().Value(identityKey).(identity)
	return id
}

// correlationID returns the request's correlation id, or a fresh one outside authenticate.
func correlationID(r *http.Request) string {
	if r != nil {
		if id, ok := r.Context().Value(correlationKey).(string); ok {
			return id
		}
	}
	return newCorrelationID()
}

// authenticate stamps a correlation id on every response and refuses requests without a valid
// bearer token (except the token-introspection calls, which carry the token themselves).
func (s *Sandbox) authenticate(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cid := newCorrelationID()
		w.Header().Set(correlationHeader, cid)
		r = r.WithContext(context.WithValue(r.Context(), correlationKey, cid))
		if strings.HasPrefix(r.URL.Path, "/oauth/") {
			h.ServeHTTP(w, r)
			return
		}
		id, ok := s.tokenIdentity(bearerToken(r))
		if !ok {
			writeUnauthorized(w, r)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), identityKey, id)))
	})
}

// bearerToken returns the token of an `Authorization: Bearer <token>` header, or "". The scheme
// is case-insensitive; whatever follows it is the token, so "Bearer Bearer x" yields "Bearer x"
// (which no sandbox token equals, as in HubSpot).
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// writeUnauthorized writes HubSpot's 401.
func writeUnauthorized(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(authFailureHeader, "401 Unauthorized")
	writeError(w, r, http.StatusUnauthorized, "INVALID_AUTHENTICATION", authMessage, nil)
}

// allow reports whether the request's token has scope, writing HubSpot's 403 MISSING_SCOPES
// body (with the required scope) and returning false when it does not. Every handler calls it.
func (s *Sandbox) allow(w http.ResponseWriter, r *http.Request, scope string) bool {
	return s.allowAny(w, r, scope)
}

// allowAny is allow for operations that accept any one of several scopes; the 403 lists them all.
func (s *Sandbox) allowAny(w http.ResponseWriter, r *http.Request, scopes ...string) bool {
	granted := requestIdentity(r).Scopes
	for _, want := range scopes {
		if hasScope(granted, want) {
			return true
		}
	}
	writeError(w, r, http.StatusForbidden, "MISSING_SCOPES", scopesMessage, &apiError{
		Errors: []errorDetail{{Message: "One or more of the following scopes are required.",
			Context: map[string][]string{"requiredScopes": scopes}}},
		Links: map[string]string{"scopes": "https://developers.hubspot.com/scopes"},
	})
	return false
}

// hasScope reports whether granted includes want or a legacy scope that implies it.
func hasScope(granted []string, want string) bool {
	if slices.Contains(granted, want) {
		return true
	}
	for _, alt := range legacyScopes[want] {
		if slices.Contains(granted, alt) {
			return true
		}
	}
	return false
}

// scopeFor names the scope an operation on an object type needs (write or read). objectType is
// a canonical plural name (see canonicalType).
func scopeFor(objectType string, write bool) string {
	switch {
	case objectType == Tickets:
		return "tickets"
	case slices.Contains(EngagementTypes, objectType):
		objectType = Contacts
	}
	if write {
		return "crm.objects." + objectType + ".write"
	}
	return "crm.objects." + objectType + ".read"
}
