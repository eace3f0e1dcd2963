package hubspottest

import (
	"encoding/binary"
	"sort"
	"strconv"
	"time"
	"unsafe"
)

// The store's compact form. A portal of a million contacts holds about five million records
// (their activities included) and ten million association edges, so a record is a fixed-size
// struct without pointers, and its properties and history are one encoded blob in an
// append-only arena of large byte chunks: the garbage collector scans neither, and a record
// costs its bytes, not a map's. Names, sources and the values that repeat (a city, a job title,
// an activity's text) are interned once for the whole store.
//
// A record's blob is its properties (uvarint length, then the entries sorted by property
// number) followed by a reference (uvarint blobRef) to its newest history segment. A property
// entry is a uvarint key, the property number shifted left by 3 with a "has stored history" bit
// and the value's tag, then the value:
//
//	tagText  uvarint length, the bytes
//	tagDict  uvarint index into the property's dictionary of repeated values
//	tagTime  varint of the milliseconds from the record's creation to a time written exactly as
//	         isoTime writes it (an activity's hs_timestamp is its creation: one byte)
//	tagInt   uvarint of a value written as a canonical non-negative decimal
//
// A history segment is a reference to the previous (older) segment followed by the entries one
// write added, so a write costs its own entries, however long the history. An entry is a
// property entry (history bit clear) followed by its timestamp (varint milliseconds from the
// record's creation), its source (uvarint index into the store's sources) and its source id
// (uvarint length, the bytes). Only the entries written after the record's creation are stored:
// a property without stored entries has one implicit entry, its current value at the record's
// creation from the record's creation source (CRM_SETTING for the stamps). The first change of a
// property stores its implicit entry first. hs_object_id, createdate and lastmodifieddate are
// not in the blob: they are the record's id, created and updated fields.

// Value tags.
const (
	tagText = iota
	tagDict
	tagTime
	tagInt
	tagBits  = 2
	histFlag = 1 << tagBits // in a property's key: the property has stored history entries
	keyShift = tagBits + 1
)

// The stamps every record has, kept in the record's fields (their property numbers are fixed).
const (
	pidObjectID = iota // hs_object_id
	pidCreated         // createdate
	pidModified        // lastmodifieddate
)

// dictMaxValues and dictMaxLen bound a property's dictionary: values up to dictMaxLen bytes are
// interned until the property has dictMaxValues of them; later ones are stored as text.
const (
	dictMaxValues = 4096
	dictMaxLen    = 160
)

// arenaChunk is the size of the arena's chunks; larger blobs get a chunk of their own.
const arenaChunk = 1 << 20

// blobRef locates a blob in the arena: chunk index+1 in the high 32 bits, offset in the low
// 32. 0 is no blob.
type blobRef uint64

// arena is append-only memory for blobs. Bytes once written never change, so strings may point
// into a chunk (unsafe.String) for as long as they live: the chunk stays reachable through them.
type arena struct {
	chunks [][]byte
	cur    int   // 1 + the index of the chunk small blobs go to; 0 before the first
	live   int64 // bytes of the blobs records refer to
}

func (a *arena) put(b []byte) blobRef {
	var hdr [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(hdr[:], uint64(len(b)))
	n := h + len(b)
	a.live += int64(n)
	if n > arenaChunk/4 {
		c := make([]byte, 0, n)
		a.chunks = append(a.chunks, append(append(c, hdr[:h]...), b...))
		return blobRef(uint64(len(a.chunks)) << 32)
	}
	if a.cur == 0 || len(a.chunks[a.cur-1])+n > cap(a.chunks[a.cur-1]) {
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
		a.cur = len(a.chunks)
	}
	c := a.chunks[a.cur-1]
	off := len(c)
	a.chunks[a.cur-1] = append(append(c, hdr[:h]...), b...)
	return blobRef(uint64(a.cur)<<32 | uint64(off))
}

// get returns a blob's bytes (nil for 0).
func (a *arena) get(r blobRef) []byte {
	if r == 0 {
		return nil
	}
	c := a.chunks[int(r>>32)-1]
	off := int(uint32(r))
	n, h := binary.Uvarint(c[off:])
	return c[off+h : off+h+int(n) : off+h+int(n)]
}

// drop records that a blob is no longer referred to.
func (a *arena) drop(r blobRef) {
	if r != 0 {
		b := a.get(r)
		a.live -= int64(len(b) + uvarintLen(uint64(len(b))))
	}
}

// size is the bytes the chunks hold.
func (a *arena) size() int64 {
	var n int64
	for _, c := range a.chunks {
		n += int64(len(c))
	}
	return n
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// bytesString views arena bytes as a string without copying (see arena).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// interner numbers strings: property names, sources.
type interner struct {
	ids   map[string]uint32
	names []string
}

func newInterner(first ...string) interner {
	in := interner{ids: map[string]uint32{}}
	for _, s := range first {
		in.id(s)
	}
	return in
}

func (in *interner) id(s string) uint32 {
	if n, ok := in.ids[s]; ok {
		return n
	}
	n := uint32(len(in.names))
	s = cloneString(s)
	in.ids[s] = n
	in.names = append(in.names, s)
	return n
}

func (in *interner) lookup(s string) (uint32, bool) {
	n, ok := in.ids[s]
	return n, ok
}

func cloneString(s string) string { return string(append([]byte(nil), s...)) }

// valueDict holds one property's repeated values. A full dictionary that stops finding the
// values asked for (an email's, a phone number's: each value once) is closed: values go as
// text without hashing them first.
type valueDict struct {
	ids          map[string]uint32
	vals         []string
	asked, found int // lookups and hits since it was full
	closed       bool
}

// record is one CRM record: 40 bytes. Times are epoch milliseconds, as HubSpot keeps them;
// when an archived record was archived is in Store.archivedAt.
type record struct {
	id      int64
	created int64
	updated int64
	data    blobRef // properties and history
	edges   uint32  // first association edge from this record (store.edges), 0 none
	src     uint16  // creation source (store.sources)
	flags   uint16
}

const (
	flagArchived = 1 << iota
	flagPurged
	flagModHist // lastmodifieddate has stored history entries
)

func (r *record) isArchived() bool { return r.flags&flagArchived != 0 }
func (r *record) isPurged() bool   { return r.flags&flagPurged != 0 }

// typeIdx numbers the object types (objectTypes).
type typeIdx uint8

// objectTypes lists the object types in typeIdx order.
var objectTypes = [...]string{Contacts, Companies, Deals, Tickets, Notes, Calls, Emails, Meetings, Tasks}

const numTypes = len(objectTypes)

func typeIndex(typ string) (typeIdx, bool) {
	for i, t := range objectTypes {
		if t == typ {
			return typeIdx(i), true
		}
	}
	return 0, false
}

func (t typeIdx) String() string { return objectTypes[t] }

// table holds one object type's records. Slots never move (a purged record's slot stays,
// flagged), so a slot names a record for good.
type table struct {
	recs []record
	// order lists the slots of unpurged records in id order once that differs from every slot
	// in slot order (a record inserted with an explicit id below the last, a purge); until then
	// it is nil and costs nothing.
	order   []uint32
	ordered bool // order is in use
	live    int  // records neither archived nor purged
}

// size is how many unpurged records the table holds; at(i) is the slot of the i-th in id order.
func (tb *table) size() int {
	if tb.ordered {
		return len(tb.order)
	}
	return len(tb.recs)
}

func (tb *table) at(i int) uint32 {
	if tb.ordered {
		return tb.order[i]
	}
	return uint32(i)
}

// slots calls f with each unpurged record's slot in id order until f returns false.
func (tb *table) slots(f func(slot uint32) bool) {
	for i, n := 0, tb.size(); i < n; i++ {
		if !f(tb.at(i)) {
			return
		}
	}
}

// search returns the position of the first record with an id at least id.
func (tb *table) search(id int64) int {
	return sort.Search(tb.size(), func(i int) bool { return tb.recs[tb.at(i)].id >= id })
}

// useOrder switches to an explicit order.
func (tb *table) useOrder() {
	if !tb.ordered {
		tb.order = make([]uint32, len(tb.recs))
		for i := range tb.order {
			tb.order[i] = uint32(i)
		}
		tb.ordered = true
	}
}

// recKey names a record store-wide: its type and slot.
type recKey uint64

func keyOf(t typeIdx, slot uint32) recKey { return recKey(uint64(t)<<32 | uint64(slot)) }
func (k recKey) typ() typeIdx             { return typeIdx(k >> 32) }
func (k recKey) slot() uint32             { return uint32(k) }

// ms and fromMS convert between times and the store's epoch milliseconds.
func ms(t time.Time) int64     { return t.UnixMilli() }
func fromMS(m int64) time.Time { return time.UnixMilli(m).UTC() }
func isoMS(m int64) string     { return isoTime(fromMS(m)) }
func formatID(id int64) string { return strconv.FormatInt(id, 10) }
func isStamp(pid uint32) bool  { return pid <= pidModified }

// isStampName is isStamp by name: hs_object_id, createdate, lastmodifieddate.
func isStampName(name string) bool {
	return name == "hs_object_id" || name == "createdate" || name == "lastmodifieddate"
}

// parseID reads a record id: a positive decimal written canonically.
func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || len(s) > 1 && s[0] == '0' || s[0] == '+' {
		return 0, false
	}
	return n, true
}

// codec encodes and decodes blobs with the store's interned names, sources and dictionaries.
type codec struct {
	props   interner
	sources interner
	dicts   []valueDict // by property number
}

func newCodec() codec {
	return codec{props: newInterner("hs_object_id", "createdate", "lastmodifieddate"), sources: newInterner("CRM_SETTING")}
}

// appendValue appends a property entry: key (pid, history bit and tag) and value.
func (c *codec) appendValue(b []byte, pid uint32, v string, base int64, hist bool) []byte {
	key := uint64(pid) << keyShift
	if hist {
		key |= histFlag
	}
	if m, ok := parseISOms(v); ok {
		return binary.AppendVarint(binary.AppendUvarint(b, key|tagTime), m-base)
	}
	if n, ok := canonicalUint(v); ok {
		return binary.AppendUvarint(binary.AppendUvarint(b, key|tagInt), n)
	}
	if idx, ok := c.intern(pid, v); ok {
		return binary.AppendUvarint(binary.AppendUvarint(b, key|tagDict), uint64(idx))
	}
	b = binary.AppendUvarint(b, key|tagText) //lint:ignore SA4016 tagText is 0; the tag is written as the others are
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// intern returns v's index in pid's dictionary, adding it while the dictionary has room.
func (c *codec) intern(pid uint32, v string) (uint32, bool) {
	if len(v) == 0 || len(v) > dictMaxLen {
		return 0, false
	}
	for int(pid) >= len(c.dicts) {
		c.dicts = append(c.dicts, valueDict{})
	}
	d := &c.dicts[pid]
	if d.closed {
		return 0, false
	}
	full := len(d.vals) >= dictMaxValues
	if full {
		if d.asked++; d.asked == dictMaxValues {
			d.closed = d.found < dictMaxValues/10
			d.asked, d.found = 0, 0
		}
	}
	if idx, ok := d.ids[v]; ok {
		if full {
			d.found++
		}
		return idx, true
	}
	if full {
		return 0, false
	}
	if d.ids == nil {
		d.ids = map[string]uint32{}
	}
	v = cloneString(v)
	idx := uint32(len(d.vals))
	d.ids[v] = idx
	d.vals = append(d.vals, v)
	return idx, true
}

// readValue decodes the value after a key with tag from b, returning it and the bytes after.
// Text values point into b.
func (c *codec) readValue(b []byte, pid uint32, tag uint64, base int64) (string, []byte) {
	if tag == tagTime {
		d, k := binary.Varint(b)
		return isoMS(base + d), b[k:]
	}
	n, k := binary.Uvarint(b)
	b = b[k:]
	switch tag {
	case tagText:
		return bytesString(b[:n]), b[n:]
	case tagDict:
		return c.dicts[pid].vals[n], b
	}
	return strconv.FormatUint(n, 10), b
}

// skipValue returns the bytes after a value with tag.
func skipValue(b []byte, tag uint64) []byte {
	n, k := binary.Uvarint(b)
	if tag == tagText {
		return b[k+int(n):]
	}
	return b[k:]
}

// numeric returns a time or integer value's number without formatting it.
func numericValue(b []byte, tag uint64, base int64) (int64, bool) {
	switch tag {
	case tagTime:
		d, _ := binary.Varint(b)
		return base + d, true
	case tagInt:
		n, _ := binary.Uvarint(b)
		return int64(n), true
	}
	return 0, false
}

// nextKey reads an entry's key.
func nextKey(b []byte) (pid uint32, tag uint64, rest []byte) {
	key, k := binary.Uvarint(b)
	return uint32(key >> keyShift), key & (1<<tagBits - 1), b[k:]
}

// splitBlob returns a record blob's properties section and its newest history segment.
func splitBlob(b []byte) (props []byte, hist blobRef) {
	if len(b) == 0 {
		return nil, 0
	}
	n, k := binary.Uvarint(b)
	ref, _ := binary.Uvarint(b[k+int(n):])
	return b[k : k+int(n)], blobRef(ref)
}

// joinBlob assembles a record blob from its properties section and its newest history segment
// (splitBlob's inverse).
func joinBlob(buf, props []byte, hist blobRef) []byte {
	buf = binary.AppendUvarint(buf[:0], uint64(len(props)))
	buf = append(buf, props...)
	return binary.AppendUvarint(buf, uint64(hist))
}

// splitSegment returns a history segment's previous segment and its entries.
func splitSegment(b []byte) (prev blobRef, entries []byte) {
	ref, k := binary.Uvarint(b)
	return blobRef(ref), b[k:]
}

// segment assembles a history segment.
func segment(buf []byte, prev blobRef, entries []byte) []byte {
	return append(binary.AppendUvarint(buf[:0], uint64(prev)), entries...)
}

// prop finds a property's value in a properties section.
func (c *codec) prop(props []byte, pid uint32, base int64) (string, bool) {
	tag, b, ok := propRaw(props, pid)
	if !ok {
		return "", false
	}
	v, _ := c.readValue(b, pid, tag, base)
	return v, true
}

// propRaw finds a property's entry, returning its tag and value bytes.
func propRaw(props []byte, pid uint32) (uint64, []byte, bool) {
	for len(props) > 0 {
		p, tag, rest := nextKey(props)
		if p == pid {
			return tag, rest, true
		}
		if p > pid {
			return 0, nil, false
		}
		props = skipValue(rest, tag)
	}
	return 0, nil, false
}

// eachProp calls f with each property in a properties section, in property number order.
func (c *codec) eachProp(props []byte, base int64, f func(p propKV)) {
	for len(props) > 0 {
		key, k := binary.Uvarint(props)
		p := propKV{pid: uint32(key >> keyShift), hist: key&histFlag != 0}
		p.v, props = c.readValue(props[k:], p.pid, key&(1<<tagBits-1), base)
		f(p)
	}
}

// histEntry is one decoded history entry.
type histEntry struct {
	pid    uint32
	value  string
	at     int64
	source uint32
	srcID  string
}

// eachHist calls f with each stored history entry, oldest write first.
func (c *codec) eachHist(hist []byte, base int64, f func(e histEntry)) {
	for len(hist) > 0 {
		var e histEntry
		var tag uint64
		e.pid, tag, hist = nextKey(hist)
		e.value, hist = c.readValue(hist, e.pid, tag, base)
		d, k := binary.Varint(hist)
		at := base + d
		hist = hist[k:]
		src, k := binary.Uvarint(hist[0:])
		hist = hist[k:]
		n, k := binary.Uvarint(hist)
		e.at, e.source, e.srcID = at, uint32(src), bytesString(hist[k:k+int(n)])
		hist = hist[k+int(n):]
		f(e)
	}
}

// appendHist appends a history entry.
func (c *codec) appendHist(b []byte, e histEntry, base int64) []byte {
	b = c.appendValue(b, e.pid, e.value, base, false)
	b = binary.AppendVarint(b, e.at-base)
	b = binary.AppendUvarint(b, uint64(e.source))
	b = binary.AppendUvarint(b, uint64(len(e.srcID)))
	return append(b, e.srcID...)
}

// blob assembles a record's blob from its properties (sorted by pid, values in stored form)
// and its newest history segment.
func (c *codec) blob(buf []byte, props []propKV, hist blobRef, base int64) []byte {
	var body []byte
	for _, p := range props {
		body = c.appendValue(body, p.pid, p.v, base, p.hist)
	}
	return joinBlob(buf, body, hist)
}

// propKV is one property value while a record is being written; hist says it has stored
// history entries.
type propKV struct {
	pid  uint32
	v    string
	hist bool
}

// parseISOms reads a value written exactly as isoTime writes it ("2006-01-02T15:04:05.000Z",
// from 1970 on), so it can be stored as a number and written back the same. It checks every
// field's range, so formatting the result gives the value back.
func parseISOms(v string) (int64, bool) {
	if len(v) != 24 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != '.' || v[23] != 'Z' {
		return 0, false
	}
	num := func(i, n int) int {
		x := 0
		for _, c := range []byte(v[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			x = x*10 + int(c-'0')
		}
		return x
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec, milli := num(11, 2), num(14, 2), num(17, 2), num(20, 3)
	if year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
		sec < 0 || sec > 59 || milli < 0 {
		return 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, milli*1e6, time.UTC)
	if t.Day() != day { // 31 February and its kind roll over
		return 0, false
	}
	return t.UnixMilli(), true
}

// canonicalUint reads a decimal integer written without sign or leading zeros.
func canonicalUint(v string) (uint64, bool) {
	if len(v) == 0 || len(v) > 18 || len(v) > 1 && v[0] == '0' {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}
