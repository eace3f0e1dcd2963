package ui

import (
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/hubcontacts/hubcontacts/internal/rank"
)

// contactRows are contacts as the list holds them, compactly: a row's texts (its id, its cells
// joined by one space, which is the row's Key, and the contact's name, email, company and
// secondary emails where no cell holds them already) lie one after another in its page's text,
// and the row keeps only where each starts and ends. A row is made whole (its cells, its
// contact) only when it is drawn or asked for; find ranks the fields where they lie. With the
// default columns a contact takes about 110 bytes this way, about 430 as a row of strings.
//
// A value of contactRows is never changed: adding pages makes a new one sharing the old one's
// pages, so a rank running off the UI goroutine reads the rows it was given safely. Its ids
// (the row of a contact id) are kept for the rows added since the first page and read on the
// UI goroutine only.
type contactRows struct {
	pages []*rowPage
	first []int // first[k] is the row index of pages[k]'s first row; one more at the end: the count
	ids   *idTable
	pool  *rankPool // the ranks over these rows share it (and it outlives a reload: keepPool)
}

// keepPool is rows (the list's reloaded) sharing was's ranks' buffers.
func (r contactRows) keepPool(was contactRows) contactRows {
	r.pool = was.pool
	return r
}

// rowPage is up to pageRows rows with the same number of cells.
type rowPage struct {
	text  string
	o16   []uint16 // each row's offsets into text (stride a row) when text is under 64 KiB
	o32   []uint32 // else
	ncols int
	n     int
	// lower holds the lower-cased text of a field that does not fold (rank.Folds), by
	// lowerKey: rare (letters beyond ASCII with capitals).
	lower map[int]string
}

// pageRows is the most rows one page holds.
const pageRows = 256

// A row's offsets: its start (the id's), the id's end (the Key's start), each cell's end, then
// the start and end of the contact's id, name, email, company and secondary emails (joined by
// a NUL: sanitized text holds none).
const (
	offID       = 0
	offKey      = 1
	offCells    = 2
	contactOffs = 10 // after the cells: id, name, email, company, secondary, as start and end
)

// lowerKey is where lower keeps field f of row k.
func lowerKey(k, f int) int { return k<<16 | f }

func (p *rowPage) stride() int { return offCells + p.ncols + contactOffs }

func (p *rowPage) off(i int) int {
	if p.o16 != nil {
		return int(p.o16[i])
	}
	return int(p.o32[i])
}

// newContactRows holds rows (contact rows, as columns.row makes them).
func newContactRows(rows []row) contactRows { return contactRows{}.with(encodePages(rows)) }

// encodePages lays rows out in pages (off the UI goroutine: a page of the list is laid out where
// it is fetched).
func encodePages(rows []row) []*rowPage {
	var out []*rowPage
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && n < pageRows && len(rows[n].Cells) == len(rows[0].Cells) {
			n++
		}
		out = append(out, encodePage(rows[:n]))
		rows = rows[n:]
	}
	return out
}

// with is r with pages added after its rows.
func (r contactRows) with(pages []*rowPage) contactRows {
	for _, p := range pages {
		r = r.withPage(p)
	}
	return r
}

func (r contactRows) withPage(p *rowPage) contactRows {
	if r.first == nil {
		r.first, r.ids = []int{0}, newIDTable()
	}
	if r.pool == nil {
		r.pool = &rankPool{}
	}
	at := r.Len()
	r.pages = append(r.pages, p)
	r.first = append(r.first, at+p.n)
	for i := range p.n {
		r.ids.add(r, at+i)
	}
	return r
}

// encodePage lays rows out in one page.
func encodePage(rows []row) *rowPage {
	p := &rowPage{n: len(rows), ncols: len(rows[0].Cells)}
	stride := p.stride()
	offs := make([]uint32, 0, stride*len(rows))
	var b strings.Builder
	for i := range rows {
		r := &rows[i]
		start := b.Len()
		offs = append(offs, uint32(start))
		b.WriteString(r.ID)
		keyAt := b.Len()
		offs = append(offs, uint32(keyAt))
		for c, cell := range r.Cells {
			if c > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(cell)
			offs = append(offs, uint32(b.Len()))
		}
		// A field a cell (or the id) holds already points there.
		place := func(s string) {
			if i := strings.Index(b.String()[start:], s); s != "" && i >= 0 {
				offs = append(offs, uint32(start+i), uint32(start+i+len(s)))
				return
			}
			at := b.Len()
			b.WriteString(s)
			offs = append(offs, uint32(at), uint32(b.Len()))
		}
		v := r.Value
		place(v.id)
		place(v.name)
		place(v.email)
		place(v.company)
		place(strings.Join(v.secondary, "\x00"))
		f := 0
		for _, s := range [...]string{v.name, v.email, v.company} {
			if s != "" {
				p.foldOrLower(i, f, s)
				f++
			}
		}
		for _, s := range v.secondary {
			p.foldOrLower(i, f, s)
			f++
		}
	}
	p.text = strings.Clone(b.String()) // without the builder's room to grow
	if len(p.text) <= 0xffff {
		p.o16 = make([]uint16, len(offs))
		for i, o := range offs {
			p.o16[i] = uint16(o)
		}
	} else {
		p.o32 = offs
	}
	return p
}

// foldOrLower keeps field f of row k lower-cased when it does not fold (the fields are counted
// as rankFields gives them).
func (p *rowPage) foldOrLower(k, f int, s string) {
	if rank.Folds(s) {
		return
	}
	if p.lower == nil {
		p.lower = make(map[int]string)
	}
	p.lower[lowerKey(k, f)] = lower(s)
}

// Len is how many rows r holds.
func (r contactRows) Len() int {
	if len(r.first) == 0 {
		return 0
	}
	return r.first[len(r.first)-1]
}

// page finds row i: its page and its index there.
func (r contactRows) page(i int) (*rowPage, int) {
	k := r.pageOf(i)
	return r.pages[k], i - r.first[k]
}

// pageOf is the index of row i's page.
func (r contactRows) pageOf(i int) int {
	return sort.Search(len(r.pages), func(k int) bool { return r.first[k+1] > i })
}

// Row makes row i whole.
func (r contactRows) Row(i int) row {
	p, k := r.page(i)
	return p.row(k)
}

// ID is row i's contact id.
func (r contactRows) ID(i int) string {
	p, k := r.page(i)
	b := k * p.stride()
	return p.text[p.off(b+offID):p.off(b+offKey)]
}

// Find is the row of a contact id (the last, if several rows hold it).
func (r contactRows) Find(id string) (int, bool) {
	if r.ids == nil {
		return 0, false
	}
	return r.ids.find(r, id)
}

func (p *rowPage) row(k int) row {
	b := k * p.stride()
	t := p.text
	cells := make([]string, p.ncols)
	at := p.off(b + offKey)
	key := t[at:at]
	for c := range cells {
		end := p.off(b + offCells + c)
		cells[c] = t[at:end]
		key = t[p.off(b+offKey):end]
		at = end + 1
	}
	field := func(j int) string {
		o := b + offCells + p.ncols + 2*j
		return t[p.off(o):p.off(o+1)]
	}
	v := contact{id: field(0), name: field(1), email: field(2), company: field(3)}
	if sec := field(4); sec != "" {
		v.secondary = strings.Split(sec, "\x00")
	}
	return row{ID: t[p.off(b+offID):p.off(b+offKey)], Cells: cells, Key: key, Value: v}
}

// rankFields appends row k's find fields, in rank order: name, email, company (when set),
// then the secondary emails; each with its lower-cased text only when it does not fold.
func (p *rowPage) rankFields(k int, dst []rankField) []rankField {
	b := k*p.stride() + offCells + p.ncols
	t, start := p.text, len(dst)
	for j := range 3 {
		if s := t[p.off(b+2+2*j):p.off(b+3+2*j)]; s != "" {
			dst = append(dst, rankField{text: s, at: -1, kind: matchField(j)})
		}
	}
	for sec := t[p.off(b+8):p.off(b+9)]; sec != ""; {
		s, rest, _ := strings.Cut(sec, "\x00")
		dst = append(dst, rankField{text: s, at: -1, kind: fieldSecondary})
		sec = rest
	}
	if p.lower != nil {
		for f := start; f < len(dst); f++ {
			dst[f].lower = p.lower[lowerKey(k, f-start)]
		}
	}
	return dst
}

// eachID calls fn with each row's contact id, in order.
func (r contactRows) eachID(fn func(i int, id string)) {
	for k, p := range r.pages {
		for j := range p.n {
			b := j * p.stride()
			fn(r.first[k]+j, p.text[p.off(b+offID):p.off(b+offKey)])
		}
	}
}

// appliedRows is changedMsg.applied for rows held as contactRows: only the pages holding a
// changed contact are laid out again, and the ids kept when no row went.
func (m changedMsg) appliedRows(r contactRows, cols columns) (contactRows, bool) {
	touched := map[int]bool{} // pages
	r.eachID(func(i int, id string) {
		if m.touches(id) && !slices.Contains(m.updated, id) {
			touched[r.pageOf(i)] = true
		}
	})
	if len(touched) == 0 {
		return r, false
	}
	var pages []*rowPage
	same := true // every page keeps its rows' count: the ids stay right
	for k, p := range r.pages {
		if !touched[k] {
			pages = append(pages, p)
			continue
		}
		rows := make([]row, p.n)
		for j := range rows {
			rows[j] = p.row(j)
		}
		rows, _ = m.applied(rows, cols)
		next := encodePages(rows)
		same = same && len(next) == 1 && next[0].n == p.n
		pages = append(pages, next...)
	}
	if same {
		return contactRows{pages: pages, first: r.first, ids: r.ids, pool: r.pool}, true
	}
	return contactRows{pool: r.pool}.with(pages), true
}

// idTable finds a row by contact id: open addressing over row indexes, half full at most.
type idTable struct {
	seed  maphash.Seed
	slots []int32 // a row index + 1; 0 is free
	n     int
}

func newIDTable() *idTable { return &idTable{seed: maphash.MakeSeed(), slots: make([]int32, 64)} }

func (t *idTable) slot(id string) int {
	return int(maphash.String(t.seed, id) & uint64(len(t.slots)-1))
}

// add adds row i of r (a later row with the same id takes its place).
func (t *idTable) add(r contactRows, i int) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow(r, i)
	}
	id := r.ID(i)
	for s := t.slot(id); ; s = (s + 1) & (len(t.slots) - 1) {
		switch at := t.slots[s]; {
		case at == 0:
			t.slots[s] = int32(i + 1)
			t.n++
			return
		case int(at-1) < r.Len() && r.ID(int(at-1)) == id:
			t.slots[s] = int32(i + 1)
			return
		}
	}
}

// grow doubles the table and adds the rows before i again.
func (t *idTable) grow(r contactRows, i int) {
	t.slots, t.n = make([]int32, 2*len(t.slots)), 0
	for j := range i {
		t.add(r, j)
	}
}

func (t *idTable) find(r contactRows, id string) (int, bool) {
	for s := t.slot(id); ; s = (s + 1) & (len(t.slots) - 1) {
		at := int(t.slots[s]) - 1
		switch {
		case at < 0:
			return 0, false
		case at < r.Len() && r.ID(at) == id:
			return at, true
		}
	}
}

// rowSet is a set of row indexes.
type rowSet []uint64

func newRowSet(n int, reuse rowSet) rowSet {
	words := (n + 63) / 64
	if cap(reuse) >= words {
		s := reuse[:words]
		clear(s)
		return s
	}
	return make(rowSet, words)
}

func (s rowSet) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s rowSet) has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }
