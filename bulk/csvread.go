package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Table is a CSV file read whole: its header and its data rows, each with the line it starts on.
type Table struct {
	Header []string
	Rows   []Row
	// Comma is the separator found in the header line: ',', ';' or a tab.
	Comma rune
	// Blank counts rows skipped because every cell was empty (spreadsheets append them).
	Blank int
}

// Row is one data row and the file line it starts on (1 is the header).
type Row struct {
	Line  int
	Cells []string
}

// LineError is one thing wrong with a file, at a line, and at a column (a field) or a
// character of the line when it can say.
type LineError struct {
	Line   int
	Column int    // 1-based field number; 0 when not about one field
	Name   string // the column's name in the header, when known
	Char   int    // 1-based byte position in the line; 0 when not known
	Msg    string
}

func (e LineError) String() string {
	switch {
	case e.Column > 0 && e.Name != "":
		return fmt.Sprintf("line %d, column %d (%s): %s", e.Line, e.Column, e.Name, e.Msg)
	case e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	case e.Char > 0:
		return fmt.Sprintf("line %d, character %d: %s", e.Line, e.Char, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// FileError is a malformed file: the problems found, each naming its line. Nothing in such a
// file is imported.
type FileError struct {
	Problems []LineError
}

func (e *FileError) Error() string {
	s := "the CSV file is malformed: " + e.Problems[0].String()
	if n := len(e.Problems) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more problem%s)", n, plural(n))
	}
	return s
}

// maxFileProblems is how many ragged or non-UTF-8 lines are reported before reading stops.
const maxFileProblems = 20

// ReadCSV reads a whole CSV file. A UTF-8 byte-order mark is skipped; the separator is the one
// of ',', ';' and tab the header line uses most. Ragged rows, bad quoting and text that is not
// UTF-8 give a *FileError naming each line.
func ReadCSV(r io.Reader) (*Table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipBOM(br); err != nil {
		return nil, err
	}
	t := &Table{Comma: sniffComma(br)}
	cr := csv.NewReader(br)
	cr.Comma = t.Comma
	var problems []LineError
	for len(problems) < maxFileProblems {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if p, fatal := recordProblem(cr, rec, err, t.Header); p != nil {
			problems = append(problems, *p)
			if fatal {
				break
			}
			continue
		}
		t.add(cr, rec)
	}
	return t.finish(problems)
}

// add takes the header (the first record) or a data row.
func (t *Table) add(cr *csv.Reader, rec []string) {
	if t.Header == nil {
		t.Header = rec
		return
	}
	if blankRecord(rec) {
		t.Blank++
		return
	}
	line, _ := cr.FieldPos(0)
	t.Rows = append(t.Rows, Row{Line: line, Cells: rec})
}

func (t *Table) finish(problems []LineError) (*Table, error) {
	if len(problems) == 0 && t.Header == nil {
		problems = append(problems, LineError{Line: 1, Msg: "the file is empty; its first line must be a header naming the columns"})
	}
	if len(problems) == 0 {
		problems = headerProblems(t.Header)
	}
	if len(problems) > 0 {
		return nil, &FileError{Problems: problems}
	}
	return t, nil
}

// skipBOM drops a UTF-8 byte-order mark and refuses UTF-16 (Excel's "Unicode text").
func skipBOM(br *bufio.Reader) error {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &FileError{Problems: []LineError{{Line: 1, Msg: "the file is UTF-16 text, not UTF-8; save it as \"CSV UTF-8\" and try again"}}}
	}
	return nil
}

// sniffComma picks the separator the header line uses most (',' when it uses none).
func sniffComma(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if n := countOutsideQuotes(head, byte(c)); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

func countOutsideQuotes(line []byte, c byte) int {
	n, quoted := 0, false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == c && !quoted:
			n++
		}
	}
	return n
}

// recordProblem turns a read error or a non-UTF-8 field into a LineError; fatal means the
// reader cannot go on (the quoting is out of step).
func recordProblem(cr *csv.Reader, rec []string, err error, header []string) (*LineError, bool) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return parseProblem(pe, len(rec), len(header))
	}
	if err != nil {
		return &LineError{Line: 0, Msg: "reading the file: " + err.Error()}, true
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			line, _ := cr.FieldPos(i)
			le := &LineError{Line: line, Column: i + 1, Msg: notUTF8(f)}
			if i < len(header) && utf8.ValidString(header[i]) {
				le.Name = header[i]
			}
			return le, false
		}
	}
	return nil, false
}

func parseProblem(pe *csv.ParseError, got, width int) (*LineError, bool) {
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return &LineError{Line: pe.StartLine, Msg: fmt.Sprintf("%d field%s, but the header has %d; every row needs one value per column (empty values are fine)", got, plural(got), width)}, false
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return &LineError{Line: pe.Line, Char: pe.Column, Msg: `a " inside a field that does not start with one; put the whole field in quotes and double the inner quote ("")`}, true
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		return &LineError{Line: pe.StartLine, Msg: fmt.Sprintf(`a quoted field starts here and is not closed properly (reading stopped at line %d); check its quotes`, pe.Line)}, true
	case errors.Is(pe.Err, csv.ErrQuote):
		return &LineError{Line: pe.Line, Msg: `a quoted field is not closed properly: its closing quote must come right before a separator or the end of the line (write a quote inside it as "")`}, true
	}
	return &LineError{Line: pe.Line, Char: pe.Column, Msg: pe.Err.Error()}, true
}

// notUTF8 describes the first byte that is not UTF-8.
func notUTF8(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return fmt.Sprintf("not UTF-8 text (byte 0x%02X); save the file as \"CSV UTF-8\" and try again", s[i])
		}
		i += n
	}
	return "not UTF-8 text"
}

// headerProblems: every column needs a name.
func headerProblems(h []string) []LineError {
	var out []LineError
	for i, name := range h {
		if strings.TrimSpace(name) == "" {
			out = append(out, LineError{Line: 1, Column: i + 1, Msg: "a column without a name; name it after a property, or delete the column"})
		}
	}
	return out
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
