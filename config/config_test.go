package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/config"
)

const full = `# my settings
default_profile: work
read_only: false
page_size: 25
theme: dark
columns: [email, firstname, favorite_food]
keys:
  quit: [q, ctrl+c]
  save: ctrl+s
profiles:
  work:
    base_url: https://api.hubapi.com/
    portal_id: 12345678
    api_version: v3
  sandbox:
    base_url: http://127.0.0.1:8089
    read_only: true
    api_version: 2026-03
  bare:
`

func TestParseFull(t *testing.T) {
	c, err := config.Parse("c.yaml", []byte(full))
	require.NoError(t, err)
	assert.Equal(t, "work", c.DefaultProfile)
	assert.Equal(t, 25, c.PageSize)
	assert.Equal(t, "dark", c.Theme)
	assert.Equal(t, []string{"email", "firstname", "favorite_food"}, c.Columns)
	assert.Equal(t, map[string][]string{"quit": {"q", "ctrl+c"}, "save": {"ctrl+s"}}, c.Keys)
	assert.Equal(t, config.Profile{Name: "work", BaseURL: "https://api.hubapi.com", PortalID: 12345678}, c.Profile("work"))
	assert.Equal(t, config.Profile{Name: "sandbox", BaseURL: "http://127.0.0.1:8089", ReadOnly: true, APIVersion: "2026-03"}, c.Profile("sandbox"))
	assert.Equal(t, config.Profile{Name: "bare", BaseURL: config.DefaultBaseURL}, c.Profile("bare"))
	assert.Equal(t, config.Profile{Name: "other", BaseURL: config.DefaultBaseURL}, c.Profile("other"))
	assert.Equal(t, []string{"work", "bare", "sandbox"}, c.ProfileNames())
}

func TestMissingFileIsDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope", "config.yaml")
	c, err := config.Load(path)
	require.NoError(t, err)
	assert.False(t, c.Exists)
	assert.Equal(t, path, c.Path)
	assert.Equal(t, "default", c.DefaultProfile)
	assert.Equal(t, config.DefaultPageSize, c.PageSize)
	assert.Equal(t, config.DefaultColumns(), c.Columns)
	assert.Equal(t, "auto", c.Theme)
	assert.Equal(t, config.DefaultBaseURL, c.Profile("default").BaseURL)
	_, err = os.Stat(filepath.Dir(path))
	assert.True(t, os.IsNotExist(err), "loading creates nothing")
}

func TestEmptyAndCommentOnlyFiles(t *testing.T) {
	for _, s := range []string{"", "\n\n", "# nothing yet\n", "---\n"} {
		c, err := config.Parse("c.yaml", []byte(s))
		require.NoError(t, err, "%q", s)
		assert.Equal(t, config.DefaultPageSize, c.PageSize)
	}
}

// Each bad file gets an error naming the line and what is wrong.
func TestErrorsNameTheLine(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"unknown top key", "page_size: 10\ncolums: [email]\n", `line 2: unknown key "colums" (did you mean "columns"?)`},
		{"unknown profile key", "profiles:\n  work:\n    portal: 5\n", `line 3: unknown key "portal" under profiles.work (did you mean "portal_id"?)`},
		{"page size range", "page_size: 500\n", "line 1: page_size must be a whole number from 1 to 100, not \"500\""},
		{"page size text", "theme: dark\npage_size: ten\n", `line 2: page_size must be a whole number`},
		{"theme", "\n\ntheme: neon\n", `line 3: theme "neon": use one of auto, dark, light, plain`},
		{"read_only yes", "read_only: yes\n", `line 1: read_only must be true or false, not "yes"`},
		{"http elsewhere", "profiles:\n  w:\n    base_url: http://example.com\n", "line 3: profiles.w.base_url: refusing http://example.com: plain http"},
		{"bad column", "columns:\n  - email\n  - First Name\n", `line 3: column "First Name" is not a HubSpot property's internal name`},
		{"duplicate key", "theme: dark\ntheme: light\n", `line 2: "theme" appears twice (first at line 1)`},
		{"duplicate profile", "profiles:\n  a: {}\n  a: {}\n", `line 3: "a" appears twice under profiles (first at line 2)`},
		{"bad profile name", "profiles:\n  'my work': {}\n", `line 2: profile name "my work"`},
		{"portal id text", "profiles:\n  a:\n    portal_id: abc\n", "line 3: profiles.a.portal_id must be a whole number"},
		{"columns not list", "columns: email\n", "line 1: columns must be a list of property names"},
		{"keys empty", "keys:\n  quit: []\n", "line 2: keys.quit needs one key or a list of keys"},
		{"key with space", "keys:\n  quit: [\"a b\"]\n", `line 2: keys.quit: key "a b" holds a space`},
		{"syntax", "theme: dark\n  page_size: 3\n", "line 2: not valid YAML"},
		{"tab indent", "profiles:\n\twork: {}\n", "line 2: not valid YAML"},
		{"not a mapping", "- a\n- b\n", "line 1: the file must be a set of \"key: value\" lines"},
		{"alias", "a: &x dark\ntheme: *x\n", "line 1: unknown key \"a\""},
		{"alias only", "theme: *x\n", "not valid YAML"},
		{"two documents", "theme: dark\n---\ntheme: light\n", "line 2: not valid YAML: a second YAML document"},
		{"default_profile number", "default_profile: 2024\n", "line 1: default_profile must be text"},
		{"api version", "profiles:\n  w:\n    api_version: 2026-3\n", `line 3: profiles.w.api_version "2026-3": use v3 (HubSpot's /crm/v3/ paths, the default) or a dated version as HubSpot names it, like 2026-03`},
		{"api version number", "profiles:\n  w:\n    api_version: 3\n", `line 3: profiles.w.api_version must be text`},
		{"profile not a mapping", "profiles:\n  w: 5\n", `line 2: profiles.w must be a set of "key: value" lines (a YAML mapping), not "5"`},
		{"profiles not a mapping", "profiles:\n  - w\n", `line 2: profiles must be a set of "key: value" lines (a YAML mapping), not a list`},
		{"keys not a mapping", "keys: [q]\n", `line 1: keys must be a set of "key: value" lines (a YAML mapping), not a list`},
		{"duplicate action", "keys:\n  quit: q\n  quit: x\n", `line 3: "quit" appears twice under keys (first at line 2)`},
		{"key not a word", "[a]: 1\n", `line 1: a key must be a plain word, not a list`},
		{"endless mapping", "keys:\n" + strings.Repeat("  k: q\n", 1001), `line 2: keys holds 1001 entries; a configuration file has a few dozen`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("/x/config.yaml", []byte(tc.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "/x/config.yaml")
			var ce *config.Error
			require.ErrorAs(t, err, &ce)
		})
	}
}

func TestAllProblemsReported(t *testing.T) {
	_, err := config.Parse("c.yaml", []byte("colour: red\npage_size: 0\ntheme: x\n"))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "has 3 problems")
	assert.Contains(t, msg, "line 1: unknown key")
	assert.Contains(t, msg, "line 2: page_size")
	assert.Contains(t, msg, "line 3: theme")
}

func TestCheckActions(t *testing.T) {
	c, err := config.Parse("c.yaml", []byte("keys:\n  quit: q\n  opn: enter\n"))
	require.NoError(t, err)
	require.NoError(t, c.CheckActions([]string{"quit", "opn"}))
	err = c.CheckActions([]string{"quit", "open"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `line 3: keys: unknown action "opn" (did you mean "open"?)`)
}

func TestCheckBaseURL(t *testing.T) {
	ok := map[string]string{
		"https://api.hubapi.com":   "https://api.hubapi.com",
		"https://api.hubapi.com/":  "https://api.hubapi.com",
		"HTTPS://eu1.hubapi.com":   "https://eu1.hubapi.com",
		"http://127.0.0.1:8089":    "http://127.0.0.1:8089",
		"http://localhost:8089/":   "http://localhost:8089",
		"http://[::1]:9":           "http://[::1]:9",
		"http://127.9.9.9":         "http://127.9.9.9",
		" https://api.hubapi.com ": "https://api.hubapi.com",
	}
	for in, want := range ok {
		got, err := config.CheckBaseURL(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	bad := map[string]string{
		"http://example.com":          "plain http would send the access token unencrypted",
		"http://10.0.0.1:8089":        "plain http",
		"http://localhost.evil.com":   "plain http",
		"http://127.0.0.1.nip.io":     "plain http",
		"ftp://api.hubapi.com":        "must start with https://",
		"api.hubapi.com":              "not a URL",
		"localhost:8089":              "not a URL",
		"https://u:pw@api.hubapi.com": "must not hold a user name",
		"https://api.hubapi.com/crm":  "no path",
		"https://api.hubapi.com/?a=b": "no ?query",
		"":                            "not a URL",
	}
	for in, want := range bad {
		_, err := config.CheckBaseURL(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		assert.NotContains(t, err.Error(), "pw", "never echo a password")
	}
}

func TestDirAndPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	p, err := config.Path(env(map[string]string{"XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"}))
	require.NoError(t, err)
	assert.Equal(t, "/xdg/hubcontacts/config.yaml", p)
	p, err = config.Path(env(map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/home/u"}))
	require.NoError(t, err)
	assert.Equal(t, "/home/u/.config/hubcontacts/config.yaml", p, "a relative XDG_CONFIG_HOME is ignored, as the spec says")
	_, err = config.Path(env(nil))
	assert.Error(t, err)
}

func TestLoadRefusesHugeAndOddFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(big, []byte("# "+strings.Repeat("x", config.MaxFileSize)), 0o600))
	_, err := config.Load(big)
	assert.ErrorContains(t, err, "the limit is")
	_, err = config.Load(dir)
	assert.ErrorContains(t, err, "not a regular file")
}

func TestRenderRoundTrips(t *testing.T) {
	c, err := config.Parse("c.yaml", []byte(full))
	require.NoError(t, err)
	out, err := c.Render()
	require.NoError(t, err)
	c2, err := config.Parse("c.yaml", out)
	require.NoError(t, err, "%s", out)
	assert.Equal(t, c.Profiles["work"], c2.Profiles["work"])
	assert.Equal(t, c.Columns, c2.Columns)
	assert.Equal(t, c.Keys, c2.Keys)
	assert.Contains(t, string(out), "portal_id: 12345678")
	assert.Contains(t, string(out), "columns: [email, firstname, favorite_food]")
}

func TestProfileMe(t *testing.T) {
	c, err := config.Parse("config.yaml", []byte("profiles:\n  work:\n    me: Ada@Example.com\n"))
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", c.Profile("work").Me, "lower-cased, as HubSpot keeps addresses")
	out, err := c.Render()
	require.NoError(t, err)
	assert.Contains(t, string(out), "me: ada@example.com")
	_, err = config.Parse("config.yaml", []byte("profiles:\n  work:\n    me: ada\n"))
	assert.ErrorContains(t, err, `line 3: profiles.work.me: "ada" is not a valid email address: it has no @`)
}
