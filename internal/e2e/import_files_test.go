//go:build linux

package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// TestImportRefusesSpecialFilesAndEndlessLines: what is not a regular file is refused before
// it is opened (/dev/zero grew to 24 GB; a FIFO with no writer waited forever), and a regular
// file whose line, row or cell has no end in sight is refused naming the line, in bounded
// memory.
func TestImportRefusesSpecialFilesAndEndlessLines(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		home := familyHome(t, fam)
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
		fifo := filepath.Join(home, "pipe.csv")
		require.NoError(t, syscall.Mkfifo(fifo, 0o600))
		for path, kind := range map[string]string{"/dev/zero": "is a device", fifo: "is a named pipe (FIFO)", home: "is a directory"} {
			r := run(t, env, "", "import", path, "--dry-run", "--base-url", srv.URL)
			assert.Equal(t, 2, r.code, "%s: %s", path, r.all())
			assert.Contains(t, r.stderr, path+" "+kind+", not a regular file: import reads a CSV file, or standard input with -", path)
		}
		assert.Empty(t, srv.Requests(), "nothing was asked of HubSpot")

		for name, c := range map[string]struct {
			body string
			want string
		}{
			"long line": {"email,firstname\nada@example.com,Ada\n" + strings.Repeat("x", 3<<20) + "\n",
				"line 3: a line longer than 2 MB: this is not a CSV file of contacts"},
			"unclosed quote": {"email,firstname\nada@example.com,\"Ada\n" + strings.Repeat(strings.Repeat("y", 100)+"\n", 100_000),
				"a row has run on for more than 8 MB by this line: a quoted field is probably not closed"},
			"long cell": {"email,firstname\nada@example.com,Ada\nbob@example.com," + strings.Repeat("z", 70_000) + "\n",
				"line 3, column 2 (firstname): a value of 70000 characters; HubSpot keeps at most 65536 in a property"},
			"NUL": {"email,firstname\nada@example.com,A\x00da\n", "line 2, column 2 (firstname): a NUL byte"},
		} {
			file := filepath.Join(home, strings.ReplaceAll(name, " ", "-")+".csv")
			require.NoError(t, os.WriteFile(file, []byte(c.body), 0o600))
			r := run(t, env, "", "import", file, "--dry-run", "--base-url", srv.URL)
			assert.Equal(t, 1, r.code, "%s: %s", name, r.all())
			assert.Contains(t, r.stderr, c.want, name)
			assert.Contains(t, r.stderr, "nothing was written", name)
		}
	})
}

// TestImportStopsOnSignalsWhileWaiting: SIGTERM while the import waits for standard input that
// never comes, and Ctrl-C at its confirmation prompt, end it at once with exit code 130 (a FIFO
// with no writer used to hang past both).
func TestImportStopsOnSignalsWhileWaiting(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		home := familyHome(t, fam)
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)

		c := exec.Command(bin, "import", "-", "--yes", "--base-url", srv.URL)
		c.Env = env
		stdin, err := c.StdinPipe() // the header, then nothing more
		require.NoError(t, err)
		defer stdin.Close()
		stderr, err := c.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, c.Start())
		_, err = io.WriteString(stdin, "email,firstname\n")
		require.NoError(t, err)
		waitForRequest(t, srv, fam.Properties("contacts")) // the header is read: now waiting for rows
		require.NoError(t, c.Process.Signal(syscall.SIGTERM))
		code, out := waitExit(t, c, stderr)
		assert.Equal(t, 130, code, out)
		assert.Contains(t, out, "interrupted")

		file := filepath.Join(home, "people.csv")
		require.NoError(t, os.WriteFile(file, []byte("email\nada@example.com\n"), 0o600))
		tm := startTermNoUI(t, env, "import", file, "--base-url", srv.URL)
		tm.waitFor("[y/N]")
		tm.write("\x03") // Ctrl-C on the terminal
		code, screen := tm.wait()
		assert.Equal(t, 130, code, screen)
		_, err = os.Stat(filepath.Join(home, "people.failures.csv"))
		assert.True(t, os.IsNotExist(err), "nothing was imported, no failures file")
		entries, _ := os.ReadDir(home)
		for _, e := range entries {
			assert.NotContains(t, e.Name(), ".partial", "the failures file's temporary file is gone")
		}
	})
}

func waitForRequest(t *testing.T, srv *hubspottest.Server, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range srv.Requests() {
			if strings.HasPrefix(r.Path, path) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	var seen []string
	for _, r := range srv.Requests() {
		seen = append(seen, r.Path)
	}
	t.Fatalf("no request for %s: %v", path, seen)
}

// waitExit waits (10 s at most: a signal must end it sooner) for c and returns its exit code
// and standard error.
func waitExit(t *testing.T, c *exec.Cmd, stderr io.Reader) (int, string) {
	t.Helper()
	var out strings.Builder
	copied := make(chan struct{})
	go func() { _, _ = io.Copy(&out, bufio.NewReader(stderr)); close(copied) }()
	done := make(chan error, 1)
	go func() { <-copied; done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = c.Process.Kill()
		t.Fatalf("still running 10 s after the signal")
	}
	return c.ProcessState.ExitCode(), out.String()
}

// BenchmarkImportDryRunMemory runs the binary's import --dry-run on files of 10,000 to 1,000,000
// rows and reports its peak memory (RSS): it must not grow with the file.
func BenchmarkImportDryRunMemory(b *testing.B) {
	if bin == "" {
		b.Skip("runs the built binary")
	}
	srv := hubspottest.NewServer(b, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
	home := b.TempDir()
	for _, rows := range []int{10_000, 100_000, 1_000_000} {
		file := filepath.Join(home, fmt.Sprintf("rows-%d.csv", rows))
		f, err := os.Create(file)
		require.NoError(b, err)
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "email,First Name,lastname,Lifecycle Stage,annualrevenue")
		for i := range rows {
			fmt.Fprintf(w, "person%07d@example.com,First%d,Last%d,lead,%d\n", i, i, i, i*10)
		}
		require.NoError(b, w.Flush())
		require.NoError(b, f.Close())
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			var peak int64
			for range b.N {
				c := exec.Command(bin, "import", file, "--dry-run", "--base-url", srv.URL)
				c.Env = userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
				out, err := c.CombinedOutput()
				require.NoError(b, err, "%s", out)
				require.Contains(b, string(out), fmt.Sprintf("Dry run: %s rows would be written", commas(rows)))
				peak = max(peak, c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
		})
	}
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestFailuresFileIsNeverTheInputAndIsCheckedFirst: --failures naming the file being imported
// (by another name: a link, a ./ path) is refused, as is a failures path that cannot be
// written; both before anything is asked of HubSpot, and the input is left as it was.
func TestFailuresFileIsNeverTheInputAndIsCheckedFirst(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		home := familyHome(t, fam)
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
		input := filepath.Join(home, "self.csv")
		const content = "email,firstname\nada@example.com,Ada\nbad@,Bad\n"
		require.NoError(t, os.WriteFile(input, []byte(content), 0o600))
		link := filepath.Join(home, "link.csv")
		require.NoError(t, os.Link(input, link))
		for failures, want := range map[string]string{
			input:                          "is the file being imported",
			link:                           "is the file being imported",
			home + "/./self.csv":           "is the file being imported",
			filepath.Join(input, "f.csv"):  "cannot write the failures file", // under a file, not a directory
			filepath.Join(home, "no", "f"): "cannot write the failures file",
		} {
			r := run(t, env, "", "import", input, "--yes", "--failures", failures, "--base-url", srv.URL)
			assert.Equal(t, 2, r.code, "%s: %s", failures, r.all())
			assert.Contains(t, r.stderr, want, failures)
		}
		assert.Empty(t, srv.Requests(), "nothing was asked of HubSpot")
		data, err := os.ReadFile(input)
		require.NoError(t, err)
		assert.Equal(t, content, string(data), "the input is as it was")

		r := run(t, env, "", "import", input, "--yes", "--base-url", srv.URL)
		assert.Equal(t, 1, r.code, r.all())
		failed, err := os.ReadFile(filepath.Join(home, "self.failures.csv"))
		require.NoError(t, err)
		assert.Contains(t, string(failed), "bad@,Bad,", "the default failures file beside the input")
	})
}
