package ui

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// exportPane writes contacts to a file: the marked ones (or the ones a find shows), else every
// contact. It asks for the file (CSV, or JSON when the name ends in .json), then streams the
// contacts into it page by page with a progress bar; the file appears only once complete.
type exportPane struct {
	paneBase
	input textinput.Model
	ids   []string // the contacts to export; nil for all of them
	what  string   // "3 marked contacts", "every contact"
	props []string
	stage exportStage
	job   *job
	prog  bulk.Progress
	waits []api.Wait
	bar   progress.Model
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
	in := newFileBox()
	in.SetValue("contacts-" + e.now().In(e.loc).Format("20060102-150405") + ".csv")
	in.CursorEnd()
	return &exportPane{paneBase: newPaneBase(e), input: in, ids: ids, what: what, props: props, bar: newBar(40)}
}

func (p *exportPane) Init() tea.Cmd { return nil }

func (p *exportPane) Title() string { return "Export" }

// Capturing: the file box takes every key; while the export runs, esc asks to stop it.
func (p *exportPane) Capturing() bool { return p.stage != exportDone }

func (p *exportPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.input.Width = max(10, w-10)
	p.bar.Width = max(10, w-4)
}

func (p *exportPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p, p.key(msg)
	case jobEvent:
		return p, p.event(msg)
	case waitMsg:
		if p.stage == exportRunning {
			p.waits = append(p.waits, msg.w)
		}
	}
	return p, nil
}

func (p *exportPane) key(k tea.KeyMsg) tea.Cmd {
	switch {
	case p.stage == exportRunning && k.Type == tea.KeyEsc:
		p.askStop()
		return nil
	case p.stage == exportRunning:
		return nil
	case k.Type == tea.KeyEsc:
		p.pop()
		return nil
	case p.stage == exportPath && k.Type == tea.KeyEnter:
		return p.start()
	case p.stage == exportPath:
		k, ok := cleanKey(k)
		if !ok {
			return nil
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(k)
		return cmd
	}
	return nil
}

// start streams the contacts into the file, as a job.
func (p *exportPane) start() tea.Cmd {
	path := expandHome(strings.TrimSpace(p.input.Value()))
	if path == "" {
		return notice("Type the name of the file to write")
	}
	hub, err := p.env.bulkHub()
	if err != nil {
		return fail(err)
	}
	opts := bulk.ExportOptions{Properties: p.props, IDs: p.ids, Format: formatFor(path), Count: p.ids == nil}
	j, cmd := startJob(p.env, p.id, func(ctx context.Context, m *bulk.Meter) (any, error) {
		opts.Meter = m
		n := 0
		err := bulk.WriteFileAtomic(path, func(w io.Writer) error {
			var err error
			n, err = bulk.Export(ctx, hub, w, opts)
			return err
		})
		return n, err
	})
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

func (p *exportPane) askStop() {
	p.ask(p.job.stopConfirm("Stop the export", "Stop writing "+filepath.Base(p.path)+"?",
		"The file is not written: it appears only once complete."))
}

// event takes the job's progress, and its outcome at the end.
func (p *exportPane) event(ev jobEvent) tea.Cmd {
	if cmd, done := p.job.progressed(ev, p.id, &p.prog); !done {
		return cmd
	}
	p.stage, p.err = exportDone, ev.err
	p.n, _ = ev.value.(int)
	if ev.err != nil {
		return fail(ev.err)
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

func (p *exportPane) ShortHelp() []key.Binding {
	switch p.stage {
	case exportPath:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "export")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
	case exportRunning:
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop"))}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

func (p *exportPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
