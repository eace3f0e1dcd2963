package ui

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// exportPane writes contacts to a file: the marked ones (or the ones a find shows), else every
// contact. It asks for the file (CSV, or JSON when the name ends in .json), then streams the
// contacts into it page by page with a progress bar; the file appears only once complete.
//
// Under the file box, the properties to write: the list's columns to begin with, as names or
// labels separated by commas, or "all" (one key away), as export --properties takes them on the
// command line, read by the same code (bulk.ResolveProperties).
type exportPane struct {
	paneBase
	fileJob
	ids      []string // the contacts to export; nil for all of them (or the search's)
	from     scope    // with ids nil: a search's contacts (a view, a filter); empty for all
	what     string   // "3 marked contacts", "every contact"
	columns  []string // the list's columns: the properties unless the user chooses others
	propsIn  textinput.Model
	onProps  bool           // the focus is on the properties box
	defs     []api.Property // the contact properties, to read the box (nil until they come)
	defsCall call
	props    []string // the properties written
	stage    exportStage
	path     string // the file, as a full path once the export starts
	n        int
	err      error
}

type exportStage int

const (
	exportPath exportStage = iota
	exportRunning
	exportDone
)

// newExportPane exports ids (all contacts when nil), described by what, with the properties
// given (the list's columns).
func newExportPane(e *env, ids []string, what string, props []string) *exportPane {
	p := &exportPane{paneBase: newPaneBase(e), fileJob: newFileJob(), ids: ids, what: what, columns: props}
	p.input.Prompt = "File        "
	p.input.SetValue("contacts-" + e.now().In(e.loc).Format("20060102-150405") + ".csv")
	p.input.CursorEnd()
	p.propsIn = textinput.New()
	p.propsIn.Prompt = "Properties  "
	p.propsIn.CharLimit = 1 << 16
	p.propsIn.Cursor.SetMode(cursor.CursorStatic)
	p.propsIn.SetValue(strings.Join(props, ", "))
	p.showFocus()
	return p
}

// of exports what a search finds (a view's or a filter's contacts) instead of every contact.
func (p *exportPane) of(s scope) *exportPane {
	p.from = s
	return p
}

// Init reads the property definitions, to say what the properties box holds as it is typed.
func (p *exportPane) Init() tea.Cmd { return p.loadDefs(nil) }

// loadDefs reads the property definitions, then runs then (if any).
func (p *exportPane) loadDefs(then func() tea.Cmd) tea.Cmd {
	hub, label := p.env.hub, ""
	if then != nil {
		label = "Loading property definitions"
	}
	return request(&p.paneBase, &p.defsCall, label, func(ctx context.Context) ([]api.Property, error) {
		return hub.Properties(ctx, api.ObjectContacts)
	}, func(defs []api.Property, err error) tea.Cmd {
		p.defs = defs
		if err != nil || then == nil {
			return nil
		}
		return then()
	})
}

func (p *exportPane) Title() string { return "Export" }

// Capturing: the file box takes every key; while the export runs, esc asks to stop it.
func (p *exportPane) Capturing() bool { return p.stage != exportDone }

func (p *exportPane) typing() bool { return p.stage == exportPath }

// typeKey gives a key to the box with the focus.
func (p *exportPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	if !p.onProps {
		return p.typeFile(k)
	}
	return typeBox(&p.propsIn, k)
}

func (p *exportPane) keys() []binding {
	km := p.env.keys
	at := func(st exportStage) func() bool { return func() bool { return p.stage == st } }
	allHelp := "all properties"
	if p.allProps() {
		allHelp = "the list's columns"
	}
	return []binding{
		{key: km.Submit, help: "export", run: p.start, on: at(exportPath), group: "Export"},
		{key: km.NextField, help: "next box", run: p.switchBox, on: at(exportPath)},
		{key: km.PrevField, help: "previous box", run: p.switchBox, on: at(exportPath), more: true},
		{key: km.AllProps, help: allHelp, run: p.toggleAll, on: at(exportPath)},
		{key: km.Cancel, help: "back", run: func() tea.Cmd { p.pop(); return nil }, on: at(exportPath)},
		{key: km.Cancel, help: "stop", run: p.askStop, on: at(exportRunning)},
	}
}

// switchBox moves the focus between the file box and the properties box.
func (p *exportPane) switchBox() tea.Cmd {
	p.onProps = !p.onProps
	if p.onProps {
		p.input.Blur()
		p.propsIn.Focus()
		p.propsIn.CursorEnd()
	} else {
		p.propsIn.Blur()
		p.input.Focus()
	}
	p.showFocus()
	return nil
}

// showFocus draws the focused box's name in the header's style.
func (p *exportPane) showFocus() {
	on, off := p.env.theme.Header, lipgloss.NewStyle()
	p.input.PromptStyle, p.propsIn.PromptStyle = on, off
	if p.onProps {
		p.input.PromptStyle, p.propsIn.PromptStyle = off, on
	}
}

// allProps: the box asks for every property.
func (p *exportPane) allProps() bool {
	return strings.EqualFold(strings.TrimSpace(p.propsIn.Value()), "all")
}

// toggleAll puts "all" in the properties box, or the list's columns back.
func (p *exportPane) toggleAll() tea.Cmd {
	if p.allProps() {
		p.propsIn.SetValue(strings.Join(p.columns, ", "))
	} else {
		p.propsIn.SetValue("all")
	}
	p.propsIn.CursorEnd()
	return nil
}

// chosen reads the properties box as export --properties reads its value: names or labels
// separated by commas, or "all". With nothing typed, the list's columns.
func (p *exportPane) chosen() ([]string, error) {
	var names []string
	for _, n := range strings.Split(p.propsIn.Value(), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 || slices.Equal(names, p.columns) {
		return p.columns, nil
	}
	return bulk.ResolveProperties(p.defs, names)
}

func (p *exportPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.fit(w)
	p.propsIn.Width = p.input.Width
}

func (p *exportPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p.heard(msg, p.stage == exportRunning)
	return p, nil
}

// start streams the contacts into the file, as a job.
func (p *exportPane) start() tea.Cmd {
	path := fullPath(strings.TrimSpace(p.input.Value()))
	if path == "" {
		return notice("Type the name of the file to write")
	}
	if p.defs == nil && p.customProps() {
		return p.loadDefs(p.start)
	}
	props, err := p.chosen()
	if err != nil {
		if !p.onProps {
			p.switchBox()
		}
		return notice("Properties: " + err.Error())
	}
	p.props = props
	hub := p.env.hub
	opts := bulk.ExportOptions{Properties: p.props, IDs: p.ids, Format: formatFor(path), Count: p.ids == nil,
		Groups: p.from.groups, Query: p.from.text}
	j, cmd := startJob(&p.paneBase, &p.prog, func(ctx context.Context, m *bulk.Meter) (int, error) {
		opts.Meter = m
		n := 0
		err := bulk.WriteFileAtomic(path, func(w io.Writer) error {
			var err error
			n, err = bulk.Export(ctx, hub, w, opts)
			return err
		})
		return n, err
	}, p.done)
	p.job, p.path, p.stage, p.err = j, path, exportRunning, nil
	return cmd
}

// customProps: the box holds something other than the list's columns.
func (p *exportPane) customProps() bool {
	props, err := p.chosen()
	return err != nil || !slices.Equal(props, p.columns)
}

// fullPath is path with ~/ expanded, made absolute ("" stays ""), so the pane can say where the
// file went.
func fullPath(path string) string {
	path = expandHome(path)
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// formatFor is JSON for a .json file, else CSV.
func formatFor(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return bulk.FormatJSON
	}
	return bulk.FormatCSV
}

func (p *exportPane) askStop() tea.Cmd {
	p.ask(p.job.stopQuestion("Stop the export", "Stop writing "+filepath.Base(p.path)+"?",
		"The file is not written: it appears only once complete."))
	return nil
}

// done takes the job's outcome.
func (p *exportPane) done(n int, err error) tea.Cmd {
	p.stage, p.err, p.n = exportDone, err, n
	if err != nil {
		return fail(err)
	}
	return notice("Exported " + count(p.n, "contact", "contacts") + " to " + p.path)
}

func (p *exportPane) View() string {
	t := p.env.theme
	var b strings.Builder
	b.WriteString(t.Header.Render("Export "+p.what) + "\n")
	b.WriteString(t.Dim.Render("CSV, or JSON when the name ends in .json; the file appears once complete.") + "\n\n")
	if p.stage == exportPath {
		b.WriteString(p.input.View() + "\n")
		b.WriteString(p.note(sanitize.Display(fullPath(strings.TrimSpace(p.input.Value())))) + "\n")
		b.WriteString(p.propsIn.View() + "\n")
		b.WriteString(p.note(p.propsNote()) + "\n")
		return b.String()
	}
	b.WriteString("  " + sanitize.Display(p.path) + "\n\n")
	b.WriteString("  " + p.bar.ViewAs(p.prog.Fraction()) + "\n\n")
	b.WriteString("  " + progressLine(p.prog, "contacts") + "\n")
	b.WriteString("  " + waitLine(p.prog) + "\n")
	switch {
	case p.stage == exportDone && p.err != nil:
		b.WriteString("\n" + t.Error.Render("Not written: "+errorText("", p.err)) + "\n")
	case p.stage == exportDone:
		b.WriteString("\n" + t.Label.Render("Wrote "+count(p.n, "contact", "contacts")+" to") + "\n")
		wrapped := ansi.Hardwrap(sanitize.Display(p.path), max(10, p.width-2), true)
		b.WriteString("  " + strings.ReplaceAll(wrapped, "\n", "\n  ") + "\n")
	}
	return b.String()
}

// note is a dim line under a box, lined up with its text.
func (p *exportPane) note(s string) string {
	room := max(10, p.width-ansi.StringWidth(p.propsIn.Prompt))
	return spaces(ansi.StringWidth(p.propsIn.Prompt)) + p.env.theme.Dim.Render(ansi.Truncate(s, room, "…"))
}

// propsNote says what the properties box holds: the list's columns, every property, how many
// properties, or what is wrong with a name.
func (p *exportPane) propsNote() string {
	props, err := p.chosen()
	switch {
	case p.defs == nil && p.customProps():
		return "names or labels, separated by commas"
	case err != nil:
		return sanitize.Display(err.Error())
	case p.allProps():
		return "every property that is not hidden: " + thousands(len(props))
	case slices.Equal(props, p.columns):
		return "the list's columns"
	}
	return count(len(props), "property", "properties")
}

// Info is the status bar's right side.
func (p *exportPane) Info() string {
	if p.stage == exportPath {
		return p.what
	}
	return thousands(p.prog.Done) + " exported"
}
