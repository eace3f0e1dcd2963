//go:build linux

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnAnswerLargerThanTheCapIsRefusedInBoundedMemory: HubSpot (or something pretending to be
// it) answers a contact read with a body that never ends. The command stops reading at the
// client's cap (32 MB), says so plainly, does not retry, and its peak memory stays bounded.
func TestAnAnswerLargerThanTheCapIsRefusedInBoundedMemory(t *testing.T) {
	needBinary(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(`{"id":"1","properties":{"email":"x@example.com"}},`, 1000))
		_, _ = w.Write([]byte(`{"results":[`))
		for sent := 0; sent < 1<<30; sent += len(chunk) { // up to 1 GB, until the client hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	home := t.TempDir()
	c := exec.Command(bin, "search", "x", "--base-url", srv.URL)
	c.Env = userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
	out, err := c.CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "%s", out)
	assert.Equal(t, 1, ee.ExitCode())
	assert.Contains(t, string(out), "larger than the layer accepts (more than 33554432 bytes)", "%s", out)
	assert.Equal(t, int32(1), requests.Load(), "an oversized answer is not asked for again")
	peak := c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024 // MB (Linux reports KB)
	t.Logf("peak memory of the command refusing an endless answer: %d MB (cap 32 MB)", peak)
	assert.Less(t, peak, int64(200), fmt.Sprintf("peak RSS %d MB", peak))
}
