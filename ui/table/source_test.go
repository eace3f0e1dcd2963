package table

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// made is a source of n rows made as they are asked for, counting the asking; it finds a row
// by id itself (every id is "r<pos>" shifted by shift).
type made struct {
	n, shift  int
	rows, ids int
	finds     int
}

func (m *made) Len() int { return m.n }
func (m *made) Row(pos int) Row[int] {
	m.rows++
	id := m.id(pos)
	return NewRow(id, []string{"Person " + id, id + "@example.com"}, pos)
}
func (m *made) ID(pos int) string { m.ids++; return m.id(pos) }
func (m *made) id(pos int) string { return fmt.Sprint("r", pos+m.shift) }

type finding struct{ *made }

func (f finding) Find(id string) (int, bool) {
	f.finds++
	var n int
	if _, err := fmt.Sscanf(id, "r%d", &n); err != nil || n-f.shift < 0 || n-f.shift >= f.n {
		return 0, false
	}
	return n - f.shift, true
}

// A table over a source draws only the rows on screen, and keeps the cursor on its row through
// the source's own finding when the row moved, never asking every position.
func TestTableOverASourceAsksOnlyForWhatItShows(t *testing.T) {
	tb := New[int](mono, testColumns())
	tb.SetSize(60, 11)
	src := &made{n: 1_000_000}
	tb.SetSource(finding{src}, nil)
	assert.LessOrEqual(t, src.rows, sampleRows, "the columns are measured on the first rows only")
	src.rows = 0
	lines := strings.Split(tb.View(), "\n")
	require.Len(t, lines, 11)
	assert.Contains(t, lines[1], "Person r0 ")
	assert.Equal(t, 10, src.rows, "a frame makes the rows on screen")

	tb.Move(500_000)
	require.Equal(t, "r500000", tb.SelectedID())
	moved := &made{n: 1_000_000, shift: -7} // every row seven positions further down
	tb.SetSource(finding{moved}, nil)
	assert.Equal(t, "r500000", tb.SelectedID(), "the cursor stays on its row")
	assert.Equal(t, 500_007, tb.Cursor())
	assert.Less(t, moved.ids, 10, "found, not looked for position by position")
}
