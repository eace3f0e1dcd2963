package ui

import (
	"strings"

	"github.com/sahilm/fuzzy"
)

// The local filter: fuzzy matching over the loaded rows, run off the UI goroutine. Each run
// carries a sequence number; the pane applies only the answer to its latest query, so a slow
// run for "ad" can never overwrite the answer for "ada".

// filterQuery is one run: match pattern against rows (only the positions in within, when set).
type filterQuery struct {
	seq     int
	pattern string
	rows    []row
	within  []int // narrow to these indexes (the previous answer, when the pattern grew)
}

// filterAnswer is a run's result: the matching rows by index, best first, and the matched
// byte offsets into each one's joined cells (parallel to view).
type filterAnswer struct {
	seq     int
	pattern string
	rows    []row
	view    []int
	hl      [][]int
}

// rowSource lets fuzzy read the rows' joined cells without building a []string each time.
type rowSource struct {
	rows   []row
	within []int
}

func (s rowSource) String(i int) string {
	if s.within != nil {
		return s.rows[s.within[i]].key
	}
	return s.rows[i].key
}

func (s rowSource) Len() int {
	if s.within != nil {
		return len(s.within)
	}
	return len(s.rows)
}

func (s rowSource) index(i int) int {
	if s.within != nil {
		return s.within[i]
	}
	return i
}

// run matches; an empty pattern shows every row.
func (q filterQuery) run() filterAnswer {
	a := filterAnswer{seq: q.seq, pattern: q.pattern, rows: q.rows}
	if strings.TrimSpace(q.pattern) == "" {
		return a
	}
	src := rowSource{rows: q.rows, within: q.within}
	matches := fuzzy.FindFrom(q.pattern, src)
	a.view = make([]int, len(matches))
	a.hl = make([][]int, len(matches))
	for i, m := range matches {
		a.view[i] = src.index(m.Index)
		a.hl[i] = m.MatchedIndexes
	}
	return a
}

// narrowing returns the rows a new pattern need search: when it extends the pattern of the
// previous answer over the same rows, only that answer's rows can match (fuzzy matching is a
// subsequence test); otherwise all of them (nil).
func narrowing(prev *filterAnswer, pattern string, rows []row) []int {
	if prev == nil || prev.view == nil || len(prev.rows) != len(rows) || len(rows) == 0 || &prev.rows[0] != &rows[0] {
		return nil
	}
	if !strings.HasPrefix(pattern, prev.pattern) {
		return nil
	}
	return prev.view
}

// newRow builds a row from sanitized cells; key is what the filter matches against.
func newRow(id string, cells []string) row {
	return row{id: id, cells: cells, key: strings.Join(cells, " ")}
}
