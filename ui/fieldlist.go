package ui

import (
	"errors"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// fieldList is what the contact form and the activity form share: the fields, the row in focus
// (a field, or a row after them), the first line shown, and the keys typed while the form
// waited for an answer (a picker's, the review's), replayed once it comes.
type fieldList struct {
	defs     *defs
	fields   []*field.Field
	cursor   int
	offset   int
	ahead    typeAhead
	awaiting bool // a picker or the review is open: keys wait for its answer
}

// newField is the field of a property holding raw, in the form's definitions.
func newField(p *api.Property, raw string, df *defs) *field.Field {
	return field.New(p, raw, field.Context{Loc: df.loc, Show: df.value, Choices: df.ownerChoices})
}

// addField puts a property's field, holding raw, at the end (once), reporting its index (-1 for
// a property there is no definition of).
func (l *fieldList) addField(name, raw string) int {
	if i := l.fieldIndex(name); i >= 0 {
		return i
	}
	p := l.defs.prop(name)
	if p == nil {
		return -1
	}
	l.fields = append(l.fields, newField(p, raw, l.defs))
	return len(l.fields) - 1
}

func (l *fieldList) fieldIndex(name string) int {
	return slices.IndexFunc(l.fields, func(fl *field.Field) bool { return fl.Prop.Name == name })
}

// focused is the field in focus, nil on a row after the fields.
func (l *fieldList) focused() *field.Field {
	if l.cursor < len(l.fields) {
		return l.fields[l.cursor]
	}
	return nil
}

// changes lists the fields whose value differs from HubSpot's.
func (l *fieldList) changes() []change {
	var out []change
	for _, fl := range l.fields {
		if fl.Dirty() {
			out = append(out, change{prop: fl.Prop, old: fl.Orig(), new: fl.Kind.Value()})
		}
	}
	return out
}

// invalid checks every field and focuses the first whose changed value fails its rule,
// returning what to say ("" when all are valid).
func (l *fieldList) invalid() string {
	for i, fl := range l.fields {
		if fl.Check(); fl.Invalid() != "" {
			l.cursor = i
			return "Fix " + fl.Prop.Label + " first: " + fl.Invalid()
		}
	}
	return ""
}

// leaveField checks the field in focus as it is left for row (within rows).
func (l *fieldList) leaveField(row, rows int) {
	if fl := l.focused(); fl != nil {
		fl.Check()
	}
	l.cursor = max(0, min(rows-1, row))
}

// wait keeps a key typed while the form waits for an answer; reports whether it did.
func (l *fieldList) wait(k tea.KeyMsg) bool {
	// nothing typed is lost, not even before the form can take it
	return l.ahead.keep(k, l.fields == nil || l.awaiting)
}

// typeKey gives k to the field in focus of the form p: it waits while the form waits for an
// answer, is refused with a word while a save is in flight (saving), opens a chooser's picker
// (await opens it over the form), or is typed; a field HubSpot sets says why it takes no text.
func (l *fieldList) typeKey(p Pane, saving bool, await func(Pane), k tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case l.wait(k):
		return nil, true
	case saving:
		return notice("Saving… the form takes keys again when HubSpot answers"), true
	}
	fl := l.focused()
	if fl == nil {
		return nil, false
	}
	b := p.base()
	if ch, seed, ok := choosing(fl, b.env.keys, k); ok {
		await(choosePicker(b.env, b.id, fl, ch, seed, func() tea.Cmd { l.awaiting = false; return l.replay() }))
		return nil, true
	}
	if fl.Key(k) {
		return nil, true
	}
	if !fl.Kind.Editable() && k.Type == tea.KeyRunes {
		return notice(sanitize.Display(fl.Prop.Label) + " is " + fl.ReadOnlyReason()), true
	}
	return nil, false
}

// replay hands back the keys that came while the form loaded or awaited an answer.
func (l *fieldList) replay() tea.Cmd { return l.ahead.replay() }

// refuseAt puts HubSpot's per-property errors at their fields and focuses the first, returning
// the banner that says so (save is the key that saves again), the errors about properties not
// in the form at its end.
func (l *fieldList) refuseAt(errs []api.PropertyError, save Key) string {
	first := -1
	var other []string
	for _, pe := range errs {
		msg := pe.Message
		if msg == "" {
			msg = pe.Code
		}
		i := l.fieldIndex(pe.Name)
		if i < 0 {
			other = append(other, pe.Name+": "+msg)
			continue
		}
		l.fields[i].Refused(msg)
		if first < 0 || i < first {
			first = i
		}
	}
	if first >= 0 {
		l.cursor = first
	}
	banner := "Not saved: HubSpot refused " + plural(len(errs), "value") + " (marked at the fields). Correct them and press " + keyName(save) + "."
	if len(other) > 0 {
		banner += " " + strings.Join(other, "; ")
	}
	return banner
}

// saveOutcome is what became of a save that failed other than by HubSpot refusing values
// (refuseAt has those): a save with no answer from HubSpot (lost, or lost and not settled by
// looking) is "not confirmed", not "not saved".
func saveOutcome(err error) string {
	var e *api.Error
	if errors.As(err, &e) && (e.Status == 0 || e.Category == api.CategoryUnknownOutcome) {
		return "HubSpot did not confirm the save"
	}
	return "Not saved"
}

// saveFailedBanner is a form's banner for such a save: what became of it, why, and that the
// form keeps every value.
func saveFailedBanner(what string, err error, save Key) string {
	return what + ": " + err.Error() + ". Everything you typed is still here; " + keyName(save) + " saves again."
}

// gutter is the cursor's mark before a form's row, or room for it.
func (l *fieldList) gutter(t *Theme, row int) string {
	if row == l.cursor {
		return t.CursorGlyph
	}
	return t.NoCursor
}

// addFieldLine is a form's last row, the add-a-field row (row is its place).
func (l *fieldList) addFieldLine(t *Theme, km *KeyMap, row int) string {
	return l.gutter(t, row) + t.Dim.Render("+ Add a field… ("+keyName(km.Submit)+" or "+keyName(km.AddField)+")")
}

// formHead is a form's title (sanitized), "Saving…" while a save is in flight, and banner (the
// last save's outcome when it needs saying, raw) wrapped in width; a blank line ends it.
func formHead(t *Theme, title string, saving bool, banner string, width int) []string {
	out := []string{t.Header.Render(title)}
	if saving {
		out = append(out, t.Wait.Render("Saving…"))
	}
	if banner != "" {
		for _, l := range strings.Split(ansi.Wrap(sanitize.Display(banner), max(20, width-2), " "), "\n") {
			out = append(out, t.Error.Render(l))
		}
	}
	return append(out, "")
}
