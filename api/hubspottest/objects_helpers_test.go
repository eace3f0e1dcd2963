package hubspottest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/require"
)

// Helpers for the object, batch, contact and property tests (names prefixed "ob" so they cannot
// clash with the other sandbox test files of this package).

// obStart is the first instant of the tests' clock.
var obStart = time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)

// obClock is a deterministic clock: every reading is one millisecond after the previous one, so
// writes get distinct, increasing timestamps without depending on wall time.
type obClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *obClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// obAPI is a sandbox over real HTTP and a client for it.
type obAPI struct {
	t   *testing.T
	srv *hubspottest.Server
}

// newOb starts an empty sandbox (options adjusted by mods) on loopback.
func newOb(t *testing.T, mods ...func(*hubspottest.Options)) *obAPI {
	t.Helper()
	clock := &obClock{now: obStart}
	// Rate limits are limits.go's to test; these tests make many calls quickly.
	opts := hubspottest.Options{Empty: true, Clock: clock.Now, RateLimit: hubspottest.RateLimit{Max: -1}}
	for _, m := range mods {
		m(&opts)
	}
	return &obAPI{t: t, srv: hubspottest.NewServer(t, opts)}
}

// obRes is one HTTP answer.
type obRes struct {
	t      *testing.T
	Status int
	Header http.Header
	Body   []byte
}

// do sends a request with the sandbox token; body, when not nil, is sent as JSON (a string is
// sent as is).
func (a *obAPI) do(method, path string, body any) obRes {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(a.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	require.NoError(a.t, err)
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	return obRes{t: a.t, Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// want asserts the status and returns the decoded JSON object body.
func (r obRes) want(status int) map[string]any {
	r.t.Helper()
	require.Equalf(r.t, status, r.Status, "body: %s", r.Body)
	if len(r.Body) == 0 {
		return nil
	}
	require.Equal(r.t, "application/json;charset=utf-8", r.Header.Get("Content-Type"))
	var v map[string]any
	require.NoErrorf(r.t, json.Unmarshal(r.Body, &v), "body: %s", r.Body)
	return v
}

// wantEmpty asserts a status with no body (204).
func (r obRes) wantEmpty(status int) {
	r.t.Helper()
	require.Equalf(r.t, status, r.Status, "body: %s", r.Body)
	require.Empty(r.t, r.Body)
}

// obProps is a properties object to send.
type obProps = map[string]any

// create makes a record of typ through the API and returns its id.
func (a *obAPI) create(typ string, props obProps, assocs ...map[string]any) string {
	a.t.Helper()
	body := map[string]any{"properties": props}
	if len(assocs) > 0 {
		body["associations"] = assocs
	}
	got := a.do("POST", "/crm/v3/objects/"+typ, body).want(http.StatusCreated)
	return got["id"].(string)
}

// obAssoc is one entry of a create's associations.
func obAssoc(toID any, typeID int) map[string]any {
	return map[string]any{"to": map[string]any{"id": toID},
		"types": []map[string]any{{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": typeID}}}
}

// obPropsOf returns a response's properties object.
func obPropsOf(t *testing.T, obj map[string]any) map[string]any {
	t.Helper()
	p, ok := obj["properties"].(map[string]any)
	require.Truef(t, ok, "no properties in %v", obj)
	return p
}

// obPropErrors decodes the JSON array HubSpot puts inside a VALIDATION_ERROR's message.
func obPropErrors(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	require.Equal(t, "VALIDATION_ERROR", body["category"])
	msg := body["message"].(string)
	const prefix = "Property values were not valid: "
	require.Truef(t, strings.HasPrefix(msg, prefix), "message: %s", msg)
	var out []map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(msg, prefix)), &out))
	return out
}

// obResults returns a list or batch body's results.
func obResults(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	raw, ok := body["results"].([]any)
	require.Truef(t, ok, "no results in %v", body)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = r.(map[string]any)
	}
	return out
}

// obIDs lists the ids of results.
func obIDs(rs []map[string]any) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r["id"].(string)
	}
	return out
}
