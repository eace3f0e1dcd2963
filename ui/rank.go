package ui

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hubcontacts/hubcontacts/internal/rank"
)

// The precise find: what the find box ranks the loaded contacts by. A contact matches when the
// text stands, as typed, in one of its fields (name, email, company, a secondary email; the
// email's domain is the part of it after the @): the whole field first, then at the start of a
// word ("berg" in "Jonas Berg", "north" in "Northwind"), then inside a word ("wind" in
// "Northwind"); several words that are not together anywhere match when each stands in some
// field. The letters of the text in order within one field ("nwind" in "Northwind") are only
// "close": they come after a cut-off, and find's export leaves them out.
//
// A rank scans the rows' fields where they lie (contactRows keeps them as shown, and lower-cased
// only when lower-casing is more than folding ASCII capitals), so a keystroke allocates nothing
// per row; the hits come out grouped by tier and field, in the rows' order within a group
// (a counting sort, no comparisons), into buffers the next ranks reuse.

// tier is how well a row matches; lower is better.
type tier = rank.Tier

// The tiers (internal/rank: the one rule, shared with the local index's find).
const (
	tierWhole  = rank.Whole  // a whole field
	tierPrefix = rank.Prefix // at the start of a word of a field
	tierInside = rank.Inside // inside a word of a field
	tierWords  = rank.Words  // each word in some field
	tierClose  = rank.Close  // the letters in order within one field: not a match
)

// matchField is which of a contact's fields matched, in the order they rank.
type matchField uint8

const (
	fieldName matchField = iota
	fieldEmail
	fieldCompany
	fieldSecondary // a secondary email (hs_additional_emails)
)

// rankField is one field of one row.
type rankField struct {
	text  string     // as shown (sanitized)
	lower string     // lower-cased, when that is more than folding ASCII capitals; else ""
	at    int32      // its byte offset in the row's key; -1 when no cell shows it (or not worked out)
	kind  matchField // what it is
}

// find is how the text (lower-cased) stands in the field.
func (f *rankField) find(text string) (tier, int) {
	if f.lower != "" {
		return rank.Find(f.lower, text)
	}
	return rank.FindFold(f.text, text)
}

func (f *rankField) contains(w string) bool {
	if f.lower != "" {
		return strings.Contains(f.lower, w)
	}
	return rank.ContainsFold(f.text, w)
}

func (f *rankField) subsequence(p string) bool {
	if f.lower != "" {
		return rank.Subsequence(f.lower, p)
	}
	return rank.SubsequenceFold(f.text, p)
}

// rankIndex ranks a set of rows: the loaded contacts, or HubSpot's answers.
type rankIndex struct {
	rows []row // the rows it was made from (newRankIndex), for tests and HubSpot's answers
	src  contactRows
	keys []string // the columns, to find where a field stands in a row's cells
	pool *rankPool
}

// rankPool is what the ranks over one list's rows share, whichever find runs them: one rank
// at a time (a newer text's waits for an older one to notice it is stale and stop), and the
// buffers of answers find no longer shows (retire), for the next ranks to fill. So a keystroke
// allocates nothing for the rows it matches, once the first ranks have run.
type rankPool struct {
	run     sync.Mutex // one rank at a time; it guards scratch
	scratch []hit      // a rank's hits in the rows' order, before they are grouped
	spareMu sync.Mutex
	spare   []rankAnswer // retired answers, their buffers to reuse
}

// newRankIndex prepares rows whose cells are the columns keys (to find where the name, the
// email and the company stand in each row).
func newRankIndex(rows []row, keys []string) *rankIndex {
	return rowsIndex(newContactRows(rows), keys).from(rows)
}

func (ix *rankIndex) from(rows []row) *rankIndex {
	ix.rows = rows
	return ix
}

// rowsIndex ranks rows held as contactRows (the list's), sharing their pool.
func rowsIndex(rows contactRows, keys []string) *rankIndex {
	pool := rows.pool
	if pool == nil {
		pool = &rankPool{}
	}
	return &rankIndex{src: rows, keys: keys, pool: pool}
}

// appendFields adds a row's fields, with where each stands in its cells and lower-cased (for
// highlighting a row on screen).
func appendFields(dst []rankField, r *row, keys []string) []rankField {
	at := cellOffsets(r)
	where := func(text string, cols ...string) int32 {
		for _, c := range cols {
			i := slices.Index(keys, c)
			if i >= 0 && i < len(at) && strings.HasPrefix(r.Key[at[i]:], text) {
				return int32(at[i])
			}
		}
		return -1
	}
	add := func(text string, kind matchField, at int32) {
		if text != "" {
			dst = append(dst, rankField{lower: lower(text), text: text, at: at, kind: kind})
		}
	}
	add(r.Value.name, fieldName, where(r.Value.name, nameColumn, "firstname"))
	add(r.Value.email, fieldEmail, where(r.Value.email, "email"))
	add(r.Value.company, fieldCompany, where(r.Value.company, "company"))
	for _, s := range r.Value.secondary {
		add(s, fieldSecondary, -1)
	}
	return dst
}

// cellOffsets are where each cell starts in the row's key.
func cellOffsets(r *row) []int {
	out := make([]int, len(r.Cells))
	n := 0
	for i, c := range r.Cells {
		out[i] = n
		n += len(c) + 1
	}
	return out
}

// lower is s in lower case (s itself when it has no capital, as strings.ToLower does).
func lower(s string) string { return rank.Lower(s) }

// rankQuery is the text a rank runs for, prepared once (internal/rank's, shared with the local
// index's find).
type rankQuery = rank.Query

func newRankQuery(s string) rankQuery { return rank.NewQuery(s) }

// hit is a matched row: its index, how it matched, and in which field.
type hit struct {
	row   int32
	pos   int32 // where the text starts in that field's lower-cased text (-1 for the words and close tiers)
	tier  tier
	kind  matchField // the kind of the field that ranked it
	field uint8      // which of the row's fields (in rank order) ranked it
}

// group is the hit's place in the order: by tier, then by field kind.
func (h hit) group() int { return int(h.tier)*groupKinds + int(h.kind) }

const (
	groupKinds = int(fieldSecondary) + 1
	groups     = (int(tierClose) + 1) * groupKinds
)

// match ranks a row by its fields: ok is false when it neither matches nor comes close.
func match(i int, fs []rankField, q rankQuery) (hit, bool) {
	best := hit{row: int32(i), tier: tierClose + 1}
	for j := range fs {
		t, pos := fs[j].find(q.Text)
		if t < best.tier {
			best.tier, best.field, best.kind, best.pos = t, uint8(j), fs[j].kind, int32(pos)
		}
	}
	if best.tier <= tierInside {
		return best, true
	}
	if len(q.Words) > 1 && len(fs) > 0 && everyWord(fs, q.Words) {
		best.tier, best.field, best.kind, best.pos = tierWords, 0, fs[0].kind, -1
		return best, true
	}
	for j := range fs {
		if fs[j].subsequence(q.Runes) {
			best.tier, best.field, best.kind, best.pos = tierClose, uint8(j), fs[j].kind, -1
			return best, true
		}
	}
	return best, false
}

// matchRow ranks row i alone.
func (ix *rankIndex) matchRow(i int, q rankQuery) (hit, bool) {
	p, k := ix.src.page(i)
	var buf [8]rankField
	return match(i, p.rankFields(k, buf[:0]), q)
}

func everyWord(fs []rankField, words []string) bool {
	for _, w := range words {
		found := false
		for j := range fs {
			if fs[j].contains(w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// rankAnswer is a rank's result: the hits, best first; matches are the first n of them (the
// rest are close); rows are the rows hit, for narrowing the next rank (a longer text matches
// only rows the shorter one did).
type rankAnswer struct {
	hits    []hit
	matches int
	rows    rowSet
}

// rank ranks the rows (only those in within, when set) for text, best first: by tier, then by
// field (name, email, company, secondary email), then in the rows' order. stale, when set, is
// asked every 1,024 rows whether a newer text has come (the answer would be dropped): the rank
// then stops.
func (ix *rankIndex) rank(text string, within []int32, stale func() bool) rankAnswer {
	var set rowSet
	if within != nil {
		set = newRowSet(ix.src.Len(), nil)
		for _, i := range within {
			set.add(int(i))
		}
	}
	return ix.rankInto(text, set, stale, rankAnswer{})
}

// rankNext is rank for find: within is the answer to a shorter text (nil: none), and the
// answer's buffers are a retired answer's when there is one.
func (ix *rankIndex) rankNext(text string, within *rankAnswer, stale func() bool) rankAnswer {
	ix.pool.run.Lock()
	defer ix.pool.run.Unlock()
	if stale != nil && stale() || newRankQuery(text).Text == "" {
		return rankAnswer{} // no buffer taken: an empty text's answer, if it ever lands, holds none
	}
	var set rowSet
	if within != nil {
		set = within.rows
	}
	return ix.rankLocked(text, set, stale, ix.reuse(set))
}

func (ix *rankIndex) rankInto(text string, within rowSet, stale func() bool, into rankAnswer) rankAnswer {
	ix.pool.run.Lock()
	defer ix.pool.run.Unlock()
	return ix.rankLocked(text, within, stale, into)
}

func (ix *rankIndex) rankLocked(text string, within rowSet, stale func() bool, into rankAnswer) rankAnswer {
	q := newRankQuery(text)
	if q.Text == "" {
		return rankAnswer{}
	}
	if cap(ix.pool.scratch) < ix.src.Len() {
		ix.pool.scratch = make([]hit, 0, ix.src.Len()) // once: a rank hits each row at most once
	}
	found := ix.pool.scratch[:0]
	var counts [groups + 1]int
	var buf [8]rankField
	seen, stopped := 0, false
	rows := ix.src
scan:
	for k, p := range rows.pages {
		first := rows.first[k]
		for j := range p.n {
			i := first + j
			if within != nil && !within.has(i) {
				continue
			}
			if seen++; seen%1024 == 0 && stale != nil && stale() {
				stopped = true
				break scan
			}
			if h, ok := match(i, p.rankFields(j, buf[:0]), q); ok {
				found = append(found, h)
				counts[h.group()+1]++
			}
		}
	}
	ix.pool.scratch = found
	if stopped {
		ix.retire(&into)
		return rankAnswer{}
	}
	// Group the hits (a stable counting sort: the rows' order within a group).
	for g := 1; g <= groups; g++ {
		counts[g] += counts[g-1]
	}
	a := rankAnswer{hits: slices.Grow(into.hits[:0], len(found))[:len(found)], rows: newRowSet(ix.src.Len(), into.rows)}
	for _, h := range found {
		g := h.group()
		a.hits[counts[g]] = h
		counts[g]++
		a.rows.add(int(h.row))
		if h.tier < tierClose {
			a.matches++
		}
	}
	return a
}

// reuse is a retired answer to fill (not within's), or none.
func (ix *rankIndex) reuse(within rowSet) rankAnswer {
	ix.pool.spareMu.Lock()
	defer ix.pool.spareMu.Unlock()
	for i, a := range ix.pool.spare {
		if len(a.rows) > 0 && len(within) > 0 && &a.rows[0] == &within[0] {
			continue // the rank reads it
		}
		ix.pool.spare = slices.Delete(ix.pool.spare, i, i+1)
		return a
	}
	return rankAnswer{}
}

// retire gives back an answer find no longer shows or narrows from: a later rank fills its
// buffers. At most two are kept.
func (ix *rankIndex) retire(a *rankAnswer) {
	if a == nil || cap(a.hits) == 0 {
		return
	}
	ix.pool.spareMu.Lock()
	defer ix.pool.spareMu.Unlock()
	if len(ix.pool.spare) < 2 {
		ix.pool.spare = append(ix.pool.spare, *a)
	}
}

// rowsOf lists the hits' rows, in the rows' order.
func (a rankAnswer) rowsOf() []int32 {
	out := make([]int32, len(a.hits))
	for i, h := range a.hits {
		out[i] = h.row
	}
	slices.Sort(out)
	return out
}

// within is where row i's hit stands among the hits, when it has one.
func (a *rankAnswer) position(h hit) (int, bool) {
	g := h.group()
	lo := sort.Search(len(a.hits), func(k int) bool { return a.hits[k].group() >= g })
	hi := sort.Search(len(a.hits), func(k int) bool { return a.hits[k].group() > g })
	k := lo + sort.Search(hi-lo, func(k int) bool { return a.hits[lo+k].row >= h.row })
	if k < hi && a.hits[k].row == h.row {
		return k, true
	}
	return 0, false
}

// groupEnd is the first of the hits after those in h's group or before, from k on.
func (a *rankAnswer) groupEnd(h hit, k, end int) int {
	g := h.group()
	return k + sort.Search(end-k, func(j int) bool { return a.hits[k+j].group() > g })
}

// offsets are the byte offsets, in the row's key, of the runes that made h match (the
// highlight), nil when its field is not shown.
func (ix *rankIndex) offsets(h hit, text string) []int {
	r := ix.src.Row(int(h.row))
	fs := appendFields(nil, &r, ix.keys)
	if int(h.field) >= len(fs) {
		return nil
	}
	return fieldOffsets(fs, h, newRankQuery(text))
}

// fieldOffsets are offsets for h in a row of fields fs.
func fieldOffsets(fs []rankField, h hit, q rankQuery) []int {
	f := fs[h.field]
	switch {
	case h.tier == tierWords:
		var out []int
		for _, rf := range fs {
			for _, w := range q.Words {
				if i := strings.Index(rf.lower, w); i >= 0 && rf.at >= 0 {
					out = append(out, runeOffsets(rf, i, len(w))...)
				}
			}
		}
		return out
	case f.at < 0:
		return nil
	case h.tier == tierClose:
		return closeOffsets(f, q.Runes)
	}
	return runeOffsets(f, int(h.pos), len(q.Text))
}

// runeOffsets are the key offsets of the runes of f's lower-cased text in [i, i+n).
func runeOffsets(f rankField, i, n int) []int {
	var out []int
	if len(f.lower) == len(f.text) { // lower-casing kept every byte where it was
		for j := range f.lower[i : i+n] {
			out = append(out, int(f.at)+i+j)
		}
		return out
	}
	first, last := utf8.RuneCountInString(f.lower[:i]), utf8.RuneCountInString(f.lower[:i+n])
	k := 0
	for j := range f.text {
		if k >= first && k < last {
			out = append(out, int(f.at)+j)
		}
		k++
	}
	return out
}

// closeOffsets are the key offsets of the runes of p, in order, in f.
func closeOffsets(f rankField, p string) []int {
	var out []int
	pr := []rune(p)
	k := 0
	at := 0
	for _, r := range f.lower {
		if k < len(pr) && r == pr[k] {
			out = append(out, at)
			k++
		}
		at++
	}
	// at holds rune counts: turn them into the shown text's byte offsets.
	res := make([]int, 0, len(out))
	n := 0
	for j := range f.text {
		if len(res) < len(out) && out[len(res)] == n {
			res = append(res, int(f.at)+j)
		}
		n++
	}
	return res
}
