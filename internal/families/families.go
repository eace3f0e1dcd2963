// Package families is the one place that says which of HubSpot's API families the tests run
// against: the numbered paths (/crm/v3/objects/…, /crm/v4/…, /crm/v3/owners) and the dated
// ones (/crm/objects/2026-03/…, /crm/associations/2026-03/…, /crm/owners/2026-03). HubSpot
// supports both until September 2027 and a profile chooses (api_version:, --api-version), so
// every test that talks to the sandbox through the client runs under each: Run makes the family
// a subtest dimension (TestX/v3, TestX/2026-03; go test -run 'TestX/2026-03' picks one), and
// each package's constructor of client and sandbox takes the Family it is given.
package families

import (
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Family is one of HubSpot's API families.
type Family struct {
	// Name is the family as api_version: and --api-version write it: "v3" or "2026-03".
	Name string
	// Version is api.Config.APIVersion (config.Profile.APIVersion): "" for v3.
	Version string
}

// V3 is the numbered family, the app's default.
func V3() Family { return Family{Name: "v3"} }

// Dated is the date-versioned family the README documents (the client builds any dated
// version the same way; the sandbox serves exactly the versions HubSpot publishes).
func Dated() Family { return Family{Name: "2026-03", Version: "2026-03"} }

// All is every family a HubSpot-facing test runs under.
func All() []Family { return []Family{V3(), Dated()} }

// Run runs test once per family, each as a subtest named after it.
func Run(t *testing.T, test func(t *testing.T, f Family)) {
	t.Helper()
	for _, f := range All() {
		t.Run(f.Name, func(t *testing.T) { test(t, f) })
	}
}

// Args are the command-line flags that choose the family (--api-version v3 or 2026-03).
func (f Family) Args() []string { return []string{"--api-version", f.Name} }

// Objects is the root of an object type's endpoints: /crm/v3/objects/contacts or
// /crm/objects/2026-03/contacts. Tests that check the requests sent match against it; it is
// written out here, apart from the client's own path builder, so the two check each other.
func (f Family) Objects(objectType string) string {
	if f.Version == "" {
		return "/crm/v3/objects/" + objectType
	}
	return "/crm/objects/" + f.Version + "/" + objectType
}

// Properties is the root of an object type's property definitions.
func (f Family) Properties(objectType string) string {
	if f.Version == "" {
		return "/crm/v3/properties/" + objectType
	}
	return "/crm/properties/" + f.Version + "/" + objectType
}

// Pipelines is an object type's pipelines.
func (f Family) Pipelines(objectType string) string {
	if f.Version == "" {
		return "/crm/v3/pipelines/" + objectType
	}
	return "/crm/pipelines/" + f.Version + "/" + objectType
}

// Owners is the portal's owners.
func (f Family) Owners() string {
	if f.Version == "" {
		return "/crm/v3/owners"
	}
	return "/crm/owners/" + strings.TrimSuffix(f.Version, "-beta")
}

// AccountDetails is the portal's account details.
func (f Family) AccountDetails() string {
	if f.Version == "" {
		return "/account-info/v3/details"
	}
	return "/account-info/" + f.Version + "/details"
}

// AssociationList is the listing of one record's associations to a type, with labels (v4's
// on the numbered family).
func (f Family) AssociationList(fromType, fromID, toType string) string {
	if f.Version == "" {
		return "/crm/v4/objects/" + fromType + "/" + fromID + "/associations/" + toType
	}
	return f.Objects(fromType) + "/" + fromID + "/associations/" + toType
}

// legacyPaths are the calls HubSpot publishes under no date version (call dispositions,
// secondary emails, a private app's token details): the client keeps them in every family.
func legacyPaths() []string {
	return []string{"/calling/v1/", "/contacts/v1/", "/oauth/v2/private-apps/"}
}

// Owns reports whether path belongs to the family (or is a legacy path no family replaced).
func (f Family) Owns(path string) bool {
	for _, p := range legacyPaths() {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	if f.Version == "" {
		for _, p := range []string{"/crm/v3/", "/crm/v4/", "/crm/associations/v4/", "/account-info/v3/"} {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		return false
	}
	return strings.Contains(path+"/", "/"+f.Version+"/")
}

// Watch fails t, when it ends, for every request srv received on a path outside the family:
// a client built for one family that reaches for the other's paths (which HubSpot may retire,
// or never had) is found by whichever test makes the call.
func (f Family) Watch(t testing.TB, srv *hubspottest.Server) {
	t.Cleanup(func() {
		for _, r := range srv.Requests() {
			if !f.Owns(r.Path) {
				t.Errorf("%s %s is not a %s path", r.Method, r.Path, f.Name)
			}
		}
	})
}
