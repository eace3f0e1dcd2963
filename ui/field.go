package ui

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
)

// field is one property in the edit form (or the batch edit): its definition, the value
// HubSpot has, and an input of the kind the property's type asks for.
type field struct {
	prop      *api.Property
	kind      fieldKind
	orig      string // HubSpot's raw value ("" for none)
	base      string // the input's value for orig: the value differs from HubSpot's when this does
	local     string // why the value is not valid, found as the user left the field
	server    string // HubSpot's error for this property at the last save (raw)
	warn      string // HubSpot did not apply the value at the last save (raw)
	lastValue string // the value when server and warn were set: editing clears them
}

// fieldKind is an input for one type of property.
type fieldKind interface {
	// Value is the value as HubSpot takes it ("" clears); while the input holds something that
	// is not valid, the text itself, so the field shows as changed and Check stops the save.
	Value() string
	// Set loads HubSpot's raw value.
	Set(raw string)
	// Key handles a key, reporting false for keys the form should have (tab, enter…).
	Key(k tea.KeyMsg) bool
	// View draws the input in width columns, sanitized.
	View(width int, focused bool, t *Theme) string
	// Check says why the value is not valid, or "".
	Check() string
	// Editable is false for read-only and calculated properties.
	Editable() bool
}

// newField builds the field for a property holding raw.
func newField(p *api.Property, raw string, df *defs) *field {
	f := &field{prop: p, kind: kindFor(p, df)}
	f.reset(raw)
	return f
}

// reset loads raw as HubSpot's value.
func (f *field) reset(raw string) {
	f.orig = raw
	f.kind.Set(raw)
	f.base = f.kind.Value()
}

// rebase takes raw as HubSpot's value but keeps what the user typed.
func (f *field) rebase(raw string) {
	typed := f.kind.Value()
	f.orig = raw
	f.kind.Set(raw)
	f.base = f.kind.Value()
	if typed != f.base {
		f.kind.Set(typed)
	}
}

// dirty reports a value that differs from HubSpot's.
func (f *field) dirty() bool { return f.kind.Editable() && f.kind.Value() != f.base }

// problem is what to say under the field: the local check first, then HubSpot's error.
func (f *field) problem() string {
	if f.local != "" {
		return f.local
	}
	return f.server
}

// key gives a key to the input; an edit clears HubSpot's word on the old value.
func (f *field) key(k tea.KeyMsg) bool {
	if !f.kind.Key(k) {
		return false
	}
	if v := f.kind.Value(); v != f.lastValue {
		f.server, f.warn, f.local = "", "", ""
	}
	return true
}

// check runs the local validation (as the user leaves the field).
func (f *field) check() { f.local = f.kind.Check() }

// refused records HubSpot's error for the value now in the field.
func (f *field) refused(msg string) { f.server, f.lastValue = msg, f.kind.Value() }

// ignored records that HubSpot kept another value than the one sent.
func (f *field) ignored(msg string) { f.warn, f.lastValue = msg, f.kind.Value() }

// kindFor picks the input for a property by its type and field type.
func kindFor(p *api.Property, df *defs) fieldKind {
	switch {
	case p.Calculated:
		return &readKind{show: func(raw string) string { return df.value(p.Name, raw) }, reason: "calculated by HubSpot"}
	case p.ReadOnly:
		return &readKind{show: func(raw string) string { return df.value(p.Name, raw) }, reason: "read-only: HubSpot sets it"}
	case p.Type == "bool":
		return &checkKind{}
	case p.Type == "enumeration" && len(visibleOptions(p, "")) > 0:
		return newSelectKind(p)
	case p.Type == "date" || p.Type == "datetime":
		return &dateKind{ed: newEditor(false), withTime: p.Type == "datetime", loc: df.loc}
	case p.FieldType == "textarea" || p.FieldType == "html":
		return &textKind{ed: newEditor(true)}
	case p.Type == "number" || p.Name == "hubspot_owner_id":
		return &textKind{ed: newEditor(false), check: checkNumber, norm: normNumber}
	}
	return &textKind{ed: newEditor(false), check: checkFor(p)}
}

// checkFor is the validation of a single-line property.
func checkFor(p *api.Property) func(string) string {
	switch {
	case p.Name == "email" || p.FieldType == "email":
		return checkEmail
	case p.FieldType == "phonenumber":
		return checkPhone
	}
	return nil
}

// visibleOptions are a property's options in display order, hidden ones left out unless the
// contact holds one (keep is its raw value).
func visibleOptions(p *api.Property, keep string) []api.Option {
	held := strings.Split(keep, ";")
	var out []api.Option
	for _, o := range p.Options {
		if !o.Hidden || slices.Contains(held, o.Value) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DisplayOrder < out[j].DisplayOrder })
	return out
}

// optionRank is an option's place in the property's order, -1 when it is not one.
func optionRank(p *api.Property, value string) int {
	opts := visibleOptions(p, value)
	for i, o := range opts {
		if o.Value == value {
			return i
		}
	}
	return -1
}

// backwardStage reports a lifecycle stage moved to an earlier one, which HubSpot ignores.
func backwardStage(p *api.Property, from, to string) bool {
	if p == nil || p.Name != "lifecyclestage" || from == "" || to == "" {
		return false
	}
	a, b := optionRank(p, from), optionRank(p, to)
	return a >= 0 && b >= 0 && b < a
}

// sameValue reports whether HubSpot's value got is the value sent, allowing for how HubSpot
// stores values (emails lower-cased, numbers and times in another notation, option sets in
// another order).
func sameValue(p *api.Property, sent, got string) bool {
	sent, got = strings.TrimSpace(sent), strings.TrimSpace(got)
	if sent == got {
		return true
	}
	if sent == "" || got == "" {
		return false
	}
	switch p.Type {
	case "number":
		a, errA := strconv.ParseFloat(sent, 64)
		b, errB := strconv.ParseFloat(got, 64)
		return errA == nil && errB == nil && a == b
	case "date":
		return api.ParseTime(sent).UTC().Format(time.DateOnly) == api.ParseTime(got).UTC().Format(time.DateOnly)
	case "datetime":
		return api.ParseTime(sent).Equal(api.ParseTime(got))
	case "enumeration":
		return sameSet(sent, got)
	}
	return strings.EqualFold(sent, got) && (p.Name == "email" || p.Type == "bool")
}

func sameSet(a, b string) bool {
	x, y := strings.Split(a, ";"), strings.Split(b, ";")
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// dirtyGlyph marks a changed field; errGlyph starts a field's error.
func dirtyGlyph(t *Theme) string {
	if t.Mono {
		return "* "
	}
	return "● "
}

func errGlyph(t *Theme) string {
	if t.Mono {
		return "x "
	}
	return "✗ "
}
