package index

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Sort is an order of the contacts, as HubSpot's search sorts them: by a property's values as
// its type compares them (text and enumerations by their text, case-insensitively; numbers,
// dates and times by value), contacts without a value last either way, ties in creation (id)
// order. ByOptions sorts an enumeration in its options' order instead (Type.Options; reversed
// when Desc), then the values that are not options, then none, each in id order: how the list
// reads an enumeration from HubSpot, option by option. The zero Sort is HubSpot's list order,
// by id.
type Sort struct {
	Prop      string
	Desc      bool
	Type      Type
	ByOptions bool
}

// Order is the live rows sorted one way.
type Order struct {
	Rows    []uint32 // live rows in order
	pos     []uint32 // by row: its place in Rows (noPos when not there)
	version uint64
}

const noPos = ^uint32(0)

type orderKey struct {
	prop      string
	desc      bool
	kind      Kind
	byOptions string // the options, joined, when sorted by them
}

// Pos is row r's place in the order.
func (o *Order) Pos(r uint32) uint32 {
	if int(r) >= len(o.pos) {
		return noPos
	}
	return o.pos[r]
}

// Order returns the rows in the order s (id order for a property that is not indexed). Orders
// are cached until the table changes.
func (t *Table) Order(s Sort) *Order {
	if _, ok := t.col[s.Prop]; !ok {
		s = Sort{Desc: s.Desc && s.Prop == ""}
	}
	k := orderKey{prop: s.Prop, desc: s.Desc, kind: s.Type.Kind}
	if s.ByOptions {
		k.byOptions = strings.Join(s.Type.Options, "\x00") + "\x00"
	}
	if o := t.orders[k]; o != nil && o.version == t.version {
		return o
	}
	byID := t.idOrder()
	rows := byID
	switch c := &t.cols[t.col[s.Prop]]; {
	case s.Prop == "" && s.Desc:
		rows = slices.Clone(byID)
		slices.Reverse(rows)
	case s.Prop == "":
	case c.isTime && s.Type.Kind != KindNumber:
		// Times in HubSpot's layout sort as text in time order too.
		rows = sortByTime(c, byID, s.Desc)
	case c.isTime: // a number property holding times: none is a number
	default:
		rows = sortByRank(c, t.ranks(c, s), byID)
	}
	o := &Order{Rows: rows, pos: make([]uint32, len(t.ids)), version: t.version}
	for i := range o.pos {
		o.pos[i] = noPos
	}
	for i, r := range rows {
		o.pos[r] = uint32(i)
	}
	for key, old := range t.orders {
		if old.version != t.version {
			delete(t.orders, key)
		}
	}
	t.orders[k] = o
	return o
}

// idOrder is the live rows by ascending id.
func (t *Table) idOrder() []uint32 {
	if o := t.orders[orderKey{}]; o != nil && o.version == t.version {
		return o.Rows
	}
	rows := make([]uint32, 0, t.live)
	for _, e := range t.byID {
		if e.row != noRow {
			rows = append(rows, e.row)
		}
	}
	return rows
}

// ranks is each of c's values' place in the order s (equal places tie), with none (the empty
// value, and a value that is not a number for a number) after every other either way.
func (t *Table) ranks(c *column, s Sort) []uint32 {
	nv := uint32(len(c.off) - 1)
	none := nv
	var asc []uint32
	switch {
	case s.ByOptions:
		// Options in their order (reversed when descending), then the values that are not
		// options, tied, then none: the rank says it all, nothing is flipped after.
		rank := make([]uint32, nv)
		at := make(map[string]uint32, len(s.Type.Options))
		for i, v := range s.Type.Options {
			if s.Desc {
				i = len(s.Type.Options) - 1 - i
			}
			at[v] = uint32(i)
		}
		other := uint32(len(s.Type.Options))
		for code := uint32(1); code < nv; code++ {
			if r, ok := at[c.value(code)]; ok {
				rank[code] = r
			} else {
				rank[code] = other
			}
		}
		rank[0] = other + 1
		return rank
	case s.Type.Kind == KindNumber || s.Type.Kind == KindTime:
		asc = c.numberRank(s.Type.Kind)
	default:
		asc = c.textRank()
	}
	if !s.Desc {
		return asc
	}
	top := uint32(0)
	for _, r := range asc {
		if r != none {
			top = max(top, r)
		}
	}
	desc := make([]uint32, nv)
	for code, r := range asc {
		desc[code] = none
		if r != none {
			desc[code] = top - r
		}
	}
	return desc
}

// textRank is each value's place in search's order of text (compareFold), cached until the
// column gets a new value; the empty value is none (len).
func (c *column) textRank() []uint32 {
	if c.rank == nil {
		c.rank = c.rankBy(func(code uint32) bool { return code != 0 }, func(a, b uint32) int {
			return compareFoldFast(c.value(a), c.value(b))
		})
	}
	return c.rank
}

// numberRank is each value's place by its number (or time) as search reads it, cached as
// textRank is; none for the empty value and those that are not numbers.
func (c *column) numberRank(kind Kind) []uint32 {
	if c.numRank == nil || c.numKind != kind {
		nums := make([]float64, len(c.off)-1)
		ok := make([]bool, len(nums))
		for code := 1; code < len(nums); code++ {
			nums[code], ok[code] = searchNumber(kind, c.value(uint32(code)))
		}
		c.numRank = c.rankBy(func(code uint32) bool { return ok[code] }, func(a, b uint32) int { return cmpFloat(nums[a], nums[b]) })
		c.numKind = kind
	}
	return c.numRank
}

// rankBy ranks the codes that have a value by cmp, equal ones tied; the others are none.
func (c *column) rankBy(has func(code uint32) bool, cmp func(a, b uint32) int) []uint32 {
	nv := uint32(len(c.off) - 1)
	codes := make([]uint32, 0, nv)
	for code := uint32(0); code < nv; code++ {
		if has(code) {
			codes = append(codes, code)
		}
	}
	slices.SortFunc(codes, cmp)
	rank := make([]uint32, nv)
	for i := range rank {
		rank[i] = nv
	}
	r := uint32(0)
	for i, code := range codes {
		if i > 0 && cmp(codes[i-1], code) != 0 {
			r++
		}
		rank[code] = r
	}
	return rank
}

// sortByRank sorts rows (given in id order) by their values' ranks, stably: a counting sort.
func sortByRank(c *column, rank []uint32, rows []uint32) []uint32 {
	top := uint32(0)
	for _, k := range rank {
		top = max(top, k)
	}
	count := make([]uint32, top+2)
	for _, r := range rows {
		count[rank[c.codes[r]]+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]uint32, len(rows))
	for _, r := range rows {
		k := rank[c.codes[r]]
		out[count[k]] = r
		count[k]++
	}
	return out
}

// compareFoldFast is compareFold, bytes at a time while both are ASCII.
func compareFoldFast(a, b string) int {
	i := 0
	for ; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if x >= utf8.RuneSelf || y >= utf8.RuneSelf {
			return compareFold(a[i:], b[i:])
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return int(x) - int(y)
		}
	}
	return cmpFloat(float64(len(a)-i), float64(len(b)-i))
}

// sortByTime sorts rows (given in id order) by c's times, stably, empty ones last: a radix
// sort, 16 bits a pass.
func sortByTime(c *column, rows []uint32, desc bool) []uint32 {
	key := func(r uint32) uint64 {
		ms := c.times[r]
		switch {
		case ms == noTime:
			return math.MaxUint64
		case desc:
			return uint64(math.MaxInt64 - ms)
		}
		return uint64(ms) ^ 1<<63 // negative times before positive ones
	}
	keys := make([]uint64, len(rows))
	for i, r := range rows {
		keys[i] = key(r)
	}
	src, dst := slices.Clone(rows), make([]uint32, len(rows))
	ks, kd := keys, make([]uint64, len(rows))
	for shift := 0; shift < 64; shift += 16 {
		var count [1<<16 + 1]int
		for _, k := range ks {
			count[(k>>shift)&0xffff+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for i, k := range ks {
			d := (k >> shift) & 0xffff
			dst[count[d]], kd[count[d]] = src[i], k
			count[d]++
		}
		src, dst, ks, kd = dst, src, kd, ks
	}
	return src
}
