package hubspottest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
// The file is created 0600 (it holds contact data). Saves are serialised.
func (s *Sandbox) SaveState(path string) error {
	s.log.saveMu.Lock()
	defer s.log.saveMu.Unlock()
	var st stateFile
	_ = s.store.View(func(tx *Tx) error { st = tx.snapshot(); return nil })
	err := writeFileAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := json.NewEncoder(bw).Encode(st); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("sandbox state: saving %s: %w", path, err)
	}
	return nil
}

// snapshot copies the store for saving, in a stable order. It shares nothing with the store, so
// it is encoded after the lock is released: the lock is held for the copy, not for the encoding
// and the disk.
func (tx *Tx) snapshot() stateFile {
	st := stateFile{Format: stateFormat, Version: stateVersion, SavedAt: tx.Now().UTC(), NextID: tx.s.nextID,
		Objects: []stateObject{}, Associations: []stateAssoc{}, Unique: maps.Clone(tx.s.unique), Merged: maps.Clone(tx.s.merged)}
	types := slices.Clone(objectTypes[:])
	slices.Sort(types)
	for _, typ := range types {
		tx.All(typ, func(o *Object) bool {
			st.Objects = append(st.Objects, stateObjectOf(o))
			return true
		})
	}
	st.Associations = tx.s.allAssocs()
	slices.SortFunc(st.Associations, compareAssoc)
	for e := range tx.s.blocklist {
		st.Blocklist = append(st.Blocklist, e)
	}
	slices.Sort(st.Blocklist)
	return st
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
	so := stateObject{Type: o.Type, ID: o.ID, Props: maps.Clone(o.Props), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
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

// LoadState starts a sandbox from a file SaveState wrote, with opts for everything else (no
// seed data is generated). A missing file gives an error matching fs.ErrNotExist, so the
// command can start a seeded sandbox instead:
//
//	sb, err := hubspottest.LoadState(path, opts)
//	if errors.Is(err, fs.ErrNotExist) { sb = hubspottest.New(opts) }
func LoadState(path string, opts Options) (*Sandbox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	defer f.Close()
	sb, err := ReadState(f, opts)
	if err != nil {
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	return sb, nil
}

// ReadState is LoadState from a reader.
func ReadState(r io.Reader, opts Options) (*Sandbox, error) {
	var st stateFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("not a sandbox state file: %w", err)
	}
	if err := st.validate(); err != nil {
		return nil, err
	}
	opts.Empty = true
	sb := New(opts)
	_ = sb.store.Do(func(tx *Tx) error { tx.restore(st); return nil })
	return sb, nil
}

// validate checks what restore relies on: known types, numeric unique ids, known endpoints.
func (st *stateFile) validate() error {
	if st.Format != stateFormat {
		return fmt.Errorf("not a sandbox state file (format %q)", st.Format)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("state file version %d; this sandbox reads version %d", st.Version, stateVersion)
	}
	seen := map[string]bool{}
	for i, o := range st.Objects {
		if canonicalType(o.Type) != o.Type || o.Type == "" {
			return fmt.Errorf("record %d: unknown object type %q", i, o.Type)
		}
		if n, err := strconv.ParseInt(o.ID, 10, 64); err != nil || n <= 0 || strconv.FormatInt(n, 10) != o.ID {
			return fmt.Errorf("record %d: id %q is not a positive number", i, o.ID)
		}
		if seen[o.Type+"/"+o.ID] {
			return fmt.Errorf("record %d: %s %s appears twice", i, o.Type, o.ID)
		}
		seen[o.Type+"/"+o.ID] = true
	}
	for i, a := range st.Associations {
		if !seen[a.FromType+"/"+a.FromID] || !seen[a.ToType+"/"+a.ToID] {
			return fmt.Errorf("association %d: %s %s → %s %s names a record not in the file", i, a.FromType, a.FromID, a.ToType, a.ToID)
		}
	}
	return nil
}

// restore fills an empty store from a validated state file; records are visible to search at
// once.
func (tx *Tx) restore(st stateFile) {
	for _, so := range st.Objects {
		tx.s.restoreObject(so)
	}
	for _, a := range st.Associations {
		from, ok1 := tx.s.find(a.FromType, a.FromID)
		to, ok2 := tx.s.find(a.ToType, a.ToID)
		if ok1 && ok2 {
			for _, t := range a.Types {
				tx.s.edges.link(tx.s, from, to, t, nil)
			}
		}
	}
	for k, v := range st.Unique {
		tx.s.unique[k] = v
	}
	for k, v := range st.Merged {
		tx.s.merged[k] = v
	}
	for _, e := range st.Blocklist {
		tx.Block(e)
	}
	tx.s.nextID = max(tx.s.nextID, st.NextID)
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
	var ref blobRef
	if len(hist) > 0 {
		s.scratch = segment(s.scratch, 0, hist)
		ref = s.arena.put(s.scratch)
	}
	s.scratch = s.codec.blob(s.scratch, kvs, ref, r.created)
	r.data = s.arena.put(s.scratch)
	s.nextID = max(s.nextID, n)
	k := s.add(t, r)
	if so.Archived {
		s.archivedAt[k] = ms(so.ArchivedAt)
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

// PersistTo saves the sandbox to path after every write that took effect, in one background
// goroutine (a burst of writes coalesces into fewer saves), reporting failures to onErr (may be
// nil). stop ends it, saves one last time and returns that save's error. For the command's
// --state flag:
//
//	stop := sb.PersistTo(path, func(err error) { log.Print(err) })
//	defer stop()
func (s *Sandbox) PersistTo(path string, onErr func(error)) (stop func() error) {
	kick, done, exited := make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	s.OnWrite(func(LoggedRequest) {
		select {
		case kick <- struct{}{}:
		default:
		}
	})
	go func() {
		defer close(exited)
		for {
			select {
			case <-kick:
				if err := s.SaveState(path); err != nil && onErr != nil {
					onErr(err)
				}
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	var final error
	return func() error {
		once.Do(func() {
			close(done)
			<-exited
			final = s.SaveState(path)
		})
		return final
	}
}
