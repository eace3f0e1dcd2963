// Package table is a virtualised table for Bubble Tea panes: it keeps every row but draws only
// the ones on screen, so a frame costs the same with a thousand rows or a hundred thousand. Its
// rows are generic: each carries a value of the pane's (a contact, an activity) that the table
// never looks at.
package table

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Column is one column of a table: Key names what it shows (a property, or "name"), Title heads
// it. Its natural width is its widest cell among the first rows (capped); when the natural
// widths do not fit, the widest give way first, never below Min; room to spare goes by Weight.
type Column struct {
	Key, Title  string
	Min, Weight int
	Width       int
	natural     int
}

// sampleRows is how many rows the natural widths are measured on; maxNatural caps them so one
// long value cannot take the screen.
const (
	sampleRows = 300
	maxNatural = 40
)

// Row is one record as a table shows it: its id, its cells (sanitized: the table draws them as
// they are), the cells joined by one space (Key: what a filter matches, its offsets refer to it)
// and the pane's value. Build it with NewRow.
type Row[T any] struct {
	ID    string
	Cells []string
	Key   string
	Value T
	// Rule makes the row a line between rows: its first cell drawn dim across the table.
	Rule bool
}

// NewRow builds a row from sanitized cells.
func NewRow[T any](id string, cells []string, v T) Row[T] {
	return Row[T]{ID: id, Cells: cells, Key: strings.Join(cells, " "), Value: v}
}

// Styles are what a table draws with: the glyph in front of the row under the cursor and of a
// marked row (and the blanks in their place), the header, the row under the cursor, matched
// characters, a rule.
type Styles struct {
	CursorGlyph, NoCursor, MarkGlyph, NoMark string
	Header, Selected, Match, Dim             lipgloss.Style
}

// Source is what a table shows, by position: its own rows (SetRows), or rows a pane keeps in
// a form of its own and makes as they are drawn (the loaded contacts held compactly, find's
// ranked answer), so a frame costs the rows on screen whatever the number shown.
type Source[T any] interface {
	Len() int
	Row(pos int) Row[T]
	ID(pos int) string
}

// Finder is a Source that finds the position of a row by its id itself, faster than asking
// each position (a store with an index of ids).
type Finder interface {
	Find(id string) (int, bool)
}

// slice shows rows, or those at the positions in view.
type slice[T any] struct {
	rows []Row[T]
	view []int
}

func (s slice[T]) Len() int {
	if s.view != nil {
		return len(s.view)
	}
	return len(s.rows)
}

func (s slice[T]) at(pos int) *Row[T] {
	if s.view != nil {
		return &s.rows[s.view[pos]]
	}
	return &s.rows[pos]
}

func (s slice[T]) Row(pos int) Row[T] { return *s.at(pos) }
func (s slice[T]) ID(pos int) string  { return s.at(pos).ID }

// Table keeps its rows and draws the ones on screen. The cursor follows a row's id across
// reloads and filters; marks are kept by id (Marks may be shared with another table: find marks
// into the list's).
//
// The rows are replaced, never changed in place, so a filter running off the UI goroutine may
// read an earlier slice safely.
type Table[T any] struct {
	Marks  map[string]bool
	styles Styles
	cols   []Column
	src    Source[T]
	rows   []Row[T] // the rows SetRows gave (nil when the source is a pane's)
	hl     [][]int  // per shown position, matched byte offsets into the row's joined cells
	// highlight, when set, gives a shown position's offsets as it is drawn (instead of hl), so a
	// long answer costs nothing for the rows never on screen.
	highlight func(pos int) []int
	measured  bool // the natural widths are measured on rows
	cursor    int  // position in the shown rows
	offset    int  // the first shown position on screen
	width     int
	height    int
	sortBy    string // the column key sorted on, "" for none
	desc      bool
}

// New is a table with these columns.
func New[T any](s Styles, cols []Column) *Table[T] {
	tb := &Table[T]{styles: s, cols: cols, Marks: make(map[string]bool), src: slice[T]{}}
	tb.measure()
	return tb
}

// Len is the number of rows shown.
func (t *Table[T]) Len() int { return t.src.Len() }

// At is the row shown at pos.
func (t *Table[T]) At(pos int) Row[T] { return t.src.Row(pos) }

// Selected is the row under the cursor.
func (t *Table[T]) Selected() (Row[T], bool) {
	if t.Len() == 0 {
		return Row[T]{}, false
	}
	return t.src.Row(t.cursor), true
}

// SelectedID is the id of the row under the cursor, "" when empty.
func (t *Table[T]) SelectedID() string {
	if t.Len() == 0 {
		return ""
	}
	return t.src.ID(t.cursor)
}

// SetRows replaces the rows and which of them show (nil: all), keeping the cursor on the same
// id when it is still shown, and on the same screen line when possible.
func (t *Table[T]) SetRows(rows []Row[T], view []int, hl [][]int) {
	if len(rows) == 0 {
		t.measured = false
	}
	t.show(slice[T]{rows: rows, view: view}, nil)
	t.rows, t.hl = rows, hl
}

// SetSource shows src, each position highlighted as it is drawn (highlight may be nil); the
// cursor stays on its id, as with SetRows. The columns are measured on src's first rows when
// the table has not been measured on rows yet.
func (t *Table[T]) SetSource(src Source[T], highlight func(pos int) []int) {
	t.show(src, highlight)
}

func (t *Table[T]) show(src Source[T], highlight func(pos int) []int) {
	id, line, was := t.SelectedID(), t.cursor-t.offset, t.cursor
	t.src, t.rows, t.hl, t.highlight = src, nil, nil, highlight
	if !t.measured && src.Len() > 0 {
		t.measure()
	}
	t.cursor = t.find(id, was)
	t.offset = t.cursor - line
	t.clamp()
}

// find returns the position of id among the shown rows (looking first where it was), 0 when
// absent.
func (t *Table[T]) find(id string, was int) int {
	if id == "" {
		return 0
	}
	if was < t.Len() && t.src.ID(was) == id {
		return was
	}
	if f, ok := t.src.(Finder); ok {
		pos, _ := f.Find(id)
		return pos
	}
	for pos := range t.Len() {
		if t.src.ID(pos) == id {
			return pos
		}
	}
	return 0
}

// SelectID moves the cursor to id if it is shown.
func (t *Table[T]) SelectID(id string) bool {
	pos := t.find(id, t.cursor)
	if t.Len() == 0 || t.src.ID(pos) != id {
		return false
	}
	t.cursor = pos
	t.clamp()
	return true
}

// Move moves the cursor by delta rows.
func (t *Table[T]) Move(delta int) { t.cursor += delta; t.clamp() }

// Top and Bottom jump to the ends; Page moves by a screen (dir ±1).
func (t *Table[T]) Top()         { t.cursor = 0; t.clamp() }
func (t *Table[T]) Bottom()      { t.cursor = t.Len() - 1; t.clamp() }
func (t *Table[T]) Page(dir int) { t.Move(dir * max(1, t.Visible()/2)) }

// Click puts the cursor on the row at screen line y (0 is the header); it reports whether the
// row was already under the cursor (a second click opens).
func (t *Table[T]) Click(y int) (again, ok bool) {
	pos := t.offset + y - 1
	if y < 1 || pos >= t.Len() {
		return false, false
	}
	again = pos == t.cursor
	t.cursor = pos
	t.clamp()
	return again, true
}

// Scroll moves the view and the cursor with it (the mouse wheel).
func (t *Table[T]) Scroll(delta int) { t.offset += delta; t.cursor += delta; t.clamp() }

// ToggleMark marks or unmarks the row under the cursor.
func (t *Table[T]) ToggleMark() {
	id := t.SelectedID()
	if id == "" {
		return
	}
	if t.Marks[id] {
		delete(t.Marks, id)
	} else {
		t.Marks[id] = true
	}
}

// MarkShown marks every row the table shows (all of them, or the ones a filter keeps).
func (t *Table[T]) MarkShown() {
	for i := range t.Len() {
		t.Marks[t.src.ID(i)] = true
	}
}

// ClearMarks unmarks every row.
func (t *Table[T]) ClearMarks() { clear(t.Marks) }

// Marked lists the marked ids.
func (t *Table[T]) Marked() []string {
	out := make([]string, 0, len(t.Marks))
	for id := range t.Marks {
		out = append(out, id)
	}
	return out
}

// Visible is how many rows fit under the header.
func (t *Table[T]) Visible() int { return max(1, t.height-1) }

// clamp keeps the cursor on a row and on screen.
func (t *Table[T]) clamp() {
	n := t.Len()
	t.cursor = max(0, min(t.cursor, n-1))
	t.offset = max(0, min(t.offset, t.cursor, max(0, n-t.Visible())))
	if t.cursor >= t.offset+t.Visible() {
		t.offset = t.cursor - t.Visible() + 1
	}
}

// SetSize lays the columns out across width.
func (t *Table[T]) SetSize(width, height int) {
	t.width, t.height = width, height
	t.layout()
	t.clamp()
}

// gutter is the cursor and mark glyphs in front of each row.
func (t *Table[T]) gutter() int {
	return ansi.StringWidth(t.styles.CursorGlyph) + ansi.StringWidth(t.styles.MarkGlyph)
}

// SetColumns replaces the columns (new titles), measuring them again on the rows loaded.
func (t *Table[T]) SetColumns(cols []Column) {
	t.cols = cols
	t.measure()
	t.layout()
}

// measure sets each column's natural width from its title and the first rows.
func (t *Table[T]) measure() {
	n := min(t.Len(), sampleRows)
	t.measured = n > 0
	for i := range t.cols {
		c := &t.cols[i]
		c.natural = ansi.StringWidth(c.Title)
	}
	for pos := range n {
		r := t.src.Row(pos)
		for i := range t.cols {
			if i < len(r.Cells) {
				t.cols[i].natural = max(t.cols[i].natural, ansi.StringWidth(r.Cells[i]))
			}
		}
	}
	for i := range t.cols {
		c := &t.cols[i]
		c.natural = min(max(c.natural, c.Min), max(c.Min, maxNatural))
	}
	t.layout()
}

// layout fits the columns into the width: natural widths when they fit (the rest shared by
// weight), else each cut to a common level scaled by its weight (the email, weighted more,
// keeps more of itself than a stage), never below its minimum while there is room.
func (t *Table[T]) layout() {
	avail := t.width - t.gutter() - (len(t.cols) - 1)
	total := 0
	for _, c := range t.cols {
		total += c.natural
	}
	if total <= avail {
		t.spread(avail - total)
		return
	}
	level := t.level(avail)
	used := 0
	for i := range t.cols {
		t.cols[i].Width = t.cut(t.cols[i], level)
		used += t.cols[i].Width
	}
	if used > avail {
		t.shrink(used - avail)
	}
}

// cut is a column's width at a level: its natural width, or level × weight, or its minimum.
func (t *Table[T]) cut(c Column, level int) int {
	return min(c.natural, max(c.Min, level*max(1, c.Weight)/4))
}

// spread gives each column its natural width and shares extra by weight.
func (t *Table[T]) spread(extra int) {
	weights := 0
	for _, c := range t.cols {
		weights += c.Weight
	}
	for i := range t.cols {
		c := &t.cols[i]
		c.Width = c.natural
		if weights > 0 {
			c.Width += extra * c.Weight / weights
		}
	}
}

// level is the highest level at which the cut columns fit in avail.
func (t *Table[T]) level(avail int) int {
	lo, hi := 0, 4*maxNatural
	for lo < hi {
		mid := (lo + hi + 1) / 2
		sum := 0
		for _, c := range t.cols {
			sum += t.cut(c, mid)
		}
		if sum <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// shrink takes what still does not fit (the minimums alone are too wide) from the right.
func (t *Table[T]) shrink(over int) {
	for i := len(t.cols) - 1; i >= 0 && over > 0; i-- {
		cut := min(over, t.cols[i].Width-1)
		t.cols[i].Width -= cut
		over -= cut
	}
}

// View draws the header and the rows on screen, and nothing else.
func (t *Table[T]) View() string {
	var b strings.Builder
	b.WriteString(t.Header())
	end := min(t.Len(), t.offset+t.Visible())
	for pos := t.offset; pos < end; pos++ {
		b.WriteByte('\n')
		b.WriteString(t.line(pos))
	}
	return b.String()
}

// Header is the line of column titles.
func (t *Table[T]) Header() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", t.gutter()))
	for i, c := range t.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Pad(t.title(c), c.Width))
	}
	return t.styles.Header.Render(b.String())
}

// title is a column's heading, with an arrow when the table is sorted on it (the title gives
// way to the arrow when the column is narrow).
func (t *Table[T]) title(c Column) string {
	if c.Key != t.sortBy {
		return ansi.Truncate(c.Title, c.Width, "…")
	}
	arrow := " ▲"
	if t.desc {
		arrow = " ▼"
	}
	return ansi.Truncate(c.Title, max(1, c.Width-2), "…") + arrow
}

// line draws the row at pos: glyphs, then each cell cut or padded to its column.
func (t *Table[T]) line(pos int) string {
	row, th := t.src.Row(pos), t.styles
	r := &row
	var style *lipgloss.Style // nil: plain, the cheap common case
	var b strings.Builder
	if pos == t.cursor {
		style = &th.Selected
		b.WriteString(th.CursorGlyph)
	} else {
		b.WriteString(th.NoCursor)
	}
	if t.Marks[r.ID] {
		b.WriteString(th.MarkGlyph)
	} else {
		b.WriteString(th.NoMark)
	}
	if r.Rule {
		text := ansi.Truncate(r.Cells[0], max(1, t.width-t.gutter()), "…")
		b.WriteString(th.Dim.Render(text))
		return b.String()
	}
	t.cells(&b, r, t.Highlight(pos), style)
	return b.String()
}

// cells writes a row's cells; hl holds byte offsets into the cells joined by one space. A row
// with nothing highlighted is styled once, as a whole (styling is most of a frame's work).
func (t *Table[T]) cells(b *strings.Builder, r *Row[T], hl []int, style *lipgloss.Style) {
	if len(hl) == 0 && style != nil {
		var plain strings.Builder
		t.cells(&plain, r, nil, nil)
		b.WriteString(style.Render(plain.String()))
		return
	}
	start := 0
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(render(style, " "))
		}
		text := ""
		if i < len(r.Cells) {
			text = r.Cells[i]
		}
		cut, w := fit(text, c.Width)
		if len(hl) == 0 {
			b.WriteString(cut)
		} else {
			b.WriteString(highlight(cut, offsetsIn(hl, start, len(text)), style, &t.styles.Match))
		}
		b.WriteString(render(style, spaces(c.Width-w)))
		start += len(text) + 1
	}
}

// fit cuts s to width w (with …) and says how wide it is then.
func fit(s string, w int) (string, int) {
	if len(s) <= w && isASCII(s) { // the common case: it fits, one column a byte
		return s, len(s)
	}
	cut := ansi.Truncate(s, w, "…")
	return cut, ansi.StringWidth(cut)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}

// blanks are spaces to pad with, sliced instead of built.
const blanks = "                                                                                "

func spaces(n int) string {
	switch {
	case n <= 0:
		return ""
	case n <= len(blanks):
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// offsetsIn picks the offsets that fall in [start, start+n) and makes them relative.
func offsetsIn(hl []int, start, n int) []int {
	var out []int
	for _, o := range hl {
		if o >= start && o < start+n {
			out = append(out, o-start)
		}
	}
	return out
}

// highlight renders s in style, with the runes at the given byte offsets in match.
// s is plain text (sanitized); offsets past a cut are ignored.
func highlight(s string, offsets []int, style, match *lipgloss.Style) string {
	if len(offsets) == 0 {
		return render(style, s)
	}
	set := make(map[int]bool, len(offsets))
	for _, o := range offsets {
		set[o] = true
	}
	var b strings.Builder
	runStart, runMatched := 0, set[0]
	for i := range s {
		if set[i] != runMatched {
			b.WriteString(render(pick(runMatched, match, style), s[runStart:i]))
			runStart, runMatched = i, set[i]
		}
	}
	b.WriteString(render(pick(runMatched, match, style), s[runStart:]))
	return b.String()
}

func pick(cond bool, a, b *lipgloss.Style) *lipgloss.Style {
	if cond {
		return a
	}
	return b
}

// render styles s; a nil style or empty text skip lipgloss (the costly part of a frame).
func render(style *lipgloss.Style, s string) string {
	if style == nil || s == "" {
		return s
	}
	return style.Render(s)
}

// Pad fills s with spaces to width w.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) }

// Rows are the table's rows: those SetRows gave (read them, do not change them: SetRows
// replaces them), or every row of the source, made one by one (for tests and small tables).
func (t *Table[T]) Rows() []Row[T] {
	if _, ok := t.src.(slice[T]); ok {
		return t.rows
	}
	out := make([]Row[T], t.Len())
	for i := range out {
		out[i] = t.src.Row(i)
	}
	return out
}

// Cursor is the position of the row under the cursor; Offset the first position on screen.
func (t *Table[T]) Cursor() int { return t.cursor }
func (t *Table[T]) Offset() int { return t.offset }

// Highlight is the matched byte offsets of the row shown at pos (into its Key).
func (t *Table[T]) Highlight(pos int) []int {
	switch {
	case t.highlight != nil:
		return t.highlight(pos)
	case pos < len(t.hl):
		return t.hl[pos]
	}
	return nil
}

// SortedBy puts an arrow on the column key sorted on ("" for none).
func (t *Table[T]) SortedBy(key string, desc bool) { t.sortBy, t.desc = key, desc }
