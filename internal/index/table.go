package index

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/hubcontacts/hubcontacts/internal/rank"
)

// Table is the index's contacts in memory, built at start from the store and kept current by
// every change after: their indexed properties (one dictionary-encoded column each), and what
// find needs (each row's find fields lower-cased, and per field kind a sorted dictionary of the
// fields' words with the rows that hold each, so a keystroke looks at the words that contain the
// text, not at every row). A Table is not safe for concurrent use; Index guards it.
//
// Rows never move: a contact keeps its row until the table is built again; a deleted one leaves
// an empty row behind. A row changed after the word dictionaries were built is "dirty": its
// words are not in them, so every find also looks at the dirty rows themselves, and the
// dictionaries are rebuilt when the dirty rows grow too many.
type Table struct {
	props []string
	col   map[string]int
	cols  []column

	ids  []int64 // by row; 0 for a deleted row
	byID []idRow // every id the table has held, ascending, with its row (noRow once deleted)
	live int

	// The find fields of row r, lower-cased: name, email, company, then the secondary emails,
	// each followed by a 0 byte: ftext[fstart[r] : fstart[r]+flen[r]].
	ftext  []byte
	fstart []uint32
	flen   []uint32
	fdead  int      // bytes of ftext no row points at
	fmask  []uint64 // by row: the bytes its find fields hold (byteBit, bits 0-55) for the close tier, and how many pieces its name, email and company have (2 bits each from bit 56: 1, 2, 3 or more; 0 when empty)

	words [kinds]dict // per field kind: its words and the rows holding each
	dirty []uint32    // rows changed since words were built
	isDir bitset

	budget  budgets // find's (find.go)
	version uint64  // bumped by every change (orders cached against it)
	orders  map[orderKey]*Order
}

// Field kinds, in the order they rank.
const (
	kindName = iota
	kindEmail
	kindCompany
	kindSecondary
	kinds
)

// Properties find reads; they are always indexed.
const (
	propFirst     = "firstname"
	propLast      = "lastname"
	propEmail     = "email"
	propCompany   = "company"
	propSecondary = "hs_additional_emails"
	propModified  = "lastmodifieddate" // the sync's watermark
)

// column is one property's values, dictionary-encoded: value v is data[off[v]:off[v+1]], code 0
// is the empty value. A column of mostly distinct values (emails, times) keeps no map from value
// to code and appends each new value.
type column struct {
	data  []byte
	off   []uint32
	codes []uint32 // by row
	dedup map[string]uint32
	// A column whose every value is a time as HubSpot writes them (2026-01-05T09:00:00.000Z:
	// createdate, lastmodifieddate) keeps each as milliseconds instead (times, by row; noTime
	// when empty). The first value of another shape turns it into a column of values.
	isTime bool
	times  []int64
	// rank is each value's place in search's order of text, numRank by its number (or time,
	// numKind) as search reads it: nil until the column is sorted so, and again after a new
	// value (order.go).
	rank    []uint32
	numRank []uint32
	numKind Kind
}

// idRow is an id and its row.
type idRow struct {
	id  int64
	row uint32
}

const noRow = ^uint32(0)

// find is where id is or would be in byID.
func (t *Table) find(id int64) (int, bool) {
	i, ok := slices.BinarySearchFunc(t.byID, id, func(e idRow, id int64) int {
		switch {
		case e.id < id:
			return -1
		case e.id > id:
			return 1
		}
		return 0
	})
	return i, ok
}

func newColumn() column {
	return column{off: []uint32{0, 0}, dedup: map[string]uint32{}, isTime: true}
}

const (
	timeLayout = "2006-01-02T15:04:05.000Z"
	noTime     = math.MinInt64
)

// asTime reads v as a time in HubSpot's layout, only when writing it back gives v again.
func asTime(v string) (int64, bool) {
	if len(v) != len(timeLayout) || v[len(v)-1] != 'Z' {
		return 0, false
	}
	t, err := time.Parse(timeLayout, v)
	if err != nil || t.Format(timeLayout) != v {
		return 0, false
	}
	return t.UnixMilli(), true
}

// grow adds an empty row.
func (c *column) grow() {
	if c.isTime {
		c.times = append(c.times, noTime)
	} else {
		c.codes = append(c.codes, 0)
	}
}

// at is row r's value.
func (c *column) at(r uint32) string {
	if c.isTime {
		if c.times[r] == noTime {
			return ""
		}
		return time.UnixMilli(c.times[r]).UTC().Format(timeLayout)
	}
	return c.value(c.codes[r])
}

// set sets row r's value.
func (c *column) set(r uint32, v string) {
	if c.isTime {
		if v == "" {
			c.times[r] = noTime
			return
		}
		if ms, ok := asTime(v); ok {
			c.times[r] = ms
			return
		}
		c.untime()
	}
	c.codes[r] = c.code(v)
}

// untime turns a column of times into one of values.
func (c *column) untime() {
	times := c.times
	c.isTime, c.times, c.codes = false, nil, make([]uint32, len(times))
	for r, ms := range times {
		if ms != noTime {
			c.codes[r] = c.code(time.UnixMilli(ms).UTC().Format(timeLayout))
		}
	}
}

func (c *column) value(code uint32) string {
	b := c.data[c.off[code]:c.off[code+1]]
	return unsafe.String(unsafe.SliceData(b), len(b)) // data is append-only: never changed
}

// code returns v's code, adding v when new.
func (c *column) code(v string) uint32 {
	if v == "" {
		return 0
	}
	if c.dedup != nil {
		if k, ok := c.dedup[v]; ok {
			return k
		}
	}
	c.data = append(c.data, v...)
	c.off = append(c.off, uint32(len(c.data)))
	k := uint32(len(c.off) - 2)
	if c.dedup != nil {
		c.dedup[strings.Clone(v)] = k
	}
	c.rank, c.numRank = nil, nil
	return k
}

// NewTable returns an empty table of the given properties (find's are added).
func NewTable(props []string) *Table {
	t := &Table{col: map[string]int{}, orders: map[orderKey]*Order{}, budget: defaultBudgets()}
	for _, p := range append(slices.Clone(props), propFirst, propLast, propEmail, propCompany, propSecondary, propModified) {
		if _, ok := t.col[p]; !ok {
			t.col[p] = len(t.props)
			t.props = append(t.props, p)
			t.cols = append(t.cols, newColumn())
		}
	}
	return t
}

// Props are the table's properties, in column order.
func (t *Table) Props() []string { return t.props }

// Len is the number of contacts.
func (t *Table) Len() int { return t.live }

// Rows is the number of rows, deleted ones included.
func (t *Table) Rows() int { return len(t.ids) }

// ID is row r's contact id (0 when deleted).
func (t *Table) ID(r uint32) int64 { return t.ids[r] }

// Row returns the row of a contact id.
func (t *Table) Row(id int64) (uint32, bool) {
	i, ok := t.find(id)
	if !ok || t.byID[i].row == noRow {
		return 0, false
	}
	return t.byID[i].row, true
}

// Value is row r's value of prop ("" when the property is not indexed).
func (t *Table) Value(r uint32, prop string) string {
	i, ok := t.col[prop]
	if !ok {
		return ""
	}
	return t.cols[i].at(r)
}

// Values returns row r's values, by property.
func (t *Table) Values(r uint32) map[string]string {
	out := make(map[string]string, len(t.props))
	for i, p := range t.props {
		if v := t.cols[i].at(r); v != "" {
			out[p] = v
		}
	}
	return out
}

// Put sets a contact's values (every indexed property; one missing from vals is empty), adding
// the contact when new.
func (t *Table) Put(id int64, vals map[string]string) {
	r, ok := t.Row(id)
	if !ok {
		r = uint32(len(t.ids))
		t.ids = append(t.ids, id)
		switch i, held := t.find(id); {
		case held:
			t.byID[i].row = r
		case i == len(t.byID):
			t.byID = append(t.byID, idRow{id, r}) // the usual case: ids grow
		default:
			t.byID = slices.Insert(t.byID, i, idRow{id, r})
		}
		t.live++
		for i := range t.cols {
			t.cols[i].grow()
		}
		if r%16384 == 16383 {
			t.dropUniqueMaps()
		}
		t.fstart = append(t.fstart, 0)
		t.flen = append(t.flen, 0)
		t.fmask = append(t.fmask, 0)
	}
	for i, p := range t.props {
		t.cols[i].set(r, vals[p])
	}
	t.setFind(r)
	t.touch(r)
}

// Delete removes a contact; it reports whether there was one.
func (t *Table) Delete(id int64) bool {
	r, ok := t.Row(id)
	if !ok {
		return false
	}
	i, _ := t.find(id)
	t.byID[i].row = noRow
	t.ids[r] = 0
	t.live--
	for i := range t.cols {
		t.cols[i].set(r, "")
	}
	t.fdead += int(t.flen[r])
	t.flen[r], t.fmask[r] = 0, 0
	t.touch(r)
	return true
}

// touch marks row r changed after the word dictionaries were built.
func (t *Table) touch(r uint32) {
	t.version++
	if t.words[0].built && !t.isDir.has(r) {
		t.isDir.set(r)
		t.dirty = append(t.dirty, r)
	}
}

// setFind writes row r's find fields.
func (t *Table) setFind(r uint32) {
	t.fdead += int(t.flen[r])
	start := len(t.ftext)
	name := strings.TrimSpace(t.Value(r, propFirst) + " " + t.Value(r, propLast))
	t.ftext = appendLower(t.ftext, name)
	t.ftext = appendLower(t.ftext, t.Value(r, propEmail))
	t.ftext = appendLower(t.ftext, t.Value(r, propCompany))
	for _, s := range strings.Split(t.Value(r, propSecondary), ";") {
		if s = strings.TrimSpace(s); s != "" {
			t.ftext = appendLower(t.ftext, s)
		}
	}
	t.fstart[r], t.flen[r] = uint32(start), uint32(len(t.ftext)-start)
	t.fmask[r] = bytesMask(t.ftext[start:]) | t.pieceCounts(r)
	if t.fdead > len(t.ftext)/2 && t.fdead > 1<<20 {
		t.compactFind()
	}
}

func appendLower(b []byte, s string) []byte {
	return append(append(b, rank.Lower(s)...), 0)
}

// compactFind drops the find text no row points at.
func (t *Table) compactFind() {
	out := make([]byte, 0, len(t.ftext)-t.fdead)
	for r := range t.fstart {
		s := len(out)
		out = append(out, t.ftext[t.fstart[r]:t.fstart[r]+t.flen[r]]...)
		t.fstart[r] = uint32(s)
	}
	t.ftext, t.fdead = out, 0
}

// fields calls f for each of row r's find fields (lower-cased) with its kind, until f says stop.
func (t *Table) fields(r uint32, f func(kind int, s string) bool) {
	b := t.ftext[t.fstart[r] : t.fstart[r]+t.flen[r]]
	k := 0
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0)
		if i > 0 && !f(min(k, kindSecondary), unsafe.String(unsafe.SliceData(b), i)) {
			return
		}
		b = b[i+1:]
		k++
	}
}

// Finish ends a bulk load: columns of mostly distinct values stop keeping their value maps, and
// the word dictionaries are built.
func (t *Table) Finish() {
	t.dropUniqueMaps()
	t.buildWords()
}

// dropUniqueMaps stops keeping a value map for the columns of mostly distinct values (emails,
// times): their values are appended, a repeat costing its bytes again.
func (t *Table) dropUniqueMaps() {
	for i := range t.cols {
		c := &t.cols[i]
		if c.dedup != nil && t.live >= 16384 && len(c.dedup) > t.live*9/10 {
			c.dedup = nil
		}
	}
}

// bitset is a set of rows.
type bitset []uint64

func (b bitset) has(r uint32) bool { return int(r>>6) < len(b) && b[r>>6]&(1<<(r&63)) != 0 }

func (b *bitset) set(r uint32) {
	for int(r>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[r>>6] |= 1 << (r & 63)
}

// byteBit is a byte's bit in a mask of the bytes a text holds: letters and digits their own,
// the others sharing the rest.
func byteBit(c byte) uint64 {
	switch {
	case 'a' <= c && c <= 'z':
		return 1 << (c - 'a')
	case '0' <= c && c <= '9':
		return 1 << (26 + c - '0')
	}
	return 1 << (36 + c%20)
}

// pieceShift is where the piece counts start in a row's mask.
const pieceShift = 56

// pieceCounts is the piece counts of row r's name, email and company, for its mask.
func (t *Table) pieceCounts(r uint32) uint64 {
	var m uint64
	t.fields(r, func(k int, s string) bool {
		if k < kindSecondary {
			n := 0
			splitWords(s, func(string) { n++ })
			m |= uint64(min(n, 3)) << (pieceShift + 2*k)
		}
		return k < kindCompany
	})
	return m
}

// pieces is how many pieces row r's field of kind k has (3 for three or more).
func (t *Table) pieces(r uint32, k int) int { return int(t.fmask[r]>>(pieceShift+2*k)) & 3 }

// bytesMask is the mask of the bytes of b (0 bytes left out).
func bytesMask(b []byte) uint64 {
	var m uint64
	for _, c := range b {
		if c != 0 {
			m |= byteBit(c)
		}
	}
	return m
}
