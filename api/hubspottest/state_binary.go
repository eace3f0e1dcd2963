package hubspottest

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// The state file, version 2: binary, streamed a record at a time, checksummed. It is one of two
// kinds:
//
//   - a seed (stateKindSeed): the settings a seeded sandbox was made from (seed, sizes, task day) and
//     a fingerprint of what they make. A fresh --state writes this and nothing else, whatever
//     the sandbox's size: loading seeds again (the seed is deterministic), checks the
//     fingerprint and replays the log (FILE.wal) on top.
//   - a snapshot (stateKindFull): every record, association, merged id, unique value and blocked
//     address. Folding the log writes it; so does SaveState.
//
// Layout (integers are varints, "uvarint" unsigned, as encoding/binary writes them):
//
//	magic       "hubcontacts sandbox state\n"
//	version     uvarint (2; version 1 was a JSON document, still read: state_json.go)
//	kind        one byte, 'S' or 'F'
//	walSeq      uvarint: the last line of FILE.wal the file holds
//	body        the seed's settings, or the snapshot below
//	end         "\x00end"
//	checksum    CRC-32C (Castagnoli) of every byte before it, 4 bytes little-endian
//
// A seed's body: flags (uvarint: 1 for an empty sandbox), the seed, the numbers of contacts,
// companies, deals and tickets, the task day (epoch milliseconds, 0 for none) as varints, the
// fingerprint of what they make (4 bytes, little-endian) and about the size of a snapshot of it
// (uvarint).
//
// A snapshot's body: nextId (varint), the number of contact records and of all records
// (uvarints, for a glance at the head), then one section per object type that has records
// (uvarint type number + 1 and uvarint count, then each record as a uvarint length and its
// bytes), a 0, then each of those records' associations in the same order (a uvarint length, 0
// for none, and the bytes), then the unique values, the merged ids and the blocklist (a uvarint
// count, then strings: uvarint length and bytes), in sorted order.
//
// A record: id (uvarint, the increase from the section's previous id), created (varint, from
// the previous record's), updated (varint, from created), flags (uvarint: 1 archived, 2
// lastmodifieddate has stored history), when archived (varint, from created, when archived),
// its creation source (a table string), its properties sorted by name (uvarint count, then a
// table string for the name and a value), its stored history, oldest write first (uvarint
// count, then the name, a value, the time as a varint from created, the source as a table
// string and the source id as a string). A value starts with a uvarint key, its kind (below)
// plus 8 when the property has stored history entries:
//
//	0 text     a string
//	1 define   a string that joins its property's table of repeated values
//	2 ref      uvarint index into the property's table
//	3 time     varint milliseconds from created, for a value written as isoTime writes it
//	4 int      uvarint, for a value written as a canonical non-negative decimal
//
// A table string is a uvarint: 0 then a string defines the next entry of its table (property
// names; sources; association categories and labels together), n names entry n-1.
// A record's associations: for each target in (type, id) order, its type (uvarint), its id
// (uvarint: the increase from the previous target of that type, else the id), its set of
// association types (a uvarint like a table string; a definition is a count, then each type's
// id as a varint, its category and label as table strings).
//
// The file says the same thing the same way, whatever order the store learnt its names and
// values in: a sandbox, saved, loaded and saved again, writes the same bytes. History entries
// the store leaves implicit (a value as it was at creation) stay implicit in the file.

const (
	stateMagic       = "hubcontacts sandbox state\n"
	stateBinVersion  = 2
	stateKindSeed    = 'S'
	stateKindFull    = 'F'
	stateEnd         = "\x00end"
	stateTableValues = 4096 // a property's table holds at most this many values…
	stateTableLen    = 160  // …of at most this many bytes
)

// Value kinds.
const (
	valText = iota
	valDefine
	valRef
	valTime
	valInt
	valHist = 8
)

// Bounds a file cannot pass (it is read as untrusted input).
const (
	stateMaxChunk     = 1 << 30 // a record's bytes
	stateMaxSeedSize  = 10_000_000
	stateMaxSets      = 1 << 12 // distinct sets of association types
	stateMaxSetTypes  = 64      // association types in one set
	stateMaxListItems = 1 << 26 // unique values, merged ids, blocked addresses
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// seedSettings are what a seeded sandbox was made from: with the same settings, seed makes the
// same records, so a state file of this kind needs nothing else.
type seedSettings struct {
	empty                               bool
	seed                                int64
	contacts, companies, deals, tickets int64
	taskDay                             int64 // Options.TaskDay in epoch milliseconds, 0 for none
}

func seedSettingsOf(opts Options) seedSettings {
	opts = opts.withDefaults()
	s := seedSettings{empty: opts.Empty, seed: opts.Seed, contacts: int64(opts.Contacts), companies: int64(opts.Companies),
		deals: int64(opts.Deals), tickets: int64(opts.Tickets)}
	if !opts.TaskDay.IsZero() {
		s.taskDay = ms(opts.TaskDay)
	}
	if s.empty {
		s = seedSettings{empty: true}
	}
	return s
}

// options gives back the seeding part of Options.
func (ss seedSettings) options(opts Options) Options {
	opts.Empty, opts.Seed = ss.empty, ss.seed
	opts.Contacts, opts.Companies, opts.Deals, opts.Tickets = int(ss.contacts), int(ss.companies), int(ss.deals), int(ss.tickets)
	opts.TaskDay = time.Time{}
	if ss.taskDay != 0 {
		opts.TaskDay = fromMS(ss.taskDay)
	}
	return opts
}

// describe says what the settings make, for messages.
func (ss seedSettings) describe() string {
	if ss.empty {
		return "an empty sandbox"
	}
	return fmt.Sprintf("seed %d with %d contacts", ss.seed, max(ss.contacts, 0))
}

// seedHead is a seed file's body.
type seedHead struct {
	seedSettings
	fingerprint uint32 // what the settings make (Tx.fingerprint)
	snapSize    int64  // about what a snapshot of it takes: folding the log would write that
}

// stateHead is what a binary state file's head says.
type stateHead struct {
	kind   byte
	walSeq uint64
	seed   seedHead // kindSeed
}

// crcWriter passes writes on, keeping their checksum and count.
type crcWriter struct {
	w   io.Writer
	crc uint32
	n   int64
}

func (c *crcWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.crc = crc32.Update(c.crc, castagnoli, p[:n])
	c.n += int64(n)
	return n, err
}

// writeStateHead writes the magic, version, kind and walSeq.
func writeStateHead(w *bufio.Writer, kind byte, walSeq uint64) {
	w.WriteString(stateMagic)
	var b []byte
	b = binary.AppendUvarint(b, stateBinVersion)
	b = append(b, kind)
	b = binary.AppendUvarint(b, walSeq)
	w.Write(b)
}

// finishState writes the end mark and the checksum of everything before it, and returns the
// file's size.
func finishState(bw *bufio.Writer, cw *crcWriter) (int64, error) {
	bw.WriteString(stateEnd)
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], cw.crc)
	_, err := cw.w.Write(sum[:])
	return cw.n + 4, err
}

// writeSeedState writes a seed file.
func writeSeedState(w io.Writer, h seedHead, walSeq uint64) (int64, error) {
	cw := &crcWriter{w: w}
	bw := bufio.NewWriter(cw)
	writeStateHead(bw, stateKindSeed, walSeq)
	var b []byte
	flags := uint64(0)
	if h.empty {
		flags = 1
	}
	b = binary.AppendUvarint(b, flags)
	for _, v := range []int64{h.seed, h.contacts, h.companies, h.deals, h.tickets, h.taskDay} {
		b = binary.AppendVarint(b, v)
	}
	b = binary.LittleEndian.AppendUint32(b, h.fingerprint)
	b = binary.AppendUvarint(b, uint64(h.snapSize))
	bw.Write(b)
	return finishState(bw, cw)
}

// writeFullState writes a snapshot of the store (read-locked by tx) and returns its size and
// checksum.
func (tx *Tx) writeFullState(w io.Writer, walSeq uint64) (int64, uint32, error) {
	cw := &crcWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	writeStateHead(bw, stateKindFull, walSeq)
	sw := newSnapWriter(tx.s, bw)
	if err := sw.write(); err != nil {
		return 0, 0, err
	}
	size, err := finishState(bw, cw)
	return size, cw.crc, err
}

// fingerprint is a checksum of what a seed made, for a seed file to hold, and about the size a
// snapshot of it would take (what folding the log into one would write). It covers every
// record's id, times and flags, and, written as a snapshot writes them, the first 64 records of
// each type (the fixtures among them) and every 64th after, with their associations: a build
// that seeds differently changes ids or times (the generator's draws shift), or the values the
// sample shows. A tenth of the cost of the whole snapshot, which would be surer but costs
// seconds at a million contacts.
func (tx *Tx) fingerprint() (sum uint32, snapSize int64) {
	s := tx.s
	cw := &crcWriter{w: io.Discard}
	bw := bufio.NewWriterSize(cw, 64<<10)
	b := binary.AppendVarint(nil, s.nextID)
	records := 0
	for t := range s.tables {
		tb := &s.tables[t]
		records += tb.size()
		b = binary.AppendUvarint(b, uint64(tb.size()))
		tb.slots(func(slot uint32) bool {
			r := &tb.recs[slot]
			b = binary.AppendVarint(binary.AppendVarint(binary.AppendVarint(b, r.id), r.created), r.updated)
			b = binary.AppendUvarint(b, uint64(r.flags))
			if len(b) >= 32<<10 {
				bw.Write(b)
				b = b[:0]
			}
			return true
		})
	}
	bw.Write(b)
	sw := newSnapWriter(s, bw)
	for t := range s.tables {
		tb := &s.tables[t]
		var prevID, prevCreated int64
		for i := 0; i < tb.size(); i++ {
			if i >= 64 && i%64 != 0 {
				continue
			}
			k, r := keyOf(typeIdx(t), tb.at(i)), &tb.recs[tb.at(i)]
			sw.record(k, r, prevID, prevCreated)
			sw.recordEdges(k)
			prevID, prevCreated = r.id, r.created
		}
	}
	sw.strings(sortedKeyValues(s.unique))
	sw.strings(sortedKeyValues(s.merged))
	sw.strings(slices.Sorted(maps.Keys(s.blocklist)))
	_ = bw.Flush()
	edges := len(s.edges.list) - len(s.edges.free)
	return cw.crc, s.arena.live + 10*int64(records) + 5*int64(edges)
}

// snapWriter writes a store's snapshot.
type snapWriter struct {
	s       *Store
	w       *bufio.Writer
	buf     []byte
	hist    []byte
	props   []rawProp
	edges   []rawEdge
	rank    []int    // a property number's place in name order
	names   []uint32 // property number → name table entry + 1 (0: not yet)
	nNames  uint32   //
	sources []uint32 // source number → table entry + 1
	nSrc    uint32   //
	misc    map[string]uint32
	sets    []uint32    // edge set → set table entry + 1
	nSets   uint32      //
	values  []*snapVals // by property number
}

// snapVals is a property's table of repeated values while writing.
type snapVals struct {
	ids      map[string]uint32
	fromDict []int32 // the store's dictionary entry → table entry + 1, or -1 for "as text"
}

type rawProp struct {
	pid  uint32
	tag  uint64
	hist bool
	raw  []byte
}

type rawEdge struct {
	toT typeIdx
	id  int64
	set uint16
}

func newSnapWriter(s *Store, w *bufio.Writer) *snapWriter {
	sw := &snapWriter{s: s, w: w, misc: map[string]uint32{}}
	names := s.codec.props.names
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	sw.rank = make([]int, len(names))
	for r, pid := range order {
		sw.rank[pid] = r
	}
	sw.names = make([]uint32, len(names))
	sw.values = make([]*snapVals, len(names))
	sw.sources = make([]uint32, len(s.codec.sources.names))
	sw.sets = make([]uint32, len(s.edges.sets))
	return sw
}

func (sw *snapWriter) write() error {
	s := sw.s
	var contacts, records uint64
	for t := range s.tables {
		n := uint64(s.tables[t].size())
		records += n
		if typeIdx(t) == 0 {
			contacts = n
		}
	}
	var b []byte
	b = binary.AppendVarint(b, s.nextID)
	b = binary.AppendUvarint(b, contacts)
	b = binary.AppendUvarint(b, records)
	sw.w.Write(b)
	for t := range s.tables {
		tb := &s.tables[t]
		if tb.size() == 0 {
			continue
		}
		sw.w.Write(binary.AppendUvarint(binary.AppendUvarint(b[:0], uint64(t+1)), uint64(tb.size())))
		var prevID, prevCreated int64
		tb.slots(func(slot uint32) bool {
			r := &tb.recs[slot]
			sw.record(keyOf(typeIdx(t), slot), r, prevID, prevCreated)
			prevID, prevCreated = r.id, r.created
			return true
		})
	}
	sw.w.WriteByte(0)
	for t := range s.tables {
		tb := &s.tables[t]
		tb.slots(func(slot uint32) bool {
			sw.recordEdges(keyOf(typeIdx(t), slot))
			return true
		})
	}
	sw.strings(sortedKeyValues(s.unique))
	sw.strings(sortedKeyValues(s.merged))
	sw.strings(slices.Sorted(maps.Keys(s.blocklist)))
	_, err := sw.w.Write(nil)
	return err
}

// chunk writes buf as a uvarint length and the bytes.
func (sw *snapWriter) chunk() {
	var n [binary.MaxVarintLen64]byte
	sw.w.Write(n[:binary.PutUvarint(n[:], uint64(len(sw.buf)))])
	sw.w.Write(sw.buf)
}

func (sw *snapWriter) strings(list []string) {
	b := binary.AppendUvarint(sw.buf[:0], uint64(len(list)))
	for _, v := range list {
		b = appendString(b, v)
	}
	sw.buf = b
	sw.w.Write(b)
}

func appendString(b []byte, v string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(v))), v...)
}

// tabled appends a table string: its entry + 1, or 0 and the string when new (*entry is 0).
func tabled(b []byte, entry *uint32, next *uint32, v string) []byte {
	if *entry != 0 {
		return binary.AppendUvarint(b, uint64(*entry))
	}
	*next++
	*entry = *next
	return appendString(binary.AppendUvarint(b, 0), v)
}

func (sw *snapWriter) name(b []byte, pid uint32) []byte {
	return tabled(b, &sw.names[pid], &sw.nNames, sw.s.codec.props.names[pid])
}

func (sw *snapWriter) source(b []byte, src uint32) []byte {
	return tabled(b, &sw.sources[src], &sw.nSrc, sw.s.codec.sources.names[src])
}

func (sw *snapWriter) miscString(b []byte, v string) []byte {
	e := sw.misc[v]
	n := uint32(len(sw.misc))
	b = tabled(b, &e, &n, v)
	sw.misc[v] = e
	return b
}

// record writes one record.
func (sw *snapWriter) record(k recKey, r *record, prevID, prevCreated int64) {
	s := sw.s
	b := binary.AppendUvarint(sw.buf[:0], uint64(r.id-prevID))
	b = binary.AppendVarint(b, r.created-prevCreated)
	b = binary.AppendVarint(b, r.updated-r.created)
	flags := uint64(0)
	if r.isArchived() {
		flags |= 1
	}
	if r.flags&flagModHist != 0 {
		flags |= 2
	}
	b = binary.AppendUvarint(b, flags)
	if r.isArchived() {
		b = binary.AppendVarint(b, s.archivedAt[k]-r.created)
	}
	b = sw.source(b, uint32(r.src))
	props, href := splitBlob(s.arena.get(r.data))
	sw.props = sw.props[:0]
	for p := props; len(p) > 0; {
		key, n := binary.Uvarint(p)
		tag := key & (1<<tagBits - 1)
		rest := p[n:]
		after := skipValue(rest, tag)
		sw.props = append(sw.props, rawProp{pid: uint32(key >> keyShift), tag: tag, hist: key&histFlag != 0,
			raw: rest[:len(rest)-len(after)]})
		p = after
	}
	slices.SortFunc(sw.props, func(a, b rawProp) int { return sw.rank[a.pid] - sw.rank[b.pid] })
	b = binary.AppendUvarint(b, uint64(len(sw.props)))
	for _, p := range sw.props {
		b = sw.name(b, p.pid)
		b = sw.value(b, p)
	}
	// History, oldest segment first.
	var segs [][]byte
	for ref := href; ref != 0; {
		var entries []byte
		ref, entries = splitSegment(s.arena.get(ref))
		segs = append(segs, entries)
	}
	h, count := sw.hist[:0], 0
	for i := len(segs) - 1; i >= 0; i-- {
		for e := segs[i]; len(e) > 0; count++ {
			key, n := binary.Uvarint(e)
			p := rawProp{pid: uint32(key >> keyShift), tag: key & (1<<tagBits - 1)}
			rest := e[n:]
			after := skipValue(rest, p.tag)
			p.raw = rest[:len(rest)-len(after)]
			h = sw.name(h, p.pid)
			h = sw.value(h, p)
			_, n = binary.Varint(after) // the time, from created: as the file has it
			h = append(h, after[:n]...)
			after = after[n:]
			src, n := binary.Uvarint(after)
			h = sw.source(h, uint32(src))
			after = after[n:]
			idLen, n := binary.Uvarint(after)
			h = append(h, after[:n+int(idLen)]...) // the source id: a string as the file has it
			e = after[n+int(idLen):]
		}
	}
	sw.hist = h
	b = binary.AppendUvarint(b, uint64(count))
	sw.buf = append(b, h...)
	sw.chunk()
}

// value appends a property's value in the file's form.
func (sw *snapWriter) value(b []byte, p rawProp) []byte {
	h := uint64(0)
	if p.hist {
		h = valHist
	}
	switch p.tag {
	case tagTime:
		return append(binary.AppendUvarint(b, valTime|h), p.raw...)
	case tagInt:
		return append(binary.AppendUvarint(b, valInt|h), p.raw...)
	case tagDict:
		idx, _ := binary.Uvarint(p.raw)
		return sw.text(b, p.pid, sw.s.codec.dicts[p.pid].vals[idx], h, int(idx))
	}
	n, k := binary.Uvarint(p.raw)
	return sw.text(b, p.pid, bytesString(p.raw[k:k+int(n)]), h, -1)
}

// text appends a string value: a reference to its property's table when it is there, a
// definition when it is short and the table has room, else the text. dict is the value's entry
// in the store's dictionary (-1 for none), which remembers the decision.
func (sw *snapWriter) text(b []byte, pid uint32, v string, h uint64, dict int) []byte {
	t := sw.values[pid]
	if t == nil {
		t = &snapVals{ids: map[string]uint32{}}
		sw.values[pid] = t
	}
	if dict >= 0 {
		for len(t.fromDict) <= dict {
			t.fromDict = append(t.fromDict, 0)
		}
		switch c := t.fromDict[dict]; {
		case c > 0:
			return binary.AppendUvarint(binary.AppendUvarint(b, valRef|h), uint64(c-1))
		case c < 0:
			return appendString(binary.AppendUvarint(b, valText|h), v)
		}
	}
	remember := func(c int32) {
		if dict >= 0 {
			t.fromDict[dict] = c
		}
	}
	if v == "" || len(v) > stateTableLen {
		remember(-1)
		return appendString(binary.AppendUvarint(b, valText|h), v)
	}
	if i, ok := t.ids[v]; ok {
		remember(int32(i) + 1)
		return binary.AppendUvarint(binary.AppendUvarint(b, valRef|h), uint64(i))
	}
	if len(t.ids) >= stateTableValues {
		remember(-1)
		return appendString(binary.AppendUvarint(b, valText|h), v)
	}
	i := uint32(len(t.ids))
	t.ids[v] = i
	remember(int32(i) + 1)
	return appendString(binary.AppendUvarint(b, valDefine|h), v)
}

// recordEdges writes a record's associations.
func (sw *snapWriter) recordEdges(k recKey) {
	s := sw.s
	sw.edges = sw.edges[:0]
	s.edges.each(s, k, func(e *edge) bool {
		if to := keyOf(e.toT, e.to); to != k { // no endpoint associates a record with itself
			sw.edges = append(sw.edges, rawEdge{toT: e.toT, id: s.rec(to).id, set: e.set})
		}
		return true
	})
	b := sw.buf[:0]
	if len(sw.edges) > 0 {
		slices.SortFunc(sw.edges, func(a, b rawEdge) int {
			if a.toT != b.toT {
				return int(a.toT) - int(b.toT)
			}
			return cmp.Compare(a.id, b.id)
		})
		prevT, prevID := typeIdx(0), int64(0)
		for i, e := range sw.edges {
			b = binary.AppendUvarint(b, uint64(e.toT))
			if i > 0 && e.toT == prevT {
				b = binary.AppendUvarint(b, uint64(e.id-prevID))
			} else {
				b = binary.AppendUvarint(b, uint64(e.id))
			}
			prevT, prevID = e.toT, e.id
			b = sw.set(b, e.set)
		}
	}
	sw.buf = b
	sw.chunk()
}

// set appends an association type set as a table entry.
func (sw *snapWriter) set(b []byte, set uint16) []byte {
	if c := sw.sets[set]; c != 0 {
		return binary.AppendUvarint(b, uint64(c))
	}
	sw.nSets++
	sw.sets[set] = sw.nSets
	types := sw.s.edges.sets[set]
	b = binary.AppendUvarint(binary.AppendUvarint(b, 0), uint64(len(types)))
	for _, ti := range types {
		t := sw.s.edges.atypes[ti]
		b = binary.AppendVarint(b, int64(t.TypeID))
		b = sw.miscString(b, t.Category)
		b = sw.miscString(b, t.Label)
	}
	return b
}

// sortedKeyValues lists a map as key, value, key, value… in key order.
func sortedKeyValues(m map[string]string) []string {
	out := make([]string, 0, 2*len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, k, m[k])
	}
	return out
}

// errDamaged is a state file that is not what it says.
var errDamaged = errors.New("damaged")
