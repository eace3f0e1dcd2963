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

// What one row of a CSV file may hold. HubSpot keeps at most 65,536 characters in a property,
// so a longer cell is a mistake; a line or a row far longer than any real one means the file is
// not CSV text (or a quote is never closed), and reading on would hold it all in memory.
const (
	MaxCellChars = 65_536
	MaxLineBytes = 2 << 20
	MaxRowBytes  = 8 << 20
)

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

func (e LineError) Error() string { return e.String() }

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

// maxFileProblems is how many malformed lines are reported before reading stops.
const maxFileProblems = 20

// CSVReader reads a CSV file a row at a time, holding one row in memory whatever the file's
// size. A UTF-8 byte-order mark is skipped; the separator is the one of ',', ';' and tab the
// header line uses most. Ragged rows, bad quoting, text that is not UTF-8, NUL bytes and cells,
// lines or rows over the limits are problems naming their line: Next skips the row and goes on
// where it can, and reports them all (a *FileError) at the end, or at once when it cannot.
type CSVReader struct {
	Header []string
	// Comma is the separator found in the header line: ',', ';' or a tab.
	Comma rune
	// Blank counts rows skipped because every cell was empty (spreadsheets append them).
	Blank int

	caps     *capReader
	br       *bufio.Reader
	cr       *csv.Reader
	problems []LineError
	done     bool
}

// NewCSVReader reads the file's header.
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	caps := &capReader{r: r}
	br := bufio.NewReaderSize(caps, 64<<10)
	caps.br = br
	if err := skipBOM(br); err != nil {
		return nil, err
	}
	c := &CSVReader{Comma: sniffComma(br), caps: caps, br: br}
	c.cr = csv.NewReader(br)
	c.cr.Comma = c.Comma
	c.cr.ReuseRecord = true
	for c.Header == nil {
		rec, err := c.read()
		if err == io.EOF {
			return nil, &FileError{Problems: []LineError{{Line: 1, Msg: "the file is empty; its first line must be a header naming the columns"}}}
		}
		if err != nil {
			return nil, err
		}
		c.Header = append([]string(nil), rec...)
	}
	if probs := headerProblems(c.Header); len(probs) > 0 {
		return nil, &FileError{Problems: probs}
	}
	return c, nil
}

// Next returns the next data row (its cells are the caller's to keep), io.EOF after the last,
// or a *FileError when the file is malformed.
func (c *CSVReader) Next() (Row, error) {
	for {
		rec, err := c.read()
		if err != nil {
			return Row{}, err
		}
		if blankRecord(rec) {
			c.Blank++
			continue
		}
		line, _ := c.cr.FieldPos(0)
		return Row{Line: line, Cells: append([]string(nil), rec...)}, nil
	}
}

// read returns the next well-formed record, collecting the problems of the others.
func (c *CSVReader) read() ([]string, error) {
	for !c.done {
		rec, err := c.cr.Read()
		c.caps.rowStart = c.cr.InputOffset()
		if err == io.EOF {
			c.done = true
			break
		}
		p, fatal := c.problem(rec, err)
		if p == nil {
			return rec, nil
		}
		c.problems = append(c.problems, *p)
		if fatal || len(c.problems) >= maxFileProblems {
			c.done = true
		}
	}
	if len(c.problems) > 0 {
		return nil, &FileError{Problems: c.problems}
	}
	return nil, io.EOF
}

// problem turns a read error, or a cell that is not UTF-8, holds a NUL or is too long, into a
// LineError; fatal means reading cannot go on (the quoting is out of step, a limit was hit).
func (c *CSVReader) problem(rec []string, err error) (*LineError, bool) {
	if err != nil {
		return c.readProblem(rec, err)
	}
	for i, f := range rec {
		msg := cellProblem(f)
		if msg == "" {
			continue
		}
		line, _ := c.cr.FieldPos(i)
		p := &LineError{Line: line, Column: i + 1, Msg: msg}
		if i < len(c.Header) && utf8.ValidString(c.Header[i]) {
			p.Name = c.Header[i]
		}
		return p, false
	}
	return nil, false
}

func (c *CSVReader) readProblem(rec []string, err error) (*LineError, bool) {
	var pe *csv.ParseError
	var le LineError
	switch {
	case errors.As(err, &le):
		return &le, true
	case errors.As(err, &pe):
		return parseProblem(pe, len(rec), len(c.Header))
	}
	return &LineError{Line: c.caps.line + 1, Msg: "reading the file: " + err.Error()}, true
}

// cellProblem says what is wrong with a cell's text, "" when nothing is.
func cellProblem(f string) string {
	switch {
	case !utf8.ValidString(f):
		return notUTF8(f)
	case strings.IndexByte(f, 0) >= 0:
		return "a NUL byte (an invisible character no contact property holds): the file may not be text; save it as \"CSV UTF-8\" and try again"
	case len(f) > MaxCellChars && utf8.RuneCountInString(f) > MaxCellChars:
		return fmt.Sprintf("a value of %d characters; HubSpot keeps at most %d in a property", utf8.RuneCountInString(f), MaxCellChars)
	}
	return ""
}

// capReader passes the file through to the CSV reader, counting its lines, and fails once a
// line runs past MaxLineBytes or the row being read past MaxRowBytes: csv.Reader holds a whole
// row in memory, and /dev/zero or an unclosed quote has no end.
type capReader struct {
	r        io.Reader
	br       *bufio.Reader // the buffer between this and csv.Reader
	line     int           // newlines read
	run      int           // bytes read since the last newline
	total    int64         // bytes read
	rowStart int64         // where the row being read starts (csv.Reader's InputOffset)
	err      error
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	b := p[:n]
	if i := bytes.IndexByte(b, '\n'); i < 0 {
		c.run += n
	} else {
		if c.run+i > MaxLineBytes {
			return c.fail(LineError{Line: c.line + 1, Msg: fmt.Sprintf("a line longer than %d MB: this is not a CSV file of contacts (or its lines do not end)", MaxLineBytes>>20)})
		}
		c.line += bytes.Count(b, []byte{'\n'})
		c.run = n - bytes.LastIndexByte(b, '\n') - 1
	}
	c.total += int64(n)
	switch {
	case c.run > MaxLineBytes:
		return c.fail(LineError{Line: c.line + 1, Msg: fmt.Sprintf("a line longer than %d MB: this is not a CSV file of contacts (or its lines do not end)", MaxLineBytes>>20)})
	case c.total-c.rowStart-int64(c.br.Buffered()) > MaxRowBytes:
		return c.fail(LineError{Line: c.line + 1, Msg: fmt.Sprintf("a row has run on for more than %d MB by this line: a quoted field is probably not closed; check its quotes", MaxRowBytes>>20)})
	}
	return n, err
}

func (c *capReader) fail(e LineError) (int, error) {
	c.err = e
	return 0, e
}

// skipBOM drops a UTF-8 byte-order mark and refuses UTF-16 (Excel's "Unicode text").
func skipBOM(br *bufio.Reader) error {
	head, err := br.Peek(3)
	var le LineError
	if errors.As(err, &le) {
		return &FileError{Problems: []LineError{le}}
	}
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
	head := peekLine(br)
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if n := countOutsideQuotes(head, byte(c)); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

// peekLine is the first line, as far as the buffer holds it, without reading past it: input
// that arrives a line at a time (a pipe) is not waited on for more.
func peekLine(br *bufio.Reader) []byte {
	for {
		head, _ := br.Peek(br.Buffered())
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			return head[:i]
		}
		if len(head) >= br.Size() {
			return head
		}
		if _, err := br.Peek(len(head) + 1); err != nil { // waits for one more byte at least
			head, _ = br.Peek(br.Buffered())
			return head
		}
	}
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
