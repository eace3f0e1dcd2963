package hubspottest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Tokens the auth, account, association and secondary-email tests use.
const (
	fullToken     = "pat-na1-11111111-1111-4111-8111-111111111111"
	readOnlyToken = "pat-na1-22222222-2222-4222-8222-222222222222"
	euToken       = "pat-eu1-33333333-3333-4333-8333-333333333333"
	legacyToken   = "pat-na1-44444444-4444-4444-8444-444444444444"
)

var readScopes = []string{"crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read", "tickets"}

// fixedNow is the clock every test sandbox here runs on.
var fixedNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// newTestServer starts an empty sandbox over real HTTP with the test tokens.
func newTestServer(t *testing.T, mod ...func(*hubspottest.Options)) *hubspottest.Server {
	t.Helper()
	opts := hubspottest.Options{Empty: true, Clock: func() time.Time { return fixedNow },
		Tokens: map[string][]string{
			fullToken:     hubspottest.AllScopes,
			readOnlyToken: readScopes,
			euToken:       hubspottest.AllScopes,
			legacyToken:   {"contacts"},
		}}
	for _, m := range mod {
		m(&opts)
	}
	return hubspottest.NewServer(t, opts)
}

// reply is one HTTP answer.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (rp reply) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(rp.Body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, rp.Body)
	}
	return v
}

// Decode decodes the body into v.
func (rp reply) Decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(rp.Body, v); err != nil {
		t.Fatalf("decoding %T: %v: %s", v, err, rp.Body)
	}
}

// call sends one request with an optional token ("" for none) and body (string or value).
func call(t *testing.T, srv *hubspottest.Server, method, path, token string, body any) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(t, req)
}

// send performs a prepared request.
func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// wantStatus fails the test unless the reply has the status.
func wantStatus(t *testing.T, rp reply, status int) {
	t.Helper()
	if rp.Status != status {
		t.Fatalf("status %d, want %d; body %s", rp.Status, status, rp.Body)
	}
}

// insert adds a record and returns its id.
func insert(t *testing.T, srv *hubspottest.Server, typ string, props map[string]string) string {
	t.Helper()
	var id string
	err := srv.Store().Do(func(tx *hubspottest.Tx) error {
		id = tx.Insert(typ, "", props, "API").ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
