package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// question is a one-key question a pane asks (p.ask), drawn in a dialog over that pane. The key
// of one of its answers runs that answer in the pane that asked; any other key says no (onNo,
// when set): No is the default. A yes/no question about one object names it:
//
//	p.ask(question{
//		title:   "Delete contact",
//		text:    "Delete Ada Lovelace (ada@example.com)?",
//		details: []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."},
//		answers: []answer{{does: "delete", run: p.delete}},
//	})
//
// Text is sanitized when drawn: HubSpot values may go in as they are.
type question struct {
	title   string   // the dialog's heading: "Delete contact"
	text    string   // names the object: "Delete Ada Lovelace (ada@example.com)?"
	details []string // what will happen, one paragraph each
	answers []answer
	onNo    func() tea.Cmd // optional: runs on any other key
}

// answer is one answer to a question: the key map's yes, or (choice set) one of several
// choices by its letter ("e email · i id").
type answer struct {
	choice string
	does   string         // what it does, for the dialog: "delete", "email"
	run    func() tea.Cmd // runs in the pane that asked, after the dialog closes
}

// asked is the question open, and the pane it belongs to.
type asked struct {
	pane int
	q    question
}

func (a answer) matches(km *KeyMap, k tea.KeyMsg) bool {
	if a.choice != "" {
		return k.String() == a.choice
	}
	return km.Yes.Matches(k)
}

func (a answer) keyName(km *KeyMap) string {
	if a.choice != "" {
		return a.choice
	}
	return keyName(km.Yes)
}

// dialogWidth is the widest a dialog grows.
const dialogWidth = 72

// dialog draws q in a box over body (the pane's w×h lines): the heading, the question, the
// details, and always every answer with its key, however small the screen (the details, then
// the blank lines, then the question's last lines give way first).
func dialog(t *Theme, km *KeyMap, q question, body string, w, h int) string {
	bw := max(20, min(dialogWidth, w-4))
	inner := bw - 4 // border and padding
	room := h - 2   // inside the border
	keys := answerLines(t, km, q, inner, room)
	room = max(room, len(keys))
	title := []string{t.Header.Render(ansi.Truncate(sanitize.Display(q.title), inner, "…"))}
	text := wrapLines(q.text, inner)
	var details [][]string
	for _, d := range q.details {
		details = append(details, wrapLines(d, inner))
	}
	lines := layoutDialog(title, text, details, keys, room)
	box := t.FocusedBox.Padding(0, 1).Width(bw - 2).Render(strings.Join(lines, "\n"))
	// Centred across, a little above the middle: the pane it belongs to shows around it.
	return overlay(body, box, max(0, (w-bw)/2), max(0, (h-len(lines)-2)/3))
}

// layoutDialog fits the parts into room lines: everything with blank lines between, or without
// the details, or without blank lines, or with the question cut; the answers always.
func layoutDialog(title, text []string, details [][]string, keys []string, room int) []string {
	join := func(blank bool, parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			if len(p) == 0 {
				continue
			}
			if blank && len(out) > 0 {
				out = append(out, "")
			}
			out = append(out, p...)
		}
		return out
	}
	full := append([][]string{title, text}, details...)
	for _, try := range [][]string{
		join(true, append(full, keys)...),
		join(true, title, text, keys),
		join(false, title, text, keys),
	} {
		if len(try) <= room {
			return try
		}
	}
	left := room - len(keys) - len(title)
	if left <= 0 {
		return join(false, title[:max(0, min(len(title), room-len(keys)))], keys)
	}
	if len(text) > left {
		text = append(text[:left-1:left-1], ansi.Truncate(text[left-1], ansi.StringWidth(text[left-1]), "")+"…")
	}
	return join(false, title, text, keys)
}

// answerLines are the answers with their keys: a yes/no question on one line with its default;
// choices one a line, or, when room (lines) is short, several a line. An answer is never cut
// between its key and what it does.
func answerLines(t *Theme, km *KeyMap, q question, width, room int) []string {
	no := t.Selected.Render(keyName(km.No)) + "/" + t.Selected.Render(keyName(km.Cancel)) + " cancel"
	if len(q.answers) == 1 && q.answers[0].choice == "" {
		yes := t.Selected.Render(q.answers[0].keyName(km)) + " " + sanitize.Display(q.answers[0].does)
		if line := yes + "   " + no + t.Dim.Render("   (default: No)"); ansi.StringWidth(line) <= width {
			return []string{line}
		}
		return []string{ansi.Truncate(yes, width, "…"), no}
	}
	items := make([]string, 0, len(q.answers))
	for _, a := range q.answers {
		items = append(items, ansi.Truncate(t.Selected.Render(a.keyName(km))+" "+sanitize.Display(a.does), width, "…"))
	}
	other := t.Dim.Render("any other key cancels")
	if len(items)+1+2 <= room { // with the heading and a line of the question
		return append(items, other)
	}
	return append(flow(items, "   ", width), other)
}

// flow lays items out left to right, starting a new line when the next would not fit.
func flow(items []string, sep string, width int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= width:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// wrapLines sanitizes s and wraps it at width.
func wrapLines(s string, width int) []string {
	if s == "" {
		return nil
	}
	return strings.Split(wrapText(s, width), "\n")
}

// wrapText sanitizes s and wraps it at width.
func wrapText(s string, width int) string {
	return ansi.Wrap(sanitize.Display(s), max(1, width), " ")
}

// overlay draws box over body with its top left corner at column x of line y: the body shows
// around and below it.
func overlay(body, box string, x, y int) string {
	lines := strings.Split(body, "\n")
	boxLines := strings.Split(box, "\n")
	for len(lines) < y+len(boxLines) {
		lines = append(lines, "")
	}
	for i, b := range boxLines {
		l := lines[y+i]
		left := ansi.Truncate(l, x, "")
		left += spaces(x - ansi.StringWidth(left))
		right := ansi.TruncateLeft(l, x+ansi.StringWidth(b), "")
		if strings.Contains(left, "\x1b") {
			left += ansi.ResetStyle // a style cut open on the left must not colour the box
		}
		lines[y+i] = left + b + right
	}
	return strings.Join(lines, "\n")
}
