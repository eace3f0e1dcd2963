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

// Prepare reads a CSV file, maps its header onto the contact properties and validates every
// row, writing nothing: the plan is what an import would send (a dry run stops here). A
// malformed file is a *FileError, a header that does not map a *MappingError.
func Prepare(ctx context.Context, ps PropertySource, r io.Reader, o MapOptions) (*Plan, error) {
	t, err := ReadCSV(r)
	if err != nil {
		return nil, err
	}
	defs, err := ps.Properties(ctx, api.ObjectContacts)
	if err != nil {
		return nil, err
	}
	m, err := MapHeader(t.Header, defs, o)
	if err != nil {
		return nil, err
	}
	return NewPlan(t, m), nil
}

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
	Row     Row
	Reasons []string
}

// Reason joins the reasons into one line.
func (r Rejected) Reason() string { return strings.Join(r.Reasons, "; ") }

// Plan is a file validated against the mapping: the rows to send and the rows refused, each row
// in exactly one of the two, in file order.
type Plan struct {
	Header   []string
	Comma    rune // the file's separator (the failures file uses it too)
	Mapping  *Mapping
	Records  []Record
	Rejected []Rejected
	Blank    int // empty rows skipped
}

// NewPlan checks every row: the key is present and given once in the file, and every value
// suits its property (emails, enumeration options, numbers, dates, booleans).
func NewPlan(t *Table, m *Mapping) *Plan {
	p := &Plan{Header: t.Header, Comma: t.Comma, Mapping: m, Blank: t.Blank}
	dups := duplicateKeys(t.Rows, m)
	for _, row := range t.Rows {
		rec, reasons := buildRecord(row, m)
		if lines := dups[rec.Key]; len(lines) > 1 && rec.Key != "" {
			reasons = append(reasons, fmt.Sprintf("%s %s is on lines %s; keep one row per contact", m.Key.Name, rec.Key, joinInts(lines)))
		}
		if len(reasons) > 0 {
			p.Rejected = append(p.Rejected, Rejected{Row: row, Reasons: reasons})
			continue
		}
		p.Records = append(p.Records, rec)
	}
	return p
}

// Rows counts the data rows (blank ones aside).
func (p *Plan) Rows() int { return len(p.Records) + len(p.Rejected) }

// buildRecord turns one row into a record, or lists what is wrong with it.
func buildRecord(row Row, m *Mapping) (Record, []string) {
	rec := Record{Line: row.Line, Cells: row.Cells, Props: map[string]string{}}
	var reasons []string
	for _, c := range m.Imported() {
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
			rec.Key = v
			continue
		}
		rec.Props[c.Property.Name] = v
	}
	if strings.TrimSpace(row.Cells[m.KeyCol]) == "" {
		reasons = append(reasons, fmt.Sprintf("no %s (the key): every row needs one", m.Key.Name))
	}
	return rec, reasons
}

// duplicateKeys maps each key given on more than one line to those lines.
func duplicateKeys(rows []Row, m *Mapping) map[string][]int {
	lines := map[string][]int{}
	for _, row := range rows {
		k := keyOf(row.Cells[m.KeyCol], m)
		if k != "" {
			lines[k] = append(lines[k], row.Line)
		}
	}
	for k, ls := range lines {
		if len(ls) < 2 {
			delete(lines, k)
		}
	}
	return lines
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
	sort.Ints(ns)
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

// Preview returns the first n data rows as they would be sent.
func (p *Plan) Preview(n int) Preview {
	pv := Preview{Columns: p.Mapping.Imported()}
	recs, rejs := p.Records, p.Rejected
	for len(pv.Rows) < n && (len(recs) > 0 || len(rejs) > 0) {
		if len(rejs) == 0 || len(recs) > 0 && recs[0].Line < rejs[0].Row.Line {
			pv.Rows = append(pv.Rows, p.previewRecord(recs[0], pv.Columns))
			recs = recs[1:]
			continue
		}
		pv.Rows = append(pv.Rows, PreviewRow{Line: rejs[0].Row.Line, Values: cellsOf(rejs[0].Row.Cells, pv.Columns), Problem: rejs[0].Reason()})
		rejs = rejs[1:]
	}
	return pv
}

func (p *Plan) previewRecord(r Record, cols []Column) PreviewRow {
	vals := make([]string, len(cols))
	for i, c := range cols {
		if c.Index == p.Mapping.KeyCol {
			vals[i] = r.Key
			continue
		}
		vals[i] = r.Props[c.Property.Name]
	}
	return PreviewRow{Line: r.Line, Values: vals}
}

func cellsOf(cells []string, cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = cells[c.Index]
	}
	return out
}
