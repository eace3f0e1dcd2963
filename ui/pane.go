package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// Pane is one screen of the app: the list, find, a contact's detail, a property's history, and
// later the edit form, associations, secondary emails and activities. The root keeps panes on
// a stack: opening one pushes it, esc pops back to the one below exactly as it was left.
//
// A pane's Update returns the pane itself (panes are pointers). Its help.KeyMap is its own keys;
// the root adds the global ones. SetSize gives it the body's size (the screen minus header and
// footer) whenever that changes.
type Pane interface {
	tea.Model
	help.KeyMap
	SetSize(width, height int)
	// ID identifies the pane, so answers to its requests reach it even when it is not on top.
	ID() int
	// Title is the pane's crumb in the header, e.g. "Contacts" or a contact's name.
	Title() string
	// takeNav hands the root the navigation the pane asked for during its last Update.
	takeNav() []navigation
}

// navigation is a pane's request to open another pane on top of the stack, to ask a one-key
// question in the status bar (ask), or (both nil) to close itself. The root applies it right
// after the Update that asked, before the next key is read, so a key typed just after "/",
// enter or y reaches the pane or the question it opened.
type navigation struct {
	next Pane
	ask  *choice
}

// Capturer is a pane that may hold a focused text input: while Capturing, every key goes to
// the pane first and the global keys (q, ?, esc) do not fire.
type Capturer interface {
	Capturing() bool
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
// the navigation it asked for.
type paneBase struct {
	id            int
	env           *env
	width, height int
	nav           []navigation
}

func newPaneBase(e *env) paneBase { return paneBase{id: e.nextID(), env: e} }

func (p *paneBase) ID() int { return p.id }

func (p *paneBase) SetSize(width, height int) { p.width, p.height = width, height }

// push asks the root to open next on top; pop asks it to close this pane.
func (p *paneBase) push(next Pane) { p.nav = append(p.nav, navigation{next: next}) }
func (p *paneBase) pop()           { p.nav = append(p.nav, navigation{}) }

// offer puts a one-key question in the status bar ("Copy: e email · i id"): a key among options
// runs its command, any other key cancels. (The choose command does the same a moment later;
// for a yes/no about one record use ask and the Confirm box.)
func (p *paneBase) offer(question string, options map[string]tea.Cmd) {
	p.nav = append(p.nav, navigation{ask: &choice{question: question, options: options}})
}

func (p *paneBase) takeNav() []navigation {
	nav := p.nav
	p.nav = nil
	return nav
}
