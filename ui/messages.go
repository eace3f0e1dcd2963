package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
)

// Messages panes send the root. Panes never reach into the root: they return commands that
// produce these.

// noticeMsg shows a short-lived line in the status bar ("Copied ada@example.com").
type noticeMsg struct{ text string }

// errMsg shows an error line until the next key.
type errMsg struct{ err error }

// startedMsg tells the root a request is in flight (the spinner runs while any is).
type startedMsg struct {
	req   int64
	label string
}

// paneMsg runs then in the pane whose id it carries, wherever it is on the stack, on the UI
// goroutine: an answer for that pane (a timer's, a picker's, a job's). It is dropped when the
// pane has closed.
type paneMsg struct {
	pane int
	then func() tea.Cmd
}

func (m paneMsg) target() int { return m.pane }

// doneMsg is a request's answer: the root ends it in the status bar (showing its error), then
// runs its continuation in the pane that asked.
type doneMsg struct {
	paneMsg
	req   int64
	label string
	err   error
	// outlives: the continuation runs even when the pane has closed (its navigation is then
	// ignored), for a write whose aftermath must not depend on the pane staying open.
	outlives bool
}

// targeted is a message for one pane, by id, wherever it sits on the stack.
type targeted interface{ target() int }

// broadcast is a message for every pane on the stack (a contact saved or deleted: the list and
// any detail showing it update).
type broadcast interface{ broadcast() }

func notice(text string) tea.Cmd { return func() tea.Msg { return noticeMsg{text} } }

func fail(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

// tell runs then in pane on the UI goroutine (the pane opened to answer it has closed).
func tell(pane int, then func() tea.Cmd) tea.Cmd {
	return func() tea.Msg { return paneMsg{pane: pane, then: then} }
}

// later runs then in p after d (a pause in typing before a search).
func later(p *paneBase, d time.Duration, then func() tea.Cmd) tea.Cmd {
	id := p.id
	return p.env.after(d, func(time.Time) tea.Msg { return paneMsg{pane: id, then: then} })
}

// call is one kind of request a pane makes (its page, its search, its save): it says whether
// one is in flight, and a request started in a busy call cancels the one before, whose answer is
// then dropped. (A pane checks busy before a write: a write is never superseded.)
type call struct {
	id     int64
	cancel context.CancelFunc
	// outlives: see doneMsg.
	outlives bool
}

// busy reports a request in flight.
func (c *call) busy() bool { return c.id != 0 }

// stop cancels the request in flight, if any; its answer will be dropped.
func (c *call) stop() {
	if c.cancel != nil {
		c.cancel()
	}
	c.id, c.cancel = 0, nil
}

// request runs fn off the UI goroutine on behalf of p, then then(value, err) in p on the UI
// goroutine. label says what is happening ("Loading contacts") while it runs, in the status
// bar, which also shows its error; with no label it runs unseen. c (optional) is the kind of
// request it is: see call.
func request[T any](p *paneBase, c *call, label string, fn func(context.Context) (T, error), then func(T, error) tea.Cmd) tea.Cmd {
	e := p.env
	req := int64(e.nextID())
	ctx, cancel := context.WithCancel(e.ctx)
	if e.offline {
		ctx = api.Once(ctx) // HubSpot is not answering: say so at once (indexsync.go)
	}
	outlives := false
	if c != nil {
		c.stop()
		c.id, c.cancel, outlives = req, cancel, c.outlives
	}
	pane := p.id
	run := func() tea.Msg {
		v, err := fn(ctx)
		cancel()
		cont := func() tea.Cmd {
			if c != nil {
				if c.id != req {
					return nil // superseded
				}
				c.id, c.cancel = 0, nil
			}
			return then(v, err)
		}
		return doneMsg{paneMsg: paneMsg{pane: pane, then: cont}, req: req, label: label, err: err, outlives: outlives}
	}
	if label == "" {
		return run
	}
	start := func() tea.Msg { return startedMsg{req: req, label: label} }
	return tea.Sequence(start, run)
}
