package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/config"
)

func TestViewsAndMeLoad(t *testing.T) {
	c, err := config.Parse("config.yaml", []byte(`profiles:
  work:
    me: Ada@Example.com
    views:
      German leads:
        filter: lifecycle:lead country:Germany
        columns: [firstname, email]
        sort: -createdate
      Customers:
        filter: lifecycle:customer
`))
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", c.Profile("work").Me)
	views := c.Views("work")
	require.Len(t, views, 5)
	assert.Equal(t, config.BuiltinViews(), views[:3], "the built-in views come first")
	assert.Equal(t, config.View{Name: "German leads", Filter: "lifecycle:lead country:Germany", Columns: []string{"firstname", "email"}, Sort: "-createdate"}, views[3])
	assert.Equal(t, config.View{Name: "Customers", Filter: "lifecycle:customer"}, views[4], "the file's order")
	v, ok := c.View("work", "german LEADS")
	assert.True(t, ok)
	assert.Equal(t, "German leads", v.Name)
	v, ok = c.View("work", "my contacts")
	assert.True(t, ok)
	assert.Equal(t, "owner:me", v.Filter)
	_, ok = c.View("default", "Customers")
	assert.False(t, ok, "views belong to their profile")
	assert.Len(t, c.Views("default"), 3)
}

func TestViewsProblems(t *testing.T) {
	cases := map[string]string{
		"views: [a]":                                      "profiles.work.views must be a mapping of view names to views, not a list",
		"views:\n      X: lead":                           "profiles.work.views.X needs filter, columns or sort under it",
		"views:\n      X:\n        filtre: a":             `profiles.work.views.X: unknown key "filtre"; a view has filter, columns and sort`,
		"views:\n      X:\n        sort: Created":         `profiles.work.views.X.sort "Created": write a property's internal name, with - first for descending`,
		"views:\n      X:\n        columns: a":            "columns must be a list of property names",
		"views:\n      My Contacts:\n        sort: email": `"My contacts" is a built-in view; choose another name`,
		"me: not-an-address":                              `profiles.work.me: "not-an-address" is not a valid email address`,
	}
	for body, want := range cases {
		_, err := config.Parse("config.yaml", []byte("profiles:\n  work:\n    "+body+"\n"))
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), want, body)
	}
}

func TestSaveViewKeepsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	orig := "# mine\ntheme: dark # night\nprofiles:\n  work:\n    portal_id: 1 # prod\n"
	require.NoError(t, os.WriteFile(path, []byte(orig), 0o600))

	leads := config.View{Name: "Leads", Filter: `lifecycle:lead company:"Acme Corp"`, Columns: []string{"email", "company"}, Sort: "-createdate"}
	require.NoError(t, config.SaveView(path, "work", leads))
	require.NoError(t, config.SaveView(path, "work", config.View{Name: "Mine", Filter: "owner:me"}))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "# mine\ntheme: dark # night\n")
	assert.Contains(t, string(data), "portal_id: 1 # prod\n")

	c, err := config.Load(path)
	require.NoError(t, err)
	got, ok := c.View("work", "leads")
	require.True(t, ok)
	assert.Equal(t, leads, got)

	// Saving under a name that exists (in any case) replaces that view.
	require.NoError(t, config.SaveView(path, "work", config.View{Name: "LEADS", Filter: "lifecycle:lead"}))
	c, err = config.Load(path)
	require.NoError(t, err)
	views := c.Views("work")
	require.Len(t, views, 5)
	assert.Equal(t, []string{"Mine", "LEADS"}, []string{views[3].Name, views[4].Name})
	assert.Nil(t, views[4].Columns)

	// The rendered configuration carries the views and loads back the same.
	out, err := c.Render()
	require.NoError(t, err)
	back, err := config.Parse("shown.yaml", out)
	require.NoError(t, err)
	assert.Equal(t, c.Views("work"), back.Views("work"))
}

func TestSaveViewRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	assert.ErrorContains(t, config.SaveView(path, "work", config.View{Name: " "}), "a view needs a name")
	assert.ErrorContains(t, config.SaveView(path, "work", config.View{Name: "All Contacts"}), "built-in")
	assert.ErrorContains(t, config.SaveView(path, "work", config.View{Name: "x\x1b[2J"}), "control or invisible")
	assert.ErrorContains(t, config.SaveView(path, "work", config.View{Name: "x", Sort: "Name"}), "sort")
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "nothing written")

	require.NoError(t, os.WriteFile(path, []byte("theme: neon\n"), 0o600))
	assert.ErrorContains(t, config.SaveView(path, "work", config.View{Name: "x"}), `theme "neon"`, "an invalid file is left alone")
	data, _ := os.ReadFile(path)
	assert.Equal(t, "theme: neon\n", string(data))

	// A new file is created, private.
	fresh := filepath.Join(t.TempDir(), "new", "config.yaml")
	require.NoError(t, config.SaveView(fresh, "default", config.View{Name: "Leads", Filter: "lifecycle:lead"}))
	c, err := config.Load(fresh)
	require.NoError(t, err)
	_, ok := c.View("default", "Leads")
	assert.True(t, ok)
}

// A saved view is deleted or renamed in the file, in its place, the rest of the file as it was;
// a built-in view, a missing one or a name in use is refused and the file is not touched.
func TestDeleteAndRenameView(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	start := "# my settings\nprofiles:\n  work:\n    me: ada@example.com # me\n    views:\n      Leads:\n        filter: lifecycle:lead\n      Germany:\n        filter: country:germany\n      Old:\n        sort: -createdate\n"
	require.NoError(t, os.WriteFile(path, []byte(start), 0o600))
	unchanged := func(msg string) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, start, string(data), msg)
	}
	assert.EqualError(t, config.DeleteView(path, "work", "All contacts"), `"All contacts" is a built-in view: it cannot be changed`)
	assert.EqualError(t, config.DeleteView(path, "work", "nope"), `profile "work" has no saved view "nope" (renamed or deleted already?)`)
	assert.EqualError(t, config.RenameView(path, "work", "Leads", "germany"), `there is a view "Germany" already: choose another name, or delete that one first`)
	assert.ErrorContains(t, config.RenameView(path, "work", "Leads", "My contacts"), "built-in")
	assert.ErrorContains(t, config.RenameView(path, "work", "Leads", " "), "a view needs a name")
	unchanged("refusals write nothing")

	require.NoError(t, config.DeleteView(path, "work", "germany"))
	require.NoError(t, config.RenameView(path, "work", "leads", "German leads"))
	c, err := config.Load(path)
	require.NoError(t, err)
	var names []string
	for _, v := range c.Views("work")[len(config.BuiltinViews()):] {
		names = append(names, v.Name)
	}
	assert.Equal(t, []string{"German leads", "Old"}, names, "renamed in its place, the other gone")
	v, _ := c.View("work", "German leads")
	assert.Equal(t, "lifecycle:lead", v.Filter)
	data, _ := os.ReadFile(path)
	assert.Contains(t, string(data), "# my settings")
	assert.Contains(t, string(data), "me: ada@example.com # me")
}
