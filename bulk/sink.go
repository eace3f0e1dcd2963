package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hubcontacts/hubcontacts/api"
)

// IDColumn is the export's first column: the record id, under the name HubSpot gives it (an
// import skips it: HubSpot sets it).
const IDColumn = "hs_object_id"

// sink writes exported records in one format.
type sink interface {
	write(o *api.Object) error
	close() error
}

func newSink(w io.Writer, format string, props []string, raw bool) (sink, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cols := exportColumns(props)
	switch format {
	case "", FormatCSV:
		s := &csvSink{bw: bw, cw: csv.NewWriter(bw), cols: cols, row: make([]string, len(cols)), raw: raw}
		return s, s.cw.Write(cols)
	case FormatJSON:
		_, err := bw.WriteString("[")
		return &jsonSink{bw: bw, props: props}, err
	}
	return nil, fmt.Errorf("unknown export format %q: use csv or json", format)
}

// exportColumns is the id, then the properties (the id once).
func exportColumns(props []string) []string {
	cols := []string{IDColumn}
	for _, p := range props {
		if p != IDColumn {
			cols = append(cols, p)
		}
	}
	return cols
}

type csvSink struct {
	bw   *bufio.Writer
	cw   *csv.Writer
	cols []string
	row  []string
	raw  bool
}

func (s *csvSink) write(o *api.Object) error {
	s.row[0] = o.ID
	for i, c := range s.cols[1:] {
		s.row[i+1] = o.Properties[c]
		if !s.raw {
			s.row[i+1] = Neutralise(s.row[i+1])
		}
	}
	return s.cw.Write(s.row)
}

// Neutralise makes a CSV cell a spreadsheet would take for a formula (starting with =, +, -,
// @, a tab or a carriage return: "=HYPERLINK(…)", "+cmd|…", "@SUM(…)") plain text, with a
// leading ' as OWASP's CSV injection advice says; any other value is returned as it is.
func Neutralise(v string) string {
	if v != "" && strings.IndexByte("=+-@\t\r", v[0]) >= 0 {
		return "'" + v
	}
	return v
}

func (s *csvSink) close() error {
	s.cw.Flush()
	if err := s.cw.Error(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// jsonSink writes a JSON array of records shaped as HubSpot sends them: id, properties (null
// for no value), createdAt, updatedAt, archived.
type jsonSink struct {
	bw    *bufio.Writer
	props []string
	n     int
}

// jsonRecord is one exported record; field order as HubSpot's.
type jsonRecord struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  string             `json:"createdAt,omitempty"`
	UpdatedAt  string             `json:"updatedAt,omitempty"`
	Archived   bool               `json:"archived"`
}

// JSONRecord is a record as the JSON export and `get --json` write it, with the properties
// given (every property the record holds when names is nil).
func JSONRecord(o *api.Object, names []string) any {
	r := jsonRecord{ID: o.ID, Properties: map[string]*string{}, Archived: o.Archived,
		CreatedAt: isoTime(o.CreatedAt), UpdatedAt: isoTime(o.UpdatedAt)}
	if names == nil {
		for k, v := range o.Properties {
			r.Properties[k] = &v
		}
		return r
	}
	for _, n := range names {
		if v, ok := o.Properties[n]; ok {
			r.Properties[n] = &v
		} else {
			r.Properties[n] = nil
		}
	}
	return r
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func (s *jsonSink) write(o *api.Object) error {
	sep := ",\n"
	if s.n == 0 {
		sep = "\n"
	}
	s.n++
	if _, err := s.bw.WriteString(sep); err != nil {
		return err
	}
	return encodeJSON(s.bw, JSONRecord(o, s.props))
}

func (s *jsonSink) close() error {
	end := "]\n"
	if s.n > 0 {
		end = "\n]\n"
	}
	if _, err := s.bw.WriteString(end); err != nil {
		return err
	}
	return s.bw.Flush()
}

// encodeJSON writes v without HTML escaping and without the encoder's trailing newline.
func encodeJSON(w *bufio.Writer, v any) error {
	b, err := MarshalRaw(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// MarshalRaw is json.Marshal without HTML escaping: values decode exactly as HubSpot has them.
// What a terminal might act on is written as a \u escape (same value once decoded): json
// already escapes C0 controls; MarshalRaw also escapes C1 controls, DEL and format characters
// (bidi overrides, zero-width), so JSON shown on a terminal cannot drive it.
func MarshalRaw(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return escapeInvisible(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// escapeInvisible rewrites DEL, C1 controls and format characters as \u escapes. In JSON text
// they can only occur inside strings, where the escape means the same character.
func escapeInvisible(b []byte) []byte {
	if !bytes.ContainsFunc(b, needsEscape) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if needsEscape(r) {
			out = appendEscape(out, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func needsEscape(r rune) bool {
	return r == 0x7f || r >= 0x80 && r <= 0x9f || r != utf8.RuneError && unicode.Is(unicode.Cf, r)
}

func appendEscape(out []byte, r rune) []byte {
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		return fmt.Appendf(out, "\\u%04x\\u%04x", hi, lo)
	}
	return fmt.Appendf(out, "\\u%04x", r)
}
