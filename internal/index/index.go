// Package index is hubcontacts' local index of a portal's contacts: an opt-in copy of the
// properties the list, find and views need, kept on disk per profile and in memory while the
// app runs, synced incrementally from HubSpot (sync.go), so the list shows the whole portal and
// find answers at every keystroke however many contacts there are.
//
// Files, one concern each:
//
//	index.go   Index: open (rebuilding what cannot be trusted), read, write, status
//	store.go   the folder: snapshot, journal, lock (the choice of store: ARCHITECTURE.md)
//	snapshot.go the table written whole, versioned and checksummed
//	table.go   the contacts in memory, dictionary-encoded columns and find fields
//	words.go   per field kind, a sorted dictionary of words with the rows holding each
//	find.go    the precise find over the table at keystroke speed
//	order.go   the rows sorted by id or by any indexed property
//	state.go   the sync's state, stored with the contacts it describes
//	sync.go    the sync: a resumable first scan, then deltas, deletions, merges, sweeps
//	paths.go   where an index lives, and clearing it
package index

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Contact is one contact as the index holds it: its id and its indexed properties' values as
// HubSpot sent them.
type Contact struct {
	ID    int64
	Props map[string]string
}

// Index is one profile's index, open. Safe for concurrent use: reads share a lock, and every
// write goes to the file and the table in one step.
type Index struct {
	mu    sync.RWMutex
	st    *store
	t     *Table
	state State
	// Rebuilt says why the file found on disk was replaced by an empty one ("" when it was not).
	Rebuilt string
	defs    []byte // the definitions as kept (defs.go), once read or written
}

// Options opens an index.
type Options struct {
	Dir   string   // the index's folder (Dir gives the usual place)
	Props []string // the properties to keep (find's are added; DefaultProps)
	// ReadOnly reads the index as it is on disk without locking or writing it (another process
	// may be syncing it): for index status.
	ReadOnly bool
}

// Open opens (creating when missing) the index in o.Dir and reads it into memory. Only one
// process at a time opens an index for writing (ErrBusy). An index that is damaged, of another
// format or of other properties is replaced by an empty one (Rebuilt says why): it is rebuilt
// by the next sync, never trusted.
func Open(o Options) (*Index, error) {
	st, t, state, why, err := openStore(o.Dir, o.Props, o.ReadOnly)
	if err != nil {
		return nil, err
	}
	if !t.words[0].built {
		t.Finish()
	}
	return &Index{st: st, t: t, state: state, Rebuilt: why}, nil
}

// Close writes what the journal holds into a new snapshot when that is worth it, and closes
// the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var err error
	if !ix.st.readOnly && ix.st.size > 1<<16 {
		err = ix.compact()
	}
	return errors.Join(err, ix.st.close())
}

// compact writes the table as a new snapshot (the word dictionaries rebuilt first when many
// rows changed), emptying the journal (ix.mu held).
func (ix *Index) compact() error {
	if len(ix.t.dirty) > 0 {
		ix.t.buildWords()
	}
	return ix.st.compact(ix.t, &ix.state)
}

// Props are the indexed properties.
func (ix *Index) Props() []string { return ix.t.Props() }

// Indexed reports whether prop is kept in the index.
func (ix *Index) Indexed(prop string) bool {
	_, ok := ix.t.col[prop]
	return ok
}

// Len is the number of contacts in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.t.Len()
}

// State is the sync's state.
func (ix *Index) State() State {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.state
}

// Size is the bytes the index takes on disk.
func (ix *Index) Size() int64 { return ix.st.diskSize() }

// Put writes contacts (new or changed) to the file and the table: what the app itself wrote
// to HubSpot, or what a sync read.
func (ix *Index) Put(cs ...Contact) error { return ix.write(cs, nil, nil) }

// Delete removes contacts by id (deleted in HubSpot, or merged into another).
func (ix *Index) Delete(ids ...int64) error { return ix.write(nil, ids, nil) }

// write applies puts and deletes, with a new sync state when st is set, in one transaction,
// then to the table.
func (ix *Index) write(puts []Contact, dels []int64, st *State) error {
	changes := make([]change, 0, len(puts)+len(dels))
	for _, c := range puts {
		changes = append(changes, change{ID: c.ID, Vals: ix.keep(c.Props)})
	}
	for _, id := range dels {
		changes = append(changes, change{ID: id})
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.st.append(changes, st); err != nil {
		return err
	}
	for _, c := range changes {
		if c.Vals == nil {
			ix.t.Delete(c.ID)
		} else {
			ix.t.Put(c.ID, c.Vals)
		}
	}
	if st != nil {
		ix.state = *st
	}
	if len(ix.t.dirty) > max(20000, ix.t.Rows()/16) {
		ix.t.buildWords()
	}
	if ix.st.size > max(32<<20, int64(ix.t.Rows())*64) {
		return ix.compact()
	}
	return nil
}

// keep is the indexed properties of props.
func (ix *Index) keep(props map[string]string) map[string]string {
	out := make(map[string]string, len(ix.t.props))
	for _, p := range ix.t.props {
		if v := props[p]; v != "" {
			out[p] = v
		}
	}
	return out
}

// Row is one contact read from the index.
type Row struct {
	ID    string
	Props map[string]string
	Hit   Hit // how find found it (Find only)
}

func (ix *Index) row(r uint32) Row {
	return Row{ID: strconv.FormatInt(ix.t.ID(r), 10), Props: ix.t.Values(r)}
}

// Page returns count contacts from offset in the order s, and how many there are in all.
func (ix *Index) Page(s Sort, offset, count int) ([]Row, int) {
	ix.mu.Lock() // an order is built and cached on first use
	defer ix.mu.Unlock()
	o := ix.t.Order(s)
	var out []Row
	for i := offset; i < offset+count && i < len(o.Rows); i++ {
		out = append(out, ix.row(o.Rows[i]))
	}
	return out, len(o.Rows)
}

// Get returns a contact by id.
func (ix *Index) Get(id int64) (Row, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	r, ok := ix.t.Row(id)
	if !ok {
		return Row{}, false
	}
	return ix.row(r), true
}

// Find finds text as the precise find does, in the order s, returning the first limit hits
// and how many match (Found.Estimate when estimated).
func (ix *Index) Find(text string, s Sort, limit int) ([]Row, Found) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	f := ix.t.Find(text, ix.t.Order(s), limit)
	out := make([]Row, len(f.Hits))
	for i, h := range f.Hits {
		out[i] = ix.row(h.Row)
		out[i].Hit = h
	}
	return out, f
}

// Each calls f with every contact, in id order, until f returns false (export, local filters).
func (ix *Index) Each(f func(Row) bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, r := range ix.t.Order(Sort{}).Rows {
		if !f(ix.row(r)) {
			return
		}
	}
}

// Age is how long ago the last sync finished (0 before the first).
func (ix *Index) Age(now time.Time) time.Duration {
	st := ix.State()
	if st.LastSync.IsZero() {
		return 0
	}
	return now.Sub(st.LastSync)
}

// DefaultProps are the properties an index keeps: the default list's columns, find's (name,
// email, company, secondary emails), views' (owner, created, modified) and the sync's, then
// extra (the user's columns and the properties their views filter and sort on), each once.
func DefaultProps(extra []string) []string {
	out := []string{"firstname", "lastname", "email", "company", "lifecyclestage", "hs_additional_emails",
		"hubspot_owner_id", "createdate", "lastmodifieddate"}
	for _, p := range extra {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
