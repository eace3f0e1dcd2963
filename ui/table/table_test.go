package table

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mono is what the app's plain theme draws with: glyphs, no colour.
var mono = Styles{CursorGlyph: "> ", NoCursor: "  ", MarkGlyph: "* ", NoMark: "  ",
	Header: lipgloss.NewStyle(), Selected: lipgloss.NewStyle(), Match: lipgloss.NewStyle(), Dim: lipgloss.NewStyle()}

func testColumns() []Column {
	return []Column{{Key: "name", Title: "Name", Min: 10, Weight: 2}, {Key: "email", Title: "Email", Min: 10, Weight: 3}}
}

func makeRows(n int) []Row[int] {
	rows := make([]Row[int], n)
	for i := range rows {
		rows[i] = NewRow(fmt.Sprint(i+1), []string{fmt.Sprintf("Person %d", i+1), fmt.Sprintf("p%d@example.com", i+1)}, i+1)
	}
	return rows
}

func newTestTable(n, w, h int) *Table[int] {
	t := New[int](mono, testColumns())
	t.SetRows(makeRows(n), nil, nil)
	t.SetSize(w, h)
	return t
}

func TestTableDrawsOnlyVisibleRows(t *testing.T) {
	tb := newTestTable(20000, 60, 11)
	lines := strings.Split(tb.View(), "\n")
	require.Len(t, lines, 11, "header and ten rows")
	assert.Contains(t, lines[1], "> ")
	assert.Contains(t, lines[1], "Person 1 ")
	assert.Contains(t, lines[10], "Person 10 ")
	tb.Bottom()
	lines = strings.Split(tb.View(), "\n")
	assert.Contains(t, lines[10], "> ")
	assert.Contains(t, lines[10], "Person 20000")
	assert.Contains(t, lines[1], "Person 19991 ")
}

func TestTableScrollsWithCursor(t *testing.T) {
	tb := newTestTable(50, 60, 6) // five rows on screen
	tb.Move(4)
	assert.Equal(t, 0, tb.offset)
	tb.Move(1)
	assert.Equal(t, 1, tb.offset, "the view follows the cursor down")
	tb.Move(-3)
	assert.Equal(t, 1, tb.offset, "moving up inside the view does not scroll")
	tb.Move(-2)
	assert.Equal(t, 0, tb.offset)
	tb.Move(-5)
	assert.Equal(t, 0, tb.cursor, "stops at the top")
	tb.Page(1)
	assert.Equal(t, 2, tb.cursor, "half a screen")
}

func TestTableKeepsCursorByIDAcrossReload(t *testing.T) {
	tb := newTestTable(20, 60, 6)
	tb.Move(7)
	require.Equal(t, "8", tb.SelectedID())
	line := tb.cursor - tb.offset
	rows := append([]Row[int]{NewRow("new", []string{"New person", "new@example.com"}, 0)}, makeRows(20)...)
	tb.SetRows(rows, nil, nil)
	assert.Equal(t, "8", tb.SelectedID(), "same contact after a row was added above")
	assert.Equal(t, line, tb.cursor-tb.offset, "on the same screen line")
	tb.SetRows(rows, []int{0, 3, 8, 12}, nil) // a filter that keeps id 8 (index 8)
	assert.Equal(t, "8", tb.SelectedID())
	tb.SetRows(rows, []int{0, 3}, nil)
	assert.Equal(t, "new", tb.SelectedID(), "gone: back to the first row")
}

func TestTableMarksByID(t *testing.T) {
	tb := newTestTable(5, 60, 6)
	tb.ToggleMark()
	tb.Move(2)
	tb.ToggleMark()
	tb.ToggleMark()
	tb.ToggleMark()
	assert.ElementsMatch(t, []string{"1", "3"}, tb.Marked())
	lines := strings.Split(tb.View(), "\n")
	assert.True(t, strings.HasPrefix(lines[1], "  * "), "marked row shows the mark glyph: %q", lines[1])
	assert.True(t, strings.HasPrefix(lines[3], "> * "), "cursor and mark: %q", lines[3])
	assert.True(t, strings.HasPrefix(lines[2], "    "), "neither: %q", lines[2])
}

func TestTableClick(t *testing.T) {
	tb := newTestTable(50, 60, 6)
	again, ok := tb.Click(3)
	assert.True(t, ok)
	assert.False(t, again)
	assert.Equal(t, "3", tb.SelectedID())
	again, _ = tb.Click(3)
	assert.True(t, again, "a second click on the same row")
	_, ok = tb.Click(0)
	assert.False(t, ok, "the header is not a row")
}

func TestTableLayoutAndTruncation(t *testing.T) {
	tb := New[int](mono, testColumns())
	tb.SetRows([]Row[int]{NewRow("1", []string{"A very long name that does not fit", "x@example.com"}, 1)}, nil, nil)
	tb.SetSize(30, 5)
	for _, l := range strings.Split(tb.View(), "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 30, "line %q", l)
	}
	assert.Contains(t, tb.View(), "…")
}

func TestHighlightMarksMatchedRunes(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	match := r.NewStyle().Underline(true)
	got := highlight("ada@example.com", []int{0, 1, 4}, nil, &match)
	want := match.Render("ad") + "a@" + match.Render("e") + "xample.com"
	assert.Equal(t, want, got)
	assert.Equal(t, []int{0}, offsetsIn([]int{0, 4}, 4, 15), "offsets are made relative to the cell")
}

func TestTableColumnsTakeTheirContentsWidth(t *testing.T) {
	cols := []Column{{Key: "a", Title: "A", Min: 4, Weight: 1}, {Key: "b", Title: "B", Min: 4, Weight: 1}, {Key: "c", Title: "Stage", Min: 4}}
	tb := New[int](mono, cols)
	tb.SetRows([]Row[int]{NewRow("1", []string{"short", strings.Repeat("w", 30), "Customer"}, 1)}, nil, nil)
	tb.SetSize(4+5+30+8+2+10, 5) // everything fits, 10 to spare
	assert.Equal(t, []int{10, 35, 8}, []int{tb.cols[0].Width, tb.cols[1].Width, tb.cols[2].Width}, "spare room by weight")
	tb.SetSize(4+5+20+8+2, 5) // 10 short: the widest gives way
	assert.Equal(t, []int{5, 20, 8}, []int{tb.cols[0].Width, tb.cols[1].Width, tb.cols[2].Width})
	assert.Contains(t, tb.View(), "Customer", "a short column keeps its whole value")
}
