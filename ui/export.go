package ui

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// exportPane writes contacts to a file: the marked ones (or the ones a find shows), else every
// contact. It asks for the file (CSV, or JSON when the name ends in .json), then streams the
// contacts into it page by page with a progress bar; the file appears only once complete.
type exportPane struct {
	paneBase
	fileJob
	ids   []string // the contacts to export; nil for all of them (or the search's)
	from  scope    // with ids nil: a search's contacts (a view, a filter); empty for all
	what  string   // "3 marked contacts", "every contact"
	props []string
	stage exportStage
	path  string
	n     int
	err   error
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
	p := &exportPane{paneBase: newPaneBase(e), fileJob: newFileJob(), ids: ids, what: what, props: props}
	p.input.SetValue("contacts-" + e.now().In(e.loc).Format("20060102-150405") + ".csv")
	p.input.CursorEnd()
	return p
}

// of exports what a search finds (a view's or a filter's contacts) instead of every contact.
func (p *exportPane) of(s scope) *exportPane {
	p.from = s
	return p
}

func (p *exportPane) Init() tea.Cmd { return nil }

func (p *exportPane) Title() string { return "Export" }

// Capturing: the file box takes every key; while the export runs, esc asks to stop it.
func (p *exportPane) Capturing() bool { return p.stage != exportDone }

func (p *exportPane) typing() bool { return p.stage == exportPath }

func (p *exportPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) { return p.typeFile(k) }

func (p *exportPane) keys() []binding {
	km := p.env.keys
	at := func(st exportStage) func() bool { return func() bool { return p.stage == st } }
	return []binding{
		{key: km.Submit, help: "export", run: p.start, on: at(exportPath), group: "Export"},
		{key: km.Cancel, help: "back", run: func() tea.Cmd { p.pop(); return nil }, on: at(exportPath)},
		{key: km.Cancel, help: "stop", run: p.askStop, on: at(exportRunning)},
	}
}

func (p *exportPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.fit(w)
}

func (p *exportPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p.heard(msg, p.stage == exportRunning)
	return p, nil
}

// start streams the contacts into the file, as a job.
func (p *exportPane) start() tea.Cmd {
	path := expandHome(strings.TrimSpace(p.input.Value()))
	if path == "" {
		return notice("Type the name of the file to write")
	}
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
	p.job, p.path, p.stage, p.waits, p.err = j, path, exportRunning, nil, nil
	return cmd
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
		return b.String()
	}
	b.WriteString("  " + sanitize.Display(p.path) + "\n\n")
	b.WriteString("  " + p.bar.ViewAs(p.prog.Fraction()) + "\n\n")
	b.WriteString("  " + progressLine(p.prog, "contacts") + "\n")
	b.WriteString("  " + waitLine(p.waits) + "\n")
	switch {
	case p.stage == exportDone && p.err != nil:
		b.WriteString("\n" + t.Error.Render("Not written: "+errorText("", p.err)) + "\n")
	case p.stage == exportDone:
		b.WriteString("\n" + t.Label.Render("Wrote "+count(p.n, "contact", "contacts")+" to "+sanitize.Display(p.path)) + "\n")
	}
	return b.String()
}

// Info is the status bar's right side.
func (p *exportPane) Info() string {
	if p.stage == exportPath {
		return p.what
	}
	return thousands(p.prog.Done) + " exported"
}
