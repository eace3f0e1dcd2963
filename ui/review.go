package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// change is one property the form would send: HubSpot's value and the new one, raw.
type change struct {
	prop     *api.Property
	old, new string
}

// reviewSpec is what the change review shows.
type reviewSpec struct {
	form     int    // the form's pane id: the save goes there
	who      string // the contact's name ("" when creating)
	creating bool
	changes  []change
	company  string   // create: the company to associate (raw name)
	noun     string   // an activity ("note", "call", "meeting", "task"); "" for a contact
	notes    []string // what to know before saving (raw), one paragraph each
	defs     *defs
	then     func(reviewAnswer) tea.Cmd // runs in the form
}

// reviewAnswer is the review's answer to the form: save the changes reviewed (twoStep: a
// backward lifecycle stage is cleared, then set), or (cancelled) go back to editing. The changes
// travel with it, so exactly what was shown is sent, whatever is typed meanwhile.
type reviewAnswer struct {
	twoStep   bool
	cancelled bool
	changes   []change
}

// reviewPane shows the changes a save would make, old → new, and saves on y. A lifecycle
// stage moved backward is called out before anything is sent: HubSpot ignores such a move
// without an error, so the review offers the two-step HubSpot needs (clear, then set), which
// must be confirmed on its own.
type reviewPane struct {
	paneBase
	spec     reviewSpec
	backward *change
	offset   int
}

func newReviewPane(e *env, s reviewSpec) *reviewPane {
	r := &reviewPane{paneBase: newPaneBase(e), spec: s}
	for i, c := range s.changes {
		if !s.creating && field.BackwardStage(c.prop, c.old, c.new) {
			r.backward = &s.changes[i]
		}
	}
	return r
}

func (r *reviewPane) Init() tea.Cmd { return nil }

func (r *reviewPane) Title() string { return "Review" }

// Capturing: the review answers every key itself, so q does not quit from under it.
func (r *reviewPane) Capturing() bool { return true }

func (r *reviewPane) Update(tea.Msg) (tea.Model, tea.Cmd) { return r, nil }

func (r *reviewPane) keys() []binding {
	km := r.env.keys
	verb := r.verb()
	save := func() tea.Cmd { return r.save(false) }
	back := func() tea.Cmd { return r.answer(reviewAnswer{cancelled: true}) }
	return []binding{
		{key: km.Yes, help: verb, run: save, group: "Review"},
		{key: km.Save, help: verb, run: save, more: true},
		{key: km.TwoStep, run: r.askTwoStep, on: func() bool { return r.backward != nil }},
		{key: km.Cancel, help: "back to the form", run: back},
		{key: km.No, help: "back to the form", run: back, more: true},
		{key: km.Quit, help: "back to the form", run: back, more: true},
		{key: km.Down, run: func() tea.Cmd { r.offset++; return nil }, more: true},
		{key: km.Up, run: func() tea.Cmd { r.offset = max(0, r.offset-1); return nil }, more: true},
	}
}

// save closes the review and tells the form to save what it showed.
func (r *reviewPane) save(twoStep bool) tea.Cmd {
	return r.answer(reviewAnswer{twoStep: twoStep, changes: r.spec.changes})
}

// answer closes the review and gives the form its answer.
func (r *reviewPane) answer(a reviewAnswer) tea.Cmd {
	r.pop()
	return tell(r.spec.form, func() tea.Cmd { return r.spec.then(a) })
}

// askTwoStep asks, naming the contact and the stages, before the two requests go.
func (r *reviewPane) askTwoStep() tea.Cmd {
	c, df := r.backward, r.spec.defs
	from, to := df.value(c.prop.Name, c.old), df.value(c.prop.Name, c.new)
	r.ask(question{
		title: "Move the lifecycle stage back",
		text:  "Clear the lifecycle stage of " + r.spec.who + ", then set it to " + to + "?",
		details: []string{
			r.firstStep(from) + "; the second sets " + to + ".",
			"Should the second request fail, the stage stays empty and the form stays open with " + to + ", ready to save again.",
		},
		answers: []answer{{does: "clear, then set " + to, run: func() tea.Cmd { return r.save(true) }}},
	})
	return nil
}

func (r *reviewPane) View() string {
	lines := r.lines()
	h := max(1, r.height)
	r.offset = min(r.offset, max(0, len(lines)-h))
	return strings.Join(lines[r.offset:min(len(lines), r.offset+h)], "\n")
}

func (r *reviewPane) lines() []string {
	t := r.env.theme
	out := []string{t.Header.Render(r.question()), ""}
	for _, c := range r.spec.changes {
		out = append(out, r.changeLines(c)...)
	}
	if r.spec.company != "" {
		out = append(out, r.row("Company (primary)", "", sanitize.Display(r.spec.company)))
	}
	if r.backward != nil {
		out = append(out, "")
		out = append(out, r.warning()...)
	}
	for _, n := range r.spec.notes {
		out = append(out, "")
		out = append(out, r.wrapped("! "+n)...)
	}
	return append(out, "", r.keyLine())
}

// verb is what y does: save, create (a contact) or log (an activity).
func (r *reviewPane) verb() string {
	switch {
	case !r.spec.creating:
		return "save"
	case r.spec.noun != "":
		return "log"
	}
	return "create"
}

func (r *reviewPane) question() string {
	n, who := len(r.spec.changes), sanitize.Display(r.spec.who)
	switch {
	case r.spec.noun != "" && r.spec.creating:
		return "Log " + article(r.spec.noun) + " " + r.spec.noun + " on " + who + "?"
	case r.spec.noun != "":
		return "Save " + plural(n, "change") + " to the " + r.spec.noun + " on " + who + "?"
	case r.spec.creating:
		return "Create a contact with " + plural(n, "value") + "?"
	}
	return "Save " + plural(n, "change") + " to " + who + "?"
}

// article is "a" or "an" before a noun.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// firstStep says what the two-step's first request does.
func (r *reviewPane) firstStep(from string) string {
	if len(r.spec.changes) > 1 {
		return "The first request saves your other changes with the stage cleared (it was " + from + ")"
	}
	return "The first request clears the stage (it was " + from + ")"
}

// reviewLabel is the width of the label column.
const reviewLabel = 26

// reviewTextLines is the most lines of a long text the review shows.
const reviewTextLines = 12

// changeLines is a change: on one line, or for a text of several lines (a note's body) the new
// text in full under the old one's start, so what is saved is what is read.
func (r *reviewPane) changeLines(c change) []string {
	df, t := r.spec.defs, r.env.theme
	if !df.multiline(c.prop.Name) {
		return []string{r.changeLine(c)}
	}
	indent := spaces(2 + reviewLabel)
	room := max(10, r.width-reviewLabel-10)
	text := strings.Split(ansi.Wrap(df.block(c.prop.Name, c.new), room, " "), "\n")
	if len(text) > reviewTextLines {
		text = append(text[:reviewTextLines-1], "…")
	}
	head := "  " + t.Label.Render(pad(ansi.Truncate(df.label(c.prop.Name), reviewLabel-2, "…"), reviewLabel))
	var out []string
	if old := strings.Join(strings.Fields(df.value(c.prop.Name, c.old)), " "); !r.spec.creating && old != "" {
		out = append(out, head+t.Dim.Render("was "+ansi.Truncate(old, room+2, "…")))
		head = indent
	}
	first, next := "now ", "    "
	if r.spec.creating {
		first, next = "", ""
	}
	for i, l := range text {
		if i > 0 {
			first = next
		}
		out = append(out, head+t.Selected.Render(first+l))
		head = indent
	}
	return out
}

func (r *reviewPane) changeLine(c change) string {
	df := r.spec.defs
	return r.row(df.label(c.prop.Name), df.value(c.prop.Name, c.old), df.value(c.prop.Name, c.new))
}

// row is label, old → new (just the new value when creating); values arrive sanitized.
func (r *reviewPane) row(label, old, new string) string {
	t := r.env.theme
	if new == "" {
		new = "(cleared)"
	}
	room := max(10, r.width-reviewLabel-4)
	head := "  " + t.Label.Render(pad(ansi.Truncate(sanitize.Display(label), reviewLabel-2, "…"), reviewLabel))
	if r.spec.creating {
		return head + ansi.Truncate(new, room, "…")
	}
	if old == "" {
		old = "—"
	}
	half := max(4, (room-3)/2)
	return head + t.Dim.Render(ansi.Truncate(old, half, "…")) + " → " + t.Selected.Render(ansi.Truncate(new, half, "…"))
}

// warning explains the backward lifecycle stage.
func (r *reviewPane) warning() []string {
	c, df := r.backward, r.spec.defs
	from, to := df.value(c.prop.Name, c.old), df.value(c.prop.Name, c.new)
	text := "! " + df.label(c.prop.Name) + " goes back from " + from + " to " + to + ". HubSpot ignores a " +
		"backward move without an error: saved as it is, the stage stays " + from + ". It takes two " +
		"steps: clear the stage, then set " + to + " (" + keyName(r.env.keys.TwoStep) + ")."
	return r.wrapped(text)
}

// wrapped is a warning in the review's width (text sanitized).
func (r *reviewPane) wrapped(text string) []string {
	lines := strings.Split(ansi.Wrap(sanitize.Display(text), max(20, r.width-4), " "), "\n")
	for i, l := range lines {
		lines[i] = "  " + r.env.theme.Wait.Render(l)
	}
	return lines
}

func (r *reviewPane) keyLine() string {
	t, km := r.env.theme, r.env.keys
	s := "  " + t.Selected.Render(keyName(km.Yes)) + " " + r.verb()
	if r.backward != nil {
		s += "   " + t.Selected.Render(keyName(km.TwoStep)) + " two-step (clear, then set)"
	}
	return s + "   " + t.Selected.Render(keyName(km.Cancel)) + " back to the form"
}
