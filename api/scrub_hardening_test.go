package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A server (or a proxy in front of HubSpot) that quotes the Authorization header back, in an
// error's message, context and correlation id, and in a batch answer's per-input errors: the
// token comes back out of the client in no error text and no field of it.
func TestAnswersQuotingTheTokenNeverBringItBack(t *testing.T) {
	const token = "pat-na1-feedface-0000-4000-8000-00000000cafe"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/batch/read") {
			w.WriteHeader(http.StatusMultiStatus)
			fmt.Fprintf(w, `{"status":"COMPLETE","results":[],"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"no %s","context":{"ids":["1"]}}]}`, auth)
			return
		}
		w.Header().Set("X-Hubspot-Correlation-Id", auth)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"status":"error","category":"BAD %s","message":"refused %s","context":{"id":[%q]}}`, auth, auth, auth)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Token: token, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = c.GetContact(ctx, "1", GetOptions{})
	if err == nil || strings.Contains(fmt.Sprintf("%v %+v", err, err), token) || !strings.Contains(err.Error(), "refused Bearer [REDACTED]") {
		t.Fatalf("the error shows the token, or not the server's text: %v", err)
	}
	rs, err := c.BatchReadContacts(ctx, []string{"1"}, "", nil)
	if err != nil || len(rs) != 1 || rs[0].Err == nil {
		t.Fatalf("batch: %v %+v", err, rs)
	}
	if s := fmt.Sprintf("%v %+v", rs[0].Err, rs[0].Err); strings.Contains(s, token) {
		t.Fatalf("the batch error shows the token: %s", s)
	}
}
