package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Confirm is a yes/no question about one object, asked in a box that names it. Only y (or Y)
// says yes; every other key (n, esc, enter, q…) says no: the default is No. Any pane may ask:
//
//	return askConfirm(e, Confirm{
//		Title:    "Delete contact",
//		Question: "Delete Ada Lovelace (ada@example.com)?",
//		Details:  []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."},
//		Yes:      "delete",
//		OnYes:    deleteCmd,
//	})
//
// The box closes before OnYes (or OnNo) runs, so a command that opens a pane opens it on top of
// the pane that asked. Text is sanitized when drawn: HubSpot values may go in as they are.
type Confirm struct {
	Title    string   // the box's heading and the header crumb: "Delete contact"
	Question string   // names the object: "Delete Ada Lovelace (ada@example.com)?"
	Details  []string // what will happen, one paragraph each
	Yes      string   // what y does, for the key line: "delete"
	OnYes    tea.Cmd  // runs on y, after the box closes
	OnNo     tea.Cmd  // optional: runs on any other key, after the box closes
}

// askConfirm is a command that opens the box. From a pane's Update prefer p.ask(c): it opens
// the box before the next key is read, so a y typed at once reaches the box.
func askConfirm(e *env, c Confirm) tea.Cmd { return open(newConfirmPane(e, c)) }

// ask opens the confirmation box on top of this pane.
func (p *paneBase) ask(c Confirm) { p.push(newConfirmPane(p.env, c)) }

// confirmPane is the box on the pane stack. It takes every key (Capturing), so q answers no
// rather than quitting; ctrl+c still quits (asking first if work is unsaved).
type confirmPane struct {
	paneBase
	c Confirm
}

func newConfirmPane(e *env, c Confirm) *confirmPane {
	if c.Yes == "" {
		c.Yes = "yes"
	}
	return &confirmPane{paneBase: newPaneBase(e), c: c}
}

func (p *confirmPane) Init() tea.Cmd { return nil }

func (p *confirmPane) Title() string { return p.c.Title }

// Capturing: the box answers every key itself.
func (p *confirmPane) Capturing() bool { return true }

func (p *confirmPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	p.pop()
	if s := k.String(); s == "y" || s == "Y" {
		return p, p.c.OnYes
	}
	return p, p.c.OnNo
}

// confirmWidth is the widest the box grows.
const confirmWidth = 72

func (p *confirmPane) View() string {
	t := p.env.theme
	w := max(20, min(confirmWidth, p.width-4))
	inner := w - 4 // border and padding
	var b strings.Builder
	b.WriteString(t.Header.Render(wrapText(p.c.Title, inner)) + "\n\n")
	b.WriteString(wrapText(p.c.Question, inner))
	for _, d := range p.c.Details {
		b.WriteString("\n\n" + wrapText(d, inner))
	}
	b.WriteString("\n\n" + p.keyLine())
	box := t.FocusedBox.Padding(0, 1).Width(w - 2).Render(b.String())
	return "\n" + indent(box, 2)
}

// keyLine says what each answer does, and that No is the default.
func (p *confirmPane) keyLine() string {
	t := p.env.theme
	return t.Selected.Render("y") + " " + sanitize.Display(p.c.Yes) + "   " +
		t.Selected.Render("n") + "/" + t.Selected.Render("esc") + "/" + t.Selected.Render("enter") + " cancel" +
		t.Dim.Render("   (default: No)")
}

// wrapText sanitizes s and wraps it at width.
func wrapText(s string, width int) string {
	return ansi.Wrap(sanitize.Display(s), max(1, width), " ")
}

// indent puts n spaces before every line of s.
func indent(s string, n int) string {
	pad := spaces(n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

func (p *confirmPane) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("y"), key.WithHelp("y", sanitize.Display(p.c.Yes))),
		key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/esc", "cancel")),
	}
}

func (p *confirmPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
