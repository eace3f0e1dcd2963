package bulk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// Source is an import's CSV file. It is read a row at a time, once to check it and again to
// write it (and, for a file of more rows than a duplicate-key check holds in memory, a few more
// times), so memory stays flat whatever its size.
type Source interface {
	// Open returns the file from its beginning.
	Open(ctx context.Context) (io.ReadCloser, error)
	// Name is the file's name for messages ("standard input" for -).
	Name() string
}

// NotRegularError is a path that names something other than a regular file: a device
// (/dev/zero never ends), a FIFO (it may never be written to), a directory, a socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file: import reads a CSV file, or standard input with -", e.Path, kindOf(e.Mode))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}

// File is a CSV file by path. It must be a regular file, checked before it is ever opened
// (opening a FIFO waits for a writer that may never come); each pass checks it is still the
// same file, unchanged since it was first opened.
func File(path string) (Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return &fileSource{path: path}, nil
}

type fileSource struct {
	path string
	mu   sync.Mutex
	seen fs.FileInfo // the file as first opened
}

func (s *fileSource) Name() string { return s.path }

func (s *fileSource) Open(context.Context) (io.ReadCloser, error) {
	// Non-blocking: should a FIFO have been put in the file's place since, opening it returns.
	f, err := os.OpenFile(s.path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &NotRegularError{Path: s.path, Mode: st.Mode()}
	}
	if err == nil {
		err = s.same(st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// same remembers the file as first opened and refuses another file, or this one changed.
func (s *fileSource) same(st fs.FileInfo) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = st
		return nil
	}
	if !os.SameFile(s.seen, st) || st.Size() != s.seen.Size() || !st.ModTime().Equal(s.seen.ModTime()) {
		return fmt.Errorf("%s changed while it was being imported; check it again (nothing more was read from it)", s.path)
	}
	return nil
}

// Stdin is a CSV file on standard input. The first pass reads it (Ctrl-C interrupts even a
// read that waits for input) and keeps a copy in an anonymous temporary file, private to the
// user and gone when the import ends (Close), which the later passes read.
func Stdin(r io.Reader) *StdinSource { return &StdinSource{in: r} }

// StdinSource is standard input as a Source.
type StdinSource struct {
	in    io.Reader
	spool *os.File
	size  int64
	read  bool
}

// Name is what messages call standard input.
func (s *StdinSource) Name() string { return "standard input" }

// Open returns standard input itself the first time (copying it as it is read), the copy after.
func (s *StdinSource) Open(ctx context.Context) (io.ReadCloser, error) {
	if s.read {
		if s.spool == nil {
			return nil, errors.New("standard input was not read to its end")
		}
		return io.NopCloser(io.NewSectionReader(s.spool, 0, s.size)), nil
	}
	s.read = true
	f, err := os.CreateTemp("", "hubcontacts-import-*.csv")
	if err != nil {
		return nil, fmt.Errorf("cannot keep a copy of standard input to read it twice: %w", err)
	}
	_ = os.Remove(f.Name()) // anonymous from now on (where the system allows it)
	s.spool = f
	return &spooler{src: s, r: readCtx(ctx, s.in)}, nil
}

// Close removes the copy.
func (s *StdinSource) Close() error {
	if s.spool == nil {
		return nil
	}
	name := s.spool.Name()
	err := s.spool.Close()
	_ = os.Remove(name)
	return err
}

// spooler reads standard input into the copy; the copy counts only once the input has ended.
type spooler struct {
	src *StdinSource
	r   io.Reader
	n   int64
	eof bool
}

func (sp *spooler) Read(p []byte) (int, error) {
	n, err := sp.r.Read(p)
	if n > 0 {
		if _, werr := sp.src.spool.Write(p[:n]); werr != nil {
			return 0, fmt.Errorf("keeping a copy of standard input: %w", werr)
		}
		sp.n += int64(n)
	}
	if err == io.EOF {
		sp.eof = true
	}
	return n, err
}

func (sp *spooler) Close() error {
	if sp.eof {
		sp.src.size = sp.n
	} else {
		_ = sp.src.Close()
		sp.src.spool = nil
	}
	return nil
}

// readCtx reads r until ctx ends: a read waiting for input (a pipe, a terminal) gives ctx's
// error at once when it does. The read itself goes on in the background until input comes or
// the process ends.
func readCtx(ctx context.Context, r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, r)
		pw.CloseWithError(err)
	}()
	context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	return pr
}
