package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// View is a saved view of the contacts: a filter, the columns and the sort. It lives under its
// profile (profiles.NAME.views), since a filter names that account's properties and owners.
//
//	profiles:
//	  default:
//	    me: ada@example.com
//	    views:
//	      German leads:
//	        filter: lifecycle:lead country:Germany
//	        columns: [firstname, lastname, email, company]
//	        sort: -createdate
type View struct {
	Name string
	// Filter is the filter as typed (package internal/filter reads it); "" shows every contact.
	Filter string
	// Columns are the list's columns; nil keeps the configured ones.
	Columns []string
	// Sort is a property to sort by, - first for descending; "" is HubSpot's order.
	Sort string
	// Builtin marks the views the app always offers.
	Builtin bool
}

// The built-in views' names.
const (
	ViewAll              = "All contacts"
	ViewMine             = "My contacts"
	ViewRecentlyModified = "Recently modified"
)

// BuiltinViews are the views every profile has: every contact; the profile's own contacts
// (owner:me, which needs me:); the most recently modified first.
func BuiltinViews() []View {
	return []View{
		{Name: ViewAll, Builtin: true},
		{Name: ViewMine, Filter: "owner:me", Builtin: true},
		{Name: ViewRecentlyModified, Sort: "-lastmodifieddate", Builtin: true},
	}
}

// MaxViewName is the longest view name, in characters.
const MaxViewName = 64

var sortRE = regexp.MustCompile(`^-?[a-z][a-z0-9_]{0,99}$`)

// Views are the profile's views: the built-in ones, then those saved in the file, in its order.
func (c *Config) Views(profile string) []View {
	return append(BuiltinViews(), c.views[profile]...)
}

// View finds a view of the profile by name, ignoring case.
func (c *Config) View(profile, name string) (View, bool) {
	for _, v := range c.Views(profile) {
		if strings.EqualFold(v.Name, strings.TrimSpace(name)) {
			return v, true
		}
	}
	return View{}, false
}

// CheckViewName says what is wrong with a name for a saved view, nil when nothing is.
func CheckViewName(name string) error {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return errors.New("a view needs a name")
	case utf8.RuneCountInString(n) > MaxViewName:
		return fmt.Errorf("a view's name is at most %d characters", MaxViewName)
	case strings.ContainsFunc(n, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }):
		return errors.New("a view's name cannot hold control or invisible characters")
	}
	if b, ok := builtinView(n); ok {
		return fmt.Errorf("%q is a built-in view; choose another name", b.Name)
	}
	return nil
}

// checkSort validates a view's sort.
func checkSort(s string) error {
	if !sortRE.MatchString(s) {
		return fmt.Errorf("sort %q: write a property's internal name, with - first for descending, like -createdate", truncate(s))
	}
	return nil
}

// views reads profiles.NAME.views: a mapping of names to views, kept in the file's order.
func (v *value) views(ps *problems, where string) []View {
	n := &v.n
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		ps.add(n.Line, "%s.views must be a mapping of view names to views, not %s", where, describe(n))
		return nil
	}
	var out []View
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, body := n.Content[i], n.Content[i+1]
		if err := CheckViewName(k.Value); err != nil {
			ps.add(k.Line, "%s.views: %v", where, err)
			continue
		}
		if vw, ok := viewBody(ps, where+".views."+k.Value, body); ok {
			vw.Name = strings.TrimSpace(k.Value)
			out = append(out, vw)
		}
	}
	return out
}

func viewBody(ps *problems, where string, n *yaml.Node) (View, bool) {
	var vw View
	if n.Kind != yaml.MappingNode {
		ps.add(n.Line, "%s needs filter, columns or sort under it, not %s", where, describe(n))
		return vw, false
	}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], &value{*n.Content[i+1]}
		switch k.Value {
		case "filter":
			vw.Filter = val.str(ps, where+".filter")
		case "columns":
			vw.Columns = val.columns(ps)
		case "sort":
			if vw.Sort = val.str(ps, where+".sort"); vw.Sort != "" {
				if err := checkSort(vw.Sort); err != nil {
					ps.add(val.n.Line, "%s.%v", where, err)
					ok = false
				}
			}
		default:
			ps.add(k.Line, "%s: unknown key %q; a view has filter, columns and sort", where, truncate(k.Value))
			ok = false
		}
	}
	return vw, ok
}

// SaveView writes a view under the profile in the file at path, replacing the view of that
// name (ignoring case) if there is one; the rest of the file, comments included, stays as it is.
func SaveView(path, profile string, vw View) error {
	if err := CheckViewName(vw.Name); err != nil {
		return err
	}
	if vw.Sort != "" {
		if err := checkSort(vw.Sort); err != nil {
			return err
		}
	}
	vw.Name = strings.TrimSpace(vw.Name)
	return editViews(path, profile, func(views *yaml.Node) {
		removeView(views, vw.Name)
		views.Content = append(views.Content, viewsNode([]View{vw}).Content...)
	})
}

func removeView(views *yaml.Node, name string) {
	for i := 0; i+1 < len(views.Content); i += 2 {
		if strings.EqualFold(strings.TrimSpace(views.Content[i].Value), name) {
			views.Content = append(views.Content[:i], views.Content[i+2:]...)
			return
		}
	}
}

// DeleteView removes the profile's saved view named name (ignoring case) from the file at path;
// the rest of the file stays as it is. A built-in view, or a name no saved view has, is an error
// and the file is not touched.
func DeleteView(path, profile, name string) error {
	name = strings.TrimSpace(name)
	if _, err := savedView(path, profile, name); err != nil {
		return err
	}
	return editViews(path, profile, func(views *yaml.Node) { removeView(views, name) })
}

// RenameView gives the profile's saved view old the name new, keeping its place in the file;
// the new name is checked as SaveView checks it, and may not be another saved view's (another
// case of the same name is a rename).
func RenameView(path, profile, old, new string) error {
	old, new = strings.TrimSpace(old), strings.TrimSpace(new)
	if _, err := savedView(path, profile, old); err != nil {
		return err
	}
	if err := CheckViewName(new); err != nil {
		return err
	}
	if v, err := savedView(path, profile, new); err == nil && !strings.EqualFold(new, old) {
		return fmt.Errorf("there is a view %q already: choose another name, or delete that one first", v.Name)
	}
	return editViews(path, profile, func(views *yaml.Node) {
		for i := 0; i+1 < len(views.Content); i += 2 {
			if strings.EqualFold(strings.TrimSpace(views.Content[i].Value), old) {
				views.Content[i].Value = new
			}
		}
	})
}

// savedView is the profile's view named name as the file at path saves it; a built-in view or
// one the file does not hold is an error saying so.
func savedView(path, profile, name string) (View, error) {
	if _, ok := builtinView(name); ok {
		return View{}, fmt.Errorf("%q is a built-in view: it cannot be changed", name)
	}
	c, err := Load(path)
	if err != nil {
		return View{}, err
	}
	for _, v := range c.views[profile] {
		if strings.EqualFold(v.Name, name) {
			return v, nil
		}
	}
	return View{}, fmt.Errorf("profile %q has no saved view %q (renamed or deleted already?)", profile, name)
}

// builtinView is the built-in view named name (ignoring case).
func builtinView(name string) (View, bool) {
	for _, b := range BuiltinViews() {
		if strings.EqualFold(b.Name, strings.TrimSpace(name)) {
			return b, true
		}
	}
	return View{}, false
}

// editViews changes profiles.NAME.views of the file at path and writes it back atomically,
// after checking the file loads before and after (an invalid file is left alone).
func editViews(path, profile string, change func(views *yaml.Node)) error {
	if !profileRE.MatchString(profile) {
		return fmt.Errorf("profile name %q: use 1 to 64 letters, digits, '-', '_' or '.'", truncate(profile))
	}
	data, err := readFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err == nil {
		if _, err := Parse(path, data); err != nil {
			return err
		}
	}
	root, err := parseNode(data)
	if err != nil {
		return err
	}
	doc := setProfile(root, Profile{Name: profile}, Profile{Name: profile}) // the document, with the profile's mapping
	prof := child(child(doc.Content[0], "profiles", yaml.MappingNode), profile, yaml.MappingNode)
	change(child(prof, "views", yaml.MappingNode))
	out, err := render(doc)
	if err != nil {
		return err
	}
	if _, err := Parse(path, out); err != nil {
		return fmt.Errorf("internal error: the updated configuration would not load: %w", err)
	}
	return writeAtomic(path, out)
}
