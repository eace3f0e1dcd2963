//go:build linux

package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sandboxToken = "pat-na1-00000000-0000-4000-8000-000000000000"

var sandboxURL = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startSandbox runs `hubcontacts sandbox ARGS` on a free port and returns its URL and process.
func startSandbox(t *testing.T, env []string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	c := exec.Command(bin, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...)...)
	c.Env = env
	out, err := c.StdoutPipe()
	require.NoError(t, err)
	var errb strings.Builder
	c.Stderr = &errb
	require.NoError(t, c.Start())
	t.Cleanup(func() { _ = c.Process.Kill(); _ = c.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := sandboxURL.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case url := <-found:
		return url, c
	case <-time.After(60 * time.Second): // a hang guard
		t.Fatalf("the sandbox never said where it listens: %s", errb.String())
	}
	return "", nil
}

func sandboxDo(c *http.Client, method, url, body string) (int, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+sandboxToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// With --state, a write the sandbox answered survives kill -9: writers create contacts one by
// one and in batches of 10 as fast as they can; after 300 acknowledged contacts the process is
// killed mid-flight; restarted on the same file, it has every contact it answered 201 for.
func TestSandboxStateKeepsAcknowledgedWritesThroughKill9(t *testing.T) {
	needBinary(t)
	home := t.TempDir()
	env := userEnv(home)
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"--contacts", "0", "--state", state, "--rate-limit", "off", "--daily-limit", "100000000"}
	url, proc := startSandbox(t, env, args...)

	var mu sync.Mutex
	var acked []string
	var sent atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				sent.Add(1)
				if g%2 == 0 { // one at a time
					email := fmt.Sprintf("one-%d-%d@example.com", g, i)
					code, err := sandboxDo(client, "POST", url+"/crm/v3/objects/contacts", `{"properties":{"email":"`+email+`"}}`)
					if err == nil && code == http.StatusCreated {
						mu.Lock()
						acked = append(acked, email)
						mu.Unlock()
					}
					continue
				}
				var inputs, emails []string // a batch of 10, as an import sends them
				for k := range 10 {
					e := fmt.Sprintf("batch-%d-%d-%d@example.com", g, i, k)
					emails = append(emails, e)
					inputs = append(inputs, `{"properties":{"email":"`+e+`"}}`)
				}
				code, err := sandboxDo(client, "POST", url+"/crm/v3/objects/contacts/batch/create", `{"inputs":[`+strings.Join(inputs, ",")+`]}`)
				if err == nil && code == http.StatusCreated {
					mu.Lock()
					acked = append(acked, emails...)
					mu.Unlock()
				}
			}
		}()
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, proc.Process.Signal(syscall.SIGKILL)) // writers still sending
	close(stop)
	wg.Wait()
	_ = proc.Wait()

	mu.Lock()
	defer mu.Unlock()
	url, _ = startSandbox(t, env, args...)
	var missing []string
	for _, e := range acked {
		code, err := sandboxDo(client, "GET", url+"/crm/v3/objects/contacts/"+e+"?idProperty=email", "")
		require.NoError(t, err)
		if code != http.StatusOK {
			missing = append(missing, e)
		}
	}
	assert.Empty(t, missing, "%d of %d acknowledged contacts lost by kill -9 (%d requests sent)", len(missing), len(acked), sent.Load())
}

// sandboxGet GETs a path and decodes its JSON body.
func sandboxGet(t *testing.T, c *http.Client, url string, into any) int {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+sandboxToken)
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if into != nil {
		_ = json.NewDecoder(resp.Body).Decode(into)
	}
	return resp.StatusCode
}

// A seeded --state sandbox keeps no copy of its seed: its file is the seed's settings. Writers
// change seeded contacts and create others until 300 writes are acknowledged, the process is
// killed mid-flight, and the restart (seeding again, replaying the log) has every acknowledged
// change (or the one in flight after it, which may have landed), and the seeded contacts
// nobody wrote as they were.
func TestSandboxSeededStateKeepsAcknowledgedChangesThroughKill9(t *testing.T) {
	needBinary(t)
	env := userEnv(t.TempDir())
	state := filepath.Join(t.TempDir(), "state")
	args := []string{"--contacts", "20000", "--seed", "5", "--state", state, "--rate-limit", "off", "--daily-limit", "100000000"}
	url, proc := startSandbox(t, env, args...)
	fi, err := os.Stat(state)
	require.NoError(t, err)
	require.Less(t, fi.Size(), int64(100), "the state file of 20,000 seeded contacts holds the seed, not the data")

	client := &http.Client{Timeout: 10 * time.Second}
	type page struct {
		Results []struct {
			ID         string            `json:"id"`
			Properties map[string]string `json:"properties"`
		} `json:"results"`
	}
	var first, second page
	sandboxGet(t, client, url+"/crm/v3/objects/contacts?limit=100&properties=jobtitle", &first)
	require.Len(t, first.Results, 100)
	sandboxGet(t, client, url+"/crm/v3/objects/contacts?limit=5&properties=jobtitle,email,city&after="+first.Results[99].ID, &second)
	require.Len(t, second.Results, 5)

	type change struct{ acked, inFlight string }
	var mu sync.Mutex
	changes := map[string]*change{}
	var created []string
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if g == 3 { // creates
					email := fmt.Sprintf("new-%d@example.com", i)
					if code, err := sandboxDo(client, "POST", url+"/crm/v3/objects/contacts", `{"properties":{"email":"`+email+`"}}`); err == nil && code == http.StatusCreated {
						mu.Lock()
						created = append(created, email)
						mu.Unlock()
						acked.Add(1)
					}
					continue
				}
				id := first.Results[(i*3+g)%len(first.Results)].ID // each writer its own contacts
				title := fmt.Sprintf("title %d-%d", g, i)
				mu.Lock()
				if changes[id] == nil {
					changes[id] = &change{acked: first.Results[(i*3+g)%len(first.Results)].Properties["jobtitle"]}
				}
				changes[id].inFlight = title
				mu.Unlock()
				code, err := sandboxDo(client, "PATCH", url+"/crm/v3/objects/contacts/"+id, `{"properties":{"jobtitle":"`+title+`"}}`)
				if err == nil && code == http.StatusOK {
					mu.Lock()
					changes[id].acked = title
					mu.Unlock()
					acked.Add(1)
				}
			}
		}()
	}
	for acked.Load() < 300 {
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, proc.Process.Signal(syscall.SIGKILL)) // writers still sending
	close(stop)
	wg.Wait()
	_ = proc.Wait()

	url, _ = startSandbox(t, env, args...)
	mu.Lock()
	defer mu.Unlock()
	for id, c := range changes {
		var got struct{ Properties map[string]string }
		require.Equal(t, http.StatusOK, sandboxGet(t, client, url+"/crm/v3/objects/contacts/"+id+"?properties=jobtitle", &got))
		if v := got.Properties["jobtitle"]; v != c.acked && v != c.inFlight {
			t.Errorf("contact %s: jobtitle %q after the restart, want %q (acknowledged) or %q (in flight)", id, v, c.acked, c.inFlight)
		}
	}
	for _, e := range created {
		assert.Equal(t, http.StatusOK, sandboxGet(t, client, url+"/crm/v3/objects/contacts/"+e+"?idProperty=email", nil), e)
	}
	var again page
	sandboxGet(t, client, url+"/crm/v3/objects/contacts?limit=5&properties=jobtitle,email,city&after="+first.Results[99].ID, &again)
	assert.Equal(t, second, again, "seeded contacts nobody wrote are as they were")
}
