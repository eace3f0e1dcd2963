package config_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/hubcontacts/hubcontacts/config"
)

// FuzzParse feeds the loader arbitrary files (corpus in testdata/fuzz/FuzzParse, run by `make
// test`; `make fuzz` explores further). It must never panic; a refused file gets a *config.Error
// whose lines lie inside the file; an accepted one holds only valid values and survives
// `config show`'s rendering unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte("profiles:\n  w: {base_url: 'http://[::1]:1', portal_id: 9}\nkeys: {quit: q}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse("fuzz.yaml", data)
		if err != nil {
			checkError(t, data, err)
			return
		}
		checkValid(t, c)
		out, err := c.Render()
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		c2, err := config.Parse("fuzz.yaml", out)
		if err != nil {
			t.Fatalf("the rendered configuration does not load: %v\n%s", err, out)
		}
		same(t, c, c2, out)
	})
}

func checkError(t *testing.T, data []byte, err error) {
	var ce *config.Error
	if !errors.As(err, &ce) || len(ce.Problems) == 0 {
		t.Fatalf("not a *config.Error with problems: %v", err)
	}
	lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 2 // YAML breaks lines at \r too
	for _, p := range ce.Problems {
		if p.Line < 0 || p.Line > lines || p.Msg == "" {
			t.Fatalf("problem %+v outside the file's %d lines", p, lines)
		}
	}
}

func checkValid(t *testing.T, c *config.Config) {
	if c.PageSize < 1 || c.PageSize > config.MaxPageSize || !slices.Contains(config.Themes(), c.Theme) || len(c.Columns) == 0 {
		t.Fatalf("invalid values accepted: %+v", c)
	}
	for _, name := range c.ProfileNames() {
		p := c.Profile(name)
		if u, err := config.CheckBaseURL(p.BaseURL); err != nil || u != p.BaseURL {
			t.Fatalf("profile %q has base URL %q (%v)", name, p.BaseURL, err)
		}
		if p.PortalID < 0 {
			t.Fatalf("negative portal id %d", p.PortalID)
		}
	}
}

func same(t *testing.T, a, b *config.Config, out []byte) {
	if a.DefaultProfile != b.DefaultProfile || a.PageSize != b.PageSize || a.Theme != b.Theme ||
		a.ReadOnly != b.ReadOnly || !slices.Equal(a.Columns, b.Columns) || len(a.Keys) != len(b.Keys) {
		t.Fatalf("round trip changed the configuration:\n%+v\n%+v\n%s", a, b, out)
	}
	for k, v := range a.Keys {
		if !slices.Equal(v, b.Keys[k]) {
			t.Fatalf("round trip changed keys.%s: %q → %q", k, v, b.Keys[k])
		}
	}
	for _, name := range a.ProfileNames() {
		if a.Profile(name) != b.Profile(name) {
			t.Fatalf("round trip changed profile %q: %+v → %+v", name, a.Profile(name), b.Profile(name))
		}
	}
}
