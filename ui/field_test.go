package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
)

func edRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func edPaste(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

func edType(ed *editor, s string) {
	for _, r := range s {
		ed.Key(edRunes(string(r)))
	}
}

func TestEditorKeepsAHubSpotValueRawAndDrawsItSanitized(t *testing.T) {
	raw := "Eve\x1b]52;c;ZXZpbA==\x07 \u202egnp.exe\tX"
	ed := newEditor(false)
	ed.SetValue(raw)
	assert.Equal(t, raw, ed.Value(), "untouched, the value is HubSpot's exactly")
	for _, focused := range []bool{false, true} {
		v := ed.View(80, focused, MonoTheme())
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\t"} {
			assert.NotContains(t, v, bad)
		}
		assert.Contains(t, v, "Eve")
	}
}

func TestEditorEditingKeys(t *testing.T) {
	ed := newEditor(false)
	edType(&ed, "Director of Engines")
	ed.Key(ekey("ctrl+w"))
	assert.Equal(t, "Director of ", ed.Value())
	ed.Key(ekey("ctrl+a"))
	ed.Key(ekey("delete"))
	assert.Equal(t, "irector of ", ed.Value())
	edType(&ed, "D")
	ed.Key(ekey("ctrl+e"))
	ed.Key(press("backspace"))
	assert.Equal(t, "Director of", ed.Value())
	ed.Key(ekey("left"))
	ed.Key(ekey("left"))
	ed.Key(ekey("ctrl+k"))
	assert.Equal(t, "Director ", ed.Value())
	ed.Key(ekey("ctrl+u"))
	assert.Equal(t, "", ed.Value())
	assert.False(t, ed.Key(press("tab")), "tab is the form's")
	assert.False(t, ed.Key(press("up")), "up in one line is the form's")
	assert.False(t, ed.Key(press("enter")), "enter in one line is the form's")
}

func TestEditorPasteDropsControlsAndKeepsOneLine(t *testing.T) {
	ed := newEditor(false)
	ed.Key(edPaste("a\x1b[2Jb\r\nc\u0007d"))
	assert.Equal(t, "a[2Jb cd", ed.Value())
	ml := newEditor(true)
	ml.Key(edPaste("one\r\ntwo"))
	assert.Equal(t, "one\ntwo", ml.Value())
}

func TestEditorMultilineMovesBetweenLinesAndGivesTheEdgesToTheForm(t *testing.T) {
	ed := newEditor(true)
	edType(&ed, "first")
	ed.Key(press("enter"))
	edType(&ed, "second line")
	assert.True(t, ed.Key(press("up")))
	edType(&ed, "!")
	assert.Equal(t, "first!\nsecond line", ed.Value())
	assert.False(t, ed.Key(press("up")), "on the first line, up leaves the field")
	assert.True(t, ed.Key(press("down")))
	assert.False(t, ed.Key(press("down")), "on the last line, down leaves the field")
	v := ed.View(40, true, MonoTheme())
	assert.Equal(t, 2, strings.Count(v, "\n")+1, "both lines drawn")
}

func TestEditorScrollsToKeepTheCursorInView(t *testing.T) {
	ed := newEditor(false)
	edType(&ed, strings.Repeat("x", 50)+"END")
	v := ed.View(20, true, MonoTheme())
	assert.Contains(t, v, "END|")
	assert.LessOrEqual(t, len([]rune(v)), 20)
	ed.Key(ekey("ctrl+a"))
	assert.True(t, strings.HasPrefix(ed.View(20, true, MonoTheme()), "|x"))
}

func edProp(name, typ, fieldType string, opts ...string) *api.Property {
	p := &api.Property{Name: name, Label: name, Type: typ, FieldType: fieldType}
	for i := 0; i+1 < len(opts); i += 2 {
		p.Options = append(p.Options, api.Option{Value: opts[i], Label: opts[i+1], DisplayOrder: i / 2})
	}
	return p
}

func edDefs(loc *time.Location, props ...*api.Property) *defs {
	list := make([]api.Property, len(props))
	for i, p := range props {
		list[i] = *p
	}
	return newDefs(list, nil, loc)
}

func TestFieldDirtyOnlyWhenTheValueDiffersFromHubSpots(t *testing.T) {
	p := edProp("jobtitle", "string", "text")
	f := newField(p, "Intern", edDefs(time.UTC, p))
	assert.False(t, f.dirty())
	f.key(press("backspace"))
	assert.True(t, f.dirty())
	f.key(edRunes("n"))
	assert.False(t, f.dirty(), "typed back to HubSpot's value")
}

func TestFieldEditClearsHubSpotsWordOnTheOldValue(t *testing.T) {
	p := edProp("email", "string", "text")
	f := newField(p, "", edDefs(time.UTC, p))
	f.key(edRunes("x"))
	f.refused("Email address x is invalid")
	assert.Equal(t, "Email address x is invalid", f.problem())
	f.key(ekey("left"))
	assert.Equal(t, "Email address x is invalid", f.problem(), "moving the cursor is no edit")
	f.key(edRunes("y"))
	assert.Empty(t, f.problem())
}

func TestNumberFieldSendsThePlainNumber(t *testing.T) {
	p := edProp("annualrevenue", "number", "number")
	f := newField(p, "", edDefs(time.UTC, p))
	for _, r := range "1,250,000" {
		f.key(edRunes(string(r)))
	}
	assert.Equal(t, "1250000", f.kind.Value())
}

func TestDateFieldIsADaySentAsItsDay(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	p := edProp("date_of_birth", "date", "date")
	f := newField(p, "1815-12-10", edDefs(tokyo, p))
	assert.Contains(t, f.kind.View(30, false, MonoTheme()), "1815-12-10", "a date is not moved by the time zone")
	f.kind.Set("")
	for _, r := range "2026-03-14" {
		f.key(edRunes(string(r)))
	}
	f.check()
	assert.Empty(t, f.local)
	assert.Equal(t, "2026-03-14", f.kind.Value(), "the day, as HubSpot writes a date")
	f.kind.Set("14/03/2026")
	f.check()
	assert.Contains(t, f.local, "YYYY-MM-DD")
}

func TestDateTimeFieldIsLocalTimeSentInUTC(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	p := edProp("notes_next", "datetime", "date")
	f := newField(p, "2024-01-17T19:55:04.281Z", edDefs(ny, p))
	assert.Contains(t, f.kind.View(30, false, MonoTheme()), "2024-01-17 14:55", "shown in local time")
	assert.False(t, f.dirty(), "shown at minute precision, untouched is not a change")
	f.kind.Set("")
	for _, r := range "2026-03-14 09:30" {
		f.key(edRunes(string(r)))
	}
	assert.Equal(t, "2026-03-14T13:30:00.000Z", f.kind.Value(), "typed in local time, sent in UTC")
	f.kind.Set("tomorrow")
	f.check()
	assert.Contains(t, f.local, "America/New_York")
}

func edLeadStatus() *api.Property {
	return edProp("hs_lead_status", "enumeration", "select", "NEW", "New", "OPEN", "Open", "IN_PROGRESS", "In Progress", "OPEN_DEAL", "Open Deal")
}

func TestSelectChoosesByLabelSendsTheValue(t *testing.T) {
	p := edLeadStatus()
	f := newField(p, "OPEN", edDefs(time.UTC, p))
	assert.Contains(t, f.kind.View(40, false, MonoTheme()), "Open")
	f.key(ekey("right"))
	assert.Equal(t, "IN_PROGRESS", f.kind.Value())
	f.key(edRunes("o"))
	assert.Equal(t, "OPEN", f.kind.Value(), "type-ahead: the first label starting with o")
	f.key(edRunes("p"))
	f.key(edRunes("e"))
	f.key(edRunes("n"))
	f.key(press(" "))
	f.key(edRunes("d"))
	assert.Equal(t, "OPEN_DEAL", f.kind.Value(), "a label of several words")
	f.key(press("backspace"))
	assert.Equal(t, "", f.kind.Value(), "backspace clears")
	f.key(ekey("left"))
	assert.Equal(t, "OPEN_DEAL", f.kind.Value(), "left from none wraps to the last")
}

func TestSelectKeepsAValueThatIsNoOptionUntilChanged(t *testing.T) {
	p := edLeadStatus()
	f := newField(p, "LEGACY", edDefs(time.UTC, p))
	assert.Equal(t, "LEGACY", f.kind.Value())
	assert.False(t, f.dirty())
	f.key(ekey("right"))
	assert.Equal(t, "NEW", f.kind.Value())
}

func TestMultiSelectTicksOptions(t *testing.T) {
	p := edProp("hobbies", "enumeration", "checkbox", "hiking", "Hiking", "cooking", "Cooking", "music", "Music")
	f := newField(p, "music;hiking", edDefs(time.UTC, p))
	assert.Equal(t, "hiking;music", f.kind.Value(), "HubSpot's order of options")
	assert.False(t, f.dirty(), "the same set is no change")
	assert.Contains(t, f.kind.View(60, false, MonoTheme()), "Hiking, Music")
	f.key(edRunes("c"))
	f.key(press(" "))
	assert.Equal(t, "hiking;cooking;music", f.kind.Value())
	assert.Contains(t, f.kind.View(80, true, MonoTheme()), ">[x] Cooking")
}

func TestCheckboxToggles(t *testing.T) {
	p := edProp("vip", "bool", "booleancheckbox", "true", "Yes", "false", "No")
	f := newField(p, "", edDefs(time.UTC, p))
	f.key(press(" "))
	assert.Equal(t, "true", f.kind.Value())
	f.key(press(" "))
	assert.Equal(t, "false", f.kind.Value())
	f.key(press("backspace"))
	assert.Equal(t, "", f.kind.Value())
	assert.False(t, f.kind.Key(press("enter")), "enter moves on")
}

func TestReadOnlyAndCalculatedAreShownNotEdited(t *testing.T) {
	calc := edProp("hs_email_domain", "string", "calculation_equation")
	calc.Calculated, calc.ReadOnly = true, true
	ro := edProp("createdate", "datetime", "date")
	ro.ReadOnly = true
	df := edDefs(time.UTC, calc, ro)
	c := newField(df.prop("hs_email_domain"), "example.com", df)
	assert.False(t, c.key(edRunes("x")))
	assert.False(t, c.dirty())
	assert.Contains(t, c.kind.View(60, true, MonoTheme()), "example.com  (calculated by HubSpot)")
	r := newField(df.prop("createdate"), "2026-02-03T10:00:00Z", df)
	assert.Contains(t, r.kind.View(60, false, MonoTheme()), "2026-02-03 10:00  (read-only: HubSpot sets it)")
}

func TestBackwardStage(t *testing.T) {
	p := edProp("lifecyclestage", "enumeration", "radio", "subscriber", "Subscriber", "lead", "Lead", "customer", "Customer")
	assert.True(t, backwardStage(p, "customer", "lead"))
	assert.False(t, backwardStage(p, "lead", "customer"))
	assert.False(t, backwardStage(p, "", "lead"), "from no stage any is forward")
	assert.False(t, backwardStage(p, "customer", ""), "clearing is not a move")
	assert.False(t, backwardStage(edLeadStatus(), "OPEN", "NEW"), "only the lifecycle stage")
}
