package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// column is one column of a table: Key names what it shows (a property, or "name"), Title heads
// it. Its natural width is its widest cell among the first rows (capped); when the natural
// widths do not fit, the widest give way first, never below Min; room to spare goes by Weight.
type column struct {
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

// row is one record as a table shows it: its id, its cells (already sanitized) and the cells
// joined by one space (what the filter matches and its offsets refer to). Build it with newRow.
type row struct {
	id    string
	cells []string
	key   string
	name  string // the contact's name as the header shows it
	email string // its primary email, sanitized
	// What find matches besides the name and email (sanitized): the company, the secondary
	// emails.
	company   string
	secondary []string
	// rule marks a line between rows (find's cut-off): its first cell is drawn dim across the
	// table, and it is no contact.
	rule bool
}

// table is a virtualised table: it keeps every loaded row but draws only the ones on screen, so
// a frame costs the same with a thousand rows loaded or a hundred thousand. The cursor follows
// a row's id across reloads and filters; marks are kept by id.
//
// rows is replaced, never changed in place, so a filter running off the UI goroutine may read
// an earlier slice safely.
type table struct {
	theme  *Theme
	cols   []column
	rows   []row
	view   []int   // the rows shown, by index into rows, in order; nil shows them all
	hl     [][]int // per shown position, matched byte offsets into the row's joined cells
	cursor int     // position in the shown rows
	offset int     // the first shown position on screen
	width  int
	height int
	marks  map[string]bool
	sortBy string // the column key sorted on, "" for none
	desc   bool
}

func newTable(t *Theme, cols []column) *table {
	tb := &table{theme: t, cols: cols, marks: make(map[string]bool)}
	tb.measure(nil)
	return tb
}

// Len is the number of rows shown.
func (t *table) Len() int {
	if t.view != nil {
		return len(t.view)
	}
	return len(t.rows)
}

func (t *table) at(pos int) *row {
	if t.view != nil {
		return &t.rows[t.view[pos]]
	}
	return &t.rows[pos]
}

// Selected is the row under the cursor.
func (t *table) Selected() (row, bool) {
	if t.Len() == 0 {
		return row{}, false
	}
	return *t.at(t.cursor), true
}

// SelectedID is the id of the row under the cursor, "" when empty.
func (t *table) SelectedID() string {
	r, _ := t.Selected()
	return r.id
}

// SetRows replaces the rows and which of them show (nil: all), keeping the cursor on the same
// id when it is still shown, and on the same screen line when possible.
func (t *table) SetRows(rows []row, view []int, hl [][]int) {
	id, line := t.SelectedID(), t.cursor-t.offset
	if len(t.rows) == 0 && len(rows) > 0 {
		t.measure(rows)
	}
	t.rows, t.view, t.hl = rows, view, hl
	t.cursor = t.find(id)
	t.offset = t.cursor - line
	t.clamp()
}

// find returns the position of id among the shown rows, 0 when absent.
func (t *table) find(id string) int {
	if id == "" {
		return 0
	}
	for pos := range t.Len() {
		if t.at(pos).id == id {
			return pos
		}
	}
	return 0
}

// SelectID moves the cursor to id if it is shown.
func (t *table) SelectID(id string) bool {
	pos := t.find(id)
	if t.Len() == 0 || t.at(pos).id != id {
		return false
	}
	t.cursor = pos
	t.clamp()
	return true
}

// Move moves the cursor by delta rows.
func (t *table) Move(delta int) { t.cursor += delta; t.clamp() }

// Top and Bottom jump to the ends; Page moves by a screen (dir ±1).
func (t *table) Top()         { t.cursor = 0; t.clamp() }
func (t *table) Bottom()      { t.cursor = t.Len() - 1; t.clamp() }
func (t *table) Page(dir int) { t.Move(dir * max(1, t.visible()/2)) }

// Click puts the cursor on the row at screen line y (0 is the header); it reports whether the
// row was already under the cursor (a second click opens).
func (t *table) Click(y int) (again, ok bool) {
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
func (t *table) Scroll(delta int) { t.offset += delta; t.cursor += delta; t.clamp() }

// ToggleMark marks or unmarks the row under the cursor.
func (t *table) ToggleMark() {
	id := t.SelectedID()
	if id == "" {
		return
	}
	if t.marks[id] {
		delete(t.marks, id)
	} else {
		t.marks[id] = true
	}
}

// MarkShown marks every row the table shows (all of them, or the ones a filter keeps).
func (t *table) MarkShown() {
	for i := range t.Len() {
		t.marks[t.at(i).id] = true
	}
}

// ClearMarks unmarks every row.
func (t *table) ClearMarks() { clear(t.marks) }

// Marked lists the marked ids.
func (t *table) Marked() []string {
	out := make([]string, 0, len(t.marks))
	for id := range t.marks {
		out = append(out, id)
	}
	return out
}

// visible is how many rows fit under the header.
func (t *table) visible() int { return max(1, t.height-1) }

// clamp keeps the cursor on a row and on screen.
func (t *table) clamp() {
	n := t.Len()
	t.cursor = max(0, min(t.cursor, n-1))
	t.offset = max(0, min(t.offset, t.cursor, max(0, n-t.visible())))
	if t.cursor >= t.offset+t.visible() {
		t.offset = t.cursor - t.visible() + 1
	}
}

// SetSize lays the columns out across width.
func (t *table) SetSize(width, height int) {
	t.width, t.height = width, height
	t.layout()
	t.clamp()
}

// gutter is the cursor and mark glyphs in front of each row.
func (t *table) gutter() int {
	return ansi.StringWidth(t.theme.CursorGlyph) + ansi.StringWidth(t.theme.MarkGlyph)
}

// SetColumns replaces the columns (new titles), measuring them again on the rows loaded.
func (t *table) SetColumns(cols []column) {
	t.cols = cols
	t.measure(t.rows)
	t.layout()
}

// measure sets each column's natural width from its title and the first rows.
func (t *table) measure(rows []row) {
	for i := range t.cols {
		c := &t.cols[i]
		c.natural = ansi.StringWidth(c.Title)
		for _, r := range rows[:min(len(rows), sampleRows)] {
			if i < len(r.cells) {
				c.natural = max(c.natural, ansi.StringWidth(r.cells[i]))
			}
		}
		c.natural = min(max(c.natural, c.Min), max(c.Min, maxNatural))
	}
	t.layout()
}

// layout fits the columns into the width: natural widths when they fit (the rest shared by
// weight), else each cut to a common level scaled by its weight (the email, weighted more,
// keeps more of itself than a stage), never below its minimum while there is room.
func (t *table) layout() {
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
func (t *table) cut(c column, level int) int {
	return min(c.natural, max(c.Min, level*max(1, c.Weight)/4))
}

// spread gives each column its natural width and shares extra by weight.
func (t *table) spread(extra int) {
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
func (t *table) level(avail int) int {
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
func (t *table) shrink(over int) {
	for i := len(t.cols) - 1; i >= 0 && over > 0; i-- {
		cut := min(over, t.cols[i].Width-1)
		t.cols[i].Width -= cut
		over -= cut
	}
}

// View draws the header and the rows on screen, and nothing else.
func (t *table) View() string {
	var b strings.Builder
	b.WriteString(t.header())
	end := min(t.Len(), t.offset+t.visible())
	for pos := t.offset; pos < end; pos++ {
		b.WriteByte('\n')
		b.WriteString(t.line(pos))
	}
	return b.String()
}

func (t *table) header() string {
	var b strings.Builder
	b.WriteString(spaces(t.gutter()))
	for i, c := range t.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pad(t.title(c), c.Width))
	}
	return t.theme.TableHeader.Render(b.String())
}

// title is a column's heading, with an arrow when the table is sorted on it (the title gives
// way to the arrow when the column is narrow).
func (t *table) title(c column) string {
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
func (t *table) line(pos int) string {
	r, th := t.at(pos), t.theme
	var style *lipgloss.Style // nil: plain, the cheap common case
	var b strings.Builder
	if pos == t.cursor {
		style = &th.Selected
		b.WriteString(th.CursorGlyph)
	} else {
		b.WriteString(th.NoCursor)
	}
	if t.marks[r.id] {
		b.WriteString(th.MarkGlyph)
	} else {
		b.WriteString(th.NoMark)
	}
	if r.rule {
		text := ansi.Truncate(r.cells[0], max(1, t.width-t.gutter()), "…")
		b.WriteString(th.Dim.Render(text))
		return b.String()
	}
	var hl []int
	if t.hl != nil && pos < len(t.hl) {
		hl = t.hl[pos]
	}
	t.cells(&b, r, hl, style)
	return b.String()
}

// cells writes a row's cells; hl holds byte offsets into the cells joined by one space.
func (t *table) cells(b *strings.Builder, r *row, hl []int, style *lipgloss.Style) {
	start := 0
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(render(style, " "))
		}
		text := ""
		if i < len(r.cells) {
			text = r.cells[i]
		}
		cut := ansi.Truncate(text, c.Width, "…")
		b.WriteString(highlight(cut, offsetsIn(hl, start, len(text)), style, &t.theme.Match))
		b.WriteString(render(style, spaces(c.Width-ansi.StringWidth(cut))))
		start += len(text) + 1
	}
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

// pad fills s with spaces to width w.
func pad(s string, w int) string { return s + spaces(w-ansi.StringWidth(s)) }

// newRow builds a row from sanitized cells; key is what find matches against.
func newRow(id string, cells []string) row {
	return row{id: id, cells: cells, key: strings.Join(cells, " ")}
}
