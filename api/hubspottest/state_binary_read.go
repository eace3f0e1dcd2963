package hubspottest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"strings"
)

// Reading a version 2 state file (state_binary.go describes it). The file is untrusted input:
// every count, length, reference and order is checked as it is read, and the checksum at the
// end, so a damaged file is refused with what is wrong and never half-loaded.

// crcReader passes reads on and keeps the checksum of everything but the last four bytes read
// so far: at the end, those are the file's checksum, and the sum is of everything before it.
type crcReader struct {
	r    io.Reader
	crc  uint32
	tail []byte // the last four bytes read (fewer at first), not in crc yet
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	data := p[:n]
	if total := len(c.tail) + n; total <= 4 {
		c.tail = append(c.tail, data...)
	} else if hashN := total - 4; hashN >= len(c.tail) {
		c.crc = crc32.Update(c.crc, castagnoli, c.tail)
		c.crc = crc32.Update(c.crc, castagnoli, data[:hashN-len(c.tail)])
		c.tail = append(c.tail[:0], data[hashN-len(c.tail):]...)
	} else {
		c.crc = crc32.Update(c.crc, castagnoli, c.tail[:hashN])
		c.tail = append(append(make([]byte, 0, 4), c.tail[hashN:]...), data...)
	}
	return n, err
}

// stateReader reads a state file's stream.
type stateReader struct {
	br  *bufio.Reader
	crc *crcReader
	err error
	buf []byte
}

func newStateReader(r io.Reader) *stateReader {
	c := &crcReader{r: r}
	return &stateReader{br: bufio.NewReaderSize(c, 1<<20), crc: c}
}

// damaged makes an error that says the file is damaged and how; the first one sticks.
func (r *stateReader) damaged(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{errDamaged}, args...)...)
	}
}

func (r *stateReader) ioErr(err error) {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		r.damaged("it ends too soon (was it cut short?)")
	} else if r.err == nil {
		r.err = err
	}
}

func (r *stateReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.br)
	if err != nil {
		r.ioErr(err)
	}
	return v
}

func (r *stateReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.br)
	if err != nil {
		r.ioErr(err)
	}
	return v
}

func (r *stateReader) full(n int) []byte {
	if r.err != nil {
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.br, b); err != nil {
		r.ioErr(err)
		return nil
	}
	return b
}

// chunk reads a uvarint length and that many bytes into a buffer reused by the next chunk. A
// large length is read a megabyte at a time, so a damaged length costs what the file holds.
func (r *stateReader) chunk() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > stateMaxChunk {
		r.damaged("a record of %d bytes", n)
		return nil
	}
	b := r.buf[:0]
	for left := int(n); left > 0 && r.err == nil; {
		step := min(left, 1<<20)
		b = slices.Grow(b, step)
		if _, err := io.ReadFull(r.br, b[len(b):len(b)+step]); err != nil {
			r.ioErr(err)
		}
		b, left = b[:len(b)+step], left-step
	}
	r.buf = b
	return b
}

func (r *stateReader) strings() []string {
	n := r.uvarint()
	if n > stateMaxListItems {
		r.damaged("a list of %d strings", n)
	}
	var out []string
	for i := uint64(0); i < n && r.err == nil; i++ {
		l := r.uvarint()
		if l > stateMaxChunk {
			r.damaged("a string of %d bytes", l)
			break
		}
		out = append(out, string(r.chunkOf(int(l))))
	}
	return out
}

// chunkOf reads n bytes into the reused buffer.
func (r *stateReader) chunkOf(n int) []byte {
	b := slices.Grow(r.buf[:0], n)[:n]
	if r.err == nil {
		if _, err := io.ReadFull(r.br, b); err != nil {
			r.ioErr(err)
		}
	}
	r.buf = b
	return b
}

// readHead reads what follows the magic: the version, the kind and walSeq.
func (r *stateReader) readHead() (stateHead, error) {
	var h stateHead
	if v := r.uvarint(); r.err == nil && v != stateBinVersion {
		return h, fmt.Errorf("state file version %d, from a newer hubcontacts: this one reads versions 1 and 2", v)
	}
	if b := r.full(1); b != nil {
		h.kind = b[0]
	}
	h.walSeq = r.uvarint()
	if r.err == nil && h.kind != stateKindSeed && h.kind != stateKindFull {
		r.damaged("unknown kind %q", h.kind)
	}
	return h, r.err
}

// readSeed reads a seed file's body.
func (r *stateReader) readSeed(h *stateHead) {
	flags := r.uvarint()
	s := &h.seed
	s.empty = flags&1 != 0
	for _, p := range []*int64{&s.seed, &s.contacts, &s.companies, &s.deals, &s.tickets, &s.taskDay} {
		*p = r.varint()
	}
	if b := r.full(4); b != nil {
		s.fingerprint = binary.LittleEndian.Uint32(b)
	}
	s.snapSize = int64(min(r.uvarint(), math.MaxInt64))
	bad := flags > 1 || s.empty && *s != (seedHead{seedSettings: seedSettings{empty: true}, fingerprint: s.fingerprint, snapSize: s.snapSize})
	for _, n := range []int64{s.contacts, s.companies, s.deals, s.tickets} {
		bad = bad || !s.empty && (n > stateMaxSeedSize || n < -1 || n == 0)
	}
	if bad && r.err == nil {
		r.damaged("seed settings out of range")
	}
}

// finish reads the end mark and the checksum, and wants nothing after them.
func (r *stateReader) finish() error {
	if end := r.full(len(stateEnd)); end != nil && string(end) != stateEnd {
		r.damaged("no end mark where the data ends")
	}
	sum := r.full(4)
	if r.err != nil {
		return r.err
	}
	if _, err := r.br.ReadByte(); err != io.EOF {
		r.damaged("more data after its end")
		return r.err
	}
	if binary.LittleEndian.Uint32(sum) != r.crc.crc || !bytes.Equal(sum, r.crc.tail) {
		r.damaged("its checksum does not match its contents")
	}
	return r.err
}

// snapReader reads a snapshot's body into an empty store.
type snapReader struct {
	*stateReader
	s       *Store
	ctx     context.Context
	names   []uint32 // name table → property number
	nameStr []string
	budget  int64      // the file's size when known (0: not): what tables are sized for at most
	sources []uint32   // source table → the store's source number
	misc    []string   // categories and labels
	values  [][]string // by name table entry: the property's table
	codecOf [][]int32  // by name table entry and value: the store's dictionary entry + 1, or -1 for text
	sets    []uint16   // set table → the store's set
	props   []encProp
	pbuf    []byte
	hist    []byte
	blob    []byte
}

// encProp is a property in the store's encoding, within snapReader.pbuf.
type encProp struct {
	pid        uint32
	start, end int
}

// readFullState reads a snapshot into the empty store; size is the file's when known (0: not).
func (tx *Tx) readFullState(ctx context.Context, r *stateReader, size int64) error {
	sr := &snapReader{stateReader: r, s: tx.s, ctx: ctx, budget: size}
	return sr.read()
}

// room is how many of n items, each at least per bytes in the file, to make room for at once:
// n when the file is large enough to hold them, else as many as it could hold (a damaged count
// must not allocate gigabytes).
func (sr *snapReader) room(n uint64, per int64) int {
	return int(min(n, uint64(sr.budget/per)))
}

func (sr *snapReader) read() error {
	s := sr.s
	nextID := sr.varint()
	wantContacts, wantRecords := sr.uvarint(), sr.uvarint()
	var contacts, records uint64
	var types []typeIdx
	for prev := uint64(0); sr.err == nil; {
		t := sr.uvarint()
		if t == 0 || sr.err != nil {
			break
		}
		if t <= prev || t > uint64(numTypes) {
			sr.damaged("object types out of order")
			break
		}
		prev = t
		ti := typeIdx(t - 1)
		types = append(types, ti)
		count := sr.uvarint()
		if count > 1<<slotBits-1 {
			sr.damaged("%d %s", count, ti)
			break
		}
		records += count
		if ti == 0 {
			contacts = count
			s.emails = newEmailIndex(sr.room(count, 9))
		}
		s.tables[ti].recs = make([]record, 0, sr.room(count, 9)) // 9 bytes: a record's least
		var prevID, prevCreated int64
		for i := uint64(0); i < count && sr.err == nil; i++ {
			if i%4096 == 0 && sr.ctx.Err() != nil {
				return sr.ctx.Err()
			}
			prevID, prevCreated = sr.record(ti, sr.chunk(), prevID, prevCreated)
		}
	}
	if sr.err == nil && (contacts != wantContacts || records != wantRecords) {
		sr.damaged("%d records (%d contacts) where its head says %d (%d)", records, contacts, wantRecords, wantContacts)
	}
	s.edges.list = slices.Grow(s.edges.list, sr.room(2*records, 3)) // about two a record, each 3 bytes at least
	for _, t := range types {
		tb := &s.tables[t]
		for i := 0; i < tb.size() && sr.err == nil; i++ {
			if i%4096 == 0 && sr.ctx.Err() != nil {
				return sr.ctx.Err()
			}
			sr.edges(keyOf(t, tb.at(i)), sr.chunk())
		}
	}
	unique, merged := sr.strings(), sr.strings()
	for _, kv := range [][]string{unique, merged} {
		if len(kv)%2 != 0 {
			sr.damaged("a key without its value")
		}
	}
	blocked := sr.strings()
	if err := sr.finish(); err != nil {
		return err
	}
	for i := 0; i+1 < len(unique); i += 2 {
		s.unique[unique[i]] = unique[i+1]
	}
	for i := 0; i+1 < len(merged); i += 2 {
		s.merged[merged[i]] = merged[i+1]
	}
	for _, e := range blocked {
		s.blocklist[strings.ToLower(e)] = true
	}
	s.nextID = max(s.nextID, nextID)
	return nil
}

// dec reads varints and strings from a record's bytes.
type dec struct {
	b   []byte
	bad bool
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

// str returns the next string, pointing into the record's bytes.
func (d *dec) str() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// tabled reads a table string: the entry's index, or the new string (ok false).
func (d *dec) tabled(size int) (entry int, def []byte, isNew bool) {
	n := d.uvarint()
	if n == 0 {
		return 0, d.str(), true
	}
	if n > uint64(size) {
		d.bad = true
		return 0, nil, false
	}
	return int(n - 1), nil, false
}

// record reads one record and adds it; it returns its id and creation, which the next one's
// are written from.
func (sr *snapReader) record(t typeIdx, b []byte, prevID, prevCreated int64) (int64, int64) {
	if sr.err != nil {
		return 0, 0
	}
	s := sr.s
	d := &dec{b: b}
	delta := d.uvarint()
	id := prevID + int64(delta)
	if delta == 0 || delta > 1<<62 || id <= prevID || id > 1<<62 {
		sr.damaged("%s: ids out of order after %d", t, prevID)
		return 0, 0
	}
	r := record{id: id, created: prevCreated + d.varint()}
	r.updated = r.created + d.varint()
	flags := d.uvarint()
	if flags > 3 {
		d.bad = true
	}
	var archivedAt int64
	if flags&1 != 0 {
		r.flags |= flagArchived
		archivedAt = r.created + d.varint()
	}
	if flags&2 != 0 {
		r.flags |= flagModHist
	}
	r.src = uint16(sr.source(d))
	// Properties, in name order in the file, by property number in the store.
	n := d.uvarint()
	sr.props, sr.pbuf = sr.props[:0], sr.pbuf[:0]
	prevName := ""
	for i := uint64(0); i < n && !d.bad; i++ {
		e := sr.name(d)
		if d.bad {
			break
		}
		pid := sr.names[e]
		if isStamp(pid) || i > 0 && sr.nameStr[e] <= prevName {
			sr.damaged("%s %d: properties out of order", t, id)
			return 0, 0
		}
		prevName = sr.nameStr[e]
		start := len(sr.pbuf)
		sr.pbuf = sr.value(d, sr.pbuf, e, pid, true, r.created)
		sr.props = append(sr.props, encProp{pid: pid, start: start, end: len(sr.pbuf)})
	}
	slices.SortFunc(sr.props, func(a, b encProp) int { return int(a.pid) - int(b.pid) })
	props := sr.blob[:0]
	for _, p := range sr.props {
		props = append(props, sr.pbuf[p.start:p.end]...)
	}
	sr.blob = props
	// Stored history, oldest first.
	n = d.uvarint()
	h := sr.hist[:0]
	for i := uint64(0); i < n && !d.bad; i++ {
		e := sr.name(d)
		if d.bad {
			break
		}
		h = sr.value(d, h, e, sr.names[e], false, r.created)
		h = binary.AppendVarint(h, d.varint())
		h = binary.AppendUvarint(h, uint64(sr.source(d)))
		h = appendString(h, bytesString(d.str()))
	}
	sr.hist = h
	if d.bad || len(d.b) > 0 {
		sr.damaged("%s %d cannot be read", t, id)
		return 0, 0
	}
	s.addEncoded(t, r, props, h, archivedAt)
	return id, r.created
}

// name reads a property name from the name table (defining it when new).
func (sr *snapReader) name(d *dec) int {
	e, def, isNew := d.tabled(len(sr.names))
	if !isNew || d.bad {
		return e
	}
	name := string(def)
	sr.names = append(sr.names, sr.s.codec.props.id(name))
	sr.nameStr = append(sr.nameStr, name)
	sr.values = append(sr.values, nil)
	sr.codecOf = append(sr.codecOf, nil)
	return len(sr.names) - 1
}

// source reads a source from the source table (defining it when new).
func (sr *snapReader) source(d *dec) uint32 {
	e, def, isNew := d.tabled(len(sr.sources))
	if d.bad {
		return 0
	}
	if isNew {
		if len(sr.s.codec.sources.names) >= math.MaxUint16 {
			d.bad = true
			return 0
		}
		sr.sources = append(sr.sources, sr.s.codec.sources.id(string(def)))
		e = len(sr.sources) - 1
	}
	return sr.sources[e]
}

// value reads a value of name table entry e and appends it in the store's encoding (its key
// included; with the history bit when prop and the file says so).
func (sr *snapReader) value(d *dec, b []byte, e int, pid uint32, prop bool, base int64) []byte {
	kind := d.uvarint()
	key := uint64(pid) << keyShift
	if kind&valHist != 0 {
		if !prop {
			d.bad = true
		}
		key |= histFlag
	}
	switch kind &^ valHist {
	case valTime:
		return binary.AppendVarint(binary.AppendUvarint(b, key|tagTime), d.varint())
	case valInt:
		v := d.uvarint()
		if v > 999_999_999_999_999_999 { // more than canonicalUint's 18 digits
			d.bad = true
		}
		return binary.AppendUvarint(binary.AppendUvarint(b, key|tagInt), v)
	case valText:
		v := d.str()
		if !plainText(v) {
			d.bad = true
		}
		if idx, ok := sr.s.codec.intern(pid, bytesString(v)); ok {
			return binary.AppendUvarint(binary.AppendUvarint(b, key|tagDict), uint64(idx))
		}
		//lint:ignore SA4016 tagText is 0; the tag is written as the others are
		return appendString(binary.AppendUvarint(b, key|tagText), bytesString(v))
	case valDefine:
		v := d.str()
		if len(v) == 0 || len(v) > stateTableLen || len(sr.values[e]) >= stateTableValues || !plainText(v) {
			d.bad = true
			return b
		}
		sr.values[e] = append(sr.values[e], string(v))
		sr.codecOf[e] = append(sr.codecOf[e], 0)
		return sr.tableValue(b, e, len(sr.values[e])-1, pid, key)
	case valRef:
		i := d.uvarint()
		if i >= uint64(len(sr.values[e])) {
			d.bad = true
			return b
		}
		return sr.tableValue(b, e, int(i), pid, key)
	}
	d.bad = true
	return b
}

// tableValue appends entry i of a property's table, asking the store's dictionary once.
func (sr *snapReader) tableValue(b []byte, e, i int, pid uint32, key uint64) []byte {
	v := sr.values[e][i]
	c := sr.codecOf[e][i]
	if c == 0 {
		c = -1
		if idx, ok := sr.s.codec.intern(pid, v); ok {
			c = int32(idx) + 1
		}
		sr.codecOf[e][i] = c
	}
	if c > 0 {
		return binary.AppendUvarint(binary.AppendUvarint(b, key|tagDict), uint64(c-1))
	}
	//lint:ignore SA4016 tagText is 0; the tag is written as the others are
	return appendString(binary.AppendUvarint(b, key|tagText), v)
}

// plainText reports whether a value the file calls text is one the store keeps as text (a time
// or a number written canonically is kept as one).
func plainText(v []byte) bool {
	s := bytesString(v)
	if _, ok := parseISOms(s); ok {
		return false
	}
	_, ok := canonicalUint(s)
	return !ok
}

// edges reads a record's associations.
func (sr *snapReader) edges(from recKey, b []byte) {
	if sr.err != nil || len(b) == 0 {
		return
	}
	s := sr.s
	d := &dec{b: b}
	prevT, prevID := typeIdx(0), int64(0)
	for first := true; len(d.b) > 0 && !d.bad; first = false {
		tt := d.uvarint()
		if tt >= uint64(numTypes) || !first && typeIdx(tt) < prevT {
			d.bad = true
			break
		}
		t := typeIdx(tt)
		step := d.uvarint()
		id := int64(step)
		if !first && t == prevT {
			id = prevID + int64(step)
			if step == 0 || id <= prevID {
				d.bad = true
			}
		}
		if step > 1<<62 || id <= 0 || id > 1<<62 {
			d.bad = true
		}
		set := sr.set(d)
		if d.bad {
			break
		}
		slot, ok := s.ids.get(t, id)
		to := keyOf(t, slot)
		if !ok || to == from {
			sr.damaged("%s %d: an association with %s %d, which the file does not hold", from.typ(), s.rec(from).id, t, id)
			return
		}
		ab, _ := s.edges.pair(s, from, to)
		if s.edges.list[ab].set != 0 {
			d.bad = true
			break
		}
		s.edges.list[ab].set = set
		prevT, prevID = t, id
	}
	if d.bad {
		sr.damaged("the associations of %s %d cannot be read", from.typ(), s.rec(from).id)
	}
}

// set reads a set of association types from the set table (defining it when new).
func (sr *snapReader) set(d *dec) uint16 {
	n := d.uvarint()
	if n > 0 {
		if n > uint64(len(sr.sets)) {
			d.bad = true
			return 0
		}
		return sr.sets[n-1]
	}
	k := d.uvarint()
	if k == 0 || k > stateMaxSetTypes || len(sr.sets) >= stateMaxSets {
		d.bad = true
		return 0
	}
	es := &sr.s.edges
	idx := make([]uint16, 0, k)
	for range k {
		typeID := d.varint()
		cat, label := sr.miscString(d), sr.miscString(d)
		if d.bad || typeID < math.MinInt32 || typeID > math.MaxInt32 || len(es.atypes) >= math.MaxUint16 {
			d.bad = true
			return 0
		}
		idx = append(idx, es.typeIndex(AssocType{TypeID: int(typeID), Category: cat, Label: label}))
	}
	set := es.internSet(idx)
	sr.sets = append(sr.sets, set)
	return set
}

func (sr *snapReader) miscString(d *dec) string {
	e, def, isNew := d.tabled(len(sr.misc))
	if d.bad {
		return ""
	}
	if isNew {
		sr.misc = append(sr.misc, string(def))
		e = len(sr.misc) - 1
	}
	return sr.misc[e]
}
