package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/richtext"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Turning HubSpot's raw strings into what a person reads: labels from the property
// definitions, local times, enumeration labels, grouped numbers. Every string that leaves here
// has been through the sanitizer; nothing else in the UI formats a HubSpot value.

// defs holds the contact property definitions and groups, read-only once built.
type defs struct {
	byName map[string]*api.Property
	list   []api.Property
	groups []api.PropertyGroup
	loc    *time.Location
	owners []api.Owner // the portal's owners, when they could be read (owners.go)
}

func newDefs(props []api.Property, groups []api.PropertyGroup, loc *time.Location) *defs {
	d := &defs{byName: make(map[string]*api.Property, len(props)), list: props, groups: groups, loc: loc}
	for i := range d.list {
		d.byName[d.list[i].Name] = &d.list[i]
	}
	return d
}

// names lists every property name (to ask HubSpot for all of a contact's values).
func (d *defs) names() []string {
	out := make([]string, len(d.list))
	for i, p := range d.list {
		out[i] = p.Name
	}
	return out
}

// label is a property's label, or its name when there is no definition.
func (d *defs) label(name string) string {
	if p := d.prop(name); p != nil && p.Label != "" {
		return sanitize.Display(p.Label)
	}
	return sanitize.Display(name)
}

func (d *defs) prop(name string) *api.Property {
	if d == nil {
		return nil
	}
	return d.byName[name]
}

// multiline reports whether a property's values span lines (text areas, rich text).
func (d *defs) multiline(name string) bool {
	p := d.prop(name)
	return p != nil && (p.FieldType == "textarea" || p.FieldType == "html")
}

// value formats a property's raw value on one line.
func (d *defs) value(name, raw string) string {
	return sanitize.Display(d.format(name, raw))
}

// block formats a property's raw value, keeping its lines when the property has several.
func (d *defs) block(name, raw string) string {
	if d.multiline(name) {
		return sanitize.DisplayMultiline(d.format(name, raw))
	}
	return d.value(name, raw)
}

// format turns raw into display text by the property's type (not yet sanitized): the one
// display rule (value.Rule.Show), which get's plain output uses too.
func (d *defs) format(name, raw string) string {
	p := d.prop(name)
	if raw == "" || p == nil {
		return raw
	}
	if p.FieldType == "html" {
		return richtext.Text(raw) // rich text: its text, lines kept
	}
	loc := d.loc
	if loc == nil {
		loc = time.Local
	}
	return value.For(p, loc).Show(raw)
}

func localTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// displayName is how a contact is named on screen: first and last name, else the email, else
// its id. Sanitized.
// maxNameWidth caps a name as the app shows it (headers, crumbs, questions): a name may hold
// thousands of characters, and every frame would carry them all to cut them again.
const maxNameWidth = 120

func displayName(o *api.Object) string {
	p := o.Properties
	name := strings.TrimSpace(sanitize.Display(p["firstname"]) + " " + sanitize.Display(p["lastname"]))
	if name != "" {
		return ansi.Truncate(name, maxNameWidth, "…")
	}
	if email := sanitize.Display(p["email"]); email != "" {
		return email
	}
	return "Contact " + sanitize.Display(o.ID)
}

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// thousands writes n with comma separators: 1300 → "1,300".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// snippetLen is how much of an activity's body a one-line snippet (bodySnippet) shows.
const snippetLen = 80
