package hubspottest_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// "A create whose response is lost": the contact exists, the client saw only an error, and a
// blind retry meets HubSpot's 409 naming the contact the lost response would have named.
func TestDropAfterWriteOnARealCreate(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{})
	c := limClient(t)
	srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "POST /crm/v3/objects/contacts"})
	body := `{"properties":{"email":"lost@example.com","firstname":"Lost"}}`
	if r := limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", body); r.err == nil {
		t.Fatalf("the client got the response: %d %s", r.status, r.body)
	}
	got := limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts/lost@example.com?idProperty=email", "").must(t)
	if got.status != http.StatusOK || !strings.Contains(got.body, `"firstname":"Lost"`) {
		t.Fatalf("the write did not happen: %d %s", got.status, got.body)
	}
	again := limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", body).must(t)
	if again.status != http.StatusConflict || !strings.Contains(again.body, "Contact already exists. Existing ID: ") {
		t.Errorf("blind retry: %d %s", again.status, again.body)
	}
	w := srv.Writes()
	if len(w) != 2 || w[0].Fault != hubspottest.FaultDrop || w[0].Status != 201 || !w[0].Applied() || w[1].Applied() {
		t.Errorf("writes logged: %+v", w)
	}
}

func TestBodyCapOnARealCreate(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{MaxBodyBytes: 2000})
	c := limClient(t)
	big := `{"properties":{"email":"big@example.com","firstname":"` + strings.Repeat("B", 3000) + `"}}`
	r := limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", big).must(t)
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `"message":"Request body is larger than the 2000 byte limit"`) ||
		!strings.Contains(r.body, `"category":"VALIDATION_ERROR"`) {
		t.Errorf("over the cap: %d %s", r.status, r.body)
	}
	if g := limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts/big@example.com?idProperty=email", "").must(t); g.status != 404 {
		t.Errorf("the oversized create was stored: %d", g.status)
	}
}

// The command's --state life cycle: start without a file, write over HTTP, stop (saving), start
// again from the file, and find the writes.
func TestStateSurvivesARestartOfTheServer(t *testing.T) {
	clock := newLimClock(limStart)
	opts := hubspottest.Options{Empty: true, Clock: clock.Now}
	path := filepath.Join(t.TempDir(), "sandbox.json")
	start := func() (*hubspottest.Server, func() error) {
		sb, err := hubspottest.LoadState(path, opts)
		if errors.Is(err, fs.ErrNotExist) {
			sb, err = hubspottest.New(opts), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := sb.Serve(l)
		stop, err := sb.Persist(path)
		if err != nil {
			t.Fatal(err)
		}
		return srv, stop
	}
	srv, stop := start()
	c := limClient(t)
	r := limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", `{"properties":{"email":"keep@example.com","firstname":"Keep"}}`).must(t)
	bin := limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", `{"properties":{"email":"bin@example.com"}}`).must(t)
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(bin.body), &created)
	for _, w := range []limReply{r, bin,
		limDo(t, c, srv, srv.Token, "PATCH", "/crm/v3/objects/contacts/keep@example.com?idProperty=email", `{"properties":{"firstname":"Kept"}}`).must(t),
		limDo(t, c, srv, srv.Token, "DELETE", "/crm/v3/objects/contacts/"+created.ID, "").must(t),
	} {
		if w.status/100 != 2 {
			t.Fatalf("write: %d %s", w.status, w.body)
		}
	}
	srv.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	srv, stop = start()
	defer srv.Close()
	defer stop()
	got := limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts/keep@example.com?idProperty=email&propertiesWithHistory=firstname", "").must(t)
	if got.status != 200 || !strings.Contains(got.body, `"firstname":"Kept"`) || !strings.Contains(got.body, `"value":"Keep"`) {
		t.Errorf("after restart: %d %s", got.status, got.body)
	}
	if g := limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts/bin@example.com?idProperty=email", "").must(t); g.status != 404 {
		t.Errorf("deleted contact came back: %d", g.status)
	}
	if bin := limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts?archived=true", "").must(t); !strings.Contains(bin.body, "bin@example.com") {
		t.Errorf("recycle bin lost: %s", bin.body)
	}
}
