package bulk

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// PropertySource gives property definitions; *api.Client is one.
type PropertySource interface {
	Properties(ctx context.Context, objectType string) ([]api.Property, error)
}

// What a plan keeps of the file for showing it: the first rows and the first refused rows.
const (
	KeptRows     = 10
	KeptRefusals = 20
)

// Record is one row ready to send: its key and the values to write (the key itself excluded:
// it is the upsert's id). Empty cells are not sent, so they never clear a value in HubSpot.
type Record struct {
	Line  int
	Key   string
	Props map[string]string
	Cells []string // the row as the file has it
}

// Rejected is a row that is not sent, with every reason found.
type Rejected struct {
	Line    int
	Reasons []string
}

// Reason joins the reasons into one line.
func (r Rejected) Reason() string { return strings.Join(r.Reasons, "; ") }

// Plan is a file checked against the mapping, writing nothing: how many rows would be sent
// and how many are refused, the first rows and the first refused rows (for showing), and what
// it takes to read the file again to write it (Upsert). Memory does not grow with the file.
type Plan struct {
	Header  []string
	Comma   rune // the file's separator (the failures file uses it too)
	Mapping *Mapping
	Valid   int // rows that would be sent
	Refused int // rows refused before sending
	Blank   int // empty rows skipped
	// Refusals are the first refused rows (KeptRefusals at most), in line order.
	Refusals []Rejected

	src   Source
	cols  []Column     // the imported columns
	first []checkedRow // the first rows (KeptRows at most)
	keys  *keyIndex
}

// checkedRow is one of the first rows as the first pass checked it (before the repeated keys
// are known).
type checkedRow struct {
	rec     Record
	reasons []string
}

// Rows counts the data rows (blank ones aside).
func (p *Plan) Rows() int { return p.Valid + p.Refused }

// Source is the file the plan reads.
func (p *Plan) Source() Source { return p.src }

// Prepare reads a CSV file, maps its header onto the contact properties and checks every row
// (values, a key on each row, no key on two rows), writing nothing: the plan is what an import
// would send (a dry run stops here). A malformed file is a *FileError, a header that does not
// map a *MappingError. The file is read a row at a time and may be read more than once.
func Prepare(ctx context.Context, ps PropertySource, src Source, o MapOptions) (*Plan, error) {
	p := &Plan{src: src}
	var m *Mapping
	err := scan(ctx, src, func(rd *CSVReader) error {
		defs, err := ps.Properties(ctx, api.ObjectContacts)
		if err != nil {
			return err
		}
		if m, err = MapHeader(rd.Header, defs, o); err != nil {
			return err
		}
		p.Header, p.Comma, p.Mapping, p.cols, p.keys = rd.Header, rd.Comma, m, m.Imported(), newKeyIndex(m)
		return nil
	}, p.check)
	if err != nil {
		if p.keys != nil {
			p.keys.discard()
		}
		return nil, err
	}
	if err := p.keys.finish(); err != nil {
		return nil, err
	}
	return p, p.settleRefusals(ctx)
}

// scan reads src from its start: head sees the reader once the header is read, then each row
// goes to row. Ctrl-C (ctx) stops it between rows.
func scan(ctx context.Context, src Source, head func(*CSVReader) error, row func(Row) error) error {
	in, err := src.Open(ctx)
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := NewCSVReader(in)
	if err != nil {
		return err
	}
	if head != nil {
		if err := head(rd); err != nil {
			return err
		}
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := row(r); err != nil {
			return err
		}
	}
}

// check counts one row of the first pass and keeps it when it is among the first shown.
func (p *Plan) check(row Row) error {
	keep := len(p.first) < KeptRows
	var rec Record
	var reasons []string
	if keep {
		rec, reasons = buildRecord(row, p.Mapping, p.cols)
	} else {
		rec.Key, reasons = checkRecord(row, p.Mapping, p.cols)
	}
	p.keys.add(rec.Key, row.Line, len(reasons) == 0)
	if len(reasons) > 0 {
		p.Refused++
		if len(p.Refusals) < KeptRefusals {
			p.Refusals = append(p.Refusals, Rejected{Line: row.Line, Reasons: reasons})
		}
	} else {
		p.Valid++
	}
	if keep {
		p.first = append(p.first, checkedRow{rec: rec, reasons: reasons})
	}
	return nil
}

// settleRefusals counts the rows refused for a repeated key and puts the first of them among
// the refusals shown (reading the file again as far as their keys when they are not at hand).
func (p *Plan) settleRefusals(ctx context.Context) error {
	moved := p.keys.validRepeats()
	p.Valid -= moved
	p.Refused += moved
	lines := p.keys.firstRepeatedLines(KeptRefusals)
	if len(lines) == 0 {
		return nil
	}
	byLine := map[int]*Rejected{}
	for i := range p.Refusals {
		byLine[p.Refusals[i].Line] = &p.Refusals[i]
	}
	need := map[int]bool{}
	for _, l := range lines {
		if byLine[l] == nil {
			need[l] = true
		}
	}
	var added []Rejected
	last := lines[len(lines)-1]
	err := scan(ctx, p.src, nil, func(row Row) error {
		if row.Line > last {
			return errStop
		}
		key := keyOf(row.Cells[p.Mapping.KeyCol], p.Mapping)
		reason := p.keys.repeatReason(key)
		switch {
		case reason == "":
		case byLine[row.Line] != nil:
			byLine[row.Line].Reasons = append(byLine[row.Line].Reasons, reason)
		case need[row.Line]:
			added = append(added, Rejected{Line: row.Line, Reasons: []string{reason}})
		}
		return nil
	})
	if err != nil && err != errStop {
		return err
	}
	p.Refusals = append(p.Refusals, added...)
	sort.Slice(p.Refusals, func(a, b int) bool { return p.Refusals[a].Line < p.Refusals[b].Line })
	p.Refusals = p.Refusals[:min(len(p.Refusals), KeptRefusals)]
	return nil
}

// errStop ends a scan early.
var errStop = fmt.Errorf("stop")

// row checks one row as the import sends it: the record, or every reason it is refused.
func (p *Plan) row(row Row) (Record, []string) {
	rec, reasons := buildRecord(row, p.Mapping, p.cols)
	if r := p.keys.repeatReason(rec.Key); r != "" {
		reasons = append(reasons, r)
	}
	return rec, reasons
}

// buildRecord turns one row into a record, or lists what is wrong with it.
// cols are the mapping's imported columns (m.Imported(), worked out once per file).
func buildRecord(row Row, m *Mapping, cols []Column) (Record, []string) {
	rec := Record{Line: row.Line, Cells: row.Cells, Props: map[string]string{}}
	var reasons []string
	rec.Key, reasons = eachValue(row, m, cols, func(name, v string) { rec.Props[name] = v })
	return rec, reasons
}

// checkRecord is buildRecord's key and reasons without the record: the first pass keeps no
// more of most rows, and a map a row was most of its cost.
func checkRecord(row Row, m *Mapping, cols []Column) (key string, reasons []string) {
	return eachValue(row, m, cols, func(string, string) {})
}

// eachValue reads each imported cell of the row through its property's rule, handing every
// value but the key's to put, and returns the key and every reason the row is refused.
func eachValue(row Row, m *Mapping, cols []Column, put func(name, v string)) (key string, reasons []string) {
	for _, c := range cols {
		raw := strings.TrimSpace(row.Cells[c.Index])
		if raw == "" {
			continue
		}
		v, err := m.Value(c.Property, raw)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("%s: %v", c.Header, err))
			continue
		}
		if c.Index == m.KeyCol {
			key = v
			continue
		}
		put(c.Property.Name, v)
	}
	if strings.TrimSpace(row.Cells[m.KeyCol]) == "" {
		reasons = append(reasons, fmt.Sprintf("no %s (the key): every row needs one", m.Key.Name))
	}
	return key, reasons
}

// keyOf is a row's key as HubSpot compares it (emails ignore case).
func keyOf(cell string, m *Mapping) string {
	v, err := m.Value(m.Key, cell)
	if err != nil {
		return ""
	}
	return v
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// Preview is the first rows as they would be sent: one value per imported column.
type Preview struct {
	Columns []Column
	Rows    []PreviewRow
}

// PreviewRow is one row of the preview; Problem is set for a row that would be refused.
type PreviewRow struct {
	Line    int
	Values  []string
	Problem string
}

// Preview returns the first n data rows (KeptRows at most) as they would be sent.
func (p *Plan) Preview(n int) Preview {
	pv := Preview{Columns: p.Mapping.Imported()}
	for _, f := range p.first[:min(n, len(p.first))] {
		reasons := f.reasons
		if r := p.keys.repeatReason(f.rec.Key); r != "" {
			reasons = append(reasons[:len(reasons):len(reasons)], r)
		}
		row := PreviewRow{Line: f.rec.Line, Values: make([]string, len(pv.Columns))}
		for i, c := range pv.Columns {
			switch {
			case len(reasons) > 0:
				row.Values[i] = f.rec.Cells[c.Index]
			case c.Index == p.Mapping.KeyCol:
				row.Values[i] = f.rec.Key
			default:
				row.Values[i] = f.rec.Props[c.Property.Name]
			}
		}
		row.Problem = strings.Join(reasons, "; ")
		pv.Rows = append(pv.Rows, row)
	}
	return pv
}
