package hubspottest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

func TestRequestLogRecordsEachRequestInOrder(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{})
	c := limClient(t)
	limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts?limit=5&after=10", "").must(t)
	clock.Advance(time.Second)
	r := limDo(t, c, srv, srv.Token, "PATCH", "/crm/v3/objects/contacts/1001", `{"properties":{"firstname":"Ada"}}`).must(t)
	got := srv.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests logged, want 2: %+v", len(got), got)
	}
	want := []hubspottest.LoggedRequest{
		{Seq: 1, Time: limStart, Method: "GET", Path: "/crm/v3/objects/contacts", RawQuery: "limit=5&after=10", Status: got[0].Status},
		{Seq: 2, Time: limStart.Add(time.Second), Method: "PATCH", Path: "/crm/v3/objects/contacts/1001",
			Body: []byte(`{"properties":{"firstname":"Ada"}}`), Status: r.status},
	}
	for i := range want {
		if fmt.Sprintf("%+v", got[i]) != fmt.Sprintf("%+v", want[i]) {
			t.Errorf("entry %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if got[0].Status == 0 {
		t.Error("status not recorded")
	}
}

// The token is never recorded: not the header, and not where a careless client puts it in the
// query or the body.
func TestRequestLogNeverHoldsTheToken(t *testing.T) {
	other := "pat-na1-99999999-9999-4999-8999-999999999999"
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{
		Tokens: map[string][]string{hubspottest.DefaultToken: hubspottest.AllScopes, other: hubspottest.AllScopes}})
	c := limClient(t)
	limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts?hapikey="+srv.Token, "").must(t)
	limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", `{"properties":{"note":"`+other+`"}}`).must(t)
	shouted := "PAT-EU1-ABCDEF12-3456-4789-8ABC-DEF012345678" // a token the sandbox does not know, in capitals
	limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", `{"properties":{"note":"Pat-`+shouted+`"}}`).must(t)
	limDo(t, c, srv, other, "POST", "/crm/v3/objects/contacts/search", `{"query":"`+other+`"}`).must(t)
	// Token introspection carries tokens the sandbox may not know, in the path or the body.
	oauth, unknownPat := "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4", "pat-eu1-12345678-abcd-4def-8abc-0123456789ab"
	limDo(t, c, srv, "", "GET", "/oauth/v1/access-tokens/"+oauth, "").must(t)
	limDo(t, c, srv, "", "POST", "/oauth/v2/private-apps/get/access-token-info", `{"tokenKey" : "`+unknownPat+`"}`).must(t)
	limDo(t, c, srv, "", "POST", "/oauth/v2/private-apps/get/access-token-info", `{"tokenKey":"odd\"`+oauth+`"}`).must(t)
	dump := fmt.Sprintf("%+v %#v", srv.Requests(), srv.Requests())
	for _, r := range srv.Requests() {
		dump += string(r.Body) + r.RawQuery + r.Path
	}
	for _, tok := range []string{srv.Token, other, "Bearer", "Authorization", oauth, unknownPat, oauth[:20], shouted[4:20]} {
		if strings.Contains(dump, tok) {
			t.Errorf("the request log holds %q:\n%s", tok, dump)
		}
	}
	// A token straddling the 16 KiB cut is redacted whole, not left half visible.
	pad := strings.Repeat("p", 16<<10-20)
	limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", `{"a":"`+pad+srv.Token+`"}`).must(t)
	if last := srv.Requests()[len(srv.Requests())-1]; strings.Contains(string(last.Body), srv.Token[:14]) || !last.BodyTruncated {
		t.Errorf("a token across the body cap left %q", string(last.Body[len(last.Body)-30:]))
	}
	if !strings.Contains(string(srv.Requests()[1].Body), `"note":"[REDACTED]"`) {
		t.Errorf("body not kept with the token redacted: %s", srv.Requests()[1].Body)
	}
}

func TestWritesAreTheRequestsThatCanChangeData(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{SearchPerSecond: -1})
	c := limClient(t)
	calls := []struct {
		method, path string
		write        bool
	}{
		{"GET", "/crm/v3/objects/contacts/1", false},
		{"POST", "/crm/v3/objects/contacts/search", false},
		{"POST", "/crm/objects/2026-03/deals/search", false},
		{"POST", "/crm/v3/objects/contacts/batch/read", false},
		{"POST", "/crm/v4/associations/contacts/companies/batch/read", false},
		{"POST", "/crm/v3/objects/contacts", true},
		{"POST", "/crm/v3/objects/contacts/batch/upsert", true},
		{"POST", "/crm/v3/objects/contacts/merge", true},
		{"POST", "/crm/v3/objects/contacts/gdpr-delete", true},
		{"PATCH", "/crm/v3/objects/contacts/1", true},
		{"PUT", "/crm/v3/objects/contacts/1/associations/companies/2/279", true},
		{"DELETE", "/crm/v3/objects/contacts/1", true},
		{"HEAD", "/crm/v3/objects/contacts/1", false},
	}
	var want []string
	for _, call := range calls {
		limDo(t, c, srv, srv.Token, call.method, call.path, "{}").must(t)
		if call.write {
			want = append(want, call.method+" "+call.path)
		}
	}
	var got []string
	for _, w := range srv.Writes() {
		got = append(got, w.Method+" "+w.Path)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Writes()\n got %v\nwant %v", got, want)
	}
	srv.ResetRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests", n)
	}
	limDo(t, c, srv, srv.Token, "GET", "/x", "").must(t)
	if r := srv.Requests(); len(r) != 1 || r[0].Seq != len(calls)+1 {
		t.Errorf("after reset: %+v, want one request numbered %d", r, len(calls)+1)
	}
}

func TestRequestLogCapsBodiesAndEntries(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{})
	c := limClient(t)
	big := `{"x":"` + strings.Repeat("a", 40<<10) + `"}`
	limDo(t, c, srv, srv.Token, "POST", "/crm/v3/objects/contacts", big).must(t)
	r := srv.Requests()[0]
	if len(r.Body) != 16<<10 || !r.BodyTruncated || string(r.Body) != big[:16<<10] {
		t.Errorf("logged body %d bytes, truncated %v", len(r.Body), r.BodyTruncated)
	}
	srv.SetRequestLogLimit(10)
	for i := 0; i < 25; i++ {
		limDo(t, c, srv, srv.Token, "GET", fmt.Sprintf("/n/%d", i), "").must(t)
	}
	got := srv.Requests()
	if len(got) > 10 || len(got) == 0 || got[len(got)-1].Path != "/n/24" {
		t.Fatalf("log of %d entries ending %+v, want at most 10 ending with /n/24", len(got), got[len(got)-1])
	}
	if srv.RequestsDropped() != 26-len(got) {
		t.Errorf("dropped %d, want %d", srv.RequestsDropped(), 26-len(got))
	}
	srv.SetRequestLogLimit(-1)
	limDo(t, c, srv, srv.Token, "GET", "/off", "").must(t)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("log off, yet %d entries", n)
	}
}

// OnWrite hooks fire for writes that took effect, not for reads or refused writes.
func TestOnWriteSeesAppliedWritesOnly(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{})
	c := limClient(t)
	seen := make(chan string, 10)
	srv.OnWrite(func(r hubspottest.LoggedRequest) { seen <- r.Method + " " + r.Path })
	limDo(t, c, srv, srv.Token, "GET", "/crm/v3/objects/contacts", "").must(t)
	limDo(t, c, srv, srv.Token, "DELETE", "/no/such/route", "").must(t) // a 404 changes nothing
	if len(seen) != 0 {
		t.Errorf("hook called for %q", <-seen)
	}
}
