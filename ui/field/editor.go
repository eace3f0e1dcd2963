package field

import (
	"strconv"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Editor is the text input of the form's fields. It keeps the value exactly as given, so a
// HubSpot value stays raw while it is edited (bubbles' inputs clean what they are given), and
// draws it through the sanitizer rune by rune, so the cursor stays where the value says.
// Typed and pasted text loses its control characters (a newline stays in a multi-line editor).
type Editor struct {
	value     []rune
	pos       int
	multiline bool
	rows      int // lines a multi-line editor shows
}

// NewEditor is a one-line editor, or a multi-line one.
func NewEditor(multiline bool) Editor { return Editor{multiline: multiline, rows: 4} }

func (ed *Editor) Value() string { return string(ed.value) }

// SetValue replaces the value and puts the cursor at its end.
func (ed *Editor) SetValue(s string) {
	ed.value = []rune(s)
	ed.pos = len(ed.value)
}

// Key edits or moves for k; it reports whether k was an editing key. Up and down belong to a
// multi-line editor except on its first and last line, where the form takes them.
func (ed *Editor) Key(k tea.KeyMsg) bool {
	if k.Type == tea.KeyRunes && !k.Alt || k.Type == tea.KeySpace {
		ed.insert(k.Runes)
		return true
	}
	if k.Type == tea.KeyEnter && ed.multiline {
		ed.insert([]rune{'\n'})
		return true
	}
	return ed.move(k.String()) || ed.erase(k.String())
}

// move handles the cursor keys.
func (ed *Editor) move(key string) bool {
	switch key {
	case "left", "ctrl+b":
		ed.pos = max(0, ed.pos-1)
	case "right", "ctrl+f":
		ed.pos = min(len(ed.value), ed.pos+1)
	case "home", "ctrl+a":
		ed.pos = ed.lineStart(ed.pos)
	case "end", "ctrl+e":
		ed.pos = ed.lineEnd(ed.pos)
	case "alt+left", "ctrl+left", "alt+b":
		ed.pos = ed.wordBack(ed.pos)
	case "alt+right", "ctrl+right", "alt+f":
		ed.pos = ed.wordForward(ed.pos)
	case "up":
		return ed.vertical(-1)
	case "down":
		return ed.vertical(1)
	default:
		return false
	}
	return true
}

// erase handles the deleting keys.
func (ed *Editor) erase(key string) bool {
	switch key {
	case "backspace", "ctrl+h":
		ed.cut(max(0, ed.pos-1), ed.pos)
	case "delete", "ctrl+d":
		ed.cut(ed.pos, min(len(ed.value), ed.pos+1))
	case "ctrl+u":
		ed.cut(ed.lineStart(ed.pos), ed.pos)
	case "ctrl+k":
		ed.cut(ed.pos, ed.lineEnd(ed.pos))
	case "ctrl+w", "alt+backspace":
		ed.cut(ed.wordBack(ed.pos), ed.pos)
	default:
		return false
	}
	return true
}

// insert puts typed or pasted runes at the cursor, without control characters.
func (ed *Editor) insert(rs []rune) {
	clean := make([]rune, 0, len(rs))
	for _, r := range rs {
		switch {
		case r == '\r':
		case r == '\n' && !ed.multiline:
			clean = append(clean, ' ')
		case r == '\n' || r == '\t':
			clean = append(clean, r)
		case unicode.IsControl(r):
		default:
			clean = append(clean, r)
		}
	}
	next := make([]rune, 0, len(ed.value)+len(clean))
	next = append(append(append(next, ed.value[:ed.pos]...), clean...), ed.value[ed.pos:]...)
	ed.value, ed.pos = next, ed.pos+len(clean)
}

func (ed *Editor) cut(from, to int) {
	if from >= to {
		return
	}
	ed.value = append(ed.value[:from:from], ed.value[to:]...)
	ed.pos = from
}

func (ed *Editor) lineStart(i int) int {
	for i > 0 && ed.value[i-1] != '\n' {
		i--
	}
	return i
}

func (ed *Editor) lineEnd(i int) int {
	for i < len(ed.value) && ed.value[i] != '\n' {
		i++
	}
	return i
}

func (ed *Editor) wordBack(i int) int {
	for i > 0 && unicode.IsSpace(ed.value[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(ed.value[i-1]) {
		i--
	}
	return i
}

func (ed *Editor) wordForward(i int) int {
	for i < len(ed.value) && unicode.IsSpace(ed.value[i]) {
		i++
	}
	for i < len(ed.value) && !unicode.IsSpace(ed.value[i]) {
		i++
	}
	return i
}

// vertical moves a line up (-1) or down (1) in a multi-line editor, keeping the column; it
// reports false (the key is the form's) in a single-line editor or past the first or last line.
func (ed *Editor) vertical(dir int) bool {
	if !ed.multiline {
		return false
	}
	start := ed.lineStart(ed.pos)
	col := ed.pos - start
	if dir < 0 {
		if start == 0 {
			return false
		}
		prev := ed.lineStart(start - 1)
		ed.pos = min(prev+col, start-1)
		return true
	}
	end := ed.lineEnd(ed.pos)
	if end == len(ed.value) {
		return false
	}
	ed.pos = min(end+1+col, ed.lineEnd(end+1))
	return true
}

// cell is how one rune of the value is drawn: a tab as a space; a control character as its
// picture (ESC as ␛), and an invisible one (a bidi override, a zero-width space, a C1 control)
// as �, so a tampered value shows as tampered and each rune keeps one place for the cursor.
// Whatever is left goes through the sanitizer.
func cell(r rune) string {
	switch {
	case r == '\t':
		return " "
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "␡"
	case hidden(r):
		return "�"
	}
	return sanitize.Display(string(r))
}

// hidden reports a rune the sanitizer removes that has no picture: C1 controls and format
// characters (bidi controls, zero-width characters, invisible tags).
func hidden(r rune) bool {
	return r >= 0x80 && r < 0xa0 || unicode.Is(unicode.Cf, r)
}

// Tampered reports a value holding characters the editor draws as pictures.
func Tampered(s string) bool {
	for _, r := range s {
		if r != '\t' && r != '\n' && (r < 0x20 || r == 0x7f || hidden(r)) {
			return true
		}
	}
	return false
}

// cells draws runes sanitized.
func cells(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(cell(r))
	}
	return b.String()
}

// View draws the value in width columns; focused, with the cursor (reverse video in colour, a
// '|' without colour, where reverse would not show).
func (ed *Editor) View(width int, focused bool, s Styles) string {
	if !ed.multiline {
		return ed.line(ed.value, ed.pos, width, focused, s)
	}
	return ed.lines(width, focused, s)
}

// line draws one line of runes with the cursor at pos (-1: none), scrolled so the cursor shows.
func (ed *Editor) line(rs []rune, pos, width int, focused bool, s Styles) string {
	if !focused || pos < 0 {
		return ansi.Truncate(cells(rs), width, "…")
	}
	before, after := cells(rs[:pos]), cells(rs[pos:])
	under := " "
	if pos < len(rs) {
		r := []rune(after)
		if len(r) > 0 {
			under, after = string(r[0]), string(r[1:])
		}
	}
	if over := ansi.StringWidth(before) + 1 - (width - 1); over > 0 {
		before = "…" + ansi.TruncateLeft(before, over+1, "")
	}
	room := max(0, width-ansi.StringWidth(before)-1)
	return before + cursorAt(under, s) + ansi.Truncate(after, room, "…")
}

func cursorAt(under string, s Styles) string {
	if s.Mono {
		return "|" + strings.TrimRight(under, " ")
	}
	return s.Selected.Reverse(true).Render(under)
}

// lines draws a multi-line value: the hard lines around the cursor's, each cut at width.
func (ed *Editor) lines(width int, focused bool, s Styles) string {
	all := strings.Split(string(ed.value), "\n")
	curLine := strings.Count(string(ed.value[:ed.pos]), "\n")
	first := max(0, min(curLine-ed.rows+1, len(all)-ed.rows))
	if !focused {
		first = 0
	}
	last := min(len(all), first+ed.rows)
	out := make([]string, 0, ed.rows)
	for i := first; i < last; i++ {
		pos := -1
		if focused && i == curLine {
			pos = ed.pos - ed.lineStart(ed.pos)
		}
		out = append(out, ed.line([]rune(all[i]), pos, width, focused && i == curLine, s))
	}
	if !focused && len(all) > ed.rows {
		out[len(out)-1] += s.Dim.Render(" (+" + strconv.Itoa(len(all)-ed.rows) + " lines)")
	}
	return strings.Join(out, "\n")
}
