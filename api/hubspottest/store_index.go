package hubspottest

import (
	"hash/maphash"
	"strings"
	"time"
)

// The store's indexes: record ids, association edges and search lag. Record ids are dense
// (NewID counts up), so the id index is a table of pages of 4,096 ids, each entry the type and
// slot of the record holding that id: four bytes an id, a constant-time lookup, no hashing.

const (
	idPageBits = 12
	idPageSize = 1 << idPageBits
	slotBits   = 28 // an entry is (type+1)<<slotBits | slot
)

type idKey struct {
	t  typeIdx
	id int64
}

// idIndex maps (type, id) to a slot.
type idIndex struct {
	pages map[int64]*[idPageSize]uint32
	// dups holds the ids another type already holds in pages (only explicit ids can clash).
	dups map[idKey]uint32
}

func newIDIndex() idIndex {
	return idIndex{pages: map[int64]*[idPageSize]uint32{}, dups: map[idKey]uint32{}}
}

func (x *idIndex) get(t typeIdx, id int64) (uint32, bool) {
	if p := x.pages[id>>idPageBits]; p != nil {
		if e := p[id&(idPageSize-1)]; e != 0 && typeIdx(e>>slotBits-1) == t {
			return e & (1<<slotBits - 1), true
		}
	}
	if len(x.dups) == 0 {
		return 0, false
	}
	slot, ok := x.dups[idKey{t, id}]
	return slot, ok
}

func (x *idIndex) put(t typeIdx, id int64, slot uint32) {
	if slot >= 1<<slotBits {
		panic("hubspottest: more than 268 million records of one type")
	}
	p := x.pages[id>>idPageBits]
	if p == nil {
		p = new([idPageSize]uint32)
		x.pages[id>>idPageBits] = p
	}
	e := &p[id&(idPageSize-1)]
	if *e != 0 && typeIdx(*e>>slotBits-1) != t {
		x.dups[idKey{t, id}] = slot
		return
	}
	*e = uint32(t+1)<<slotBits | slot
}

func (x *idIndex) remove(t typeIdx, id int64) {
	if _, ok := x.dups[idKey{t, id}]; ok {
		delete(x.dups, idKey{t, id})
		return
	}
	if p := x.pages[id>>idPageBits]; p != nil {
		if e := p[id&(idPageSize-1)]; e != 0 && typeIdx(e>>slotBits-1) == t {
			p[id&(idPageSize-1)] = 0
		}
	}
}

// edge is one direction of an association between two records: 16 bytes. Edges come in
// pairs, one each way, each naming the other (rev), so the pair is found by walking the
// shorter of the two records' lists. Its types are an interned set (edgeStore.sets): a seeded
// portal has a handful of distinct sets. A direction without types (the two ways are not always
// emptied together) stays in place, unseen, until its pair goes. The edges of one record form
// a list through next.
type edge struct {
	to   uint32 // the target's slot
	next uint32 // the next edge of the same record; 0 ends the list
	rev  uint32 // the edge the other way
	set  uint16 // the types, an index into edgeStore.sets (0: none)
	toT  typeIdx
}

// edgeStore holds every association edge.
type edgeStore struct {
	list   []edge // list[0] is unused: 0 means "no edge"
	free   []uint32
	atypes []AssocType
	atIdx  map[AssocType]uint16
	sets   [][]uint16        // type sets: indexes into atypes, in the order they were added
	setIdx map[string]uint16 // a set's indexes as bytes → its index in sets
}

func newEdgeStore() edgeStore {
	return edgeStore{list: make([]edge, 1), atIdx: map[AssocType]uint16{}, sets: [][]uint16{nil},
		setIdx: map[string]uint16{"": 0}}
}

func (es *edgeStore) typeIndex(t AssocType) uint16 {
	if i, ok := es.atIdx[t]; ok {
		return i
	}
	i := uint16(len(es.atypes))
	es.atypes = append(es.atypes, t)
	es.atIdx[t] = i
	return i
}

// typesOf lists an edge's type indexes.
func (es *edgeStore) typesOf(ei uint32) []uint16 { return es.sets[es.list[ei].set] }

// setTypes gives an edge the set of types ts.
func (es *edgeStore) setTypes(ei uint32, ts []uint16) { es.list[ei].set = es.internSet(ts) }

// internSet returns the index of the set of types ts, adding it when new.
func (es *edgeStore) internSet(ts []uint16) uint16 {
	key := make([]byte, 0, 2*len(ts))
	for _, t := range ts {
		key = append(key, byte(t), byte(t>>8))
	}
	i, ok := es.setIdx[string(key)]
	if !ok {
		if len(es.sets) == 1<<16 {
			panic("hubspottest: more than 65,536 distinct sets of association types")
		}
		i = uint16(len(es.sets))
		es.sets = append(es.sets, append([]uint16(nil), ts...))
		es.setIdx[string(key)] = i
	}
	return i
}

// find returns the pair of edges between two records (a→b, b→a), or zeros. It walks both
// records' lists a step at a time, so a missing pair costs the shorter list, not a company's
// thousands of contacts.
func (es *edgeStore) find(s *Store, a, b recKey) (ab, ba uint32) {
	i, j := s.rec(a).edges, s.rec(b).edges
	for i != 0 && j != 0 {
		if e := &es.list[i]; e.toT == b.typ() && e.to == b.slot() {
			return i, e.rev
		}
		if e := &es.list[j]; e.toT == a.typ() && e.to == a.slot() {
			return e.rev, j
		}
		i, j = es.list[i].next, es.list[j].next
	}
	return 0, 0
}

// pair returns the pair of edges between two records, adding it (at the head of both lists,
// where a second type for the same pair finds it at once) when missing.
func (es *edgeStore) pair(s *Store, a, b recKey) (ab, ba uint32) {
	if ab, ba = es.find(s, a, b); ab != 0 {
		return ab, ba
	}
	ra, rb := s.rec(a), s.rec(b)
	ab = es.alloc(edge{to: b.slot(), toT: b.typ(), next: ra.edges})
	ra.edges = ab
	ba = es.alloc(edge{to: a.slot(), toT: a.typ(), next: rb.edges, rev: ab})
	rb.edges = ba
	es.list[ab].rev = ba
	return ab, ba
}

// link adds association type t from a to b and rev (when not nil) from b to a; a type an edge
// already has is not added again.
func (es *edgeStore) link(s *Store, a, b recKey, t AssocType, rev *AssocType) {
	ab, ba := es.pair(s, a, b)
	es.addType(ab, t)
	if rev != nil {
		es.addType(ba, *rev)
	}
}

func (es *edgeStore) addType(ei uint32, t AssocType) {
	for _, have := range es.typesOf(ei) {
		if es.atypes[have].TypeID == t.TypeID && es.atypes[have].Category == t.Category {
			return
		}
	}
	es.setTypes(ei, append(append([]uint16(nil), es.typesOf(ei)...), es.typeIndex(t)))
}

func (es *edgeStore) alloc(e edge) uint32 {
	if n := len(es.free); n > 0 {
		i := es.free[n-1]
		es.free = es.free[:n-1]
		es.list[i] = e
		return i
	}
	es.list = append(es.list, e)
	return uint32(len(es.list) - 1)
}

// unlinkType removes type id typeID from a to b and revTypeID from b to a; the pair goes when
// neither way has a type left.
func (es *edgeStore) unlinkType(s *Store, a, b recKey, typeID, revTypeID int) {
	ab, ba := es.find(s, a, b)
	if ab == 0 {
		return
	}
	es.removeType(ab, typeID)
	es.removeType(ba, revTypeID)
	if es.list[ab].set == 0 && es.list[ba].set == 0 {
		es.unlinkAll(s, a, b)
	}
}

func (es *edgeStore) removeType(ei uint32, typeID int) {
	var kept []uint16
	for _, ti := range es.typesOf(ei) {
		if es.atypes[ti].TypeID != typeID {
			kept = append(kept, ti)
		}
	}
	es.setTypes(ei, kept)
}

// unlinkAll removes the pair of edges between two records.
func (es *edgeStore) unlinkAll(s *Store, a, b recKey) {
	ab, ba := es.find(s, a, b)
	if ab == 0 {
		return
	}
	es.detach(s, a, ab)
	es.detach(s, b, ba)
}

// detach takes one edge out of its record's list and frees it.
func (es *edgeStore) detach(s *Store, from recKey, ei uint32) {
	r := s.rec(from)
	if r.edges == ei {
		r.edges = es.list[ei].next
	} else {
		for i := r.edges; i != 0; i = es.list[i].next {
			if es.list[i].next == ei {
				es.list[i].next = es.list[ei].next
				break
			}
		}
	}
	es.list[ei] = edge{}
	es.free = append(es.free, ei)
}

// removeAll removes every edge from and to a record.
func (es *edgeStore) removeAll(s *Store, k recKey) {
	for ei := s.rec(k).edges; ei != 0; ei = s.rec(k).edges {
		e := es.list[ei]
		es.detach(s, keyOf(e.toT, e.to), e.rev)
		es.detach(s, k, ei)
	}
}

// types returns the association types from a to b (nil when none).
func (es *edgeStore) types(s *Store, a, b recKey) []AssocType {
	ab, _ := es.find(s, a, b)
	if ab == 0 {
		return nil
	}
	var out []AssocType
	for _, ti := range es.typesOf(ab) {
		out = append(out, es.atypes[ti])
	}
	return out
}

// each calls f with each edge from a record that has a type, until f returns false.
func (es *edgeStore) each(s *Store, from recKey, f func(e *edge) bool) {
	for i := s.rec(from).edges; i != 0; i = es.list[i].next {
		if e := &es.list[i]; e.set != 0 && !f(e) {
			return
		}
	}
}

// lagEntry is what search sees of a record written less than the search lag ago.
type lagEntry struct {
	visible     int64   // when the latest write becomes visible (unix ns)
	prev        blobRef // what search sees until then; 0 for nothing (new or archived)
	prevUpdated int64
}

// lagIndex holds the records whose latest write search does not see yet. Search lag is a few
// seconds, so it stays small: entries that became visible are swept as writes come.
type lagIndex struct {
	m      map[recKey]lagEntry
	writes int
}

// write records a write at now; before is what search saw until then (0 for nothing).
func (l *lagIndex) write(s *Store, k recKey, before blobRef, beforeUpdated int64, now time.Time) {
	if s.searchLag <= 0 {
		return
	}
	n := now.UnixNano()
	e, pending := l.m[k]
	if !pending || n >= e.visible {
		e.prev, e.prevUpdated = before, beforeUpdated
	}
	e.visible = n + int64(s.searchLag)
	l.m[k] = e
	if l.writes++; l.writes >= 1024 && l.writes >= 2*len(l.m) {
		l.writes = 0
		for k, e := range l.m {
			if e.visible <= n {
				delete(l.m, k)
			}
		}
	}
}

func (l *lagIndex) settle(k recKey) { delete(l.m, k) }

// seen returns the blob and lastmodifieddate search sees of a record at now, false for nothing.
// Archived records are never seen, whatever the lag.
func (s *Store) seen(k recKey, now int64) (blobRef, int64, bool) {
	r := s.rec(k)
	if r.isArchived() || r.isPurged() {
		return 0, 0, false
	}
	if len(s.lag.m) > 0 {
		if e, ok := s.lag.m[k]; ok && now < e.visible {
			return e.prev, e.prevUpdated, e.prev != 0
		}
	}
	return r.data, r.updated, true
}

// emailIndex maps a lower-cased address (primary or secondary) to the slot of the live contact
// holding it. It keys a 64-bit hash of the address, not the address: 16 bytes an address
// instead of a copy of it, and every hit is checked against the contact's addresses. An
// address whose hash another address already holds goes to clash.
type emailIndex struct {
	seed   maphash.Seed
	byHash map[uint64]uint32
	clash  map[string]uint32
}

func newEmailIndex(n int) emailIndex {
	return emailIndex{seed: maphash.MakeSeed(), byHash: make(map[uint64]uint32, n), clash: map[string]uint32{}}
}

// holds reports whether the contact in slot has the lower-cased address.
func (s *Store) holds(slot uint32, lower string) bool {
	found := false
	s.contactEmails(keyOf(0, slot), func(e string) { found = found || strings.ToLower(e) == lower })
	return found
}

func (x *emailIndex) get(s *Store, lower string) (uint32, bool) {
	if len(x.clash) > 0 {
		if slot, ok := x.clash[lower]; ok {
			return slot, true
		}
	}
	slot, ok := x.byHash[maphash.String(x.seed, lower)]
	if !ok || !s.holds(slot, lower) {
		return 0, false
	}
	return slot, true
}

func (x *emailIndex) put(s *Store, lower string, slot uint32) {
	h := maphash.String(x.seed, lower)
	if have, ok := x.byHash[h]; ok && have != slot && !s.holds(have, lower) {
		x.clash[cloneString(lower)] = slot
		return
	}
	x.byHash[h] = slot
}

func (x *emailIndex) remove(lower string, slot uint32) {
	if have, ok := x.clash[lower]; ok {
		if have == slot {
			delete(x.clash, lower)
		}
		return
	}
	h := maphash.String(x.seed, lower)
	if have, ok := x.byHash[h]; ok && have == slot {
		delete(x.byHash, h)
	}
}
