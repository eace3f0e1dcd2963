package hubspottest

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Object types the sandbox serves. The keys are HubSpot's plural path names; ObjectTypeIDs maps
// them to HubSpot's numeric object type ids ("0-1" for contacts, …).
const (
	Contacts  = "contacts"
	Companies = "companies"
	Deals     = "deals"
	Tickets   = "tickets"
	Notes     = "notes"
	Calls     = "calls"
	Emails    = "emails"
	Meetings  = "meetings"
	Tasks     = "tasks"
)

// ObjectTypeIDs maps a plural object name to HubSpot's object type id.
var ObjectTypeIDs = map[string]string{
	Contacts: "0-1", Companies: "0-2", Deals: "0-3", Tickets: "0-5",
	Calls: "0-48", Emails: "0-49", Meetings: "0-47", Notes: "0-46", Tasks: "0-27",
}

// EngagementTypes lists the activity object types, in display order.
var EngagementTypes = []string{Notes, Calls, Emails, Meetings, Tasks}

// canonicalType turns any accepted spelling of an object type ("contact", "CONTACTS", "0-1",
// "contacts") into the plural name, or "" when unknown.
func canonicalType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if _, ok := ObjectTypeIDs[s]; ok {
		return s
	}
	if _, ok := ObjectTypeIDs[s+"s"]; ok {
		return s + "s"
	}
	if y := strings.TrimSuffix(s, "y"); y != s {
		if _, ok := ObjectTypeIDs[y+"ies"]; ok {
			return y + "ies"
		}
	}
	for name, id := range ObjectTypeIDs {
		if id == s {
			return name
		}
	}
	return ""
}

// HistoryEntry is one value a property had, as propertiesWithHistory returns it.
type HistoryEntry struct {
	Value      string
	Timestamp  time.Time
	SourceType string // CRM_UI, API, IMPORT, …
	SourceID   string
}

// Object is one CRM record of any type as the Tx hands it out: a copy of the stored record,
// made when asked for. Props holds every value as a string, as HubSpot does; an absent key means
// "no value". History is oldest first (served newest first). Change a record through the Tx
// (SetProps, Archive, …), which also updates the Object passed to it.
type Object struct {
	ID         string
	Type       string
	Props      map[string]string
	History    map[string][]HistoryEntry
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Archived   bool
	ArchivedAt time.Time

	key recKey // the stored record
}

// AssocKey names one association edge from one record to another.
type AssocKey struct {
	FromType string
	FromID   string
	ToType   string
	ToID     string
}

// AssocType is one association type between two object types.
type AssocType struct {
	TypeID   int
	Category string // HUBSPOT_DEFINED or USER_DEFINED
	Label    string // "" for unlabelled types
}

// Store is the sandbox's goroutine-safe in-memory CRM, in the compact form store_data.go
// describes. Every method takes the lock; callers that need several steps to be atomic use Do.
type Store struct {
	mu    sync.RWMutex
	clock func() time.Time
	// searchLag delays a write's visibility to search.
	searchLag time.Duration

	nextID int64
	tables [numTypes]table
	// journal, when set (--state), logs every change and makes it durable before Do returns.
	journal *journal
	// writes counts the write transactions run (Do), changing anything or not.
	writes uint64
	arena  arena
	codec  codec
	ids    idIndex
	edges  edgeStore
	lag    lagIndex

	// emails finds the live contact holding an address (primary or secondary).
	emails emailIndex
	// unique maps "type/property/value" to the id holding it, for unique properties other than email.
	unique map[string]string
	// merged maps "type/id" of a record merged away to the id that now answers for it.
	merged map[string]string
	// blocklist holds emails gdpr-deleted before they existed (HubSpot blocks them).
	blocklist map[string]bool
	// archivedAt holds when each archived record was archived.
	archivedAt map[recKey]int64

	// scratch is reused to assemble blobs (under the write lock).
	scratch []byte
}

// NewStore returns an empty store using clock for every timestamp.
func NewStore(clock func() time.Time, searchLag time.Duration) *Store {
	if clock == nil {
		clock = time.Now
	}
	return &Store{
		clock:     clock,
		searchLag: searchLag,
		nextID:    1000,
		codec:     newCodec(),
		ids:       newIDIndex(),
		edges:     newEdgeStore(),
		lag:       lagIndex{m: map[recKey]lagEntry{}},
		emails:    newEmailIndex(0),
		unique:    map[string]string{},
		merged:    map[string]string{},
		blocklist: map[string]bool{},

		archivedAt: map[recKey]int64{},
	}
}

// Tx is the view of the store a Do callback gets, with the lock held. Its methods must not be
// called outside the callback.
type Tx struct {
	s *Store
	// lite: Objects come without History (nil), which historyOf reads on demand. The handlers'
	// transactions are lite: most answers show no history, and copying it is most of a read's
	// cost.
	lite bool
}

// Do runs f with the write lock held, so several reads and writes happen atomically. With a
// state file (Sandbox.Persist), Do returns when f's changes are on disk, or with the error that
// kept them off it; once the log has failed, Do refuses to run f.
func (s *Store) Do(f func(tx *Tx) error) error { return s.exec(false, f) }

func (s *Store) exec(lite bool, f func(tx *Tx) error) error {
	j, end, err := s.apply(lite, f)
	if end > 0 {
		if werr := j.wait(end); werr != nil && err == nil {
			err = werr
		}
		s.maybeCompactJournal(j)
	}
	return err
}

// apply runs f under the write lock and appends its changes to the journal, if any.
func (s *Store) apply(lite bool, f func(tx *Tx) error) (j *journal, end int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j = s.journal
	if err := j.failed(); err != nil {
		return nil, 0, err
	}
	s.writes++
	j.begin(s)
	defer func() { end = j.commit(s) }() // what f changed is logged even if f fails or panics
	return j, 0, f(&Tx{s: s, lite: lite})
}

// View runs f with the read lock held. f must not write.
func (s *Store) View(f func(tx *Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return f(&Tx{s: s})
}

// do and view are Do and View for the handlers: lite transactions.
func (s *Store) do(f func(tx *Tx) error) error { return s.exec(true, f) }

func (s *Store) view(f func(tx *Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return f(&Tx{s: s, lite: true})
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.clock() }

// Now is the store's clock.
func (tx *Tx) Now() time.Time { return tx.s.clock() }

// NewID allocates the next record id (ids are unique across all types, as in HubSpot's tests).
func (tx *Tx) NewID() string {
	tx.s.nextID++
	return formatID(tx.s.nextID)
}

// rec returns the stored record a key names.
func (s *Store) rec(k recKey) *record { return &s.tables[k.typ()].recs[k.slot()] }

// find returns the key of the unpurged record of typ with id.
func (s *Store) find(typ, id string) (recKey, bool) {
	t, ok := typeIndex(typ)
	if !ok {
		return 0, false
	}
	n, ok := parseID(id)
	if !ok {
		return 0, false
	}
	slot, ok := s.ids.get(t, n)
	return keyOf(t, slot), ok
}

// obj makes the Object for a stored record, with its history unless the Tx is lite.
func (tx *Tx) obj(k recKey) *Object { return tx.s.object(k, !tx.lite) }

// historyOf returns an Object's history, read from the store when the Object came without it.
func (tx *Tx) historyOf(o *Object) map[string][]HistoryEntry {
	if o.History != nil || tx.s.rec(o.key).isPurged() {
		return o.History
	}
	return tx.s.history(tx.s.rec(o.key))
}

// object makes the Object for a stored record, with its history when full.
func (s *Store) object(k recKey, full bool) *Object {
	r := s.rec(k)
	o := &Object{ID: formatID(r.id), Type: k.typ().String(), key: k, CreatedAt: fromMS(r.created),
		UpdatedAt: fromMS(r.updated), Archived: r.isArchived()}
	if o.Archived {
		o.ArchivedAt = fromMS(s.archivedAt[k])
	}
	props, _ := splitBlob(s.arena.get(r.data))
	o.Props = make(map[string]string, 8)
	o.Props["hs_object_id"] = o.ID
	o.Props["createdate"] = isoMS(r.created)
	o.Props["lastmodifieddate"] = isoMS(r.updated)
	s.codec.eachProp(props, r.created, func(p propKV) { o.Props[s.codec.props.names[p.pid]] = p.v })
	if full {
		o.History = s.history(r)
	}
	return o
}

// eachHist calls f with a record's stored history entries, oldest first.
func (s *Store) eachHist(r *record, f func(e histEntry)) {
	_, ref := splitBlob(s.arena.get(r.data))
	var segs [][]byte
	for ref != 0 {
		var entries []byte
		ref, entries = splitSegment(s.arena.get(ref))
		segs = append(segs, entries)
	}
	for i := len(segs) - 1; i >= 0; i-- {
		s.codec.eachHist(segs[i], r.created, f)
	}
}

// dropHist releases a record's history segments (their bytes become garbage).
func (s *Store) dropHist(ref blobRef) {
	for ref != 0 {
		b := s.arena.get(ref)
		s.arena.drop(ref)
		ref, _ = splitSegment(b)
	}
}

// history materialises a record's history: the stored entries, and the implicit creation entry
// of every property without stored entries.
func (s *Store) history(r *record) map[string][]HistoryEntry {
	var entries []HistoryEntry
	var pids []uint32
	props, _ := splitBlob(s.arena.get(r.data))
	s.eachHist(r, func(e histEntry) {
		entries = append(entries, HistoryEntry{Value: e.value, Timestamp: fromMS(e.at),
			SourceType: s.codec.sources.names[e.source], SourceID: e.srcID})
		pids = append(pids, e.pid)
	})
	stored := map[uint32]bool{}
	for _, p := range pids {
		stored[p] = true
	}
	created := fromMS(r.created)
	implicit := func(pid uint32, v, src string) {
		if !stored[pid] {
			entries = append(entries, HistoryEntry{Value: v, Timestamp: created, SourceType: src})
			pids = append(pids, pid)
		}
	}
	implicit(pidObjectID, formatID(r.id), "CRM_SETTING")
	implicit(pidCreated, isoMS(r.created), "CRM_SETTING")
	implicit(pidModified, isoMS(r.updated), "CRM_SETTING")
	src := s.codec.sources.names[r.src]
	s.codec.eachProp(props, r.created, func(p propKV) { implicit(p.pid, p.v, src) })
	// One backing array, cut per property in order (entries of a property keep their order).
	out := make(map[string][]HistoryEntry, len(stored)+8)
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return pids[order[i]] < pids[order[j]] })
	sorted := make([]HistoryEntry, len(entries))
	for i, j := range order {
		sorted[i] = entries[j]
	}
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && pids[order[j]] == pids[order[i]] {
			j++
		}
		out[s.codec.props.names[pids[order[i]]]] = sorted[i:j:j]
		i = j
	}
	return out
}

// refresh brings an Object up to date with its stored record.
func (tx *Tx) refresh(o *Object) {
	if o == nil || tx.s.rec(o.key).isPurged() {
		return
	}
	*o = *tx.s.object(o.key, o.History != nil || !tx.lite)
}

// Insert adds a new record with the given properties, stamping createdate, lastmodifieddate and
// hs_object_id, recording history with sourceType, and indexing it. The id is allocated unless
// given (seed and state loading give it).
func (tx *Tx) Insert(typ, id string, props map[string]string, sourceType string) *Object {
	created := ms(tx.Now())
	if c, ok := props["createdate"]; ok && c != "" {
		if t, err := time.Parse(time.RFC3339Nano, c); err == nil {
			created = ms(t)
		}
	}
	k := tx.s.insert(typ, id, created, props, sourceType)
	tx.s.lag.write(tx.s, k, 0, 0, tx.Now())
	return tx.obj(k)
}

// insert stores a new record created at `created` with props (empty values and the stamps
// left out) and no history beyond its creation, and indexes it.
func (s *Store) insert(typ, id string, created int64, props map[string]string, source string) recKey {
	t, ok := typeIndex(typ)
	if !ok {
		panic("hubspottest: unknown object type " + typ)
	}
	var n int64
	if id == "" {
		s.nextID++
		n = s.nextID
	} else if n, ok = parseID(id); !ok {
		panic("hubspottest: record id " + id + " is not a positive number")
	}
	s.nextID = max(s.nextID, n)
	s.scratch = s.codec.blob(s.scratch, s.storedProps(props), 0, created)
	src := s.codec.sources.id(source)
	return s.add(t, record{id: n, created: created, updated: created, data: s.arena.put(s.scratch), src: uint16(src)})
}

// storedProps lists a new record's properties as its blob keeps them: sorted by property
// number, without empty values or the stamps (the record's own fields).
func (s *Store) storedProps(props map[string]string) []propKV {
	kvs := make([]propKV, 0, len(props))
	for name, v := range props {
		if v != "" && !isStampName(name) {
			kvs = append(kvs, propKV{pid: s.codec.props.id(name), v: v})
		}
	}
	slices.SortFunc(kvs, func(a, b propKV) int { return int(a.pid) - int(b.pid) })
	return kvs
}

// add stores a record and indexes it (id, order, emails).
func (s *Store) add(t typeIdx, r record) recKey {
	tb := &s.tables[t]
	slot := uint32(len(tb.recs))
	n := tb.size()
	inOrder := n == 0 || tb.recs[tb.at(n-1)].id < r.id
	if !inOrder {
		tb.useOrder()
	}
	tb.recs = append(tb.recs, r)
	k := keyOf(t, slot)
	s.ids.put(t, r.id, slot)
	switch {
	case inOrder && tb.ordered:
		tb.order = append(tb.order, slot)
	case !inOrder:
		tb.order = slices.Insert(tb.order, tb.search(r.id), slot)
	}
	if !r.isArchived() {
		tb.live++
		s.indexEmails(k)
	}
	s.journal.added(k)
	return k
}

// Settle makes a record's current values visible to search at once (seed and state loading).
func (tx *Tx) Settle(o *Object) { tx.s.lag.settle(o.key) }

// Get returns the record (archived or not) or nil.
func (tx *Tx) Get(typ, id string) *Object {
	if k, ok := tx.s.find(typ, id); ok {
		return tx.obj(k)
	}
	return nil
}

// live reports whether a record exists and is not archived, without copying it.
func (tx *Tx) live(typ, id string) bool {
	k, ok := tx.s.find(typ, id)
	return ok && !tx.s.rec(k).isArchived()
}

// resolve follows merges: an id merged into another answers as that one.
func (s *Store) resolve(typ, id string) (recKey, bool) {
	for i := 0; i < 10; i++ {
		if k, ok := s.find(typ, id); ok {
			return k, true
		}
		next, ok := s.merged[typ+"/"+id]
		if !ok {
			return 0, false
		}
		id = next
	}
	return 0, false
}

// Resolve follows merges: an id merged into another answers as that one.
func (tx *Tx) Resolve(typ, id string) *Object {
	if k, ok := tx.s.resolve(typ, id); ok {
		return tx.obj(k)
	}
	return nil
}

// current decodes a record's properties (stamps aside) for rewriting, and its newest history
// segment.
func (s *Store) current(r *record) ([]propKV, blobRef) {
	props, hist := splitBlob(s.arena.get(r.data))
	var kvs []propKV
	s.codec.eachProp(props, r.created, func(p propKV) { kvs = append(kvs, p) })
	return kvs, hist
}

// change applies one property write as of `at` to a record's properties, appending its history
// entries (the property's implicit creation entry first, on its first change) to entries.
func (s *Store) change(r *record, kvs []propKV, entries []byte, c propKV, at int64, source uint32) ([]propKV, []byte) {
	i, had := slices.BinarySearchFunc(kvs, c.pid, func(p propKV, pid uint32) int { return int(p.pid) - int(pid) })
	if had && !kvs[i].hist {
		entries = s.codec.appendHist(entries, histEntry{pid: c.pid, value: kvs[i].v, at: r.created, source: uint32(r.src)}, r.created)
	}
	switch {
	case c.v == "" && had:
		kvs = slices.Delete(kvs, i, i+1)
	case had:
		kvs[i].v, kvs[i].hist = c.v, true
	case c.v != "":
		kvs = slices.Insert(kvs, i, propKV{pid: c.pid, v: c.v, hist: true})
	}
	return kvs, s.codec.appendHist(entries, histEntry{pid: c.pid, value: c.v, at: at, source: source}, r.created)
}

// touch appends lastmodifieddate's entry for a write at `at` (its implicit creation entry first)
// and moves the record's updated time.
func (s *Store) touch(r *record, entries []byte, at int64) []byte {
	if r.flags&flagModHist == 0 {
		entries = s.codec.appendHist(entries, histEntry{pid: pidModified, value: isoMS(r.updated), at: r.created}, r.created)
		r.flags |= flagModHist
	}
	r.updated = at
	return s.codec.appendHist(entries, histEntry{pid: pidModified, value: isoMS(at), at: at}, r.created)
}

// rewrite stores a record's new properties with a new history segment of entries on top of
// hist (none when entries is empty).
func (s *Store) rewrite(r *record, kvs []propKV, hist blobRef, entries []byte) {
	if len(entries) > 0 {
		s.scratch = segment(s.scratch, hist, entries)
		hist = s.arena.put(s.scratch)
	}
	s.scratch = s.codec.blob(s.scratch, kvs, hist, r.created)
	s.arena.drop(r.data)
	r.data = s.arena.put(s.scratch)
}

// SetProps writes properties (an empty value clears), appending history entries and bumping
// lastmodifieddate. It does no validation: handlers validate first. The stamps (hs_object_id,
// createdate, lastmodifieddate) are the store's and are not written.
func (tx *Tx) SetProps(o *Object, props map[string]string, sourceType string) {
	k := o.key
	if tx.s.rec(k).isPurged() {
		return
	}
	now := ms(tx.Now())
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names)
	changes := make([]propKV, 0, len(names))
	for _, name := range names {
		if !isStampName(name) {
			changes = append(changes, propKV{pid: tx.s.codec.props.id(name), v: props[name]})
		}
	}
	r := tx.s.rec(k)
	inSync := o.History != nil && ms(o.UpdatedAt) == r.updated && o.Archived == r.isArchived()
	at := tx.s.write(k, changes, now, tx.s.codec.sources.id(sourceType), tx.Now())
	if !inSync {
		tx.refresh(o)
		return
	}
	// o was current: bring it along as the store changed, without copying a long history again.
	for _, c := range changes {
		name := tx.s.codec.props.names[c.pid]
		if old, had := o.Props[name]; had && old == c.v || !had && c.v == "" {
			continue
		}
		if c.v == "" {
			delete(o.Props, name)
		} else {
			o.Props[name] = c.v
		}
		o.History[name] = append(o.History[name], HistoryEntry{Value: c.v, Timestamp: fromMS(at), SourceType: sourceType})
	}
	o.UpdatedAt, o.Props["lastmodifieddate"] = fromMS(at), isoMS(at)
	o.History["lastmodifieddate"] = append(o.History["lastmodifieddate"],
		HistoryEntry{Value: isoMS(at), Timestamp: fromMS(at), SourceType: "CRM_SETTING"})
}

// write applies property changes to a record as of `at` (bumped past its last write), with
// their history, and re-indexes it; searchNow is the moment search lag counts from. It returns
// the write's time.
func (s *Store) write(k recKey, changes []propKV, at int64, source uint32, searchNow time.Time) int64 {
	r := s.rec(k)
	if at <= r.updated {
		at = r.updated + 1
	}
	before, beforeUpdated := r.data, r.updated
	if r.isArchived() {
		before = 0
	}
	s.journal.touch(s, k)
	s.unindexEmails(k)
	kvs, hist := s.current(r)
	var entries []byte
	for _, c := range changes {
		i, had := slices.BinarySearchFunc(kvs, c.pid, func(p propKV, pid uint32) int { return int(p.pid) - int(pid) })
		if had && kvs[i].v == c.v || !had && c.v == "" {
			continue
		}
		kvs, entries = s.change(r, kvs, entries, c, at, source)
	}
	entries = s.touch(r, entries, at)
	s.rewrite(r, kvs, hist, entries)
	s.indexEmails(k)
	s.lag.write(s, k, before, beforeUpdated, searchNow)
	s.compact()
	return at
}

// compactFloor is the arena garbage below which compact does nothing.
const compactFloor = 64 << 20

// compact copies the blobs records refer to into a fresh arena once the old one holds more
// garbage (blobs rewritten since) than live bytes, so a long run of writes costs memory in
// proportion to the data, not to the writes. Strings already handed out keep their old chunks
// alive until they go.
func (s *Store) compact() {
	size := s.arena.size()
	if size-s.arena.live < max(compactFloor, s.arena.live) {
		return
	}
	var fresh arena
	for t := range s.tables {
		tb := &s.tables[t]
		for i := range tb.recs {
			if r := &tb.recs[i]; !r.isPurged() {
				r.data = s.moveRecord(&fresh, r, r.data)
			}
		}
	}
	for k, e := range s.lag.m {
		if e.prev != 0 {
			e.prev = s.moveRecord(&fresh, s.rec(k), e.prev)
			s.lag.m[k] = e
		}
	}
	s.arena = fresh
}

// moveRecord copies a record blob to another arena with its history flattened into one segment.
func (s *Store) moveRecord(to *arena, r *record, data blobRef) blobRef {
	b := s.arena.get(data)
	props, hist := splitBlob(b)
	if hist != 0 {
		var segs [][]byte
		for ref := hist; ref != 0; {
			var seg []byte
			ref, seg = splitSegment(s.arena.get(ref))
			segs = append(segs, seg)
		}
		var entries []byte
		for i := len(segs) - 1; i >= 0; i-- {
			entries = append(entries, segs[i]...)
		}
		hist = to.put(segment(nil, 0, entries))
	}
	s.scratch = joinBlob(s.scratch, props, hist)
	return to.put(s.scratch)
}

// setHistory replaces a property's history (merge takes it from the record its value came from).
func (tx *Tx) setHistory(o *Object, name string, entries []HistoryEntry) {
	s := tx.s
	r := s.rec(o.key)
	s.journal.replaced(s, o.key)
	pid := s.codec.props.id(name)
	kvs, hist := s.current(r)
	var kept []byte
	s.eachHist(r, func(e histEntry) {
		if e.pid != pid {
			kept = s.codec.appendHist(kept, e, r.created)
		}
	})
	for _, e := range entries {
		kept = s.codec.appendHist(kept, histEntry{pid: pid, value: e.Value, at: ms(e.Timestamp),
			source: s.codec.sources.id(e.SourceType), srcID: e.SourceID}, r.created)
	}
	if i, ok := slices.BinarySearchFunc(kvs, pid, func(p propKV, pid uint32) int { return int(p.pid) - int(pid) }); ok {
		kvs[i].hist = true
	}
	if pid == pidModified {
		r.flags |= flagModHist
	}
	s.dropHist(hist)
	s.rewrite(r, kvs, 0, kept)
	s.compact()
	tx.refresh(o)
}

// Archive moves a record to the recycle bin: hidden from get, list and search unless asked.
func (tx *Tx) Archive(o *Object) {
	tx.s.archive(o.key, ms(tx.Now()), tx.Now())
	tx.refresh(o)
}

func (s *Store) archive(k recKey, at int64, searchNow time.Time) {
	r := s.rec(k)
	if r.isPurged() || r.isArchived() {
		return
	}
	s.journal.touch(s, k)
	s.unindexEmails(k)
	before := r.data
	r.flags |= flagArchived
	s.archivedAt[k] = at
	s.tables[k.typ()].live--
	s.lag.write(s, k, before, r.updated, searchNow)
}

// Purge removes a record for good (gdpr-delete, merge), with its associations.
func (tx *Tx) Purge(o *Object) { tx.s.purge(o.key) }

func (s *Store) purge(k recKey) {
	r := s.rec(k)
	if r.isPurged() {
		return
	}
	s.journal.purged(s, k)
	s.unindexEmails(k)
	s.edges.removeAll(s, k)
	if !r.isArchived() {
		s.tables[k.typ()].live--
	}
	tb := &s.tables[k.typ()]
	tb.useOrder()
	if i := tb.search(r.id); i < len(tb.order) && tb.order[i] == k.slot() {
		tb.order = slices.Delete(tb.order, i, i+1)
	}
	s.ids.remove(k.typ(), r.id)
	_, hist := splitBlob(s.arena.get(r.data))
	s.dropHist(hist)
	s.arena.drop(r.data)
	s.lag.settle(k)
	delete(s.archivedAt, k)
	r.flags |= flagPurged
	r.data = 0
}

// MarkMerged records that id now answers as intoID.
func (tx *Tx) MarkMerged(typ, id, intoID string) {
	tx.s.merged[typ+"/"+id] = intoID
	tx.s.journal.merged(typ+"/"+id, intoID)
}

// Block adds an email to the gdpr blocklist; Blocked reports it.
func (tx *Tx) Block(email string) {
	tx.s.blocklist[strings.ToLower(email)] = true
	tx.s.journal.blocked(strings.ToLower(email))
}

func (tx *Tx) Blocked(email string) bool { return tx.s.blocklist[strings.ToLower(email)] }

// ContactByEmail finds the live contact holding an address (primary or secondary, any case).
func (tx *Tx) ContactByEmail(email string) *Object {
	if k, ok := tx.s.contactByEmail(email); ok {
		return tx.obj(k)
	}
	return nil
}

func (s *Store) contactByEmail(email string) (recKey, bool) {
	t, _ := typeIndex(Contacts)
	slot, ok := s.emails.get(s, strings.ToLower(strings.TrimSpace(email)))
	return keyOf(t, slot), ok
}

// ByUnique finds a record by a unique property other than email (hs_object_id included).
func (tx *Tx) ByUnique(typ, prop, value string) *Object {
	if prop == "hs_object_id" || prop == "" {
		return tx.Get(typ, value)
	}
	if typ == Contacts && prop == "email" {
		return tx.ContactByEmail(value)
	}
	id, ok := tx.s.unique[typ+"/"+prop+"/"+value]
	if !ok {
		return nil
	}
	return tx.Get(typ, id)
}

// SetUnique registers a unique property value (call after a validated write of such a property).
func (tx *Tx) SetUnique(typ, prop, value, id string) {
	if value == "" {
		return
	}
	tx.s.unique[typ+"/"+prop+"/"+value] = id
	tx.s.journal.uniqueSet(typ+"/"+prop+"/"+value, id)
}

// ClearUnique drops a unique property value.
func (tx *Tx) ClearUnique(typ, prop, value string) {
	delete(tx.s.unique, typ+"/"+prop+"/"+value)
	tx.s.journal.uniqueSet(typ+"/"+prop+"/"+value, "")
}

// Page returns up to limit live (or, with archived, only archived) records of typ whose id is
// greater than after, in id order, and the id to continue after ("" at the end). It does not
// scan from the start: it binary-searches the position of after.
func (tx *Tx) Page(typ string, after int64, limit int, archived bool) ([]*Object, string) {
	t, ok := typeIndex(typ)
	if !ok {
		return nil, ""
	}
	tb := &tx.s.tables[t]
	var out []*Object
	last := int64(0)
	n := tb.size()
	for i := sort.Search(n, func(i int) bool { return tb.recs[tb.at(i)].id > after }); i < n; i++ {
		r := &tb.recs[tb.at(i)]
		if r.isArchived() != archived {
			continue
		}
		if len(out) == limit {
			return out, formatID(last)
		}
		out = append(out, tx.obj(keyOf(t, tb.at(i))))
		last = r.id
	}
	return out, ""
}

// All calls f for every record of typ (archived included) in id order until f returns false.
func (tx *Tx) All(typ string, f func(o *Object) bool) {
	t, ok := typeIndex(typ)
	if !ok {
		return
	}
	tx.s.tables[t].slots(func(slot uint32) bool { return f(tx.obj(keyOf(t, slot))) })
}

// Count returns how many live records of typ exist.
func (tx *Tx) Count(typ string) int {
	if t, ok := typeIndex(typ); ok {
		return tx.s.tables[t].live
	}
	return 0
}

// Link adds an association type between two records, in both directions (reverse is the type id
// of the other direction). Adding an existing type is a no-op.
func (tx *Tx) Link(k AssocKey, t AssocType, reverse AssocType) {
	from, ok1 := tx.s.find(k.FromType, k.FromID)
	to, ok2 := tx.s.find(k.ToType, k.ToID)
	if !ok1 || !ok2 {
		return
	}
	tx.s.edges.link(tx.s, from, to, t, &reverse)
	tx.s.journal.pair(from, to)
}

// Unlink removes one association type (and its reverse) between two records; removing the last
// type removes the edge.
func (tx *Tx) Unlink(k AssocKey, typeID int, reverseTypeID int) {
	from, ok1 := tx.s.find(k.FromType, k.FromID)
	to, ok2 := tx.s.find(k.ToType, k.ToID)
	if !ok1 || !ok2 {
		return
	}
	tx.s.edges.unlinkType(tx.s, from, to, typeID, reverseTypeID)
	tx.s.journal.pair(from, to)
}

// UnlinkAll removes every association between two records (both directions).
func (tx *Tx) UnlinkAll(k AssocKey) {
	from, ok1 := tx.s.find(k.FromType, k.FromID)
	to, ok2 := tx.s.find(k.ToType, k.ToID)
	if !ok1 || !ok2 {
		return
	}
	tx.s.edges.unlinkAll(tx.s, from, to)
	tx.s.journal.pair(from, to)
}

// AssocTypes returns the association types on one edge (nil when none).
func (tx *Tx) AssocTypes(k AssocKey) []AssocType {
	from, ok1 := tx.s.find(k.FromType, k.FromID)
	to, ok2 := tx.s.find(k.ToType, k.ToID)
	if !ok1 || !ok2 {
		return nil
	}
	return tx.s.edges.types(tx.s, from, to)
}

// Associated returns the edges from one record to records of toType, ordered by target id.
func (tx *Tx) Associated(fromType, fromID, toType string) []AssocKey {
	from, ok := tx.s.find(fromType, fromID)
	t, ok2 := typeIndex(toType)
	if !ok || !ok2 {
		return nil
	}
	var ids []int64
	tx.s.edges.each(tx.s, from, func(e *edge) bool {
		if e.toT == t {
			ids = append(ids, tx.s.tables[t].recs[e.to].id)
		}
		return true
	})
	slices.Sort(ids)
	out := make([]AssocKey, len(ids))
	for i, id := range ids {
		out[i] = AssocKey{FromType: fromType, FromID: fromID, ToType: toType, ToID: formatID(id)}
	}
	return out
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// SecondaryEmails returns a contact's additional emails in stored order.
func SecondaryEmails(o *Object) []string {
	return splitList(o.Props["hs_additional_emails"])
}

// splitList splits a ;- or ,-separated list, trimming blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// contactEmails calls f with a contact's primary and secondary addresses (not lower-cased).
func (s *Store) contactEmails(k recKey, f func(e string)) {
	r := s.rec(k)
	props, _ := splitBlob(s.arena.get(r.data))
	if pid, ok := s.codec.props.lookup("email"); ok {
		if v, ok := s.codec.prop(props, pid, r.created); ok {
			f(v)
		}
	}
	if pid, ok := s.codec.props.lookup("hs_additional_emails"); ok {
		if v, ok := s.codec.prop(props, pid, r.created); ok {
			for _, e := range splitList(v) {
				f(e)
			}
		}
	}
}

func (s *Store) indexEmails(k recKey) {
	if k.typ() != 0 || s.rec(k).isArchived() {
		return
	}
	s.contactEmails(k, func(e string) {
		if e != "" {
			s.emails.put(s, strings.ToLower(e), k.slot())
		}
	})
}

func (s *Store) unindexEmails(k recKey) {
	if k.typ() != 0 {
		return
	}
	s.contactEmails(k, func(e string) {
		if low := strings.ToLower(e); e != "" {
			s.emails.remove(low, k.slot())
		}
	})
}

// isoTime formats a time as HubSpot does: UTC, milliseconds, Z. Every timestamp the sandbox
// stores or answers goes through it, so it writes the digits itself (time.Format's layout
// parsing costs three times as much).
func isoTime(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format("2006-01-02T15:04:05.000Z")
	}
	hour, minute, sec := t.Clock()
	var b [24]byte
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 4, year)
	b[4] = '-'
	put(5, 2, int(month))
	b[7] = '-'
	put(8, 2, day)
	b[10] = 'T'
	put(11, 2, hour)
	b[13] = ':'
	put(14, 2, minute)
	b[16] = ':'
	put(17, 2, sec)
	b[19] = '.'
	put(20, 3, t.Nanosecond()/1e6)
	b[23] = 'Z'
	return string(b[:])
}
