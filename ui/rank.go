package ui

import (
	"slices"
	"strings"
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
// rankIndex holds the rows prepared once per set of rows (lower-cased fields and where each
// stands in the row's cells), so a keystroke scans them without allocating per row.

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
	lower string     // lower-cased
	text  string     // as shown (sanitized)
	at    int32      // its byte offset in the row's key; -1 when no cell shows it
	kind  matchField // what it is
}

// rankIndex is a set of rows ready to rank: row i's fields are fields[start[i]:start[i+1]].
type rankIndex struct {
	rows   []row
	fields []rankField
	start  []int32
	// ids finds a row by contact id, and seen marks rows (seen[i] == gen) while find lays out an
	// answer; both are made once, when first needed.
	ids  map[string]int32
	seen []uint32
	gen  uint32
}

// byID is the row of a contact id, if the index holds it.
func (ix *rankIndex) byID(id string) (int32, bool) {
	if ix.ids == nil {
		ix.ids = make(map[string]int32, len(ix.rows))
		for i := range ix.rows {
			ix.ids[ix.rows[i].ID] = int32(i)
		}
	}
	i, ok := ix.ids[id]
	return i, ok
}

// newMarks starts a new set of marked rows (mark, marked).
func (ix *rankIndex) newMarks() {
	if ix.seen == nil {
		ix.seen = make([]uint32, len(ix.rows))
	}
	ix.gen++
}

func (ix *rankIndex) mark(i int32)        { ix.seen[i] = ix.gen }
func (ix *rankIndex) marked(i int32) bool { return ix.seen[i] == ix.gen }

// newRankIndex prepares rows whose cells are the columns keys (to find where the name, the
// email and the company stand in each row).
func newRankIndex(rows []row, keys []string) *rankIndex {
	ix := &rankIndex{rows: rows, fields: make([]rankField, 0, 3*len(rows)), start: make([]int32, 0, len(rows)+1)}
	for i := range rows {
		ix.start = append(ix.start, int32(len(ix.fields)))
		ix.fields = appendFields(ix.fields, &rows[i], keys)
	}
	ix.start = append(ix.start, int32(len(ix.fields)))
	return ix
}

// appendFields adds a row's fields.
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

// rankQuery is the text a rank runs for, prepared once.
type rankQuery struct {
	text  string   // lower-cased, spaces squeezed
	words []string // its words
	runes string   // its letters without the spaces, for the close tier
}

func newRankQuery(s string) rankQuery {
	words := strings.Fields(lower(s))
	return rankQuery{text: strings.Join(words, " "), words: words, runes: strings.Join(words, "")}
}

// hit is a matched row: its index, how it matched, and in which field.
type hit struct {
	row   int32
	tier  tier
	field int32 // index into rankIndex.fields of the field that ranked it
	pos   int32 // where the text starts in that field's lower-cased text (-1 for the words and close tiers)
}

// match ranks row i: ok is false when it neither matches nor comes close.
func (ix *rankIndex) match(i int, q rankQuery) (hit, bool) {
	best := hit{row: int32(i), tier: tierClose + 1}
	fs := ix.fields[ix.start[i]:ix.start[i+1]]
	for j := range fs {
		t, pos := find(fs[j].lower, q.text)
		if t < best.tier {
			best.tier, best.field, best.pos = t, ix.start[i]+int32(j), int32(pos)
		}
	}
	if best.tier <= tierInside {
		return best, true
	}
	if len(q.words) > 1 && ix.everyWord(fs, q.words) {
		best.tier, best.field, best.pos = tierWords, ix.start[i], -1
		return best, true
	}
	for j := range fs {
		if subsequence(fs[j].lower, q.runes) {
			best.tier, best.field, best.pos = tierClose, ix.start[i]+int32(j), -1
			return best, true
		}
	}
	return best, false
}

// find is how text stands in field: the tier and where (the first start of a word, else the
// first place).
func find(field, text string) (tier, int) { return rank.Find(field, text) }

// wordStart reports whether a word of s starts at byte i: the start, or after a character that
// is not a letter or digit (a space, ., @, -, _).
func wordStart(s string, i int) bool { return rank.WordStart(s, i) }

func (ix *rankIndex) everyWord(fs []rankField, words []string) bool {
	for _, w := range words {
		found := false
		for j := range fs {
			if strings.Contains(fs[j].lower, w) {
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

// subsequence reports whether the runes of p appear in s in order.
func subsequence(s, p string) bool { return rank.Subsequence(s, p) }

// rankAnswer is a rank's result: the hits, best first; matches are the first n of them (the
// rest are close).
type rankAnswer struct {
	hits    []hit
	matches int
}

// rank ranks the rows (only those in within, when set) for text, best first: by tier, then by
// field (name, email, company, secondary email), then in the rows' order. stale, when set, is
// asked every 1,024 rows whether a newer text has come (the answer would be dropped): the rank
// then stops.
func (ix *rankIndex) rank(text string, within []int32, stale func() bool) rankAnswer {
	q := newRankQuery(text)
	var a rankAnswer
	if q.text == "" {
		return a
	}
	n := len(ix.rows)
	if within != nil {
		n = len(within)
	}
	for k := range n {
		if k%1024 == 1023 && stale != nil && stale() {
			return rankAnswer{}
		}
		i := k
		if within != nil {
			i = int(within[k])
		}
		if h, ok := ix.match(i, q); ok {
			a.hits = append(a.hits, h)
		}
	}
	slices.SortStableFunc(a.hits, func(x, y hit) int {
		if x.tier != y.tier {
			return int(x.tier) - int(y.tier)
		}
		return int(ix.fields[x.field].kind) - int(ix.fields[y.field].kind)
	})
	for _, h := range a.hits {
		if h.tier < tierClose {
			a.matches++
		}
	}
	return a
}

// rowsOf lists the hits' rows, for narrowing the next rank (a longer text matches only rows the
// shorter one did).
func (a rankAnswer) rowsOf() []int32 {
	out := make([]int32, len(a.hits))
	for i, h := range a.hits {
		out[i] = h.row
	}
	slices.Sort(out) // the rows' order: ties keep it
	return out
}

// offsets are the byte offsets, in the row's key, of the runes that made h match (the
// highlight), nil when its field is not shown.
func (ix *rankIndex) offsets(h hit, text string) []int {
	q := newRankQuery(text)
	f := ix.fields[h.field]
	switch {
	case h.tier == tierWords:
		var out []int
		for _, rf := range ix.fields[ix.start[h.row]:ix.start[h.row+1]] {
			for _, w := range q.words {
				if i := strings.Index(rf.lower, w); i >= 0 && rf.at >= 0 {
					out = append(out, runeOffsets(rf, i, len(w))...)
				}
			}
		}
		return out
	case f.at < 0:
		return nil
	case h.tier == tierClose:
		return closeOffsets(f, q.runes)
	}
	return runeOffsets(f, int(h.pos), len(q.text))
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
