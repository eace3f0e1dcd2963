package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// valuePane shows one value in full, wrapped and scrollable: a long message or note that the
// detail and the history can only show the start of.
type valuePane struct {
	paneBase
	title  string // "Message of Mallory O'Hostile"
	raw    string // the value as HubSpot has it, for y
	text   string // sanitized, lines kept
	lines  []string
	offset int
}

func newValuePane(e *env, title, raw, display string) *valuePane {
	return &valuePane{paneBase: newPaneBase(e), title: sanitize.Display(title), raw: raw,
		text: sanitize.DisplayMultiline(display)}
}

func (v *valuePane) Init() tea.Cmd { return nil }

func (v *valuePane) Title() string { return v.title }

func (v *valuePane) SetSize(w, h int) {
	v.paneBase.SetSize(w, h)
	v.lines = strings.Split(ansi.Wrap(v.text, max(10, w-4), " "), "\n")
	v.scroll(0)
}

// room is the lines of text on screen (under the title and a blank line).
func (v *valuePane) room() int { return max(1, v.height-2) }

func (v *valuePane) scroll(delta int) {
	v.offset = max(0, min(v.offset+delta, len(v.lines)-v.room()))
}

func (v *valuePane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(tea.MouseMsg); ok {
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			v.scroll(-3)
		case tea.MouseButtonWheelDown:
			v.scroll(3)
		}
	}
	return v, nil
}

func (v *valuePane) keys() []binding {
	km := v.env.keys
	return append(scrolls(km, v.scroll, func() int { return v.room() / 2 }, func() int { return len(v.lines) }),
		binding{key: km.Copy, help: "copy the value", run: func() tea.Cmd { return v.env.copyText("value", v.raw) }, group: "Value"})
}

func (v *valuePane) View() string {
	end := min(len(v.lines), v.offset+v.room())
	body := "  " + strings.Join(v.lines[v.offset:end], "\n  ")
	return v.env.theme.Header.Render(v.title) + "\n\n" + body
}

// Info says where in the value the screen is.
func (v *valuePane) Info() string {
	if len(v.lines) <= v.room() {
		return ""
	}
	end := min(len(v.lines), v.offset+v.room())
	return "lines " + itoa(v.offset+1) + "–" + itoa(end) + " of " + thousands(len(v.lines))
}
