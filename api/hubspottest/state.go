package hubspottest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
)

// Keeping a sandbox across restarts (the command's --state). The state file is either the
// settings a seeded sandbox was made from, or a snapshot of its data (state_binary.go; version
// 1, JSON, is still read: state_json.go); the log beside it (journal.go) holds every change
// since. A fresh --state writes only the settings, however large the seed, so starting costs
// nothing on disk; a restart seeds again and replays the log. When the log outgrows what a
// snapshot would take, it is folded into one.

// SaveState writes a snapshot of every record (properties, history, archived flags),
// association, merge, unique value, blocklisted email and the next id to path, atomically: a
// temporary file in the same directory, synced, then renamed over path, so a crash leaves the
// old file or the new one. The file is created 0600 (it holds contact data). Saves are
// serialised, and hold the store's read lock while they write (writes wait; reads go on).
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
	err := writeFileAtomic(path, func(w io.Writer) (err error) {
		size, _, err = tx.writeFullState(w, walSeq)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sandbox state: saving %s: %w", path, err)
	}
	return size, nil
}

// saveSeed writes a seed file to path atomically.
func saveSeed(path string, h seedHead) error {
	err := writeFileAtomic(path, func(w io.Writer) error {
		_, err := writeSeedState(w, h, 0)
		return err
	})
	if err != nil {
		return fmt.Errorf("sandbox state: saving %s: %w", path, err)
	}
	return nil
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
// beside it, with opts for everything but the data: a file that holds a seed's settings is
// seeded again from them (whatever opts says of the seed and sizes), a snapshot is read as it
// is. A missing file gives an error matching fs.ErrNotExist, so the command can start a seeded
// sandbox instead:
//
//	sb, err := hubspottest.LoadState(path, opts)
//	if errors.Is(err, fs.ErrNotExist) { sb = hubspottest.New(opts) }
//
// A damaged file, or one this build cannot read, is an error that says so and names it.
func LoadState(path string, opts Options) (*Sandbox, error) {
	return LoadStateContext(context.Background(), path, opts)
}

// LoadStateContext is LoadState that gives up when ctx ends (seeding a million contacts again,
// or reading their snapshot, takes a while), returning ctx's error.
func LoadStateContext(ctx context.Context, path string, opts Options) (*Sandbox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	sb, from, err := readState(ctx, f, size, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	if from.snapSize == 0 { // a snapshot: its size; a seed file says what a snapshot would take
		from.snapSize = size
	}
	good := int64(0)
	seq := from.walSeq
	if log, err := os.Open(walPath(path)); err == nil {
		err = sb.store.Do(func(tx *Tx) error {
			seq, good, err = tx.s.replay(ctx, log, seq)
			return err
		})
		_ = log.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("sandbox state %s: %w", walPath(path), err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	sb.loaded = &loadedState{path: path, seq: seq, walSize: good, snapSize: from.snapSize}
	return sb, nil
}

// loadedState is where a loaded sandbox came from, so Persist to the same file goes on with its
// log instead of starting over.
type loadedState struct {
	path     string
	seq      uint64 // the last log line applied
	walSize  int64  // the log's sound part
	snapSize int64  // the snapshot's size, or what one would take (a seed file)
}

// ReadState is LoadState from a reader (no log).
func ReadState(r io.Reader, opts Options) (*Sandbox, error) {
	sb, _, err := readState(context.Background(), r, 0, opts)
	return sb, err
}

// stateOrigin is what a state file said beside its data.
type stateOrigin struct {
	walSeq   uint64 // the last log line it holds
	snapSize int64  // a seed file: what a snapshot would take (0 otherwise)
}

// readState reads a state file of either version and kind; size is the file's when known.
func readState(ctx context.Context, r io.Reader, size int64, opts Options) (*Sandbox, stateOrigin, error) {
	sr := newStateReader(r)
	if magic, _ := sr.br.Peek(len(stateMagic)); string(magic) != stateMagic {
		if first, _ := sr.br.Peek(64); len(bytes.TrimLeft(first, " \t\r\n")) == 0 || bytes.TrimLeft(first, " \t\r\n")[0] != '{' {
			return nil, stateOrigin{}, errors.New("not a sandbox state file")
		}
		opts.Empty = true
		sb := New(opts)
		var seq uint64
		err := sb.store.Do(func(tx *Tx) (err error) {
			seq, err = tx.readJSONState(sr.br)
			return err
		})
		if err != nil {
			return nil, stateOrigin{}, err
		}
		return sb, stateOrigin{walSeq: seq}, nil
	}
	_, _ = sr.br.Discard(len(stateMagic))
	head, err := sr.readHead()
	if err != nil {
		return nil, stateOrigin{}, err
	}
	if head.kind == stateKindSeed {
		sr.readSeed(&head)
		if err := sr.finish(); err != nil {
			return nil, stateOrigin{}, err
		}
		sb, err := newSeeded(ctx, opts, head.seed.seedSettings)
		if err != nil {
			return nil, stateOrigin{}, err
		}
		var size int64
		var sum uint32
		_ = sb.store.View(func(tx *Tx) error { sum, size = tx.fingerprint(); return nil })
		if sum != head.seed.fingerprint {
			return nil, stateOrigin{}, fmt.Errorf("it was started from %s, and this build of hubcontacts makes different "+
				"data from them, so the changes in its log would not fall on the records they were made to: run the "+
				"build that made it", head.seed.describe())
		}
		return sb, stateOrigin{walSeq: head.walSeq, snapSize: size}, nil
	}
	opts.Empty = true
	sb := New(opts)
	if err := sb.store.Do(func(tx *Tx) error { return tx.readFullState(ctx, sr, size) }); err != nil {
		return nil, stateOrigin{}, err
	}
	return sb, stateOrigin{walSeq: head.walSeq}, nil
}

// newSeeded is a sandbox with opts seeded as ss says (opts' own seed and sizes aside).
func newSeeded(ctx context.Context, opts Options, ss seedSettings) (*Sandbox, error) {
	empty := opts
	empty.Empty = true
	sb := New(empty)
	if !ss.empty {
		if err := seed(ctx, sb.store, ss.options(opts)); err != nil {
			return nil, err
		}
	}
	sb.seeded(ss)
	return sb, nil
}

// seeded records that the store holds what ss makes and nothing else yet.
func (s *Sandbox) seeded(ss seedSettings) {
	s.seedBase, s.seedWrites = &ss, s.store.writes
}

// pristine reports whether the store still holds just what its seed made (no write
// transaction has run since), so a seed file describes it.
func (s *Sandbox) pristine() bool { return s.seedBase != nil && s.store.writes == s.seedWrites }

// addWhole adds a record read back (a state file, the log) with its properties and stored
// history entries, and when it was archived (if its flags say it is).
func (s *Store) addWhole(t typeIdx, r record, kvs []propKV, entries []byte, archivedAt int64) {
	var props []byte
	for _, p := range kvs {
		props = s.codec.appendValue(props, p.pid, p.v, r.created, p.hist)
	}
	s.addEncoded(t, r, props, entries, archivedAt)
}

// addEncoded is addWhole with the properties and history entries in the store's encoding.
func (s *Store) addEncoded(t typeIdx, r record, props, entries []byte, archivedAt int64) {
	var hist blobRef
	if len(entries) > 0 {
		s.scratch = segment(s.scratch, 0, entries)
		hist = s.arena.put(s.scratch)
	}
	s.scratch = joinBlob(s.scratch, props, hist)
	r.data = s.arena.put(s.scratch)
	s.nextID = max(s.nextID, r.id)
	k := s.add(t, r)
	if r.isArchived() {
		s.archivedAt[k] = archivedAt
	}
}

// Persist keeps the sandbox in path from now on: every later write is on disk (in path's log,
// fsync'd) before Store.Do returns and the sandbox answers it, so an acknowledged write survives
// kill -9. A sandbox LoadState read from path goes on with its log. Any other starts path
// afresh: a sandbox as its seed made it gets a file of the seed's settings (a few bytes, however
// large the seed), one that has changed since a snapshot. stop detaches the log (after the
// writes in flight) and returns its first failure. For the command's --state:
//
//	stop, err := sb.Persist(path)
//	…
//	err = stop()
func (s *Sandbox) Persist(path string) (stop func() error, err error) {
	return s.persist(path, walCompactFloor)
}

// persist is Persist folding the log into a snapshot once it outgrows the snapshot (or what one
// would take) and floor.
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
			j = newJournal(path, f, l.seq, l.walSize, l.snapSize, floor)
			return nil
		}
		// The old log goes first: a crash before the new file is written leaves no log that
		// could be replayed on it.
		f, err := os.OpenFile(walPath(path), os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("sandbox state: %w", err)
		}
		var size int64
		if s.pristine() {
			var sum uint32
			sum, size = tx.fingerprint()
			err = saveSeed(path, seedHead{seedSettings: *s.seedBase, fingerprint: sum, snapSize: size})
		} else {
			size, err = st.saveSnapshot(path, tx, 0)
		}
		if err != nil {
			_ = f.Close()
			return err
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

// StateInfo is what a state file says of itself at its head, for telling the user what a start
// on it will do (the data is not read, nor the checksum checked: LoadState does that).
type StateInfo struct {
	Version  int   // 1 (JSON) or 2
	Seeded   bool  // it holds a seed's settings: loading seeds again, then replays the log
	Empty    bool  // the seed makes an empty sandbox
	Seed     int64 // the seed (Seeded)
	Contacts int64 // the seed's contacts, or the snapshot's contact records (0: version 1)
	Size     int64 // the file's bytes
	LogSize  int64 // its log's bytes (FILE.wal)
}

// ReadStateInfo reads a state file's head. A missing file gives an error matching
// fs.ErrNotExist.
func ReadStateInfo(path string) (StateInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return StateInfo{}, fmt.Errorf("sandbox state: %w", err)
	}
	defer f.Close()
	var info StateInfo
	if fi, err := f.Stat(); err == nil {
		info.Size = fi.Size()
	}
	if fi, err := os.Stat(walPath(path)); err == nil {
		info.LogSize = fi.Size()
	}
	sr := newStateReader(f)
	if magic, _ := sr.br.Peek(len(stateMagic)); string(magic) != stateMagic {
		info.Version = 1
		return info, nil
	}
	_, _ = sr.br.Discard(len(stateMagic))
	head, err := sr.readHead()
	if err != nil {
		return StateInfo{}, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	info.Version = stateBinVersion
	if head.kind == stateKindSeed {
		sr.readSeed(&head)
		info.Seeded, info.Empty, info.Seed, info.Contacts = true, head.seed.empty, head.seed.seed, max(head.seed.contacts, 0)
	} else {
		sr.varint() // nextId
		info.Contacts = int64(min(sr.uvarint(), math.MaxInt64))
	}
	if sr.err != nil {
		return StateInfo{}, fmt.Errorf("sandbox state %s: %w", path, sr.err)
	}
	return info, nil
}
