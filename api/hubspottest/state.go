package hubspottest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The state file: JSON, one document, written atomically. Version bumps when its shape changes.
const (
	stateFormat  = "hubcontacts-sandbox-state"
	stateVersion = 1
)

type stateFile struct {
	Format       string            `json:"format"`
	Version      int               `json:"version"`
	SavedAt      time.Time         `json:"savedAt"`
	NextID       int64             `json:"nextId"`
	WalSeq       uint64            `json:"walSeq,omitempty"` // the last line of FILE.wal this file holds
	Objects      []stateObject     `json:"objects"`
	Associations []stateAssoc      `json:"associations"`
	Unique       map[string]string `json:"unique,omitempty"`
	Merged       map[string]string `json:"merged,omitempty"`
	Blocklist    []string          `json:"blocklist,omitempty"`
}

type stateObject struct {
	Type       string                    `json:"type"`
	ID         string                    `json:"id"`
	Props      map[string]string         `json:"properties"`
	History    map[string][]stateHistory `json:"history,omitempty"`
	CreatedAt  time.Time                 `json:"createdAt"`
	UpdatedAt  time.Time                 `json:"updatedAt"`
	Archived   bool                      `json:"archived,omitempty"`
	ArchivedAt time.Time                 `json:"archivedAt,omitzero"`
}

type stateHistory struct {
	Value      string    `json:"value"`
	Timestamp  time.Time `json:"timestamp"`
	SourceType string    `json:"sourceType,omitempty"`
	SourceID   string    `json:"sourceId,omitempty"`
}

type stateAssoc struct {
	FromType string      `json:"fromType"`
	FromID   string      `json:"fromId"`
	ToType   string      `json:"toType"`
	ToID     string      `json:"toId"`
	Types    []AssocType `json:"types"`
}

// SaveState writes every record (properties, history, archived flags), association, merge,
// blocklisted email and the next id to path as JSON, atomically: a temporary file in the same
// directory, synced, then renamed over path, so a crash leaves the old file or the new one.
// The file is created 0600 (it holds contact data). Saves are serialised, and hold the store's
// read lock while they write (writes wait; reads go on).
func (s *Sandbox) SaveState(path string) error {
	s.log.saveMu.Lock()
	defer s.log.saveMu.Unlock()
	var err error
	_ = s.store.View(func(tx *Tx) error {
		_, err = s.store.saveSnapshot(path, tx, 0)
		return nil
	})
	return err
}

// saveSnapshot writes the store (read-locked by tx) to path atomically, holding the log up to
// walSeq, and returns the file's size.
func (s *Store) saveSnapshot(path string, tx *Tx, walSeq uint64) (int64, error) {
	var size int64
	err := writeFileAtomic(path, func(w io.Writer) error {
		cw := &countWriter{w: w}
		bw := bufio.NewWriterSize(cw, 1<<20)
		if err := tx.writeSnapshot(bw, walSeq); err != nil {
			return err
		}
		err := bw.Flush()
		size = cw.n
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sandbox state: saving %s: %w", path, err)
	}
	return size, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeSnapshot writes the state file's JSON, one record at a time (a million contacts never
// sit in memory as one document), in a stable order.
func (tx *Tx) writeSnapshot(w *bufio.Writer, walSeq uint64) error {
	head, err := json.Marshal(stateFile{Format: stateFormat, Version: stateVersion, SavedAt: tx.Now().UTC(),
		NextID: tx.s.nextID, WalSeq: walSeq})
	if err != nil {
		return err
	}
	// The head's fields, then the lists written item by item, in stateFile's order.
	head = bytes.TrimSuffix(head, []byte(`,"objects":null,"associations":null}`))
	w.Write(head)
	w.WriteString(`,"objects":[`)
	types := slices.Clone(objectTypes[:])
	slices.Sort(types)
	first := true
	for _, typ := range types {
		tx.All(typ, func(o *Object) bool {
			err = writeItem(w, &first, stateObjectOf(o))
			return err == nil
		})
		if err != nil {
			return err
		}
	}
	w.WriteString(`],"associations":[`)
	assocs := tx.s.allAssocs()
	slices.SortFunc(assocs, compareAssoc)
	first = true
	for _, a := range assocs {
		if err := writeItem(w, &first, a); err != nil {
			return err
		}
	}
	w.WriteString("]")
	var blocked []string
	for e := range tx.s.blocklist {
		blocked = append(blocked, e)
	}
	slices.Sort(blocked)
	tail, err := json.Marshal(struct {
		Unique    map[string]string `json:"unique,omitempty"`
		Merged    map[string]string `json:"merged,omitempty"`
		Blocklist []string          `json:"blocklist,omitempty"`
	}{tx.s.unique, tx.s.merged, blocked})
	if err != nil {
		return err
	}
	if tail = bytes.TrimPrefix(tail, []byte("{")); len(tail) > 1 {
		w.WriteString(",")
	}
	w.Write(tail)
	_, err = w.WriteString("\n")
	return err
}

func writeItem(w *bufio.Writer, first *bool, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !*first {
		w.WriteByte(',')
	}
	*first = false
	_, err = w.Write(b)
	return err
}

// allAssocs lists every association edge (both directions) with its types.
func (s *Store) allAssocs() []stateAssoc {
	var out []stateAssoc
	for t := range s.tables {
		tb := &s.tables[t]
		tb.slots(func(slot uint32) bool {
			from := keyOf(typeIdx(t), slot)
			s.edges.each(s, from, func(e *edge) bool {
				to := keyOf(e.toT, e.to)
				out = append(out, stateAssoc{objectTypes[t], formatID(tb.recs[slot].id), e.toT.String(),
					formatID(s.rec(to).id), s.edges.types(s, from, to)})
				return true
			})
			return true
		})
	}
	return out
}

func stateObjectOf(o *Object) stateObject {
	so := stateObject{Type: o.Type, ID: o.ID, Props: o.Props, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		Archived: o.Archived, ArchivedAt: o.ArchivedAt, History: map[string][]stateHistory{}}
	for name, hist := range o.History {
		sh := make([]stateHistory, len(hist))
		for i, h := range hist {
			sh[i] = stateHistory(h)
		}
		so.History[name] = sh
	}
	return so
}

func compareAssoc(a, b stateAssoc) int {
	for _, c := range [][2]string{{a.FromType, b.FromType}, {a.FromID, b.FromID}, {a.ToType, b.ToType}, {a.ToID, b.ToID}} {
		if c[0] != c[1] {
			if idLess(c[0], c[1]) {
				return -1
			}
			return 1
		}
	}
	return 0
}

// writeFileAtomic replaces path with what write writes, through a synced temporary file and a
// rename, then syncs the directory so the rename itself survives a crash.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// LoadState starts a sandbox from a file SaveState (or Persist) wrote, and the log Persist kept
// beside it, with opts for everything else (no seed data is generated). A missing file gives an
// error matching fs.ErrNotExist, so the command can start a seeded sandbox instead:
//
//	sb, err := hubspottest.LoadState(path, opts)
//	if errors.Is(err, fs.ErrNotExist) { sb = hubspottest.New(opts) }
func LoadState(path string, opts Options) (*Sandbox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	defer f.Close()
	sb, seq, err := readState(f, opts)
	if err != nil {
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	good := int64(0)
	if log, err := os.Open(walPath(path)); err == nil {
		err = sb.store.Do(func(tx *Tx) error {
			seq, good, err = tx.s.replay(log, seq)
			return err
		})
		_ = log.Close()
		if err != nil {
			return nil, fmt.Errorf("sandbox state %s: %w", walPath(path), err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	sb.loaded = &loadedState{path: path, seq: seq, walSize: good}
	return sb, nil
}

// loadedState is where a loaded sandbox came from, so Persist to the same file goes on with its
// log instead of starting over.
type loadedState struct {
	path    string
	seq     uint64 // the last log line applied
	walSize int64  // the log's sound part
}

// ReadState is LoadState from a reader (no log).
func ReadState(r io.Reader, opts Options) (*Sandbox, error) {
	sb, _, err := readState(r, opts)
	return sb, err
}

// readState reads a state file one record at a time, checking what the store relies on (known
// types, numeric unique ids, known endpoints) as it goes; it returns the last log line the
// file holds.
func readState(r io.Reader, opts Options) (*Sandbox, uint64, error) {
	opts.Empty = true
	sb := New(opts)
	var walSeq uint64
	err := sb.store.Do(func(tx *Tx) error {
		var err error
		walSeq, err = tx.readSnapshot(json.NewDecoder(bufio.NewReaderSize(r, 1<<20)))
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return sb, walSeq, nil
}

func (tx *Tx) readSnapshot(dec *json.Decoder) (walSeq uint64, err error) {
	notState := func(err error) error { return fmt.Errorf("not a sandbox state file: %w", err) }
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, notState(fmt.Errorf("not a JSON object (%v)", err))
	}
	var head stateFile
	headChecked := false
	checkHead := func() error {
		if headChecked {
			return nil
		}
		headChecked = true
		if head.Format != stateFormat {
			return fmt.Errorf("not a sandbox state file (format %q)", head.Format)
		}
		if head.Version != stateVersion {
			return fmt.Errorf("state file version %d; this sandbox reads version %d", head.Version, stateVersion)
		}
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, notState(err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			err = dec.Decode(&head.Format)
		case "version":
			err = dec.Decode(&head.Version)
		case "nextId":
			err = dec.Decode(&head.NextID)
		case "walSeq":
			err = dec.Decode(&head.WalSeq)
		case "objects", "associations":
			if err := checkHead(); err != nil {
				return 0, err
			}
			err = tx.readList(dec, key)
		case "unique":
			err = dec.Decode(&tx.s.unique)
		case "merged":
			err = dec.Decode(&tx.s.merged)
		case "blocklist":
			var list []string
			if err = dec.Decode(&list); err == nil {
				for _, e := range list {
					tx.s.blocklist[strings.ToLower(e)] = true
				}
			}
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return 0, notState(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return 0, notState(err)
	}
	if err := checkHead(); err != nil {
		return 0, err
	}
	if tx.s.unique == nil {
		tx.s.unique = map[string]string{}
	}
	if tx.s.merged == nil {
		tx.s.merged = map[string]string{}
	}
	tx.s.nextID = max(tx.s.nextID, head.NextID)
	return head.WalSeq, nil
}

// readList reads the objects or the associations, one at a time.
func (tx *Tx) readList(dec *json.Decoder, key string) error {
	if tok, err := dec.Token(); err != nil {
		return err
	} else if tok == nil {
		return nil
	} else if tok != json.Delim('[') {
		return fmt.Errorf("%s is not a list", key)
	}
	for i := 0; dec.More(); i++ {
		var err error
		if key == "objects" {
			var so stateObject
			if err = dec.Decode(&so); err == nil {
				err = tx.s.checkObject(i, so)
			}
			if err == nil {
				tx.s.restoreObject(so)
			}
		} else {
			var a stateAssoc
			if err = dec.Decode(&a); err == nil {
				err = tx.s.restoreAssoc(i, a)
			}
		}
		if err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// checkObject checks what restoreObject relies on: a known type, a numeric id, not seen before.
func (s *Store) checkObject(i int, o stateObject) error {
	if canonicalType(o.Type) != o.Type || o.Type == "" {
		return fmt.Errorf("record %d: unknown object type %q", i, o.Type)
	}
	if n, err := strconv.ParseInt(o.ID, 10, 64); err != nil || n <= 0 || strconv.FormatInt(n, 10) != o.ID {
		return fmt.Errorf("record %d: id %q is not a positive number", i, o.ID)
	}
	if _, dup := s.find(o.Type, o.ID); dup {
		return fmt.Errorf("record %d: %s %s appears twice", i, o.Type, o.ID)
	}
	return nil
}

// restoreAssoc adds one saved association (one direction, its types).
func (s *Store) restoreAssoc(i int, a stateAssoc) error {
	from, ok1 := s.find(a.FromType, a.FromID)
	to, ok2 := s.find(a.ToType, a.ToID)
	if !ok1 || !ok2 {
		return fmt.Errorf("association %d: %s %s → %s %s names a record not in the file", i, a.FromType, a.FromID, a.ToType, a.ToID)
	}
	for _, t := range a.Types {
		s.edges.link(s, from, to, t, nil)
	}
	return nil
}

// restoreObject stores one saved record. History entries the store would imply (a single entry
// at creation from the record's creation source) are left implicit; the others are stored.
func (s *Store) restoreObject(so stateObject) {
	t, _ := typeIndex(so.Type)
	n, _ := parseID(so.ID)
	r := record{id: n, created: ms(so.CreatedAt), updated: ms(so.UpdatedAt)}
	if so.Archived {
		r.flags |= flagArchived
	}
	r.src = uint16(s.codec.sources.id(restoreSource(so, r.created)))
	src := s.codec.sources.names[r.src]
	var kvs []propKV
	for name, v := range so.Props {
		if v != "" && name != "hs_object_id" && name != "createdate" && name != "lastmodifieddate" {
			kvs = append(kvs, propKV{pid: s.codec.props.id(name), v: v})
		}
	}
	slices.SortFunc(kvs, func(a, b propKV) int { return int(a.pid) - int(b.pid) })
	var hist []byte
	for _, name := range sortedKeys(so.History) {
		h := so.History[name]
		implied := src
		current := so.Props[name]
		switch name {
		case "hs_object_id", "createdate":
			implied = "CRM_SETTING"
		case "lastmodifieddate":
			implied, current = "CRM_SETTING", isoMS(r.updated)
		}
		if len(h) == 1 && h[0].Value == current && current != "" && ms(h[0].Timestamp) == r.created &&
			h[0].SourceType == implied && h[0].SourceID == "" {
			continue
		}
		pid := s.codec.props.id(name)
		if i, ok := slices.BinarySearchFunc(kvs, pid, func(p propKV, pid uint32) int { return int(p.pid) - int(pid) }); ok {
			kvs[i].hist = true
		}
		if pid == pidModified {
			r.flags |= flagModHist
		}
		for _, e := range h {
			hist = s.codec.appendHist(hist, histEntry{pid: pid, value: e.Value, at: ms(e.Timestamp),
				source: s.codec.sources.id(e.SourceType), srcID: e.SourceID}, r.created)
		}
	}
	s.addWhole(t, r, kvs, hist, ms(so.ArchivedAt))
}

// addWhole adds a record read back (a state file, the log) with its properties and stored
// history entries, and when it was archived (if its flags say it is).
func (s *Store) addWhole(t typeIdx, r record, kvs []propKV, entries []byte, archivedAt int64) {
	var hist blobRef
	if len(entries) > 0 {
		s.scratch = segment(s.scratch, 0, entries)
		hist = s.arena.put(s.scratch)
	}
	s.scratch = s.codec.blob(s.scratch, kvs, hist, r.created)
	r.data = s.arena.put(s.scratch)
	s.nextID = max(s.nextID, r.id)
	k := s.add(t, r)
	if r.isArchived() {
		s.archivedAt[k] = archivedAt
	}
}

// restoreSource picks the source a saved record was created from: the commonest source of the
// properties whose only history entry is their value at creation.
func restoreSource(so stateObject, created int64) string {
	count := map[string]int{}
	for name, h := range so.History {
		if name != "hs_object_id" && name != "createdate" && name != "lastmodifieddate" && len(h) == 1 &&
			h[0].Value == so.Props[name] && ms(h[0].Timestamp) == created && h[0].SourceID == "" {
			count[h[0].SourceType]++
		}
	}
	best := "CRM_UI"
	for src, n := range count {
		if n > count[best] || n == count[best] && src < best {
			best = src
		}
	}
	return best
}

// Persist keeps the sandbox in path from now on: every later write is on disk (in path's log,
// fsync'd) before Store.Do returns and the sandbox answers it, so an acknowledged write survives
// kill -9. A sandbox LoadState read from path goes on with its log; any other is first saved
// whole to path. stop detaches the log (after the writes in flight) and returns its first
// failure. For the command's --state:
//
//	stop, err := sb.Persist(path)
//	…
//	err = stop()
func (s *Sandbox) Persist(path string) (stop func() error, err error) {
	return s.persist(path, walCompactFloor)
}

// persist is Persist folding the log into the snapshot once it outgrows the snapshot and floor.
func (s *Sandbox) persist(path string, floor int64) (stop func() error, err error) {
	st := s.store
	var j *journal
	err = st.View(func(tx *Tx) error {
		if l := s.loaded; l != nil && l.path == path {
			// O_APPEND: every write goes to the end, wherever a compaction's truncation left it.
			f, err := os.OpenFile(walPath(path), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
			if err != nil {
				return fmt.Errorf("sandbox state: %w", err)
			}
			if err := f.Truncate(l.walSize); err != nil { // a torn last line goes
				_ = f.Close()
				return fmt.Errorf("sandbox state: %w", err)
			}
			var snapSize int64
			if fi, err := os.Stat(path); err == nil {
				snapSize = fi.Size()
			}
			j = newJournal(path, f, l.seq, l.walSize, snapSize, floor)
			return nil
		}
		size, err := st.saveSnapshot(path, tx, 0)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(walPath(path), os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("sandbox state: %w", err)
		}
		j = newJournal(path, f, 0, 0, size, floor)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := st.attach(j); err != nil {
		_ = j.f.Close()
		return nil, err
	}
	var once sync.Once
	var final error
	return func() error {
		once.Do(func() { final = st.detach(j) })
		return final
	}, nil
}

// PersistTo is Persist that reports a failure to start through onErr (may be nil); stop then
// returns it.
func (s *Sandbox) PersistTo(path string, onErr func(error)) (stop func() error) {
	stop, err := s.Persist(path)
	if err != nil {
		if onErr != nil {
			onErr(err)
		}
		return func() error { return err }
	}
	return stop
}

// attach makes the store log to j.
func (st *Store) attach(j *journal) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.journal != nil {
		return errors.New("sandbox state: the sandbox is already kept in " + st.journal.path)
	}
	st.journal = j
	return nil
}

// detach stops logging (after the writes in flight and any compaction) and closes the log.
func (st *Store) detach(j *journal) error {
	st.mu.Lock()
	st.journal = nil
	st.mu.Unlock()
	j.compacting.Wait()
	err := j.wait(j.appendedSoFar())
	if cerr := j.f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// maybeCompactJournal folds the log into a new snapshot, in the background, once it has
// outgrown the snapshot.
func (st *Store) maybeCompactJournal(j *journal) {
	if !j.needsCompaction() || !j.startCompacting() {
		return
	}
	go func() {
		defer j.doneCompacting()
		_ = st.View(func(tx *Tx) error {
			if st.journal == j { // still attached
				if err := j.compact(tx); err != nil {
					j.fail(err)
				}
			}
			return nil
		})
	}()
}
