package ui

import (
	"path/filepath"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The import's columns: a header that names no property (or several) is asked about, column
// by column: enter opens a picker of the properties by label, the closest (or the ones it could
// be) first, then "skip this column", then the others.
// The choices are --map's (header → property, "" to skip) and go to bulk.Prepare as the
// command line's do, so the TUI and import --map map a file the same way. In the preview too,
// enter changes any column's property.

// columnMap is what the import pane knows of the file's columns.
type columnMap struct {
	choices map[string]string // header → property name ("" skips the column), as --map gives them
	columns []bulk.Column     // every column, as it maps now
	others  []string          // what else is wrong with the header (two columns on one property…)
	props   []api.Property    // the contact properties, for the picker
	cursor  int               // the column under the cursor
}

// skipItem is the picker's choice that skips a column.
const skipItem = "\x00skip"

// mapped takes the columns as the last check mapped them.
func (m *columnMap) mapped(cols []bulk.Column, others []string) {
	m.columns, m.others = cols, others
	m.cursor = max(0, min(m.cursor, len(cols)-1))
	if len(others) == 0 {
		if i := slices.IndexFunc(cols, func(c bulk.Column) bool { return c.Unmapped != "" }); i >= 0 {
			m.cursor = i // the first column to settle
		}
	}
}

func (m *columnMap) moveColumn(by int) {
	m.cursor = max(0, min(m.cursor+by, len(m.columns)-1))
}

// unsettled counts the columns that need a choice.
func (m *columnMap) unsettled() int {
	n := 0
	for _, c := range m.columns {
		if c.Unmapped != "" {
			n++
		}
	}
	return n
}

// chooseProperty opens the picker for the column under the cursor.
func (p *importPane) chooseProperty() tea.Cmd {
	if p.cursor >= len(p.columns) || p.reading.busy() {
		return nil
	}
	c := p.columns[p.cursor]
	var items []pickItem // what the header could be (enter takes the closest), skipping it, the rest
	first := map[string]bool{}
	for _, cand := range c.Candidates {
		items = append(items, propertyItem(*cand))
		first[cand.Name] = true
	}
	items = append(items, pickItem{id: skipItem, label: "Skip this column", detail: "not imported"})
	var rest []pickItem
	for _, d := range p.props {
		if !d.Hidden && !d.ReadOnly && !d.Calculated && !first[d.Name] {
			rest = append(rest, propertyItem(d))
		}
	}
	slices.SortStableFunc(rest, func(a, b pickItem) int { return strings.Compare(strings.ToLower(a.label), strings.ToLower(b.label)) })
	header := strings.TrimSpace(c.Header)
	p.push(newLocalPicker(p.env, p.ID(), "Property for the column “"+short(header)+"”", append(items, rest...),
		func(it pickItem, ok bool) tea.Cmd {
			if !ok {
				return nil
			}
			if p.choices == nil {
				p.choices = map[string]string{}
			}
			p.choices[header] = it.id
			if it.id == skipItem {
				p.choices[header] = ""
			}
			return p.prepare()
		}))
	return nil
}

// propertyItem is a property as the picker lists it: by label, its name and type beside.
func propertyItem(d api.Property) pickItem {
	return pickItem{id: d.Name, label: d.Label, detail: d.Name + " · " + d.Type}
}

// short cuts a header for a title (a header may be very long).
func short(s string) string { return ansi.Truncate(sanitize.Display(s), 40, "…") }

// columnsView lists the columns, each with its property, why it is skipped, or (marked ?) why
// it needs a choice; the cursor marks the column enter acts on.
func (m *columnMap) columnsView(t *Theme, width int) string {
	hw := 0
	for _, c := range m.columns {
		hw = max(hw, ansi.StringWidth(sanitize.Display(c.Header)))
	}
	hw = min(hw, max(10, width/3))
	var b strings.Builder
	for i, c := range m.columns {
		var target string
		switch {
		case c.Unmapped != "":
			target = t.Error.Render("? " + sanitize.Display(c.Unmapped))
		case c.Property != nil:
			target = "→ " + c.Property.Name + t.Dim.Render(" ("+sanitize.Display(c.Property.Label)+")")
		default:
			target = t.Dim.Render("skipped: " + sanitize.Display(c.Skipped))
		}
		h := ansi.Truncate(sanitize.Display(c.Header), hw, "…")
		gutter := t.NoCursor
		if i == m.cursor {
			gutter = t.CursorGlyph
		}
		b.WriteString(ansi.Truncate(gutter+h+spaces(hw-ansi.StringWidth(h))+"  "+target, max(10, width), "…") + "\n")
	}
	return b.String()
}

// mappingView: the columns, with the ones that need a choice marked, and what else is wrong.
func (p *importPane) mappingView() string {
	t := p.env.theme
	var b strings.Builder
	head := "Choose a property for each column marked ?, or skip it"
	if p.unsettled() == 0 {
		head = "The columns do not map onto HubSpot's properties yet"
	}
	b.WriteString(t.Header.Render(sanitize.Display(filepath.Base(p.path))) + t.Dim.Render("  nothing written yet") + "\n")
	b.WriteString(p.line(head+t.Dim.Render(" ("+keyName(p.env.keys.Open)+" on a column)")) + "\n")
	b.WriteString(p.columnsView(t, p.width))
	if len(p.others) > 0 {
		b.WriteString("\n")
		for _, o := range p.others {
			b.WriteString(p.line(t.Error.Render(sanitize.Display(o))))
		}
	}
	if p.reading.busy() {
		b.WriteString("\n" + t.Dim.Render("Checking the file with your choices…") + "\n")
	}
	return b.String()
}

func (m *columnMap) mappingInfo() string {
	if n := m.unsettled(); n > 0 {
		return count(n, "column to choose", "columns to choose")
	}
	return ""
}
