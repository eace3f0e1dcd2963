package main

// The rooms' rules (ARCHITECTURE.md): which package may import what. Read from the source's
// import lines, so a new file that breaks a rule fails here whatever else it does.

import (
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/hubcontacts/hubcontacts/"

// layerRules: for a package under the folder (and its subfolders), the imports it must not have.
var layerRules = []struct {
	dir    string
	banned []string
	why    string
}{
	{"api", []string{module + "ui", module + "bulk", module + "cmd", module + "config", module + "keys"},
		"api is the bottom layer: it knows nothing of the app above it"},
	{"ui", []string{"net/http", module + "api/hubspottest"},
		"panes never speak HTTP: they reach HubSpot through ui.Backend"},
	{"bulk", []string{module + "ui", module + "cmd", module + "api/hubspottest"},
		"bulk serves the CLI and the TUI alike, against api's interfaces"},
	{"internal/value", []string{module + "ui", module + "bulk", "net/http"},
		"the value rules are pure: they read api's property definitions, nothing more"},
}

func TestEachRoomImportsOnlyWhatItMay(t *testing.T) {
	fset := gotoken.NewFileSet()
	checked := 0
	for _, rule := range layerRules {
		err := filepath.WalkDir(rule.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, b := range rule.banned {
					if p == b || strings.HasPrefix(p, b+"/") {
						t.Errorf("%s imports %s: %s", path, p, rule.why)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d files checked: the walk is not reading the tree", checked)
	}
}
