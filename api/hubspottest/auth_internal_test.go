package hubspottest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// scopeProbe serves one route that asks allow for the scope named in the path, behind the
// sandbox's own authenticate, over real HTTP.
func scopeProbe(t *testing.T, tokens map[string][]string) *httptest.Server {
	t.Helper()
	s := New(Options{Empty: true, Tokens: tokens})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /probe/{scope}", func(w http.ResponseWriter, r *http.Request) {
		if s.allow(w, r, r.PathValue("scope")) {
			w.WriteHeader(http.StatusNoContent)
		}
	})
	srv := httptest.NewServer(s.authenticate(mux))
	t.Cleanup(srv.Close)
	return srv
}

func probeScope(t *testing.T, srv *httptest.Server, token, scope string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/probe/"+scope, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &body); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
	}
	if resp.StatusCode == http.StatusForbidden && body["correlationId"] != resp.Header.Get(correlationHeader) {
		t.Errorf("403 correlationId %v, header %q", body["correlationId"], resp.Header.Get(correlationHeader))
	}
	return resp.StatusCode, body
}

func TestAllowWritesHubSpotsMissingScopes403(t *testing.T) {
	srv := scopeProbe(t, map[string][]string{"ro": {"crm.objects.contacts.read"}})
	if code, _ := probeScope(t, srv, "ro", "crm.objects.contacts.read"); code != http.StatusNoContent {
		t.Fatalf("granted scope refused: %d", code)
	}
	code, body := probeScope(t, srv, "ro", "crm.objects.contacts.write")
	if code != http.StatusForbidden {
		t.Fatalf("status %d, want 403", code)
	}
	delete(body, "correlationId")
	want := map[string]any{
		"status":   "error",
		"message":  "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
		"category": "MISSING_SCOPES",
		"errors": []any{map[string]any{
			"message": "One or more of the following scopes are required.",
			"context": map[string]any{"requiredScopes": []any{"crm.objects.contacts.write"}},
		}},
		"links": map[string]any{"scopes": "https://developers.hubspot.com/scopes"},
	}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("403 body\n got %v\nwant %v", body, want)
	}
}

func TestLegacyContactsScopeGrantsCRMObjectScopes(t *testing.T) {
	srv := scopeProbe(t, map[string][]string{"legacy": {"contacts"}})
	for _, sc := range []string{"crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.write"} {
		if code, _ := probeScope(t, srv, "legacy", sc); code != http.StatusNoContent {
			t.Errorf("legacy contacts scope refused %s: %d", sc, code)
		}
	}
	if code, _ := probeScope(t, srv, "legacy", "tickets"); code != http.StatusForbidden {
		t.Errorf("legacy contacts scope granted tickets: %d", code)
	}
}

func TestScopeFor(t *testing.T) {
	cases := []struct {
		typ   string
		write bool
		want  string
	}{
		{Contacts, false, "crm.objects.contacts.read"},
		{Contacts, true, "crm.objects.contacts.write"},
		{Companies, true, "crm.objects.companies.write"},
		{Deals, false, "crm.objects.deals.read"},
		{Tickets, false, "tickets"},
		{Tickets, true, "tickets"},
		{Notes, true, "crm.objects.contacts.write"},
		{Calls, false, "crm.objects.contacts.read"},
		{Emails, false, "crm.objects.contacts.read"},
		{Meetings, true, "crm.objects.contacts.write"},
		{Tasks, false, "crm.objects.contacts.read"},
	}
	for _, c := range cases {
		if got := scopeFor(c.typ, c.write); got != c.want {
			t.Errorf("scopeFor(%s, %v) = %s, want %s", c.typ, c.write, got, c.want)
		}
	}
}
