package hubspottest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
)

// The write-ahead log behind --state. The state file (state.go) is a snapshot; beside it,
// FILE.wal gets one line per transaction that changed the store: its sequence number and the
// final state of what it changed (a record's fields, properties and new history entries; an
// association pair's types; a purge; a unique value, a merged id, a blocked address, the next
// id). A transaction's line is written and fsync'd before Store.Do returns, so a write is on
// disk before the sandbox answers it, and transactions that end together share one fsync
// (group commit): a 10,000-row import costs 100 fsyncs, not 10,000 saves of the whole store.
//
// The snapshot records the last sequence number it holds (walSeq). Loading reads the snapshot,
// then replays the log's later lines; a last line cut short by a crash was never acknowledged
// and is dropped. When the log outgrows the snapshot (and walCompactFloor), a new snapshot is
// written and the log emptied, so saving costs what changed plus the snapshot spread over as
// many bytes of changes.

// walCompactFloor is the log size below which it is never folded into the snapshot.
const walCompactFloor = 64 << 20

// storageError is the 500 a write gets when its change could not be put on disk (the sandbox
// with --state answers as HubSpot does for an internal error; the reason is in the message).
func storageError(err error) *reqError {
	return &reqError{status: http.StatusInternalServerError, category: "INTERNAL_ERROR",
		message: "internal error: the sandbox could not keep this write: " + err.Error()}
}

// storageFailure is storageError for the handlers that answer with a failure.
func storageFailure(err error) failure {
	return func(w http.ResponseWriter, r *http.Request) { storageError(err).write(w, r) }
}

// walPath is the log of a state file.
func walPath(path string) string { return path + ".wal" }

// walLine is one transaction in the log.
type walLine struct {
	Seq uint64     `json:"seq"`
	Tx  []walEntry `json:"tx"`
}

// walEntry is one change, in its final state; exactly one field is set.
type walEntry struct {
	Rec    *walRec  `json:"rec,omitempty"`
	Pair   *walPair `json:"pair,omitempty"`
	Purge  []string `json:"purge,omitempty"`  // type, id
	Unique []string `json:"unique,omitempty"` // key, id ("" when cleared)
	Merged []string `json:"merged,omitempty"` // "type/id", the id it answers as
	Block  string   `json:"block,omitempty"`
	NextID int64    `json:"nextId,omitempty"`
}

// walRec is a record after a transaction: its fields and properties, and the history entries
// the transaction added (all of them when Replace: a new record, or a rewritten history).
type walRec struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Created    int64             `json:"created"`
	Updated    int64             `json:"updated"`
	Archived   bool              `json:"archived,omitempty"`
	ArchivedAt int64             `json:"archivedAt,omitempty"`
	Source     string            `json:"source"`
	Props      map[string]string `json:"props"`
	HistProps  []string          `json:"histProps,omitempty"` // the properties with stored history
	ModHist    bool              `json:"modHist,omitempty"`   // lastmodifieddate has stored history
	History    []walHist         `json:"history,omitempty"`
	Replace    bool              `json:"replace,omitempty"`
}

type walHist struct {
	Prop     string `json:"p"`
	Value    string `json:"v"`
	At       int64  `json:"t"`
	Source   string `json:"s"`
	SourceID string `json:"i,omitempty"`
}

// walPair is the association types between two records, both ways (none: no association).
type walPair struct {
	A  []string    `json:"a"` // type, id
	B  []string    `json:"b"`
	AB []AssocType `json:"ab"`
	BA []AssocType `json:"ba"`
}

// txLog collects what the running write transaction changed.
type txLog struct {
	recs    map[recKey]*recMark
	order   []recKey
	pairs   map[[2]recKey]bool
	pairOrd [][2]recKey
	purged  [][2]string
	misc    []walEntry
	nextID  int64 // the next id when the transaction began
}

// recMark is what a record was when the transaction first changed it.
type recMark struct {
	fresh    bool    // added by this transaction
	head     blobRef // its newest history segment then
	replaced bool    // its history was rewritten
}

// journal is the log of one state file, attached to a Store.
type journal struct {
	path string
	f    *os.File
	seq  uint64 // the last sequence number appended (under the store's lock)
	tx   *txLog // the running write transaction's changes (under the store's lock)

	mu       sync.Mutex
	cond     *sync.Cond
	buf      []byte // appended, not written yet
	appended int64  // bytes ever appended
	synced   int64  // bytes ever appended that are written and fsync'd
	size     int64  // the log file's size
	snapSize int64  // the snapshot's size
	floor    int64  // the log size below which it is never folded into the snapshot (0: always)
	folds    int    // compactions done (for tests)
	syncing  bool
	err      error // the first failure: every later write fails with it

	compacting sync.WaitGroup
	busy       bool // a compaction runs (under mu)
}

func (j *journal) appendedSoFar() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.appended
}

// startCompacting claims the one compaction that may run; doneCompacting releases it.
func (j *journal) startCompacting() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.busy {
		return false
	}
	j.busy = true
	j.compacting.Add(1)
	return true
}

func (j *journal) doneCompacting() {
	j.mu.Lock()
	j.busy = false
	j.mu.Unlock()
	j.compacting.Done()
}

// fail records a failure: from then on every write is refused with it.
func (j *journal) fail(err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		j.err = err
	}
	j.cond.Broadcast()
}

func newJournal(path string, f *os.File, seq uint64, size, snapSize, floor int64) *journal {
	j := &journal{path: path, f: f, seq: seq, size: size, snapSize: snapSize, floor: floor}
	j.cond = sync.NewCond(&j.mu)
	return j
}

// begin starts collecting a write transaction's changes.
func (j *journal) begin(s *Store) {
	if j != nil {
		j.tx = &txLog{recs: map[recKey]*recMark{}, pairs: map[[2]recKey]bool{}, nextID: s.nextID}
	}
}

func (j *journal) mark(s *Store, k recKey) *recMark {
	if m, ok := j.tx.recs[k]; ok {
		return m
	}
	_, head := splitBlob(s.arena.get(s.rec(k).data))
	m := &recMark{head: head}
	j.tx.recs[k] = m
	j.tx.order = append(j.tx.order, k)
	return m
}

// added, touch, replaced and purged note a record's change (before it is made).
func (j *journal) added(k recKey) {
	if j != nil && j.tx != nil {
		j.tx.recs[k] = &recMark{fresh: true}
		j.tx.order = append(j.tx.order, k)
	}
}

func (j *journal) touch(s *Store, k recKey) {
	if j != nil && j.tx != nil {
		j.mark(s, k)
	}
}

func (j *journal) replaced(s *Store, k recKey) {
	if j != nil && j.tx != nil {
		j.mark(s, k).replaced = true
	}
}

func (j *journal) purged(s *Store, k recKey) {
	if j == nil || j.tx == nil {
		return
	}
	if m, ok := j.tx.recs[k]; ok && m.fresh {
		delete(j.tx.recs, k) // born and gone in one transaction: nothing to log
		return
	}
	delete(j.tx.recs, k)
	j.tx.purged = append(j.tx.purged, [2]string{k.typ().String(), formatID(s.rec(k).id)})
}

func (j *journal) pair(a, b recKey) {
	if j == nil || j.tx == nil {
		return
	}
	if a > b {
		a, b = b, a
	}
	if p := [2]recKey{a, b}; !j.tx.pairs[p] {
		j.tx.pairs[p] = true
		j.tx.pairOrd = append(j.tx.pairOrd, p)
	}
}

func (j *journal) merged(key, into string) {
	if j != nil && j.tx != nil {
		j.tx.misc = append(j.tx.misc, walEntry{Merged: []string{key, into}})
	}
}

func (j *journal) blocked(email string) {
	if j != nil && j.tx != nil {
		j.tx.misc = append(j.tx.misc, walEntry{Block: email})
	}
}

func (j *journal) uniqueSet(key, id string) {
	if j != nil && j.tx != nil {
		j.tx.misc = append(j.tx.misc, walEntry{Unique: []string{key, id}})
	}
}

// commit ends the transaction: when it changed anything, its line is appended (not yet
// durable); the returned offset is what wait waits for (0: nothing to wait for).
func (j *journal) commit(s *Store) int64 {
	if j == nil || j.tx == nil {
		return 0
	}
	tx := j.tx
	j.tx = nil
	var entries []walEntry
	for _, k := range tx.order {
		if m, ok := tx.recs[k]; ok && !s.rec(k).isPurged() {
			entries = append(entries, walEntry{Rec: s.walRec(k, m)})
			delete(tx.recs, k) // listed once
		}
	}
	for _, p := range tx.pairOrd {
		if !s.rec(p[0]).isPurged() && !s.rec(p[1]).isPurged() {
			entries = append(entries, walEntry{Pair: s.walPair(p[0], p[1])})
		}
	}
	for _, p := range tx.purged {
		entries = append(entries, walEntry{Purge: []string{p[0], p[1]}})
	}
	entries = append(entries, tx.misc...)
	if s.nextID != tx.nextID {
		entries = append(entries, walEntry{NextID: s.nextID})
	}
	if len(entries) == 0 {
		return 0
	}
	j.seq++
	line, err := json.Marshal(walLine{Seq: j.seq, Tx: entries})
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil && j.err == nil {
		j.err = err
	}
	j.buf = append(append(j.buf, line...), '\n')
	j.appended += int64(len(line) + 1)
	return j.appended
}

// failed is the journal's first failure.
func (j *journal) failed() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// wait returns when everything appended up to end is written and fsync'd (or failed). The
// first waiter writes and syncs whatever is appended by then, for everyone (group commit).
func (j *journal) wait(end int64) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.synced < end && j.err == nil {
		if j.syncing {
			j.cond.Wait()
			continue
		}
		j.syncing = true
		data, target := j.buf, j.appended
		j.buf = nil
		j.mu.Unlock()
		_, err := j.f.Write(data)
		if err == nil {
			err = j.f.Sync()
		}
		j.mu.Lock()
		j.syncing = false
		if err != nil {
			j.err = fmt.Errorf("sandbox state: writing %s: %w", walPath(j.path), err)
		} else {
			j.synced = max(j.synced, target)
			j.size += int64(len(data))
		}
		j.cond.Broadcast()
	}
	return j.err
}

// needsCompaction reports whether the log has outgrown the snapshot.
func (j *journal) needsCompaction() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err == nil && (j.floor <= 0 && j.size > 0 || j.size >= max(j.floor, j.snapSize))
}

// compact writes a new snapshot of the store (the caller holds its read lock, so no
// transaction runs) holding everything logged, then empties the log.
func (j *journal) compact(tx *Tx) error {
	size, err := tx.s.saveSnapshot(j.path, tx, j.seq)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.syncing {
		j.cond.Wait()
	}
	// Every line appended so far is in the snapshot: durable, whether written here or not.
	j.buf = nil
	j.synced = j.appended
	j.snapSize = size
	j.folds++
	if err := j.f.Truncate(0); err == nil {
		j.size = 0
		_ = j.f.Sync()
	}
	j.cond.Broadcast()
	return nil
}

// walRec is a record's log entry.
func (s *Store) walRec(k recKey, m *recMark) *walRec {
	r := s.rec(k)
	o := s.object(k, false)
	w := &walRec{Type: o.Type, ID: o.ID, Created: r.created, Updated: r.updated, Archived: r.isArchived(),
		Source: s.codec.sources.names[r.src], Props: o.Props, ModHist: r.flags&flagModHist != 0,
		Replace: m.fresh || m.replaced}
	if w.Archived {
		w.ArchivedAt = s.archivedAt[k]
	}
	for _, name := range []string{"hs_object_id", "createdate", "lastmodifieddate"} {
		delete(w.Props, name)
	}
	props, head := splitBlob(s.arena.get(r.data))
	s.codec.eachProp(props, r.created, func(p propKV) {
		if p.hist {
			w.HistProps = append(w.HistProps, s.codec.props.names[p.pid])
		}
	})
	// The new segments: from the newest down to the one the record had (all when replacing).
	var segs [][]byte
	for ref := head; ref != 0 && (w.Replace || ref != m.head); {
		var entries []byte
		ref, entries = splitSegment(s.arena.get(ref))
		segs = append(segs, entries)
	}
	for i := len(segs) - 1; i >= 0; i-- {
		s.codec.eachHist(segs[i], r.created, func(e histEntry) {
			w.History = append(w.History, walHist{Prop: s.codec.props.names[e.pid], Value: e.value, At: e.at,
				Source: s.codec.sources.names[e.source], SourceID: e.srcID})
		})
	}
	return w
}

func (s *Store) walPair(a, b recKey) *walPair {
	ra, rb := s.rec(a), s.rec(b)
	p := &walPair{A: []string{a.typ().String(), formatID(ra.id)}, B: []string{b.typ().String(), formatID(rb.id)},
		AB: []AssocType{}, BA: []AssocType{}}
	if ab, _ := s.edges.find(s, a, b); ab != 0 {
		p.AB, p.BA = s.edges.types(s, a, b), s.edges.types(s, b, a)
	}
	return p
}

// replay applies a log's lines after seq to the store, returning the last sequence number and
// the length of the log's sound part (a last line cut short by a crash is not). A damaged line
// before the last is an error.
func (s *Store) replay(ctx context.Context, r io.Reader, seq uint64) (uint64, int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var good int64
	for n := 1; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return seq, good, ctx.Err()
		}
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return seq, good, nil // a last line without its newline was never acknowledged
		}
		if err != nil {
			return seq, good, err
		}
		var wl walLine
		if err := json.Unmarshal(bytes.TrimSpace(line), &wl); err != nil {
			if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
				return seq, good, nil // a damaged last line: its write was not acknowledged
			}
			return seq, good, fmt.Errorf("log line %d: %w", n, err)
		}
		good += int64(len(line))
		if wl.Seq <= seq {
			continue // already in the snapshot
		}
		if err := s.applyLine(wl); err != nil {
			return seq, good, fmt.Errorf("log line %d: %w", n, err)
		}
		seq = wl.Seq
	}
}

// applyLine redoes one transaction.
func (s *Store) applyLine(wl walLine) error {
	for _, e := range wl.Tx {
		switch {
		case e.Rec != nil:
			if err := s.applyRec(e.Rec); err != nil {
				return err
			}
		case e.Pair != nil:
			a, ok1 := s.find(e.Pair.A[0], e.Pair.A[1])
			b, ok2 := s.find(e.Pair.B[0], e.Pair.B[1])
			if !ok1 || !ok2 {
				return fmt.Errorf("association %v → %v names a record that does not exist", e.Pair.A, e.Pair.B)
			}
			s.setPair(a, b, e.Pair.AB, e.Pair.BA)
		case len(e.Purge) == 2:
			if k, ok := s.find(e.Purge[0], e.Purge[1]); ok {
				s.purge(k)
			}
		case len(e.Unique) == 2:
			if e.Unique[1] == "" {
				delete(s.unique, e.Unique[0])
			} else {
				s.unique[e.Unique[0]] = e.Unique[1]
			}
		case len(e.Merged) == 2:
			s.merged[e.Merged[0]] = e.Merged[1]
		case e.Block != "":
			s.blocklist[e.Block] = true
		case e.NextID != 0:
			s.nextID = max(s.nextID, e.NextID)
		}
	}
	return nil
}

// applyRec makes a record what the entry says, adding it when new.
func (s *Store) applyRec(w *walRec) error {
	t, ok := typeIndex(w.Type)
	n, ok2 := parseID(w.ID)
	if !ok || !ok2 {
		return fmt.Errorf("record %s %s: unknown type or bad id", w.Type, w.ID)
	}
	kvs := make([]propKV, 0, len(w.Props))
	for name, v := range w.Props {
		if v != "" {
			kvs = append(kvs, propKV{pid: s.codec.props.id(name), v: v, hist: slices.Contains(w.HistProps, name)})
		}
	}
	slices.SortFunc(kvs, func(a, b propKV) int { return int(a.pid) - int(b.pid) })
	var entries []byte
	for _, h := range w.History {
		entries = s.codec.appendHist(entries, histEntry{pid: s.codec.props.id(h.Prop), value: h.Value, at: h.At,
			source: s.codec.sources.id(h.Source), srcID: h.SourceID}, w.Created)
	}
	k, exists := s.find(w.Type, w.ID)
	if !exists {
		r := record{id: n, created: w.Created, updated: w.Updated, src: uint16(s.codec.sources.id(w.Source))}
		if w.ModHist {
			r.flags |= flagModHist
		}
		if w.Archived {
			r.flags |= flagArchived
		}
		s.addWhole(t, r, kvs, entries, w.ArchivedAt)
		return nil
	}
	r := s.rec(k)
	s.unindexEmails(k)
	_, hist := splitBlob(s.arena.get(r.data))
	if w.Replace {
		s.dropHist(hist)
		hist = 0
	}
	r.updated = w.Updated
	if w.ModHist {
		r.flags |= flagModHist
	}
	if w.Archived && !r.isArchived() {
		r.flags |= flagArchived
		s.archivedAt[k] = w.ArchivedAt
		s.tables[t].live--
	}
	s.rewrite(r, kvs, hist, entries)
	s.indexEmails(k)
	return nil
}

// setPair makes the association types between two records exactly ab and ba.
func (s *Store) setPair(a, b recKey, ab, ba []AssocType) {
	if len(ab) == 0 && len(ba) == 0 {
		s.edges.unlinkAll(s, a, b)
		return
	}
	eab, eba := s.edges.pair(s, a, b)
	for _, e := range []struct {
		ei    uint32
		types []AssocType
	}{{eab, ab}, {eba, ba}} {
		idx := make([]uint16, len(e.types))
		for i, t := range e.types {
			idx[i] = s.edges.typeIndex(t)
		}
		s.edges.setTypes(e.ei, idx)
	}
}
