package index

import (
	"bytes"
	"math/bits"
	"slices"
	"strings"

	"github.com/hubcontacts/hubcontacts/internal/rank"
)

// Hit is one contact find found: its row, how it matched (internal/rank's tiers) and in which
// field kind (name, email, company, secondary email).
type Hit struct {
	Row  uint32
	Tier rank.Tier
	Kind int
}

// Found is a find's answer: the first hits, best first (by tier, then field kind, then the
// order asked for), the precise matches before the close ones; and how many precise matches
// there are in all, exact or, when Estimate, estimated from a sample of the rows.
type Found struct {
	Hits     []Hit
	Matches  int
	Estimate bool
}

// Budgets of a find, so that a keystroke's cost grows with what it shows, not with the rows.
//
// A class of hits (a tier in a field kind) comes from the rows of the dictionary words that can
// give it (for "berg": the word "berg" for the whole field, the words starting with "berg" for
// a word's start, those holding it for inside). A class of at most smallClass candidate rows
// is graded whole; a bigger one is walked in the order asked, grading only its candidates,
// until its first rows are found. The count is exact when it costs at most countBudget rows
// marked (a one-word text: every candidate is a match) or exactBudget rows graded; otherwise
// it is estimated from sampleRows rows. The budgets are the table's (tests make them small).
type budgets struct {
	smallClass, countBudget, exactBudget, sampleRows, walkGrades, closeWalk int
}

func defaultBudgets() budgets {
	return budgets{
		smallClass:  4096,
		countBudget: 1 << 19,
		exactBudget: 4096,
		sampleRows:  2048,
		walkGrades:  1 << 12, // candidates a walk grades at most
		closeWalk:   1 << 13, // rows holding the text's letters a close find looks at, at most
	}
}

// Find finds text in the rows, as the precise find ranks (internal/rank), returning at most
// limit hits in the given order.
func (t *Table) Find(text string, o *Order, limit int) Found {
	q := rank.NewQuery(text)
	if q.Text == "" || limit <= 0 {
		return Found{}
	}
	f := newFinder(t, q, o)
	var out Found
	out.Hits = f.first(limit)
	out.Matches, out.Estimate = f.count()
	if len(out.Hits) < limit && (!out.Estimate || out.Matches < limit) {
		out.Hits = append(out.Hits, f.close(limit-len(out.Hits))...)
	}
	return out
}

type finder struct {
	t      *Table
	q      rank.Query
	o      *Order
	words  []string // the text's words in the dictionaries' sense (runs of letters and digits)
	simple bool     // the text is one such word
	nbits  int
	dirty  []uint32 // rows changed since the dictionaries were built, ascending

	matches map[matchKey]wordMatch // dictionary look-ups, once each
	kindSet map[int]cands          // rows holding every word of the text, by kind
	grades  map[uint32]uint8       // rows graded so far: tier<<4 | kind
}

type matchKey struct {
	kind int
	word string
}

// wordMatch is where a word stands in a kind's dictionary: the word equal to it [eqFrom,
// eqTo), those starting with it [eqTo, pTo) (after the equal one), those holding it inside.
type wordMatch struct {
	eqFrom, eqTo, pTo int
	inside            []int
	scanned           bool // inside is known
}

// shortWord is the length under which a word's inside matches are not looked up in the
// dictionaries (a scan of every word for one or two letters finds most of them): its rows are
// walked instead.
const shortWord = 3

func newFinder(t *Table, q rank.Query, o *Order) *finder {
	f := &finder{t: t, q: q, o: o, nbits: len(t.ids), matches: map[matchKey]wordMatch{},
		kindSet: map[int]cands{}, grades: map[uint32]uint8{}}
	splitWords(q.Text, func(w string) { f.words = append(f.words, w) })
	f.simple = len(f.words) == 1 && f.words[0] == q.Text && t.words[0].built
	f.dirty = slices.Clone(t.dirty)
	slices.Sort(f.dirty)
	return f
}

func (f *finder) newSet() bitset { return make(bitset, (f.nbits+63)/64) }

// class is one tier in one field kind (the Words tier: any kind), in ranking order.
type class struct {
	tier rank.Tier
	kind int
}

func (f *finder) classes() []class {
	var cs []class
	for _, tier := range []rank.Tier{rank.Whole, rank.Prefix, rank.Inside} {
		for k := range kinds {
			cs = append(cs, class{tier, k})
		}
	}
	if len(f.q.Words) > 1 {
		cs = append(cs, class{tier: rank.Words})
	}
	return cs
}

// match looks w up in a kind's dictionary; with inside, the words holding it inside too.
func (f *finder) match(kind int, w string, inside bool) wordMatch {
	k := matchKey{kind, w}
	m, ok := f.matches[k]
	d := &f.t.words[kind]
	if !ok {
		m.eqFrom, m.eqTo, _ = d.matching(w, wordEqual)
		_, m.pTo, _ = d.matching(w, wordPrefix)
		m.pTo = max(m.pTo, m.eqTo)
	}
	if inside && !m.scanned {
		_, _, m.inside = d.matching(w, wordInside)
		m.scanned = true
	}
	f.matches[k] = m
	return m
}

// cands is a set of candidate rows: every row (all), a short sorted list, or a bitset.
type cands struct {
	all  bool
	list []uint32
	set  bitset
}

func (c *cands) has(r uint32) bool {
	switch {
	case c.all:
		return true
	case c.set != nil:
		return c.set.has(r)
	}
	_, ok := slices.BinarySearch(c.list, r)
	return ok
}

// size is the number of rows in c (-1 for all).
func (c *cands) size() int {
	switch {
	case c.all:
		return -1
	case c.set != nil:
		return c.set.count()
	}
	return len(c.list)
}

func (c *cands) each(fn func(uint32)) {
	if c.set != nil {
		c.set.each(fn)
		return
	}
	for _, r := range c.list {
		fn(r)
	}
}

// gather makes cands of the rows of some posting lists and the dirty rows.
func (f *finder) gather(lists [][]uint32) cands {
	n := len(f.dirty)
	for _, l := range lists {
		n += len(l)
	}
	if n <= f.t.budget.smallClass {
		out := make([]uint32, 0, n)
		for _, l := range lists {
			out = append(out, l...)
		}
		out = append(out, f.dirty...)
		slices.Sort(out)
		return cands{list: slices.Compact(out)}
	}
	s := f.newSet()
	for _, l := range lists {
		for _, r := range l {
			s[r>>6] |= 1 << (r & 63)
		}
	}
	for _, r := range f.dirty {
		s.set(r)
	}
	return cands{set: s}
}

// rowsOf adds the posting lists of words [from, to) of a kind.
func (f *finder) rowsOf(kind, from, to int, into [][]uint32) [][]uint32 {
	d := &f.t.words[kind]
	if from < to {
		into = append(into, d.post[d.pstart[from]:d.pstart[to]])
	}
	return into
}

// holding adds the posting lists of a kind's words holding w (equal, at their start, inside).
func (f *finder) holding(kind int, w string, into [][]uint32) [][]uint32 {
	m := f.match(kind, w, true)
	into = f.rowsOf(kind, m.eqFrom, m.pTo, into)
	for _, x := range m.inside {
		into = f.rowsOf(kind, x, x+1, into)
	}
	return into
}

// candidates is the set of rows that may be in class c. A field that is the whole text has as
// many pieces as the text: the Whole classes keep only such rows.
func (f *finder) candidates(c class) cands {
	cs := f.candidatesOf(c)
	if c.tier != rank.Whole || c.kind == kindSecondary || cs.all {
		return cs
	}
	want := min(len(f.words), 3)
	var keep []uint32
	cs.each(func(r uint32) {
		if f.t.pieces(r, c.kind) == want {
			keep = append(keep, r)
		}
	})
	return cands{list: keep}
}

func (f *finder) candidatesOf(c class) cands {
	switch {
	case len(f.words) == 0 || !f.t.words[0].built:
		return cands{all: true}
	case c.tier == rank.Words:
		// Each word of the text stands in some field: the rows of its longest part, in any kind.
		w := f.longest(f.words)
		if len(w) < shortWord {
			return cands{all: true}
		}
		var lists [][]uint32
		for k := range kinds {
			lists = f.holding(k, w, lists)
		}
		return f.gather(lists)
	case f.simple:
		if c.tier == rank.Inside && len(f.words[0]) < shortWord {
			return cands{all: true}
		}
		m := f.match(c.kind, f.words[0], c.tier == rank.Inside)
		var lists [][]uint32
		switch c.tier {
		case rank.Whole:
			lists = f.rowsOf(c.kind, m.eqFrom, m.eqTo, lists)
		case rank.Prefix:
			lists = f.rowsOf(c.kind, m.eqFrom, m.pTo, lists)
		case rank.Inside:
			// Inside a piece, or a whole piece or its start inside a word ("123" in "jberg123").
			lists = f.rowsOf(c.kind, m.eqFrom, m.pTo, lists)
			for _, x := range m.inside {
				lists = f.rowsOf(c.kind, x, x+1, lists)
			}
		}
		return f.gather(lists)
	}
	if c.tier == rank.Whole {
		// A field that is the whole text has each of the text's words as a word of its own.
		var per []cands
		for _, w := range f.words {
			m := f.match(c.kind, w, false)
			per = append(per, f.gather(f.rowsOf(c.kind, m.eqFrom, m.eqTo, nil)))
		}
		return intersect(per)
	}
	// The whole text in one field holds each of its words in that field: the rows of its
	// longest word say where.
	if got, ok := f.kindSet[c.kind]; ok {
		return got
	}
	got := cands{all: true}
	if w := f.longest(f.words); len(w) >= shortWord {
		got = f.gather(f.holding(c.kind, w, nil))
	}
	f.kindSet[c.kind] = got
	return got
}

// intersect is the rows in every one of cs (none is all).
func intersect(cs []cands) cands {
	slices.SortFunc(cs, func(a, b cands) int { return a.size() - b.size() })
	out := cs[0]
	for _, c := range cs[1:] {
		if out.set == nil {
			var keep []uint32
			for _, r := range out.list {
				if c.has(r) {
					keep = append(keep, r)
				}
			}
			out = cands{list: keep}
			continue
		}
		s := slices.Clone(out.set)
		s.and(c.set) // both are sets: a list is never bigger than a set
		out = cands{set: s}
	}
	return out
}

// longest is the longest of words (the first of the longest).
func (f *finder) longest(words []string) string {
	best := ""
	for _, w := range words {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// grade is how row r matches the query: its best tier and the field kind that gave it.
func (f *finder) grade(r uint32) (rank.Tier, int) {
	if g, ok := f.grades[r]; ok {
		return rank.Tier(g >> 4), int(g & 15)
	}
	tier, kind := f.gradeRow(r)
	f.grades[r] = uint8(tier)<<4 | uint8(kind)
	return tier, kind
}

func (f *finder) gradeRow(r uint32) (rank.Tier, int) {
	t := f.t
	best, kind := rank.None, 0
	b := t.ftext[t.fstart[r] : t.fstart[r]+t.flen[r]]
	for k := 0; len(b) > 0 && best != rank.Whole; k++ {
		i := bytes.IndexByte(b, 0)
		if i > 0 {
			if tier, _ := rank.Find(unsafeString(b[:i]), f.q.Text); tier < best {
				best, kind = tier, min(k, kindSecondary)
			}
		}
		b = b[i+1:]
	}
	if best <= rank.Inside {
		return best, kind
	}
	if len(f.q.Words) > 1 && f.everyWord(r) {
		return rank.Words, kindName
	}
	return rank.None, 0
}

func (f *finder) everyWord(r uint32) bool {
	for _, w := range f.q.Words {
		found := false
		f.t.fields(r, func(_ int, s string) bool {
			found = strings.Contains(s, w)
			return !found
		})
		if !found {
			return false
		}
	}
	return true
}

// could reports whether row r may be in class c: the text stands at c's tier in one of its
// fields of c's kind. A row is in the class of its best tier, so one whose fields of c's kind
// do not give c's tier is not in c. It looks at those fields only, so a walk passes over the
// candidates of a class that has none (the words of "@gmail" are in every gmail address, at
// no address's start) at a fraction of grade's cost.
func (f *finder) could(r uint32, c class) bool {
	if c.tier == rank.Words {
		return true
	}
	ok := false
	f.t.fields(r, func(k int, s string) bool {
		if k == c.kind {
			if c.tier == rank.Whole {
				ok = s == f.q.Text
			} else {
				tier, _ := rank.Find(s, f.q.Text)
				ok = tier == c.tier
			}
		}
		return !ok && k <= c.kind
	})
	return ok
}

// inOrder sorts hits by the order.
func (f *finder) inOrder(hits []Hit) {
	slices.SortFunc(hits, func(a, b Hit) int {
		pa, pb := f.o.Pos(a.Row), f.o.Pos(b.Row)
		switch {
		case pa < pb:
			return -1
		case pa > pb:
			return 1
		}
		return 0
	})
}

// first finds the first limit hits, class by class.
func (f *finder) first(limit int) []Hit {
	var out []Hit
	for _, c := range f.classes() {
		need := limit - len(out)
		if need <= 0 {
			break
		}
		cs := f.candidates(c)
		var got []Hit
		accept := func(r uint32) bool {
			if f.t.ids[r] == 0 || !f.could(r, c) {
				return false
			}
			tier, kind := f.grade(r)
			if tier != c.tier || tier != rank.Words && kind != c.kind {
				return false
			}
			got = append(got, Hit{Row: r, Tier: tier, Kind: kind})
			return true
		}
		n := cs.size()
		switch {
		case n >= 0 && n <= f.t.budget.smallClass:
			cs.each(func(r uint32) { accept(r) })
			f.inOrder(got)
		case n >= 0 && n*n*sparseClass < f.t.budget.walkGrades*len(f.o.Rows):
			f.walkPlaces(cs, func(r uint32, graded int) bool {
				return accept(r) && len(got) == need || graded == f.t.budget.walkGrades
			})
		default:
			graded := 0
			for _, r := range f.o.Rows {
				if cs.has(r) {
					graded++
					if accept(r) && len(got) == need || graded == f.t.budget.walkGrades {
						break
					}
				}
			}
		}
		out = append(out, got[:min(need, len(got))]...)
	}
	return out
}

// sparseClass: a sparse class is walked by its candidates' places in the order (walkPlaces),
// not along the order, where finding walkGrades of them would pass over most of a million
// rows. Marking a place costs about sparseClass times a step along the order (a read from
// far away, against the next row and a bit nearby), so walkPlaces is cheaper when
// cands·sparseClass < walkGrades/density, that is cands²·sparseClass < walkGrades·rows: under
// about 11,000 candidates in a million rows.
const sparseClass = 32

// walkPlaces calls stop with the candidates in the order (and how many it has been called
// with), until it returns true: their places marked in a bitset of the order's length, read
// from its start. It costs the candidates and a pass over a bit a row, not a row a row.
func (f *finder) walkPlaces(cs cands, stop func(r uint32, graded int) bool) {
	at := make(bitset, (len(f.o.Rows)+63)/64)
	cs.each(func(r uint32) {
		if p := f.o.Pos(r); p != noPos {
			at[p>>6] |= 1 << (p & 63)
		}
	})
	graded := 0
	for i, w := range at {
		for w != 0 {
			j := bits.TrailingZeros64(w)
			w &= w - 1
			graded++
			if stop(f.o.Rows[i*64+j], graded) {
				return
			}
		}
	}
}

// count is how many rows match precisely: exact when that is cheap, else estimated.
func (f *finder) count() (int, bool) {
	if f.simple {
		// Every row with a word holding the text matches (inside a word at least), but for the
		// dirty rows, whose words the dictionaries may not hold any more: those are graded.
		if len(f.words[0]) < shortWord {
			return f.estimate(), true
		}
		var lists [][]uint32
		marked := 0
		for k := range kinds {
			m := f.match(k, f.words[0], false)
			d := &f.t.words[k]
			marked += int(d.pstart[m.pTo] - d.pstart[m.eqFrom])
		}
		if marked > f.t.budget.countBudget {
			return f.estimate(), true
		}
		for k := range kinds {
			lists = f.holding(k, f.words[0], lists)
		}
		for _, l := range lists {
			marked += len(l)
		}
		if marked > f.t.budget.countBudget {
			return f.estimate(), true
		}
		u := f.newSet()
		for _, l := range lists {
			for _, r := range l {
				u[r>>6] |= 1 << (r & 63)
			}
		}
		n := u.count()
		for _, r := range f.dirty {
			if u.has(r) {
				n--
			}
			if tier, _ := f.grade(r); f.t.ids[r] != 0 && tier <= rank.Words {
				n++
			}
		}
		return n, false
	}
	u := f.newSet()
	classes := []class{{rank.Prefix, kindName}, {rank.Prefix, kindEmail}, {rank.Prefix, kindCompany}, {rank.Prefix, kindSecondary}}
	if len(f.q.Words) > 1 {
		classes = append(classes, class{tier: rank.Words})
	}
	for _, c := range classes {
		cs := f.candidates(c)
		if cs.all {
			return f.estimate(), true
		}
		cs.each(func(r uint32) { u[r>>6] |= 1 << (r & 63) })
	}
	if u.count() > f.t.budget.exactBudget {
		return f.estimate(), true
	}
	n := 0
	u.each(func(r uint32) {
		if tier, _ := f.grade(r); f.t.ids[r] != 0 && tier <= rank.Words {
			n++
		}
	})
	return n, false
}

// estimate counts the matches among sampleRows rows spread over the table and scales it.
func (f *finder) estimate() int {
	n := len(f.t.ids)
	seen, hit := 0, 0
	for k := range min(n, f.t.budget.sampleRows) {
		r := uint32(k)
		if n > f.t.budget.sampleRows { // spread over the rows, in no pattern a portal's ids could share
			r = uint32(uint64(k) * 2654435761 % uint64(n))
		}
		if f.t.ids[r] == 0 {
			continue
		}
		seen++
		if tier, _ := f.grade(r); tier <= rank.Words {
			hit++
		}
	}
	if seen == 0 {
		return 0
	}
	return int(float64(hit) / float64(seen) * float64(f.t.live))
}

// close finds rows where the letters of the text stand in order within one field (not a
// match: shown under the cut-off), in the order: rows that lack one of its letters are passed
// over by their masks, and closeWalk rows at most are looked at closer.
func (f *finder) close(limit int) []Hit {
	var out []Hit
	want := bytesMask([]byte(f.q.Runes)) & (1<<pieceShift - 1)
	looked := 0
	for _, r := range f.o.Rows {
		if looked == f.t.budget.closeWalk || len(out) == limit {
			break
		}
		if f.t.fmask[r]&want != want {
			continue // lacks one of the letters
		}
		looked++
		kind, ok := -1, false
		f.t.fields(r, func(k int, s string) bool {
			if rank.Subsequence(s, f.q.Runes) {
				kind, ok = k, true
			}
			return !ok
		})
		if ok {
			if tier, _ := f.grade(r); tier > rank.Words {
				out = append(out, Hit{Row: r, Tier: rank.Close, Kind: kind})
			}
		}
	}
	return out
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b bitset) each(f func(r uint32)) {
	for i, w := range b {
		for w != 0 {
			j := bits.TrailingZeros64(w)
			f(uint32(i*64 + j))
			w &= w - 1
		}
	}
}
