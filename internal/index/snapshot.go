package index

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"unsafe"
)

// FormatVersion is the index files' format. An index written in another format, or with other
// properties, is rebuilt from HubSpot, never read.
const FormatVersion = 2

// The snapshot is the table as it is in memory, written out whole: a header (magic, format,
// byte order, the properties, the journal generation it goes with, the sync state), then each
// of the table's arrays as a length and its bytes, then a CRC-32C of everything before. Read
// back, the arrays are filled straight from the file (no parsing, no per-contact work), so
// opening a million contacts costs about what reading the file does. A snapshot that does not
// check out (damaged, cut short, another format or properties) is not used: the index is
// rebuilt.
const (
	snapMagic   = "HCIX"
	littleEnd   = 1
	maxSnapProp = 1 << 10
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errUnusable says why a file cannot be used as the index.
type errUnusable struct{ why string }

func (e *errUnusable) Error() string { return e.why }

func unusable(format string, a ...any) error { return &errUnusable{fmt.Sprintf(format, a...)} }

// sliceBytes views a slice of fixed-size numbers as its bytes.
func sliceBytes[T uint32 | uint64 | int64](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

type snapWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	err error
}

func (w *snapWriter) bytes(b []byte) {
	if w.err != nil {
		return
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	w.raw(n[:])
	w.raw(b)
}

func (w *snapWriter) raw(b []byte) {
	if w.err == nil {
		w.crc.Write(b)
		_, w.err = w.w.Write(b)
	}
}

func (w *snapWriter) u64(v uint64) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], v)
	w.raw(n[:])
}

// writeSnapshot writes t, the generation of the journal that follows it and the state to path,
// through a temporary file renamed over it once on disk.
func writeSnapshot(path string, t *Table, gen uint64, st *State) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone once renamed
	w := &snapWriter{w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(castagnoli)}
	w.raw([]byte(snapMagic))
	w.u64(FormatVersion)
	w.u64(nativeOrder())
	w.bytes([]byte(strings.Join(t.props, "\x00")))
	w.u64(gen)
	w.bytes(st.encode())
	w.bytes(sliceBytes(t.ids))
	ids := make([]int64, 0, len(t.byID))
	rows := make([]uint32, 0, len(t.byID))
	for _, e := range t.byID {
		if e.row != noRow { // deleted ids are left out
			ids, rows = append(ids, e.id), append(rows, e.row)
		}
	}
	w.bytes(sliceBytes(ids))
	w.bytes(sliceBytes(rows))
	w.u64(uint64(t.live))
	for i := range t.cols {
		c := &t.cols[i]
		flags := uint64(0)
		if c.dedup == nil {
			flags |= 1
		}
		if c.isTime {
			flags |= 2
		}
		w.u64(flags)
		w.bytes(c.data)
		w.bytes(sliceBytes(c.off))
		w.bytes(sliceBytes(c.codes))
		w.bytes(sliceBytes(c.times))
	}
	w.bytes(t.ftext)
	w.bytes(sliceBytes(t.fstart))
	w.bytes(sliceBytes(t.flen))
	w.bytes(sliceBytes(t.fmask))
	w.u64(uint64(t.fdead))
	w.bytes(sliceBytes(t.dirty))
	for k := range kinds {
		d := &t.words[k]
		w.bytes(d.text)
		w.bytes(sliceBytes(d.off))
		w.bytes(sliceBytes(d.pstart))
		w.bytes(sliceBytes(d.post))
	}
	if w.err == nil {
		var sum [4]byte
		binary.LittleEndian.PutUint32(sum[:], w.crc.Sum32())
		_, w.err = w.w.Write(sum[:])
	}
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if w.err == nil {
		w.err = f.Sync()
	}
	if cerr := f.Close(); w.err == nil {
		w.err = cerr
	}
	if w.err != nil {
		return w.err
	}
	return os.Rename(tmp, path)
}

func nativeOrder() uint64 {
	x := uint16(littleEnd)
	if *(*byte)(unsafe.Pointer(&x)) == 1 {
		return littleEnd
	}
	return 2
}

type snapReader struct {
	r    *bufio.Reader
	crc  hash.Hash32
	err  error
	left int64 // bytes of the file not read yet
}

func (r *snapReader) raw(b []byte) {
	if r.err != nil {
		return
	}
	if int64(len(b)) > r.left {
		r.err = unusable("cut short")
		return
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = unusable("cut short")
		return
	}
	r.left -= int64(len(b))
	r.crc.Write(b)
}

func (r *snapReader) u64() uint64 {
	var n [8]byte
	r.raw(n[:])
	return binary.LittleEndian.Uint64(n[:])
}

// length reads a section's length: n elements of size bytes, checked against the file.
func (r *snapReader) length(size int) int {
	n := r.u64()
	if r.err == nil && (n%uint64(size) != 0 || n > uint64(r.left)) {
		r.err = unusable("damaged (a section's length)")
		return 0
	}
	return int(n) / size
}

func (r *snapReader) bytes() []byte {
	b := make([]byte, r.length(1))
	r.raw(b)
	return b
}

func readNums[T uint32 | uint64 | int64](r *snapReader) []T {
	var zero T
	s := make([]T, r.length(int(unsafe.Sizeof(zero))))
	r.raw(sliceBytes(s))
	return s
}

// readSnapshot reads the snapshot at path into a new table of props: the table, the journal
// generation and the sync state. An *errUnusable says why the file cannot be used.
func readSnapshot(path string, props []string) (*Table, uint64, State, error) {
	var st State
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, st, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, st, err
	}
	r := &snapReader{r: bufio.NewReaderSize(f, 1<<20), crc: crc32.New(castagnoli), left: fi.Size() - 4}
	magic := make([]byte, 4)
	r.raw(magic)
	if r.err != nil || string(magic) != snapMagic {
		return nil, 0, st, unusable("not an index")
	}
	if v := r.u64(); v != FormatVersion {
		return nil, 0, st, unusable("format %d, this version reads %d", v, FormatVersion)
	}
	if r.u64() != nativeOrder() {
		return nil, 0, st, unusable("written on a machine of another byte order")
	}
	t := NewTable(props)
	if got := string(r.bytes()); r.err == nil && got != strings.Join(t.props, "\x00") {
		return nil, 0, st, unusable("it holds other properties")
	}
	gen := r.u64()
	if b := r.bytes(); r.err == nil {
		if err := st.decode(b); err != nil {
			return nil, 0, st, unusable("damaged (its sync state)")
		}
	}
	t.ids = readNums[int64](r)
	ids, rows := readNums[int64](r), readNums[uint32](r)
	t.live = int(r.u64())
	for i := range t.cols {
		c := &t.cols[i]
		flags := r.u64()
		if flags&1 != 0 {
			c.dedup = nil
		}
		c.isTime = flags&2 != 0
		c.data = r.bytes()
		c.off = readNums[uint32](r)
		c.codes = readNums[uint32](r)
		c.times = readNums[int64](r)
	}
	t.ftext = r.bytes()
	t.fstart, t.flen, t.fmask = readNums[uint32](r), readNums[uint32](r), readNums[uint64](r)
	t.fdead = int(r.u64())
	t.dirty = readNums[uint32](r)
	for k := range kinds {
		d := &t.words[k]
		d.text = r.bytes()
		d.off, d.pstart, d.post = readNums[uint32](r), readNums[uint32](r), readNums[uint32](r)
		d.built = true
	}
	if r.err != nil {
		return nil, 0, st, r.err
	}
	want := r.crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(r.r, sum[:]); err != nil || binary.LittleEndian.Uint32(sum[:]) != want || r.left != 0 {
		return nil, 0, st, unusable("damaged (its checksum does not match)")
	}
	if err := t.check(ids, rows); err != nil {
		return nil, 0, st, err
	}
	t.byID = make([]idRow, len(ids))
	for i := range ids {
		t.byID[i] = idRow{ids[i], rows[i]}
	}
	for i := range t.cols {
		if c := &t.cols[i]; c.dedup != nil {
			for code := 1; code < len(c.off)-1; code++ {
				c.dedup[string(c.value(uint32(code)))] = uint32(code)
			}
		}
	}
	return t, gen, st, nil
}

// check makes sure the arrays read agree with each other, so that no index is out of range
// later (a file can pass its checksum and still be wrong, written by a buggy version).
func (t *Table) check(ids []int64, rows []uint32) error {
	n := len(t.ids)
	bad := func(what string) error { return unusable("damaged (%s)", what) }
	if len(ids) != len(rows) || len(t.fstart) != n || len(t.flen) != n || len(t.fmask) != n {
		return bad("row counts")
	}
	live := 0
	for i, r := range rows {
		if int(r) >= n || t.ids[r] != ids[i] || i > 0 && ids[i] <= ids[i-1] {
			return bad("ids")
		}
	}
	for _, id := range t.ids {
		if id != 0 {
			live++
		}
	}
	if live != t.live || live != len(ids) {
		return bad("live rows")
	}
	for i := range t.cols {
		c := &t.cols[i]
		if c.isTime && (len(c.times) != n || len(c.codes) != 0) || !c.isTime && len(c.times) != 0 {
			return bad("a column")
		}
		if !c.isTime && len(c.codes) != n || len(c.off) < 2 || c.off[0] != 0 || c.off[1] != 0 || int(c.off[len(c.off)-1]) != len(c.data) {
			return bad("a column")
		}
		for j := 1; j < len(c.off); j++ {
			if c.off[j] < c.off[j-1] {
				return bad("a column")
			}
		}
		for _, code := range c.codes {
			if int(code) >= len(c.off)-1 {
				return bad("a column")
			}
		}
	}
	for r := range n {
		if uint64(t.fstart[r])+uint64(t.flen[r]) > uint64(len(t.ftext)) || t.flen[r] > 0 && t.ftext[t.fstart[r]+t.flen[r]-1] != 0 {
			return bad("find fields")
		}
	}
	for _, r := range t.dirty {
		if int(r) >= n || t.isDir.has(r) {
			return bad("changed rows")
		}
		t.isDir.set(r)
	}
	for k := range kinds {
		d := &t.words[k]
		if len(d.off) == 0 || len(d.pstart) != len(d.off) || d.off[0] != 0 || int(d.off[len(d.off)-1]) != len(d.text) ||
			d.pstart[0] != 0 || int(d.pstart[len(d.pstart)-1]) != len(d.post) {
			return bad("words")
		}
		for j := 1; j < len(d.off); j++ {
			if d.off[j] <= d.off[j-1] || d.pstart[j] < d.pstart[j-1] || d.text[d.off[j]-1] != 0 {
				return bad("words")
			}
		}
		for _, r := range d.post {
			if int(r) >= n {
				return bad("words")
			}
		}
	}
	return nil
}
