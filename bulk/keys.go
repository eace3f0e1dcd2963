package bulk

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"iter"
	"os"
	"slices"
)

// Limits of the repeated-key check: keyBudget keys are held in memory at once (16 bytes each);
// a file with more has them sorted in runs of keyBudget in an anonymous temporary file, then
// merged. More than maxRepeatedRows rows repeating another row's key is a file that holds
// itself twice, refused whole.
const (
	keyBudget       = 1 << 16
	maxRepeatedRows = 100_000
)

// keyIndex finds the keys given on more than one row of a file (HubSpot would write one row
// over the other), in memory that does not grow with the file: each key is kept as a 64-bit
// hash (seeded afresh for each import) with its line, and sorted; beyond keyBudget keys the
// sorted runs wait in a temporary file (hashes and line numbers only) to be merged.
type keyIndex struct {
	m        *Mapping
	seed     maphash.Seed
	buf      []keyLine
	runs     *os.File // sorted runs of keyBudget pairs, when there are more
	nruns    int
	err      error // writing a run failed
	repeats  map[uint64][]int
	repeated int // rows in repeats
	okRows   int // rows among the repeats that are otherwise valid
}

// keyLine is a key's hash and its row: line<<1, plus 1 when the row is otherwise valid.
type keyLine struct {
	hash uint64
	line uint64
}

func (a keyLine) less(b keyLine) bool { return a.hash < b.hash || a.hash == b.hash && a.line < b.line }

func newKeyIndex(m *Mapping) *keyIndex {
	return &keyIndex{m: m, seed: maphash.MakeSeed(), repeats: map[uint64][]int{}}
}

func (x *keyIndex) hash(key string) uint64 { return maphash.String(x.seed, key) }

func pack(line int, ok bool) uint64 {
	v := uint64(line) << 1
	if ok {
		v |= 1
	}
	return v
}

// add counts the key of one row (none for a row without a valid key).
func (x *keyIndex) add(key string, line int, ok bool) {
	if key == "" || x.err != nil {
		return
	}
	x.buf = append(x.buf, keyLine{x.hash(key), pack(line, ok)})
	if len(x.buf) == keyBudget {
		x.err = x.spill()
	}
}

// spill writes the pairs held as one sorted run.
func (x *keyIndex) spill() error {
	if x.runs == nil {
		f, err := os.CreateTemp("", "hubcontacts-keys-*")
		if err != nil {
			return fmt.Errorf("checking the file for repeated keys: %w", err)
		}
		_ = os.Remove(f.Name()) // anonymous from now on (where the system allows it)
		x.runs = f
	}
	sortPairs(x.buf)
	w := bufio.NewWriter(x.runs)
	var b [16]byte
	for _, p := range x.buf {
		binary.LittleEndian.PutUint64(b[:8], p.hash)
		binary.LittleEndian.PutUint64(b[8:], p.line)
		_, _ = w.Write(b[:])
	}
	x.buf = x.buf[:0]
	x.nruns++
	if err := w.Flush(); err != nil {
		return fmt.Errorf("checking the file for repeated keys: %w", err)
	}
	return nil
}

func sortPairs(ps []keyLine) { slices.SortFunc(ps, func(a, b keyLine) int { return cmpPairs(a, b) }) }

func cmpPairs(a, b keyLine) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

// finish finds the repeated keys: from the pairs held, or by merging the sorted runs.
func (x *keyIndex) finish() error {
	if x.err != nil {
		return x.err
	}
	if x.runs == nil {
		sortPairs(x.buf)
		err := x.group(slices.Values(x.buf))
		x.buf = nil
		return err
	}
	defer x.discard()
	if len(x.buf) > 0 {
		if err := x.spill(); err != nil {
			return err
		}
	}
	x.buf = nil
	return x.group(x.merged())
}

// discard closes the runs' file.
func (x *keyIndex) discard() {
	if x.runs != nil {
		x.runs.Close()
		x.runs = nil
	}
}

// merged yields the pairs of every run in order (a k-way merge, a small buffer per run).
func (x *keyIndex) merged() iter.Seq[keyLine] {
	return func(yield func(keyLine) bool) {
		h := &runHeap{}
		size := int64(keyBudget) * 16
		for i := range x.nruns {
			r := &run{r: bufio.NewReaderSize(io.NewSectionReader(x.runs, int64(i)*size, size), 4096)}
			if r.next() {
				h.rs = append(h.rs, r)
			}
		}
		heap.Init(h)
		for h.Len() > 0 {
			r := h.rs[0]
			if !yield(r.cur) {
				return
			}
			if r.next() {
				heap.Fix(h, 0)
			} else {
				heap.Pop(h)
			}
		}
	}
}

// run reads one sorted run.
type run struct {
	r   *bufio.Reader
	cur keyLine
}

func (r *run) next() bool {
	var b [16]byte
	if _, err := io.ReadFull(r.r, b[:]); err != nil {
		return false
	}
	r.cur = keyLine{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}
	return true
}

type runHeap struct{ rs []*run }

func (h *runHeap) Len() int           { return len(h.rs) }
func (h *runHeap) Less(i, j int) bool { return h.rs[i].cur.less(h.rs[j].cur) }
func (h *runHeap) Swap(i, j int)      { h.rs[i], h.rs[j] = h.rs[j], h.rs[i] }
func (h *runHeap) Push(v any)         { h.rs = append(h.rs, v.(*run)) }
func (h *runHeap) Pop() any {
	v := h.rs[len(h.rs)-1]
	h.rs = h.rs[:len(h.rs)-1]
	return v
}

// group keeps, from pairs in order, the hashes given on more than one line.
func (x *keyIndex) group(pairs iter.Seq[keyLine]) error {
	var lines []int
	var cur uint64
	oks := 0
	flush := func() error {
		if len(lines) > 1 {
			x.repeats[cur] = lines
			x.okRows += oks
			if x.repeated += len(lines); x.repeated > maxRepeatedRows {
				return &FileError{Problems: []LineError{{Line: lines[0], Msg: fmt.Sprintf(
					"more than %d rows repeat the %s of another row (the first on lines %s): does the file hold its rows twice? Keep one row per contact",
					maxRepeatedRows, x.m.Key.Name, joinInts(lines[:min(len(lines), 5)]))}}}
			}
		}
		lines, oks = nil, 0
		return nil
	}
	for p := range pairs {
		if p.hash != cur || lines == nil {
			if err := flush(); err != nil {
				return err
			}
			cur = p.hash
		}
		lines = append(lines, int(p.line>>1))
		oks += int(p.line & 1)
	}
	return flush()
}

// validRepeats counts the rows refused only because their key is repeated.
func (x *keyIndex) validRepeats() int { return x.okRows }

// firstRepeatedLines are the first n lines whose key another line repeats.
func (x *keyIndex) firstRepeatedLines(n int) []int {
	var all []int
	for _, ls := range x.repeats {
		all = append(all, ls...)
	}
	slices.Sort(all)
	return all[:min(n, len(all))]
}

// maxLinesNamed is how many of a repeated key's lines its reason names.
const maxLinesNamed = 10

// repeatReason is why a row with key is refused when another row has it too; "" when none does.
func (x *keyIndex) repeatReason(key string) string {
	if key == "" || len(x.repeats) == 0 {
		return ""
	}
	lines := x.repeats[x.hash(key)]
	if len(lines) < 2 {
		return ""
	}
	named := joinInts(lines[:min(len(lines), maxLinesNamed)])
	if more := len(lines) - maxLinesNamed; more > 0 {
		named += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("%s %s is on lines %s; keep one row per contact", x.m.Key.Name, key, named)
}
