package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// Pane is one screen of the app: the list, find, a contact's detail, a property's history, the
// edit form, associations, secondary emails, activities, the bulk panes. The root keeps panes on
// a stack: opening one pushes it, esc pops back to the one below exactly as it was left.
//
// A pane embeds paneBase and does four things through it, each one way only:
//
// Keys. keys() is the pane's one key table: each binding names an action of the key map
// (p.env.keys), says what it does here and, with on, when it is offered. The root runs the table
// (runKey: a write is refused in read-only mode, with the reason) and draws the footer and the
// ? help from it, so a pane never matches a key itself, never writes help by hand, and a
// rebinding in the config reaches it:
//
//	func (h *historyPane) keys() []binding {
//		km := h.env.keys
//		return append(moves(km, h.table, nil),
//			binding{key: km.Open, help: "whole value", run: h.value, group: "Value"},
//			binding{key: km.Copy, run: h.copy})
//	}
//
// A pane with a focused text box says so (textBox): the keys that type or edit are the box's.
//
// Panes. p.push(next) opens a pane on top of this one; p.pop() closes this one. Both apply right
// after the call that asked, before the next key is read, so a key typed at once reaches the
// new pane.
//
// Questions. p.ask(question{…}) asks a one-key question in a dialog over this pane; the answer
// that is pressed runs its func in this pane (it may push, pop or make a request), any other
// key says no.
//
// Requests. request(&p.paneBase, &p.loading, "Loading contacts", fetch, p.loaded) runs fetch off
// the UI goroutine and then p.loaded(value, err) on it, typed. A request started in a call that
// is busy cancels the one before (its context ends, its answer is dropped).
type Pane interface {
	tea.Model
	// SetSize gives the pane the body's size (the screen minus header and footer).
	SetSize(width, height int)
	// Title is the pane's crumb in the header, e.g. "Contacts" or a contact's name.
	Title() string
	// ID identifies the pane, so answers to its requests reach it wherever it is on the stack.
	ID() int
	// keys is the pane's key table (see above).
	keys() []binding
	// base is the pane's share of the root: its id, the env, what it asked the root to do.
	base() *paneBase
}

// Capturer is a pane that keeps keys to itself while Capturing: q, esc and ctrl+z do not leave
// it (ctrl+c still quits, asking first when work is unsaved).
type Capturer interface {
	Capturing() bool
}

// textBox is a pane with a focused text box while typing: text and the box's editing keys
// (textKey) go to typeKey instead of the key table and the global keys (? is f1 there). A
// typing pane also captures.
type textBox interface {
	typing() bool
	// typeKey gives k to the box; it reports whether the box took it.
	typeKey(k tea.KeyMsg) (tea.Cmd, bool)
}

// Revisited is a pane showing one record (a contact, a company, a company's contacts): opening
// it again while a pane showing the same record is on the stack goes back to that pane instead,
// so walking in a circle (a contact, its company, the company's contacts, the contact again)
// never piles the same panes up. showing is "" while it cannot tell (not loaded yet).
type Revisited interface {
	showing() string
}

// Informer is a pane that shows a short fact at the right of the status bar
// ("1,300 loaded · more", "property 4 of 61").
type Informer interface {
	Info() string
}

// Guard is a pane holding work that would be lost: quitting, or esc, asks first.
type Guard interface {
	Unsaved() bool
}

// paneBase is what every pane embeds: its id, its share of the shared state, its size, and
// what it asked the root to do.
type paneBase struct {
	id            int
	env           *env
	width, height int
	nav           []navigation
}

// navigation is a pane's request to the root: open next on top, ask a question, or (both nil)
// close the pane. The root applies it right after the call that asked.
type navigation struct {
	next Pane
	ask  *question
}

func newPaneBase(e *env) paneBase { return paneBase{id: e.nextID(), env: e} }

func (p *paneBase) ID() int { return p.id }

func (p *paneBase) base() *paneBase { return p }

func (p *paneBase) SetSize(width, height int) { p.width, p.height = width, height }

// push opens next on top of this pane; pop closes this pane (and any above it).
func (p *paneBase) push(next Pane) { p.nav = append(p.nav, navigation{next: next}) }
func (p *paneBase) pop()           { p.nav = append(p.nav, navigation{}) }

// ask asks q in a dialog over this pane.
func (p *paneBase) ask(q question) { p.nav = append(p.nav, navigation{ask: &q}) }

// leave closes this pane, asking first (text: "Discard changes?") when losing work.
func (p *paneBase) leave(losing bool, text string) tea.Cmd {
	if !losing {
		p.pop()
		return nil
	}
	p.ask(question{title: "Discard changes", text: text,
		answers: []answer{{does: "discard", run: func() tea.Cmd { p.pop(); return nil }}}})
	return nil
}

func (p *paneBase) takeNav() []navigation {
	nav := p.nav
	p.nav = nil
	return nav
}

func isCapturing(p Pane) bool {
	c, ok := p.(Capturer)
	return ok && c.Capturing() || isTyping(p)
}

func isTyping(p Pane) bool {
	b, ok := p.(textBox)
	return ok && b.typing()
}
