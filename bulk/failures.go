package bulk

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// failuresWriter writes failed rows as a CSV with the file's own header and separator, plus
// two columns: the reason (HubSpot's, or the file's problem) and the original line. An import
// skips those two columns, so the file can be fixed and imported as it is.
type failuresWriter struct {
	bw              *bufio.Writer
	cw              *csv.Writer
	header          []string
	errCol, lineCol int
}

func newFailuresWriter(w io.Writer, header []string, comma rune) *failuresWriter {
	bw := bufio.NewWriter(w)
	fw := &failuresWriter{bw: bw, cw: csv.NewWriter(bw)}
	if comma != 0 {
		fw.cw.Comma = comma
	}
	fw.errCol, fw.lineCol, fw.header = failureHeader(header)
	return fw
}

func (fw *failuresWriter) add(f Result) error {
	if fw.header != nil {
		if err := fw.cw.Write(fw.header); err != nil {
			return err
		}
		fw.header = nil
	}
	row := make([]string, max(len(f.Cells), fw.errCol+1, fw.lineCol+1))
	copy(row, f.Cells)
	row[fw.errCol], row[fw.lineCol] = f.Reason, strconv.Itoa(f.Line)
	return fw.cw.Write(row)
}

func (fw *failuresWriter) flush() error {
	fw.cw.Flush()
	if err := fw.cw.Error(); err != nil {
		return err
	}
	return fw.bw.Flush()
}

// WriteFailures writes the failed rows as the failures CSV, in line order.
func WriteFailures(w io.Writer, header []string, comma rune, fails []Result) error {
	fw := newFailuresWriter(w, header, comma)
	sorted := slices.Clone(fails)
	slices.SortStableFunc(sorted, func(a, b Result) int { return a.Line - b.Line })
	for _, f := range sorted {
		if err := fw.add(f); err != nil {
			return err
		}
	}
	return fw.flush()
}

// failureHeader is the header with the reason and line columns, reusing them when the file is
// itself a failures file.
func failureHeader(header []string) (errCol, lineCol int, out []string) {
	out = append([]string(nil), header...)
	errCol, lineCol = indexOf(out, ErrorColumn), indexOf(out, LineColumn)
	if errCol < 0 {
		out, errCol = append(out, ErrorColumn), len(out)
	}
	if lineCol < 0 {
		out, lineCol = append(out, LineColumn), len(out)
	}
	return errCol, lineCol, out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// FailuresPath is where an import of path puts its failed rows: FILE.failures.csv beside it.
func FailuresPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".failures.csv"
}

// FailuresFile is an import's failures CSV, written a row at a time as the import goes. It is
// created before anything is sent (a temporary file beside path, so a path that cannot be
// written stops the import before it starts), and becomes path, whole, only when a row failed
// (Close); an import with no failure leaves no file, and an older one at path as it was.
type FailuresFile struct {
	path string
	tmp  *os.File
	fw   *failuresWriter
	n    int
}

// CreateFailures prepares the failures file at path for an import of input. A path that is
// the input itself (the same file by any name) is refused: the failures would replace it.
func CreateFailures(path string, input Source) (*FailuresFile, error) {
	if st, err := os.Stat(path); err == nil {
		if fs, ok := input.(*fileSource); ok && fs.isFile(st) {
			return nil, fmt.Errorf("the failures file %s is the file being imported: name another with --failures", path)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("the failures file %s is not a regular file: name another with --failures", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("cannot write the failures file %s: %w", path, errors.Unwrap(err))
	}
	return &FailuresFile{path: path, tmp: tmp}, nil
}

// Path is where the failures go.
func (f *FailuresFile) Path() string { return f.path }

// Count is how many failed rows were written.
func (f *FailuresFile) Count() int { return f.n }

// Add writes one failed row (the plan gives the header and separator).
func (f *FailuresFile) Add(p *Plan, r Result) error {
	if f.fw == nil {
		f.fw = newFailuresWriter(f.tmp, p.Header, p.Comma)
	}
	f.n++
	if err := f.fw.add(r); err != nil {
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	return nil
}

// Close puts the failures at path when there were any (synced, then renamed over it) and
// removes the temporary file otherwise. It reports whether the file was written.
func (f *FailuresFile) Close() (bool, error) {
	if f.n == 0 {
		f.Discard()
		return false, nil
	}
	err := f.fw.flush()
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		_ = os.Remove(f.tmp.Name())
		return false, fmt.Errorf("cannot write %s: %w", f.path, err)
	}
	return true, nil
}

// Discard removes the temporary file, writing nothing.
func (f *FailuresFile) Discard() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

// WriteFileAtomic writes a file whole or not at all: write fills a temporary file in the same
// directory, which is renamed over path only when write succeeded. A failed or interrupted
// write leaves no file behind (and an older file at path as it was).
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
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
	if err = f.Sync(); err == nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// isFile reports whether st is the file this source reads.
func (s *fileSource) isFile(st fs.FileInfo) bool {
	mine, err := os.Stat(s.path)
	return err == nil && os.SameFile(mine, st)
}
