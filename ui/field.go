package ui

import (
	"slices"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// field is one property in the edit form (or the batch edit): its definition, its value rule,
// the value HubSpot has, and an input of the kind the property's type asks for. Only a value
// the user changed is checked before a save; HubSpot's own value, if it fails the rule, is
// flagged (stored) and saved back untouched, never a reason to refuse the save.
type field struct {
	prop      *api.Property
	rule      value.Rule
	kind      fieldKind
	orig      string // HubSpot's raw value ("" for none)
	base      string // the input's value for orig: the value differs from HubSpot's when this does
	local     string // why the changed value is not valid, found as the user left the field
	doubt     string // a doubt about the changed value that does not stop the save
	stored    string // what is wrong with HubSpot's value by the rule (a warning only)
	server    string // HubSpot's error for this property at the last save (raw)
	warn      string // HubSpot did not apply the value at the last save (raw)
	lastValue string // the value when server and warn were set: editing clears them
}

// fieldKind is an input for one type of property.
type fieldKind interface {
	// Value is the value as HubSpot takes it ("" clears); while the input holds something that
	// is not valid, the text itself, so the field shows as changed and the rule stops the save.
	Value() string
	// Set loads HubSpot's raw value.
	Set(raw string)
	// Key handles a key, reporting false for keys the form should have (tab, enter…).
	Key(k tea.KeyMsg) bool
	// View draws the input in width columns, sanitized.
	View(width int, focused bool, t *Theme) string
	// Editable is false for read-only and calculated properties.
	Editable() bool
}

// newField builds the field for a property holding raw.
func newField(p *api.Property, raw string, df *defs) *field {
	rule := value.For(p, df.loc)
	f := &field{prop: p, rule: rule, kind: kindFor(p, rule, df)}
	f.reset(raw)
	return f
}

// reset loads raw as HubSpot's value.
func (f *field) reset(raw string) {
	f.orig = raw
	f.kind.Set(raw)
	f.base = f.kind.Value()
	f.stored = f.storedNote(raw)
}

// rebase takes raw as HubSpot's value but keeps what the user typed.
func (f *field) rebase(raw string) {
	typed := f.kind.Value()
	f.orig = raw
	f.kind.Set(raw)
	f.base = f.kind.Value()
	f.stored = f.storedNote(raw)
	if typed != f.base {
		f.kind.Set(typed)
	}
}

// storedNote is what the rule finds wrong with HubSpot's value raw, "" when nothing (or when
// the value is not the user's to edit).
func (f *field) storedNote(raw string) string {
	if !f.kind.Editable() || strings.TrimSpace(raw) == "" {
		return ""
	}
	if _, err := f.rule.Parse(raw); err != nil {
		return err.Error()
	}
	return f.rule.Warn(raw)
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
		f.server, f.warn, f.local, f.doubt = "", "", "", ""
	}
	return true
}

// check runs the rule on a value the user changed (as they leave the field, and on save): a
// value that fails it stops the save (local), a doubtful one is only noted (doubt). A value
// the user did not change is HubSpot's: it is not checked, and is saved back untouched.
func (f *field) check() {
	f.local, f.doubt = "", ""
	if !f.dirty() {
		return
	}
	v := f.kind.Value()
	if _, err := f.rule.Parse(v); err != nil {
		f.local = err.Error()
		return
	}
	f.doubt = f.rule.Warn(v)
}

// note is the field's warning, which never stops a save: a doubt about the changed value, or,
// while the field is untouched, what is wrong with HubSpot's value.
func (f *field) note() string {
	switch {
	case f.dirty():
		return f.doubt
	case f.stored != "":
		return f.stored + "; left as it is unless you change it"
	}
	return ""
}

// refused records HubSpot's error for the value now in the field.
func (f *field) refused(msg string) { f.server, f.lastValue = msg, f.kind.Value() }

// ignored records that HubSpot kept another value than the one sent.
func (f *field) ignored(msg string) { f.warn, f.lastValue = msg, f.kind.Value() }

// kindFor picks the input for a property by its type and field type; text is typed and read
// through the property's rule.
func kindFor(p *api.Property, rule value.Rule, df *defs) fieldKind {
	switch {
	case p.Calculated:
		return &readKind{show: func(raw string) string { return df.value(p.Name, raw) }, reason: "calculated by HubSpot"}
	case p.ReadOnly:
		return &readKind{show: func(raw string) string { return df.value(p.Name, raw) }, reason: "read-only: HubSpot sets it"}
	case p.Name == ownerProperty && len(df.owners) > 0:
		return &ownerKind{prop: p, owners: df.owners}
	case p.Type == "bool":
		return &checkKind{}
	case p.Type == "enumeration" && len(visibleOptions(p, "")) > 0:
		return newSelectKind(p)
	case p.FieldType == "html":
		return newBodyKind()
	case p.FieldType == "textarea":
		return &textKind{ed: newEditor(true), rule: rule}
	}
	return &textKind{ed: newEditor(false), rule: rule}
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
