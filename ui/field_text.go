package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/internal/value"
)

// textKind is anything typed: text, multi-line text, number, email, phone, date, date and
// time. The property's rule reads what is typed (1,200 is sent as 1200, a local date and time
// as epoch milliseconds) and writes HubSpot's value back as text to edit.
type textKind struct {
	ed   editor
	rule value.Rule
}

// Value is the typed value as HubSpot takes it, or the text itself while it is not valid.
func (k *textKind) Value() string {
	v, err := k.rule.Parse(k.ed.Value())
	if err != nil {
		return k.ed.Value()
	}
	return v
}

func (k *textKind) Set(raw string)        { k.ed.SetValue(k.rule.Text(raw)) }
func (k *textKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *textKind) Editable() bool        { return true }

// View draws the editor; an empty focused date shows the pattern to type.
func (k *textKind) View(width int, focused bool, t *Theme) string {
	if hint := k.rule.Hint(); focused && hint != "" && k.ed.Value() == "" {
		return k.ed.View(width, true, t) + t.Dim.Render(ansi.Truncate(" "+hint, max(0, width-2), ""))
	}
	return k.ed.View(width, focused, t)
}

// readKind shows a value HubSpot sets itself (read-only or calculated); it takes no keys.
type readKind struct {
	raw    string
	show   func(string) string // formats a raw value for display (sanitized)
	reason string
}

func (k *readKind) Value() string       { return k.raw }
func (k *readKind) Set(raw string)      { k.raw = raw }
func (k *readKind) Key(tea.KeyMsg) bool { return false }
func (k *readKind) Editable() bool      { return false }
func (k *readKind) View(width int, _ bool, t *Theme) string {
	v := k.show(k.raw)
	if v == "" {
		v = "—"
	}
	note := "  (" + k.reason + ")"
	return t.Dim.Render(ansi.Truncate(v, max(1, width-ansi.StringWidth(note)), "…") + note)
}
