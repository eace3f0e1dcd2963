package ui

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// importPane imports a CSV file: a path, then a preview of the mapping and of the first rows
// (nothing written yet; rows that would be refused say why), then, on ctrl+s and a yes, the
// upsert in batches of 100 with a progress bar, records per second and the rate-limit waits,
// and at the end the counts and the failures file, ready to fix and import again. A column
// whose header names no property (or several) is asked about first: enter picks its property
// by label, or skips it, as --map does on the command line (import_map.go).
type importPane struct {
	paneBase
	fileJob
	stage   importStage
	reading call
	loadErr error // why the file could not be imported (shown under the path)
	path    string
	plan    *bulk.Plan
	out     *importOutcome
	columnMap
}

type importStage int

const (
	importPath importStage = iota
	importLoading
	importMapping // a column needs a choice
	importPreview
	importRunning
	importDone
)

// importOutcome is a finished import.
type importOutcome struct {
	sum       bulk.Summary
	fails     []bulk.Result // the first failures, to show
	failCount int
	failPath  string
	failErr   error // writing the failures file failed
	written   []string
}

// Preview sizes.
const (
	importPreviewRows = 5
	importReasons     = 5
)

func newImportPane(e *env) *importPane {
	p := &importPane{paneBase: newPaneBase(e), fileJob: newFileJob()}
	p.input.Placeholder = "contacts.csv"
	return p
}

func (p *importPane) Init() tea.Cmd { return nil }

func (p *importPane) Title() string { return "Import CSV" }

// Capturing: the path box takes every key while it is shown; while the import runs, esc asks
// to stop it (rather than closing the pane on a running job).
func (p *importPane) Capturing() bool { return p.stage == importPath || p.stage == importRunning }

// Unsaved: quitting during an import asks first (rows would be left unwritten).
func (p *importPane) Unsaved() bool { return p.stage == importRunning }

func (p *importPane) typing() bool { return p.stage == importPath }

func (p *importPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) { return p.typeFile(k) }

func (p *importPane) keys() []binding {
	km := p.env.keys
	at := func(st importStage) func() bool { return func() bool { return p.stage == st } }
	mapping := func() bool { return p.stage == importMapping || p.stage == importPreview }
	return []binding{
		{key: km.Submit, help: "read the file", run: p.load, on: at(importPath), group: "Import"},
		{key: km.Cancel, help: "back", run: func() tea.Cmd { p.pop(); return nil }, on: at(importPath)},
		{key: km.Save, help: "import", run: p.askStart, on: at(importPreview)},
		{key: km.Open, help: "choose the column's property", run: p.chooseProperty, on: mapping},
		{key: km.Down, help: "next column", run: func() tea.Cmd { p.moveColumn(1); return nil }, on: mapping},
		{key: km.Up, help: "previous column", run: func() tea.Cmd { p.moveColumn(-1); return nil }, on: mapping, more: true},
		{key: km.Cancel, help: "stop", run: p.askStop, on: at(importRunning)},
	}
}

func (p *importPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.fit(w)
}

func (p *importPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p.heard(msg, p.stage == importRunning)
	return p, nil
}

// load reads, maps and checks the file the path box names (nothing is written).
func (p *importPane) load() tea.Cmd {
	path := expandHome(strings.TrimSpace(p.input.Value()))
	if path == "" {
		return notice("Type the path of a CSV file")
	}
	if path != p.path {
		p.columnMap = columnMap{}
	}
	p.path, p.stage, p.loadErr = path, importLoading, nil
	return p.prepare()
}

// prepare reads, maps (with the columns' choices) and checks the file off the UI goroutine.
func (p *importPane) prepare() tea.Cmd {
	hub, loc, path := p.env.hub, p.env.loc, p.path // dates and times the file writes without a zone are the user's, as in the form
	choices := maps.Clone(p.choices)
	return request(&p.paneBase, &p.reading, "Reading "+filepath.Base(path), func(ctx context.Context) (prepared, error) {
		props, err := hub.Properties(ctx, api.ObjectContacts)
		if err != nil {
			return prepared{}, err
		}
		src, err := bulk.File(path)
		if err != nil {
			return prepared{}, err
		}
		plan, err := bulk.Prepare(ctx, hub, src, bulk.MapOptions{Loc: loc, Map: choices})
		var me *bulk.MappingError
		if errors.As(err, &me) {
			return prepared{props: props, unmapped: me}, nil // a question for the user, not a failure
		}
		return prepared{plan: plan, props: props}, err
	}, p.loaded)
}

// prepared is a file read and checked, or a header that does not map yet, and the properties
// it was mapped onto.
type prepared struct {
	plan     *bulk.Plan
	unmapped *bulk.MappingError
	props    []api.Property
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// loaded shows the preview, the columns that need a choice, or the problem under the path.
func (p *importPane) loaded(v prepared, err error) tea.Cmd {
	if v.props != nil {
		p.props = v.props
	}
	switch {
	case err != nil:
		p.stage, p.loadErr = importPath, err
	case v.unmapped != nil:
		p.stage, p.plan = importMapping, nil
		p.mapped(v.unmapped.Columns, v.unmapped.Others)
	default:
		p.plan, p.stage = v.plan, importPreview
		p.mapped(v.plan.Mapping.Columns, nil)
	}
	return nil
}

// askStart confirms the import; a read-only run refuses it.
func (p *importPane) askStart() tea.Cmd {
	n := p.plan.Valid
	if n == 0 {
		return notice("No row can be imported: every one is refused (see why above)")
	}
	details := []string{"Each row updates the contact with its " + p.plan.Mapping.Key.Name + ", or creates one. Empty cells change nothing."}
	if r := p.plan.Refused; r > 0 {
		details = append(details, count(r, "refused row goes", "refused rows go")+" to "+filepath.Base(bulk.FailuresPath(p.path))+" with the reason.")
	}
	p.ask(question{
		title:   "Import contacts",
		text:    "Write " + count(n, "row", "rows") + " of " + filepath.Base(p.path) + " to HubSpot?",
		details: details,
		answers: []answer{{does: "import", run: p.start}}, // starts only on yes
	})
	return nil
}

// start runs the upsert as a job; the failures file is written when it ends.
func (p *importPane) start() tea.Cmd {
	hub := p.env.hub
	plan, path := p.plan, p.path
	j, cmd := startJob(&p.paneBase, &p.prog, func(ctx context.Context, m *bulk.Meter) (*importOutcome, error) {
		return runImport(ctx, hub, plan, path, m)
	}, p.done)
	p.job, p.stage, p.prog = j, importRunning, bulk.Progress{Total: plan.Rows()}
	return cmd
}

// runImport upserts the plan, writing the failures file beside the input as it goes (it is
// created first: a place it cannot be written stops the import before it starts).
func runImport(ctx context.Context, hub Backend, plan *bulk.Plan, path string, m *bulk.Meter) (*importOutcome, error) {
	fails, err := bulk.CreateFailures(bulk.FailuresPath(path), plan.Source())
	if err != nil {
		return &importOutcome{sum: bulk.Summary{Err: err}}, err
	}
	defer fails.Discard()
	out := &importOutcome{}
	out.sum = bulk.Upsert(ctx, hub, plan, bulk.RunOptions{Meter: m, OnResult: func(r bulk.Result) {
		if r.Outcome != bulk.Failed {
			out.written = append(out.written, r.ID)
			return
		}
		out.failCount++
		if len(out.fails) < importReasons {
			out.fails = append(out.fails, r)
		}
		if out.failErr == nil {
			out.failErr = fails.Add(plan, r)
		}
	}})
	if out.failErr == nil {
		var kept bool
		if kept, out.failErr = fails.Close(); kept {
			out.failPath = fails.Path()
		}
	}
	return out, out.sum.Err
}

// askStop offers to stop a running import.
func (p *importPane) askStop() tea.Cmd {
	p.ask(p.job.stopQuestion("Stop the import", "Stop importing "+filepath.Base(p.path)+"?",
		"Rows already written stay written; the others go to the failures file, and importing them again is safe."))
	return nil
}

// done takes the job's outcome.
func (p *importPane) done(out *importOutcome, err error) tea.Cmd {
	p.stage, p.out = importDone, out
	cmds := []tea.Cmd{notice(p.doneText())}
	if len(p.out.written) > 0 {
		ids := p.out.written
		cmds = append(cmds, func() tea.Msg { return changedMsg{updated: ids} })
	}
	if err != nil {
		cmds = append(cmds, fail(err))
	}
	return tea.Batch(cmds...)
}

func (p *importPane) doneText() string {
	s := p.out.sum
	return "Import done: created " + thousands(s.Created) + ", updated " + thousands(s.Updated) + ", failed " + thousands(s.Failed)
}

func (p *importPane) View() string {
	switch p.stage {
	case importMapping:
		return p.mappingView()
	case importPreview:
		return p.previewView()
	case importRunning, importDone:
		return p.runView()
	}
	return p.pathView()
}

func (p *importPane) pathView() string {
	t := p.env.theme
	var b strings.Builder
	b.WriteString(t.Header.Render("Import contacts from a CSV file") + "\n")
	b.WriteString(t.Dim.Render("The first line names the columns (property names or labels); email is the key.") + "\n\n")
	b.WriteString(p.input.View() + "\n")
	if p.stage == importLoading {
		b.WriteString("\n" + t.Dim.Render("Reading and checking the file; nothing is written yet…"))
	}
	if p.loadErr != nil {
		b.WriteString("\n" + p.problemText(p.loadErr))
	}
	return b.String()
}

// problemText lists a file's problems, one a line, or an error's text.
func (p *importPane) problemText(err error) string {
	t := p.env.theme
	var fe *bulk.FileError
	var lines []string
	switch {
	case errors.As(err, &fe):
		lines = append(lines, "The file is malformed; nothing was written:")
		for _, pr := range fe.Problems {
			lines = append(lines, "  "+pr.String())
		}
	default:
		lines = append(lines, errorText("", err))
	}
	for i, l := range lines {
		lines[i] = t.Error.Render(ansi.Truncate(sanitize.Display(l), max(10, p.width-2), "…"))
	}
	return strings.Join(lines, "\n")
}

// previewView: the mapping, the first rows as they would be written, the refused rows.
func (p *importPane) previewView() string {
	t, pl := p.env.theme, p.plan
	var b strings.Builder
	b.WriteString(t.Header.Render(sanitize.Display(filepath.Base(p.path))) + t.Dim.Render("  "+count(pl.Rows(), "row", "rows")+" · key: "+pl.Mapping.Key.Name+" · nothing written yet") + "\n\n")
	b.WriteString(p.columnsView(t, p.width))
	b.WriteString("\n" + t.Label.Render("First rows, as they would be written:") + "\n")
	for _, r := range pl.Preview(importPreviewRows).Rows {
		vals := make([]string, len(r.Values))
		for i, v := range r.Values {
			vals[i] = sanitize.Display(v)
		}
		l := "  line " + itoa(r.Line) + ": " + strings.Join(vals, " | ")
		if r.Problem != "" {
			l += t.Error.Render("  refused")
		}
		b.WriteString(p.line(l))
	}
	b.WriteString(p.refusedView())
	return b.String()
}

func (p *importPane) refusedView() string {
	t, rej, n := p.env.theme, p.plan.Refusals, p.plan.Refused
	if n == 0 {
		return "\n" + t.Dim.Render("Every row passes the checks.") + "\n"
	}
	s := "\n" + t.Error.Render(count(n, "row is", "rows are")+" refused before sending:") + "\n"
	for i, r := range rej {
		if i == importReasons {
			s += p.line(t.Dim.Render("  … and " + thousands(n-i) + " more (all go to the failures file)"))
			break
		}
		s += p.line("  line " + itoa(r.Line) + ": " + sanitize.Display(r.Reason()))
	}
	return s
}

// line cuts s to the pane's width and ends it.
func (p *importPane) line(s string) string { return ansi.Truncate(s, max(10, p.width), "…") + "\n" }

// runView: the bar, the counts and rate, the waits; at the end, the failures.
func (p *importPane) runView() string {
	t := p.env.theme
	var b strings.Builder
	title := "Importing " + sanitize.Display(filepath.Base(p.path))
	if p.stage == importDone {
		title = "Imported " + sanitize.Display(filepath.Base(p.path))
	}
	b.WriteString(t.Header.Render(title) + "\n\n")
	b.WriteString("  " + p.bar.ViewAs(p.prog.Fraction()) + "\n\n")
	b.WriteString(p.line("  " + progressLine(p.prog, "rows")))
	b.WriteString(p.line("  " + waitLine(p.prog)))
	if p.stage == importDone {
		b.WriteString(p.doneView())
	}
	return b.String()
}

func (p *importPane) doneView() string {
	t, o := p.env.theme, p.out
	s := "\n" + p.line(t.Label.Render(p.doneText()))
	if o.sum.Err != nil {
		s += p.line(t.Error.Render("Stopped: " + errorText("", o.sum.Err)))
	}
	if o.failCount == 0 {
		return s
	}
	if o.failErr != nil {
		s += p.line(t.Error.Render(errorText("", o.failErr)))
	} else {
		s += p.line("Failed rows, with the reasons, are in" + t.Dim.Render(" (fix them and import that file):"))
		s += "  " + ansi.TruncateLeft(sanitize.Display(o.failPath), max(0, ansi.StringWidth(sanitize.Display(o.failPath))-p.width+4), "…") + "\n"
	}
	for _, f := range o.fails {
		s += p.line("  line " + itoa(f.Line) + ": " + sanitize.Display(f.Reason))
	}
	if more := o.failCount - len(o.fails); more > 0 {
		s += p.line(t.Dim.Render("  … and " + thousands(more) + " more"))
	}
	return s
}

// Info is the status bar's right side.
func (p *importPane) Info() string {
	switch p.stage {
	case importPreview:
		return thousands(p.plan.Valid) + " to write · " + thousands(p.plan.Refused) + " refused"
	case importMapping:
		return p.mappingInfo()
	case importRunning, importDone:
		return thousands(int(p.prog.Fraction()*100)) + "%"
	}
	return ""
}
