package ui

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
	within  []int         // narrow to these indexes (the previous answer, when the pattern grew)
	latest  *atomic.Int64 // the seq of the newest query, when runs may be superseded
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

// run matches; an empty pattern shows every row. The rows are split among the CPUs; each
// part skips rows that cannot match (a quick subsequence test) before fuzzy scores the rest,
// and stops early once latest (when set) says a newer query has started: its answer would be
// dropped anyway. The answer is the one fuzzy.FindFrom gives: best first, ties in row order.
func (q filterQuery) run() filterAnswer {
	a := filterAnswer{seq: q.seq, pattern: q.pattern, rows: q.rows}
	if strings.TrimSpace(q.pattern) == "" {
		return a
	}
	parts := q.split()
	found := make([]fuzzy.Matches, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Go(func() { found[i] = q.match(part) })
	}
	wg.Wait()
	var all fuzzy.Matches
	for _, f := range found {
		all = append(all, f...)
	}
	sort.Stable(all)
	a.view, a.hl = make([]int, len(all)), make([][]int, len(all))
	for i, m := range all {
		a.view[i], a.hl[i] = m.Index, m.MatchedIndexes
	}
	return a
}

// stale reports whether a newer query has started.
func (q filterQuery) stale() bool { return q.latest != nil && q.latest.Load() != int64(q.seq) }

// minPart is the fewest rows worth a goroutine of their own.
const minPart = 8192

// split cuts the candidate rows (within, or all) into one part per CPU.
func (q filterQuery) split() [][]int {
	n := len(q.rows)
	if q.within != nil {
		n = len(q.within)
	}
	k := max(1, min(runtime.GOMAXPROCS(0), n/minPart))
	parts := make([][]int, 0, k)
	for i := range k {
		lo, hi := i*n/k, (i+1)*n/k
		part := make([]int, 0, hi-lo)
		for j := lo; j < hi; j++ {
			part = append(part, q.index(j))
		}
		parts = append(parts, part)
	}
	return parts
}

func (q filterQuery) index(j int) int {
	if q.within != nil {
		return q.within[j]
	}
	return j
}

// match scores one part; each match's Index is made the row's index.
func (q filterQuery) match(part []int) fuzzy.Matches {
	pattern := strings.ToLower(q.pattern)
	var yielded []int
	rows := func(yield func(string) bool) {
		for n, i := range part {
			if n%1024 == 0 && q.stale() {
				return
			}
			if key := q.rows[i].key; mayMatch(key, pattern) {
				yielded = append(yielded, i)
				if !yield(key) {
					return
				}
			}
		}
	}
	ms := fuzzy.FindFromIterNoSort(q.pattern, rows)
	for k := range ms {
		ms[k].Index = yielded[ms[k].Index]
	}
	return ms
}

// mayMatch is a quick test that s holds the (lower-case) pattern's bytes in order, ignoring
// ASCII case. It never rejects what fuzzy would match: when either side is not ASCII it says
// yes and leaves the decision to fuzzy.
func mayMatch(s, pattern string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(pattern); i++ {
		c, p := s[i], pattern[j]
		if c >= 0x80 || p >= 0x80 {
			return true
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == p {
			j++
		}
	}
	return j == len(pattern)
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
