package hubspottest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// The sandbox serves exactly the date versions HubSpot publishes (versions.go names the
// source), per family: 2025-09 is served, months HubSpot never shipped are not, and the
// 2026-09 beta exists for objects, associations and pipelines only.
func TestPublishedVersions(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "versions@example.com"})
	paths := map[string]func(v string) string{
		"objects":      func(v string) string { return "/crm/objects/" + v + "/contacts/" + id },
		"search":       func(v string) string { return "/crm/objects/" + v + "/contacts/search" },
		"associations": func(v string) string { return "/crm/associations/" + v + "/contacts/companies/labels" },
		"properties":   func(v string) string { return "/crm/properties/" + v + "/contacts/email" },
		"account":      func(v string) string { return "/account-info/" + v + "/details" },
		"owners":       func(v string) string { return "/crm/owners/" + v + "/" + hubspottest.MeOwnerID },
		"pipelines":    func(v string) string { return "/crm/pipelines/" + v + "/deals" },
	}
	served := map[string][]string{
		"objects":      {"2025-09", "2026-03", "2026-09", "2026-09-beta"},
		"search":       {"2025-09", "2026-03", "2026-09", "2026-09-beta"},
		"associations": {"2025-09", "2026-03", "2026-09", "2026-09-beta"},
		"properties":   {"2025-09", "2026-03", "2026-09"},
		"account":      {"2025-09", "2026-03", "2026-09"},
		"owners":       {"2025-09", "2026-03", "2026-09"},
		"pipelines":    {"2025-09", "2026-03", "2026-09", "2026-09-beta"},
	}
	all := []string{"2025-03", "2025-09", "2026-01", "2026-03", "2026-04", "2026-09", "2026-09-beta", "2026-12",
		"2027-03", "2027-03-beta", "2099-01", "2026-3", "latest"}
	for family, path := range paths {
		for _, v := range all {
			want := http.StatusNotFound
			for _, ok := range served[family] {
				if v == ok {
					want = http.StatusOK
				}
			}
			method, body := "GET", any(nil)
			if family == "search" {
				method, body = "POST", map[string]any{}
			}
			got := a.do(method, path(v), body)
			if assert.Equal(t, want, got.Status, "%s %s: %s", family, path(v), got.Body) && want == http.StatusNotFound {
				assert.Contains(t, string(got.Body), `"Unknown API version `+v+`"`, path(v))
			}
		}
	}
}
