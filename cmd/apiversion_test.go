package cmd_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pathsSince lists the paths the sandbox was asked for after the first n requests.
func (o *oneShot) pathsSince(n int) []string {
	var out []string
	for _, r := range o.srv.Requests()[n:] {
		out = append(out, r.Path)
	}
	return out
}

// A profile's api_version picks HubSpot's path family for every call the app makes; the flag
// overrides it for one run; auth status and config show say which is in force.
func TestAPIVersionFromProfileAndFlag(t *testing.T) {
	o := newPortal(t)
	o.writeConfig("profiles:\n  default:\n    api_version: 2026-03\n")

	res := o.hc("", "auth", "status")
	require.Equal(t, 0, res.code, res.output())
	assert.Contains(t, res.stdout, "API:       2026-03\n")
	assert.Contains(t, o.pathsSince(0), "/account-info/2026-03/details")

	n := len(o.srv.Requests())
	res = o.hc("", "get", "ada@example.com")
	require.Equal(t, 0, res.code, res.output())
	assert.Contains(t, res.stdout, "Ada")
	for _, p := range o.pathsSince(n) {
		assert.True(t, strings.Contains(p, "/2026-03/") && !strings.Contains(p, "/v3/"), "the profile's version: %s", p)
	}

	n = len(o.srv.Requests())
	res = o.hc("", "get", "ada@example.com", "--api-version", "v3")
	require.Equal(t, 0, res.code, res.output())
	for _, p := range o.pathsSince(n) {
		assert.True(t, strings.Contains(p, "/v3/") && !strings.Contains(p, "/2026-03/"), "the flag's version: %s", p)
	}
	res = o.hc("", "auth", "status", "--api-version", "v3")
	assert.Contains(t, res.stdout, "API:       v3\n")

	res = o.hc("", "config", "show")
	assert.Contains(t, res.stdout, "api_version: 2026-03")

	n = len(o.srv.Requests())
	res = o.hc("", "get", "ada@example.com", "--api-version", "2026-3")
	assert.Equal(t, 2, res.code, res.output())
	assert.Contains(t, res.stderr, `--api-version "2026-3": use v3 (HubSpot's /crm/v3/ paths, the default) or a dated version`)
	assert.Empty(t, o.pathsSince(n), "nothing is sent with a bad version")
}
