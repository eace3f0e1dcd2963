package index

import (
	"math"
	"slices"
	"strings"
)

// Order is the live rows sorted one way: by id (HubSpot's list order), or by a property's
// values (ties by id, empty values last either way).
type Order struct {
	Rows    []uint32 // live rows in order
	pos     []uint32 // by row: its place in Rows (noPos when not there)
	version uint64
}

const noPos = ^uint32(0)

type orderKey struct {
	prop string
	desc bool
}

// Pos is row r's place in the order.
func (o *Order) Pos(r uint32) uint32 {
	if int(r) >= len(o.pos) {
		return noPos
	}
	return o.pos[r]
}

// Order returns the rows sorted by prop ("" for id order), descending when desc. Orders are
// cached until the table changes.
func (t *Table) Order(prop string, desc bool) *Order {
	if _, ok := t.col[prop]; !ok {
		prop = ""
	}
	k := orderKey{prop, desc}
	if o := t.orders[k]; o != nil && o.version == t.version {
		return o
	}
	byID := t.idOrder()
	rows := byID
	if c := &t.cols[t.col[prop]]; prop != "" && c.isTime {
		rows = sortByTime(c, byID, desc)
	} else if prop != "" {
		rows = t.sortBy(c, byID, desc)
	} else if desc {
		rows = slices.Clone(byID)
		slices.Reverse(rows)
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

// sortBy sorts rows (given in id order) by c's values, stably: a counting sort over the
// values' ranks.
func (t *Table) sortBy(c *column, rows []uint32, desc bool) []uint32 {
	nv := len(c.off) - 1
	if c.rank == nil {
		codes := make([]uint32, nv-1)
		for i := range codes {
			codes[i] = uint32(i + 1)
		}
		slices.SortFunc(codes, func(a, b uint32) int { return strings.Compare(c.value(a), c.value(b)) })
		c.rank = make([]uint32, nv)
		c.rank[0] = uint32(nv) // empty: last
		for i, code := range codes {
			c.rank[code] = uint32(i)
		}
		// Equal values (a column that keeps no value map) share the first one's rank.
		for i := 1; i < len(codes); i++ {
			if c.value(codes[i]) == c.value(codes[i-1]) {
				c.rank[codes[i]] = c.rank[codes[i-1]]
			}
		}
	}
	key := func(r uint32) uint32 {
		k := c.rank[c.codes[r]]
		if desc && k != uint32(nv) {
			k = uint32(nv-1) - k
		}
		return k
	}
	count := make([]uint32, nv+2)
	for _, r := range rows {
		count[key(r)+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]uint32, len(rows))
	for _, r := range rows {
		k := key(r)
		out[count[k]] = r
		count[k]++
	}
	return out
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
