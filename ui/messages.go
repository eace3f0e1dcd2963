package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
)

// Messages panes send to the root. Panes never reach into the root: they return commands that
// produce these.

// openMsg pushes a pane on the stack.
type openMsg struct{ pane Pane }

// backMsg pops the top pane (esc).
type backMsg struct{}

// noticeMsg shows a short-lived line in the status bar ("Copied ada@example.com").
type noticeMsg struct{ text string }

// errMsg shows an error line until the next key.
type errMsg struct{ err error }

// startedMsg tells the root a request is in flight (the spinner runs while any is).
type startedMsg struct {
	req   int64
	label string
}

// resultMsg carries one request's answer back to the pane that asked. The root counts it as
// finished, shows its error, and hands it to the pane whose id it carries; the pane drops it
// unless req is its latest request for that purpose.
type resultMsg struct {
	pane  int
	req   int64
	label string
	value any
	err   error
}

// open is a command that pushes p. From a pane's Update prefer p.push (paneBase): it applies
// before the next key is read, where a command runs a moment later and a key typed in between
// still reaches the pane below.
func open(p Pane) tea.Cmd { return func() tea.Msg { return openMsg{p} } }

// back is a command that pops the top pane; from a pane's Update prefer p.pop.
func back() tea.Msg { return backMsg{} }

func notice(text string) tea.Cmd { return func() tea.Msg { return noticeMsg{text} } }

func fail(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

// request runs fn off the UI goroutine on behalf of a pane. It returns the request's id (keep it
// to recognise the answer) and a command that first reports the request in flight, then runs fn
// and delivers a resultMsg. label says what is happening ("Loading contacts").
func request[T any](e *env, pane int, label string, fn func(context.Context) (T, error)) (int64, tea.Cmd) {
	req := int64(e.nextID())
	start := func() tea.Msg { return startedMsg{req: req, label: label} }
	run := func() tea.Msg {
		v, err := fn(e.ctx)
		return resultMsg{pane: pane, req: req, label: label, value: v, err: err}
	}
	return req, tea.Sequence(start, run)
}
