package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// status is the status bar: a spinner while any request is in flight, a notice or an error
// until the next key, and HubSpot's rate-limit waits. It learns of all of these by messages,
// never by polling, and the spinner ticks only while something is in flight. Work in flight
// never hides a notice or an error: while one is up, the spinner shows in the header instead.
type status struct {
	theme    *Theme
	spin     spinner.Model
	inflight map[int64]string // request id → label
	order    []int64          // request ids, oldest first, to show the newest label
	notice   string
	err      string
	wait     string
	waitID   int
	seq      int
	after    func(time.Duration, func(time.Time) tea.Msg) tea.Cmd // tea.Tick
}

// clearWaitMsg ends a wait line, if it is still the same one.
type clearWaitMsg struct{ id int }

// waitMsg is a wait of the API layer (rate limit, retry backoff), relayed from api.Config.OnWait.
type waitMsg struct{ w api.Wait }

func newStatus(t *Theme, after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd) status {
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	if t.Mono {
		sp.Spinner = spinner.Line
	}
	if after == nil {
		after = tea.Tick
	}
	return status{theme: t, spin: sp, inflight: make(map[int64]string), after: after}
}

// busy reports whether any request is in flight.
func (s *status) busy() bool { return len(s.inflight) > 0 }

// started records a request in flight; the returned command starts the spinner if it was idle.
func (s *status) started(m startedMsg) tea.Cmd {
	wasIdle := !s.busy()
	s.inflight[m.req] = m.label
	s.order = append(s.order, m.req)
	if wasIdle {
		return s.spin.Tick
	}
	return nil
}

// finished records a request's end; an error goes to the error line (a cancelled request, one
// superseded by another, says nothing).
func (s *status) finished(m doneMsg) {
	delete(s.inflight, m.req)
	s.order = dropFinished(s.order, s.inflight)
	if m.err != nil {
		if text := errorText(m.label, m.err); text != "" {
			s.err = text
		}
	}
	if !s.busy() {
		s.wait = ""
	}
}

func dropFinished(order []int64, inflight map[int64]string) []int64 {
	out := order[:0]
	for _, id := range order {
		if _, ok := inflight[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// tick advances the spinner while busy and lets it stop when idle.
func (s *status) tick(m spinner.TickMsg) tea.Cmd {
	if !s.busy() {
		return nil
	}
	s.spin, _ = s.spin.Update(m)
	// The next frame comes through after, as every timer of the status does (tests run it on
	// their own clock), not through the spinner's own tick.
	next := s.spin.Tick()
	return s.after(s.spin.Spinner.FPS, func(time.Time) tea.Msg { return next })
}

// setNotice shows text until the next key (a sentence that went by while the user looked
// elsewhere would be lost: "the note is no longer pinned").
func (s *status) setNotice(text string) { s.notice = text }

// setWait shows a wait of the API layer for as long as it lasts.
func (s *status) setWait(m waitMsg) tea.Cmd {
	s.seq++
	s.wait, s.waitID = capitalize(sanitize.Display(m.w.String())), s.seq
	id := s.seq
	return s.after(m.w.Duration, func(time.Time) tea.Msg { return clearWaitMsg{id} })
}

func (s *status) clearWait(m clearWaitMsg) {
	if m.id == s.waitID {
		s.wait = ""
	}
}

// keyPressed clears the error and the notice: each stays until the user acts.
func (s *status) keyPressed() { s.err, s.notice = "", "" }

// view renders the status line at width w, with info (the pane's fact) at the right.
// What the status says comes first: the pane's fact at the right shows only in the room left.
func (s *status) view(w int, info string) string {
	left := ansi.Truncate(s.left(), w, "…")
	right := s.theme.Info.Render(sanitize.Display(info))
	if ansi.StringWidth(left)+ansi.StringWidth(right)+2 > w {
		right = ""
	}
	pad := max(0, w-ansi.StringWidth(left)-ansi.StringWidth(right))
	return left + spaces(pad) + right
}

// left picks the most urgent thing to say: an error, a wait, a notice, work in flight.
func (s *status) left() string {
	t := s.theme
	switch {
	case s.err != "":
		return t.Error.Render("✗ " + s.err)
	case s.wait != "":
		return t.Wait.Render(s.spin.View() + " " + s.wait + "…")
	case s.notice != "":
		return t.Notice.Render(s.notice)
	case s.busy():
		return s.working()
	}
	return ""
}

// working is the spinner and the newest request's label: "⠋ Loading contacts…".
func (s *status) working() string {
	return s.theme.Status.Render(s.spin.View() + " " + s.inflight[s.order[len(s.order)-1]] + "…")
}

// inHeader is the work in flight for the header while the status line says something else
// (an error or a notice it must not hide), or "".
func (s *status) inHeader() string {
	if !s.busy() || s.wait != "" || s.err == "" && s.notice == "" {
		return ""
	}
	return s.working()
}

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
