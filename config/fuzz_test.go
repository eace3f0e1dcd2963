package config_test

import (
	"errors"
	"slices"
	"testing"
	"unicode/utf16"

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
	lines := yamlLines(data)
	for _, p := range ce.Problems {
		if p.Line < 0 || p.Line > lines || p.Msg == "" {
			t.Fatalf("problem %+v outside the file's %d lines", p, lines)
		}
	}
}

// yamlLines bounds the lines the YAML reader sees in data: it honours a UTF-16 byte-order mark
// and breaks lines at \r, U+0085, U+2028 and U+2029 as well as \n (found by fuzzing: a UTF-16
// file whose "line 3" was not a line in bytes).
func yamlLines(data []byte) int {
	text := string(data)
	if len(data) >= 2 && (data[0] == 0xfe && data[1] == 0xff || data[0] == 0xff && data[1] == 0xfe) {
		units := make([]uint16, 0, len(data)/2)
		for i := 2; i+1 < len(data); i += 2 {
			if data[0] == 0xfe {
				units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
			} else {
				units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
			}
		}
		text = string(utf16.Decode(units))
	}
	n := 2
	for _, r := range text {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
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
