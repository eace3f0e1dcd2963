package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/config"
)

func setPortal(id int64) func(*config.Profile) { return func(p *config.Profile) { p.PortalID = id } }

func TestUpdateCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hubcontacts", "config.yaml")
	require.NoError(t, config.UpdateProfile(path, "work", setPortal(42)))

	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	dst, err := os.Stat(filepath.Dir(path))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dst.Mode().Perm())

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "# hubcontacts configuration")
	assert.Contains(t, string(data), "profiles:\n  work:\n    portal_id: 42\n")
	c, err := config.Load(path)
	require.NoError(t, err)
	assert.True(t, c.Exists)
	assert.Equal(t, int64(42), c.Profile("work").PortalID)
	assert.Equal(t, config.DefaultBaseURL, c.Profile("work").BaseURL)

	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
}

func TestUpdateKeepsCommentsAndOtherSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	orig := `# Ops team settings
theme: dark # night owls
columns: [email, lastname]

profiles:
  # the production portal
  work:
    base_url: https://api.hubapi.com
    portal_id: 1
  sandbox:
    base_url: http://127.0.0.1:8089
`
	require.NoError(t, os.WriteFile(path, []byte(orig), 0o640))
	require.NoError(t, config.UpdateProfile(path, "work", setPortal(777)))
	require.NoError(t, config.UpdateProfile(path, "new", func(p *config.Profile) { p.BaseURL = "http://localhost:9"; p.PortalID = 5 }))

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	s := string(data)
	for _, keep := range []string{"# Ops team settings", "# night owls", "# the production portal", "theme: dark", "columns: [email, lastname]", "base_url: http://127.0.0.1:8089"} {
		assert.Contains(t, s, keep)
	}
	c, err := config.Load(path)
	require.NoError(t, err)
	assert.Equal(t, int64(777), c.Profile("work").PortalID)
	assert.Equal(t, config.Profile{Name: "new", BaseURL: "http://localhost:9", PortalID: 5}, c.Profile("new"))
	assert.Equal(t, "dark", c.Theme)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm(), "an existing file keeps its permissions")
}

func TestUpdateFillsEmptyProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte("profiles:\n  work:\n"), 0o600))
	require.NoError(t, config.UpdateProfile(path, "work", setPortal(9)))
	c, err := config.Load(path)
	require.NoError(t, err)
	assert.Equal(t, int64(9), c.Profile("work").PortalID)
}

func TestUpdateLeavesABadFileAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	bad := "theme: dark\ncolums: [email]\n"
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	err := config.UpdateProfile(path, "work", setPortal(1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `line 2: unknown key "colums"`)
	data, _ := os.ReadFile(path)
	assert.Equal(t, bad, string(data))
}

func TestUpdateRefusesBadValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	err := config.UpdateProfile(path, "work", func(p *config.Profile) { p.BaseURL = "http://example.com" })
	assert.ErrorContains(t, err, "plain http")
	assert.Error(t, config.UpdateProfile(path, "bad name", setPortal(1)))
	_, statErr := os.Stat(path)
	assert.True(t, os.IsNotExist(statErr), "nothing written")
}

func TestUpdateUnchangedDoesNotRewrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	orig := "profiles:\n    work:\n        portal_id: 3   # four-space indent, kept when nothing changes\n"
	require.NoError(t, os.WriteFile(path, []byte(orig), 0o600))
	require.NoError(t, config.UpdateProfile(path, "work", setPortal(3)))
	data, _ := os.ReadFile(path)
	assert.Equal(t, orig, string(data))
}
