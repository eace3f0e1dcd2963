package bulk

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// WriteFailures writes the failed rows as a CSV with the file's own header and separator, plus
// two columns: the reason (HubSpot's, or the file's problem) and the original line. An import
// skips those two columns, so the file can be fixed and imported as it is. Rows come out in
// line order.
func WriteFailures(w io.Writer, header []string, comma rune, fails []Result) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if comma != 0 {
		cw.Comma = comma
	}
	errCol, lineCol, out := failureHeader(header)
	if err := cw.Write(out); err != nil {
		return err
	}
	sorted := append([]Result(nil), fails...)
	sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].Line < sorted[b].Line })
	for _, f := range sorted {
		row := make([]string, len(out))
		copy(row, f.Cells)
		row[errCol], row[lineCol] = f.Reason, strconv.Itoa(f.Line)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
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

// WriteFailuresFile writes the failures CSV to path whole or not at all (WriteFileAtomic).
func WriteFailuresFile(path string, p *Plan, fails []Result) error {
	return WriteFileAtomic(path, func(w io.Writer) error { return WriteFailures(w, p.Header, p.Comma, fails) })
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
