package field

import (
	"github.com/charmbracelet/lipgloss"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
)

func TestEditorKeepsAHubSpotValueRawAndDrawsItSanitized(t *testing.T) {
	raw := "Eve\x1b]52;c;ZXZpbA==\x07 \u202egnp.exe\tX"
	ed := NewEditor(false)
	ed.SetValue(raw)
	assert.Equal(t, raw, ed.Value(), "untouched, the value is HubSpot's exactly")
	for _, focused := range []bool{false, true} {
		v := ed.View(80, focused, mono)
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\t"} {
			assert.NotContains(t, v, bad)
		}
		assert.Contains(t, v, "Eve")
	}
}

func TestEditorEditingKeys(t *testing.T) {
	ed := NewEditor(false)
	edType(&ed, "Director of Engines")
	ed.Key(ekey("ctrl+w"))
	assert.Equal(t, "Director of ", ed.Value())
	ed.Key(ekey("ctrl+a"))
	ed.Key(ekey("delete"))
	assert.Equal(t, "irector of ", ed.Value())
	edType(&ed, "D")
	ed.Key(ekey("ctrl+e"))
	ed.Key(ekey("backspace"))
	assert.Equal(t, "Director of", ed.Value())
	ed.Key(ekey("left"))
	ed.Key(ekey("left"))
	ed.Key(ekey("ctrl+k"))
	assert.Equal(t, "Director ", ed.Value())
	ed.Key(ekey("ctrl+u"))
	assert.Equal(t, "", ed.Value())
	assert.False(t, ed.Key(ekey("tab")), "tab is the form's")
	assert.False(t, ed.Key(ekey("up")), "up in one line is the form's")
	assert.False(t, ed.Key(tea.KeyMsg{Type: tea.KeyEnter}), "enter in one line is the form's")
}

func TestEditorPasteDropsControlsAndKeepsOneLine(t *testing.T) {
	ed := NewEditor(false)
	ed.Key(edPaste("a\x1b[2Jb\r\nc\u0007d"))
	assert.Equal(t, "a[2Jb cd", ed.Value())
	ml := NewEditor(true)
	ml.Key(edPaste("one\r\ntwo"))
	assert.Equal(t, "one\ntwo", ml.Value())
}

func TestEditorMultilineMovesBetweenLinesAndGivesTheEdgesToTheForm(t *testing.T) {
	ed := NewEditor(true)
	edType(&ed, "first")
	ed.Key(tea.KeyMsg{Type: tea.KeyEnter})
	edType(&ed, "second line")
	assert.True(t, ed.Key(ekey("up")))
	edType(&ed, "!")
	assert.Equal(t, "first!\nsecond line", ed.Value())
	assert.False(t, ed.Key(ekey("up")), "on the first line, up leaves the field")
	assert.True(t, ed.Key(ekey("down")))
	assert.False(t, ed.Key(ekey("down")), "on the last line, down leaves the field")
	v := ed.View(40, true, mono)
	assert.Equal(t, 2, strings.Count(v, "\n")+1, "both lines drawn")
}

func TestEditorScrollsToKeepTheCursorInView(t *testing.T) {
	ed := NewEditor(false)
	edType(&ed, strings.Repeat("x", 50)+"END")
	v := ed.View(20, true, mono)
	assert.Contains(t, v, "END|")
	assert.LessOrEqual(t, len([]rune(v)), 20)
	ed.Key(ekey("ctrl+a"))
	assert.True(t, strings.HasPrefix(ed.View(20, true, mono), "|x"))
}

func TestFieldDirtyOnlyWhenTheValueDiffersFromHubSpots(t *testing.T) {
	p := edProp("jobtitle", "string", "text")
	f := New(p, "Intern", ctx(time.UTC))
	assert.False(t, f.Dirty())
	f.Key(ekey("backspace"))
	assert.True(t, f.Dirty())
	f.Key(edRunes("n"))
	assert.False(t, f.Dirty(), "typed back to HubSpot's value")
}

func TestFieldEditClearsHubSpotsWordOnTheOldValue(t *testing.T) {
	p := edProp("email", "string", "text")
	f := New(p, "", ctx(time.UTC))
	f.Key(edRunes("x"))
	f.Refused("Email address x is invalid")
	assert.Equal(t, "Email address x is invalid", f.Problem())
	f.Key(ekey("left"))
	assert.Equal(t, "Email address x is invalid", f.Problem(), "moving the cursor is no edit")
	f.Key(edRunes("y"))
	assert.Empty(t, f.Problem())
}

func TestNumberFieldSendsThePlainNumber(t *testing.T) {
	p := edProp("annualrevenue", "number", "number")
	f := New(p, "", ctx(time.UTC))
	for _, r := range "1,250,000" {
		f.Key(edRunes(string(r)))
	}
	assert.Equal(t, "1250000", f.Kind.Value())
}

func TestDateFieldIsADaySentAsItsDay(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	p := edProp("date_of_birth", "date", "date")
	f := New(p, "1815-12-10", ctx(tokyo))
	assert.Contains(t, f.Kind.View(30, false, mono), "1815-12-10", "a date is not moved by the time zone")
	f.Kind.Set("")
	for _, r := range "2026-03-14" {
		f.Key(edRunes(string(r)))
	}
	f.Check()
	assert.Empty(t, f.local)
	assert.Equal(t, "2026-03-14", f.Kind.Value(), "the day, as HubSpot writes a date")
	f.Kind.Set("14/03/2026")
	f.Check()
	assert.Contains(t, f.local, "YYYY-MM-DD")
}

func TestDateTimeFieldIsLocalTimeSentInUTC(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	p := edProp("notes_next", "datetime", "date")
	f := New(p, "2024-01-17T19:55:04.281Z", ctx(ny))
	assert.Contains(t, f.Kind.View(30, false, mono), "2024-01-17 14:55", "shown in local time")
	assert.False(t, f.Dirty(), "shown at minute precision, untouched is not a change")
	f.Kind.Set("")
	for _, r := range "2026-03-14 09:30" {
		f.Key(edRunes(string(r)))
	}
	assert.Equal(t, "2026-03-14T13:30:00.000Z", f.Kind.Value(), "typed in local time, sent in UTC")
	f.Kind.Set("tomorrow")
	f.Check()
	assert.Contains(t, f.local, "America/New_York")
}

func TestSelectChoosesByLabelSendsTheValue(t *testing.T) {
	p := edLeadStatus()
	f := New(p, "OPEN", ctx(time.UTC))
	assert.Contains(t, f.Kind.View(40, false, mono), "Open")
	f.Key(ekey("right"))
	assert.Equal(t, "IN_PROGRESS", f.Kind.Value())
	f.Key(edRunes("o"))
	assert.Equal(t, "OPEN", f.Kind.Value(), "type-ahead: the first label starting with o")
	f.Key(edRunes("p"))
	f.Key(edRunes("e"))
	f.Key(edRunes("n"))
	f.Key(ekey(" "))
	f.Key(edRunes("d"))
	assert.Equal(t, "OPEN_DEAL", f.Kind.Value(), "a label of several words")
	f.Key(ekey("backspace"))
	assert.Equal(t, "", f.Kind.Value(), "backspace clears")
	f.Key(ekey("left"))
	assert.Equal(t, "OPEN_DEAL", f.Kind.Value(), "left from none wraps to the last")
}

func TestSelectKeepsAValueThatIsNoOptionUntilChanged(t *testing.T) {
	p := edLeadStatus()
	f := New(p, "LEGACY", ctx(time.UTC))
	assert.Equal(t, "LEGACY", f.Kind.Value())
	assert.False(t, f.Dirty())
	f.Key(ekey("right"))
	assert.Equal(t, "NEW", f.Kind.Value())
}

func TestMultiSelectTicksOptions(t *testing.T) {
	p := edProp("hobbies", "enumeration", "checkbox", "hiking", "Hiking", "cooking", "Cooking", "music", "Music")
	f := New(p, "music;hiking", ctx(time.UTC))
	assert.Equal(t, "hiking;music", f.Kind.Value(), "HubSpot's order of options")
	assert.False(t, f.Dirty(), "the same set is no change")
	assert.Contains(t, f.Kind.View(60, false, mono), "Hiking, Music")
	f.Key(edRunes("c"))
	f.Key(ekey(" "))
	assert.Equal(t, "hiking;cooking;music", f.Kind.Value())
	assert.Contains(t, f.Kind.View(80, true, mono), ">[x] Cooking")
}

func TestCheckboxToggles(t *testing.T) {
	p := edProp("vip", "bool", "booleancheckbox", "true", "Yes", "false", "No")
	f := New(p, "", ctx(time.UTC))
	f.Key(ekey(" "))
	assert.Equal(t, "true", f.Kind.Value())
	f.Key(ekey(" "))
	assert.Equal(t, "false", f.Kind.Value())
	f.Key(ekey("backspace"))
	assert.Equal(t, "", f.Kind.Value())
	assert.False(t, f.Kind.Key(tea.KeyMsg{Type: tea.KeyEnter}), "enter moves on")
}

func TestReadOnlyAndCalculatedAreShownNotEdited(t *testing.T) {
	calc := edProp("hs_email_domain", "string", "calculation_equation")
	calc.Calculated, calc.ReadOnly = true, true
	ro := edProp("createdate", "datetime", "date")
	ro.ReadOnly = true
	c := New(calc, "example.com", ctx(time.UTC))
	assert.False(t, c.Key(edRunes("x")))
	assert.False(t, c.Dirty())
	assert.Contains(t, c.Kind.View(60, true, mono), "shown: example.com  (calculated by HubSpot)")
	r := New(ro, "2026-02-03T10:00:00Z", ctx(time.UTC))
	assert.Contains(t, r.Kind.View(60, false, mono), "shown: 2026-02-03T10:00:00Z  (read-only: HubSpot sets it)")
}

func TestBackwardStage(t *testing.T) {
	p := edProp("lifecyclestage", "enumeration", "radio", "subscriber", "Subscriber", "lead", "Lead", "customer", "Customer")
	assert.True(t, BackwardStage(p, "customer", "lead"))
	assert.False(t, BackwardStage(p, "lead", "customer"))
	assert.False(t, BackwardStage(p, "", "lead"), "from no stage any is forward")
	assert.False(t, BackwardStage(p, "customer", ""), "clearing is not a move")
	assert.False(t, BackwardStage(edLeadStatus(), "OPEN", "NEW"), "only the lifecycle stage")
}

// Helpers: keys, a property, the context of a field.

var mono = Styles{Selected: lipgloss.NewStyle(), Dim: lipgloss.NewStyle(), Mono: true}

// ekey is a named key ("ctrl+w", "left").
func ekey(s string) tea.KeyMsg {
	for kt := tea.KeyType(-200); kt < 200; kt++ {
		if kt != tea.KeyRunes && (tea.Key{Type: kt}).String() == s {
			return tea.KeyMsg{Type: kt}
		}
	}
	return edRunes(s)
}

func edRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func edPaste(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

func edType(ed *Editor, s string) {
	for _, r := range s {
		ed.Key(edRunes(string(r)))
	}
}

func edProp(name, typ, fieldType string, opts ...string) *api.Property {
	p := &api.Property{Name: name, Label: name, Type: typ, FieldType: fieldType}
	for i := 0; i+1 < len(opts); i += 2 {
		p.Options = append(p.Options, api.Option{Value: opts[i], Label: opts[i+1], DisplayOrder: i / 2})
	}
	return p
}

// ctx is a field's context in loc, values HubSpot sets shown as "shown: raw".
func ctx(loc *time.Location) Context {
	return Context{Loc: loc, Show: func(_, raw string) string { return "shown: " + raw }}
}

func edLeadStatus() *api.Property {
	return edProp("hs_lead_status", "enumeration", "select", "NEW", "New", "OPEN", "Open", "IN_PROGRESS", "In Progress", "OPEN_DEAL", "Open Deal")
}
