package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// The store is a folder of three files: the snapshot (snapshot.go), the journal of every change
// since it, and a lock file. A change is appended to the journal and synced to disk before it
// is applied in memory; a sync writes a page of contacts and its state (the cursor to resume
// from) as entries synced together, so a sync stopped anywhere, even by kill -9, resumes from
// the last page on disk. When the journal grows, the table is written out as a new snapshot
// and the journal starts again.
//
// The journal: "HCJL", the generation (the snapshot's, which it follows), then entries: a
// length, a CRC-32C and the entry. Reading stops at the first entry cut short or not matching
// its CRC (a write the crash interrupted), and the journal is cut there.
const (
	snapName    = "contacts.snap"
	journalName = "contacts.log"
	lockName    = "lock"
	journalMag  = "HCJL"

	opPut    = 'P'
	opDelete = 'D'
	opState  = 'S'
)

// ErrBusy says another hubcontacts is writing the index.
var ErrBusy = errors.New("another hubcontacts is using the index (a sync or the app); try again when it is done")

type store struct {
	readOnly bool
	dir      string
	props    []string
	lock     *os.File
	journal  *os.File
	gen      uint64
	size     int64 // the journal's size
	buf      []byte
}

// openStore opens the index folder dir (creating it, 0700), reads it into a table and replays
// the journal. A snapshot that cannot be used is replaced by an empty index; rebuilt says why.
// With readOnly nothing is written or locked: the index is read as it is on disk (another
// process may be writing it), and an unusable one is an error.
func openStore(dir string, props []string, readOnly bool) (s *store, t *Table, st State, rebuilt string, err error) {
	props = NewTable(props).Props()
	if readOnly {
		return openReadOnly(dir, props)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, st, "", fmt.Errorf("cannot create the index's folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, nil, st, "", fmt.Errorf("cannot make the index's folder private: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, nil, st, "", fmt.Errorf("cannot open the index's lock: %w", err)
	}
	if ok, err := lockFile(lock); !ok {
		lock.Close()
		if err != nil {
			return nil, nil, st, "", fmt.Errorf("cannot lock the index: %w", err)
		}
		return nil, nil, st, "", ErrBusy
	}
	s = &store{dir: dir, props: props, lock: lock}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	t, s.gen, st, err = readSnapshot(s.path(snapName), props)
	var bad *errUnusable
	switch {
	case errors.Is(err, os.ErrNotExist):
		t, s.gen, st, err = NewTable(props), 0, State{}, nil
	case errors.As(err, &bad):
		rebuilt = bad.why
		t, s.gen, st, err = NewTable(props), 0, State{}, nil
		os.Remove(s.path(snapName))
		os.Remove(s.path(journalName))
	case err != nil:
		return nil, nil, st, "", fmt.Errorf("cannot read the index: %w", err)
	}
	if err := s.openJournal(t, &st); err != nil {
		return nil, nil, st, "", err
	}
	return s, t, st, rebuilt, nil
}

func (s *store) path(name string) string { return filepath.Join(s.dir, name) }

func (s *store) close() error {
	var err error
	if s.journal != nil {
		err = s.journal.Close()
	}
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

func openReadOnly(dir string, props []string) (*store, *Table, State, string, error) {
	s := &store{readOnly: true, dir: dir, props: props}
	t, gen, st, err := readSnapshot(s.path(snapName), props)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if _, jerr := os.Stat(s.path(journalName)); jerr != nil {
			return nil, nil, st, "", fmt.Errorf("there is no index at %s: %w", dir, os.ErrNotExist)
		}
		t, gen, err = NewTable(props), 0, nil
	case err != nil:
		return nil, nil, st, "", fmt.Errorf("the index at %s cannot be used (%w): `hubcontacts index sync` rebuilds it", dir, err)
	}
	s.gen = gen
	f, err := os.Open(s.path(journalName))
	if err == nil {
		defer f.Close()
		r := bufio.NewReaderSize(f, 1<<20)
		head := make([]byte, 12)
		if _, err := io.ReadFull(r, head); err == nil && string(head[:4]) == journalMag && binary.LittleEndian.Uint64(head[4:]) == gen {
			vals := map[string]string{}
			for {
				e, ok := readEntry(r)
				if !ok || !s.replay(e, t, &st, vals) {
					break
				}
			}
		}
	}
	return s, t, st, "", nil
}

// openJournal replays the journal onto t and st and opens it for appending; a journal of
// another generation (left from before the snapshot it followed was replaced) is started anew.
func (s *store) openJournal(t *Table, st *State) error {
	f, err := os.OpenFile(s.path(journalName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the index's journal: %w", err)
	}
	s.journal = f
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	head := make([]byte, 12)
	good := int64(0)
	if _, err := io.ReadFull(r, head); err == nil && string(head[:4]) == journalMag && binary.LittleEndian.Uint64(head[4:]) == s.gen {
		good = 12
		vals := map[string]string{}
		for {
			e, ok := readEntry(r)
			if !ok || !s.replay(e, t, st, vals) {
				break
			}
			good += int64(8 + len(e))
		}
	}
	if good == 0 {
		return s.resetJournal()
	}
	if err := f.Truncate(good); err != nil {
		return err
	}
	s.size = good
	_, err = f.Seek(good, io.SeekStart)
	return err
}

func readEntry(r *bufio.Reader) ([]byte, bool) {
	var head [8]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, false
	}
	n := binary.LittleEndian.Uint32(head[:4])
	if n == 0 || n > 64<<20 {
		return nil, false
	}
	e := make([]byte, n)
	if _, err := io.ReadFull(r, e); err != nil || crc32.Checksum(e, castagnoli) != binary.LittleEndian.Uint32(head[4:]) {
		return nil, false
	}
	return e, true
}

// replay applies one entry; false when it does not decode.
func (s *store) replay(e []byte, t *Table, st *State, vals map[string]string) bool {
	switch e[0] {
	case opPut:
		if len(e) < 9 || s.decode(e[9:], vals) != nil {
			return false
		}
		t.Put(int64(binary.LittleEndian.Uint64(e[1:9])), vals)
	case opDelete:
		if len(e) != 9 {
			return false
		}
		t.Delete(int64(binary.LittleEndian.Uint64(e[1:9])))
	case opState:
		var next State
		if next.decode(e[1:]) != nil {
			return false
		}
		*st = next
	default:
		return false
	}
	return true
}

// resetJournal empties the journal and writes its header for the current generation.
func (s *store) resetJournal() error {
	f := s.journal
	if err := f.Truncate(0); err != nil {
		return err
	}
	head := append([]byte(journalMag), binary.LittleEndian.AppendUint64(nil, s.gen)...)
	if _, err := f.WriteAt(head, 0); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	s.size = int64(len(head))
	_, err := f.Seek(s.size, io.SeekStart)
	return err
}

// change is one write: a put (Vals set) or a delete.
type change struct {
	ID   int64
	Vals map[string]string // nil: delete
}

// append writes changes and, when st is set, the new sync state to the journal, synced.
func (s *store) append(changes []change, st *State) error {
	if s.readOnly {
		return errors.New("index: opened read-only")
	}
	b := s.buf[:0]
	entry := func(e []byte) {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(e)))
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(e, castagnoli))
		b = append(b, e...)
	}
	var e []byte
	for _, c := range changes {
		if c.Vals == nil {
			e = binary.LittleEndian.AppendUint64(append(e[:0], opDelete), uint64(c.ID))
		} else {
			e = s.encode(binary.LittleEndian.AppendUint64(append(e[:0], opPut), uint64(c.ID)), c.Vals)
		}
		entry(e)
	}
	if st != nil {
		entry(append([]byte{opState}, st.encode()...))
	}
	s.buf = b
	if _, err := s.journal.Write(b); err != nil {
		return fmt.Errorf("cannot write the index: %w", err)
	}
	if err := s.journal.Sync(); err != nil {
		return fmt.Errorf("cannot write the index: %w", err)
	}
	s.size += int64(len(b))
	return nil
}

// compact writes t as the next snapshot and starts the journal anew.
func (s *store) compact(t *Table, st *State) error {
	if err := writeSnapshot(s.path(snapName), t, s.gen+1, st); err != nil {
		return fmt.Errorf("cannot write the index: %w", err)
	}
	s.gen++
	return s.resetJournal()
}

// diskSize is the bytes the index takes on disk.
func (s *store) diskSize() int64 {
	var n int64
	for _, name := range []string{snapName, journalName} {
		if fi, err := os.Stat(s.path(name)); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// encode appends a contact's values in the table's property order.
func (s *store) encode(dst []byte, vals map[string]string) []byte {
	for _, p := range s.props {
		v := vals[p]
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		dst = append(dst, v...)
	}
	return dst
}

var errDamaged = errors.New("a record does not decode")

// decode reads values written by encode into vals (cleared first).
func (s *store) decode(b []byte, vals map[string]string) error {
	clear(vals)
	for _, p := range s.props {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return errDamaged
		}
		if n > 0 {
			vals[p] = string(b[k : k+int(n)])
		}
		b = b[k+int(n):]
	}
	if len(b) != 0 {
		return errDamaged
	}
	return nil
}
