package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// What the bulk panes (paste.go, import.go, export.go) share: a job running off the UI
// goroutine that streams its progress, the file box and the progress bar.

// job is a long bulk task (import, export) running off the UI goroutine. Its progress reaches
// the pane through a channel the pane listens on, one event at a time; the last event carries
// the outcome. Progress events are dropped when the pane is behind; the outcome never is.
type job struct {
	pane   int
	events chan jobEvent
	cancel context.CancelFunc
	meter  *bulk.Meter // the job's progress; it hears the API layer's waits while the job runs
}

// jobEvent is what a running job sends the pane: progress, then (last) its outcome.
type jobEvent struct {
	progress bulk.Progress
	outcome  func() tea.Cmd // the last event: the job's continuation
}

// startJob runs fn with a meter whose every change reaches the pane's prog, then then(value, err)
// in the pane. It returns the job and the command that starts it and listens (in that order:
// the listener waits on fn).
func startJob[T any](p *paneBase, prog *bulk.Progress, fn func(ctx context.Context, m *bulk.Meter) (T, error), then func(T, error) tea.Cmd) (*job, tea.Cmd) {
	e := p.env
	ctx, cancel := context.WithCancel(e.ctx)
	meter := bulk.NewMeter(e.now)
	j := &job{pane: p.id, events: make(chan jobEvent, 16), cancel: cancel, meter: meter}
	meter.Notify(func(pr bulk.Progress) {
		select {
		case j.events <- jobEvent{progress: pr}:
		default:
		}
	})
	start := func() tea.Msg {
		go func() {
			v, err := fn(ctx, meter)
			j.finish(jobEvent{progress: meter.Snapshot(), outcome: func() tea.Cmd { return then(v, err) }})
			cancel()
		}()
		return nil
	}
	return j, tea.Sequence(start, j.listen(prog))
}

// finish sends the outcome. Progress events still queued are dropped first (the outcome
// supersedes them), so the send never blocks, even when nobody listens any more.
func (j *job) finish(ev jobEvent) {
	for {
		select {
		case <-j.events:
			continue
		default:
		}
		break
	}
	j.events <- ev
}

// listen waits for the job's next event: its progress goes into prog, its outcome to the pane.
func (j *job) listen(prog *bulk.Progress) tea.Cmd {
	return func() tea.Msg {
		ev := <-j.events
		return paneMsg{pane: j.pane, then: func() tea.Cmd {
			*prog = ev.progress
			if ev.outcome != nil {
				return ev.outcome()
			}
			return j.listen(prog)
		}}
	}
}

// newBar is the progress bar of the import and export panes: plain characters, so it reads
// without colour.
func newBar(width int) progress.Model {
	bar := progress.New(progress.WithoutPercentage(), progress.WithWidth(max(10, width)))
	bar.Full, bar.Empty = '█', '░'
	return bar
}

// progressLine is "4,300 of 10,000 rows · 812/s · created 2,100 · updated 2,190 · failed 10".
func progressLine(p bulk.Progress, unit string) string {
	s := thousands(p.Done) + " " + unit
	if p.Total > 0 {
		s = thousands(p.Done) + " of " + thousands(p.Total) + " " + unit
	}
	s += " · " + thousands(int(p.PerSecond()+0.5)) + "/s"
	if p.Created+p.Updated+p.Failed > 0 {
		s += " · created " + thousands(p.Created) + " · updated " + thousands(p.Updated) + " · failed " + thousands(p.Failed)
	}
	return s
}

// waitLine says how long HubSpot's limits held the job up, and the latest wait: the meter's
// figures, which count the time once however many requests waited together (the sum of the
// waits said 202 s three seconds into an import with 100 requests in flight).
func waitLine(p bulk.Progress) string {
	if p.Waits == 0 {
		return "No waits for HubSpot's rate limit so far"
	}
	return "Rate-limit waits: " + itoa(p.Waits) + " (" + durationText(int64(p.Waited)) + ") · latest: " + sanitize.Display(p.Wait.String())
}

func durationText(ns int64) string {
	secs := (ns + 5e8) / 1e9
	if secs < 1 {
		return "under 1 s"
	}
	return itoa64(secs) + " s"
}

// bulletList shows up to n items joined by ", ", then "… and N more".
func bulletList(items []string, n int) string {
	shown := items
	if len(shown) > n {
		shown = shown[:n]
	}
	clean := make([]string, len(shown))
	for i, s := range shown {
		clean[i] = sanitize.Display(s)
	}
	s := strings.Join(clean, ", ")
	if more := len(items) - len(shown); more > 0 {
		s += " … and " + thousands(more) + " more"
	}
	return s
}

// The list's : (many emails), i (import) and x (export the marked contacts, or every contact
// when none is marked).
func (l *listPane) pasteMany() tea.Cmd {
	l.push(newPastePane(l.env))
	return nil
}

func (l *listPane) importCSV() tea.Cmd {
	l.push(newImportPane(l.env))
	return nil
}

func (l *listPane) export() tea.Cmd {
	l.push(l.exportPane())
	return nil
}

func (l *listPane) exportPane() *exportPane {
	marked := l.marked()
	if len(marked) == 0 && !l.scope.empty() {
		return newExportPane(l.env, nil, "the view “"+l.view.Name+"”: "+count(l.total, "contact", "contacts"), l.cols.exported()).of(l.scope)
	}
	if len(marked) == 0 {
		return newExportPane(l.env, nil, "every contact", l.cols.exported())
	}
	ids := make([]string, len(marked))
	for i, m := range marked {
		ids[i] = m.id
	}
	return newExportPane(l.env, ids, count(len(ids), "marked contact", "marked contacts"), l.cols.exported())
}

// export writes what find found (ctrl+x there: x is text in the box): everything a filter
// finds, or the matches (never the close ones), and says how many.
func (f *findPane) export() tea.Cmd {
	switch {
	case f.bad != nil:
		return notice(f.bad.Error())
	case f.query.HasTerms() && !f.searched:
		return notice("Wait for HubSpot's answer to the filter, then export")
	case f.query.HasTerms():
		f.push(newExportPane(f.env, nil, count(f.total, "contact the filter finds", "contacts the filter finds"), f.cols.exported()).of(f.scope.and(f.query)))
		return nil
	case f.text == "" && f.scope.empty():
		f.push(newExportPane(f.env, nil, "every contact", f.cols.exported()))
		return nil
	case f.text == "":
		f.push(newExportPane(f.env, nil, "the view's contacts", f.cols.exported()).of(f.scope))
		return nil
	}
	what := count(f.matches, "match", "matches")
	if f.close > 0 {
		what += " (" + thousands(f.close) + " close left out)"
	}
	f.push(newExportPane(f.env, f.matchIDs(), what, f.cols.exported()))
	return nil
}

// cleanKey makes typed or pasted text safe for a text box: escape sequences, controls, bidi and
// invisible characters go (a box shows what it holds as it is). ok is false when nothing is left.
func cleanKey(k tea.KeyMsg) (tea.KeyMsg, bool) {
	if k.Type != tea.KeyRunes {
		return k, true
	}
	k.Runes = []rune(sanitize.Display(string(k.Runes)))
	return k, len(k.Runes) > 0
}

// fileJob is what the export and import panes share: the file box, then the job with its
// progress bar and the rate-limit waits it met.
type fileJob struct {
	input textinput.Model
	job   *job
	prog  bulk.Progress
	bar   progress.Model
}

func newFileJob() fileJob {
	in := textinput.New()
	in.Prompt = "File: "
	in.CharLimit = 4096
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing re-renders while idle
	in.Focus()
	return fileJob{input: in, bar: newBar(40)}
}

// fit lays the box and the bar out across width w.
func (f *fileJob) fit(w int) {
	f.input.Width = max(10, w-10)
	f.bar.Width = max(10, w-4)
}

// typeFile gives a key to the file box.
func (f *fileJob) typeFile(k tea.KeyMsg) (tea.Cmd, bool) { return typeBox(&f.input, k) }

// typeBox gives a key to a box, made safe first (cleanKey).
func typeBox(in *textinput.Model, k tea.KeyMsg) (tea.Cmd, bool) {
	k, ok := cleanKey(k)
	if !ok {
		return nil, true
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(k)
	return cmd, true
}

// heard gives a wait of the API layer to the job's meter while the job runs.
func (f *fileJob) heard(msg tea.Msg, running bool) {
	if w, ok := msg.(waitMsg); ok && running && f.job != nil {
		f.job.meter.OnWait(w.w)
	}
}

// stopQuestion asks whether to stop the running job j (text, with one line of detail).
func (j *job) stopQuestion(title, text, detail string) question {
	return question{title: title, text: text, details: []string{detail},
		answers: []answer{{does: "stop", run: func() tea.Cmd { j.cancel(); return nil }}}}
}
