package hubspottest_test

import (
	"net/http"
	"regexp"
	"testing"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// want401 checks HubSpot's exact 401: body, auth-failure header, correlation id in both places.
func want401(t *testing.T, rp reply) {
	t.Helper()
	wantStatus(t, rp, http.StatusUnauthorized)
	if got := rp.Header.Get("x-hubspot-auth-failure"); got != "401 Unauthorized" {
		t.Errorf("x-hubspot-auth-failure = %q", got)
	}
	body := rp.JSON(t)
	want := map[string]any{
		"status":        "error",
		"message":       "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
		"category":      "INVALID_AUTHENTICATION",
		"correlationId": rp.Header.Get("x-hubspot-correlation-id"),
	}
	if len(body) != len(want) {
		t.Errorf("body has fields %v, want exactly %v", body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("%s = %v, want %v", k, body[k], v)
		}
	}
	if !uuidRE.MatchString(rp.Header.Get("x-hubspot-correlation-id")) {
		t.Errorf("correlation id %q is not a UUID v4", rp.Header.Get("x-hubspot-correlation-id"))
	}
}

func TestAuthRefusesMissingAndWrongTokens(t *testing.T) {
	srv := newTestServer(t)
	paths := []string{"/account-info/v3/details", "/crm/v3/objects/contacts", "/no/such/route"}
	for _, p := range paths {
		want401(t, call(t, srv, "GET", p, "", nil))
		want401(t, call(t, srv, "GET", p, "pat-na1-not-a-token", nil))
	}
}

func TestAuthRefusesMalformedAuthorizationHeaders(t *testing.T) {
	srv := newTestServer(t)
	for _, h := range []string{
		"Bearer Bearer " + fullToken, // a client that put "Bearer " inside its token
		fullToken,                    // no scheme
		"Basic " + fullToken,
		"Bearer",
		"Bearer ",
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/account-info/v3/details", nil)
		req.Header.Set("Authorization", h)
		t.Run(h, func(t *testing.T) { want401(t, send(t, req)) })
	}
	req, _ := http.NewRequest("GET", srv.URL+"/account-info/v3/details?hapikey="+fullToken, nil)
	want401(t, send(t, req))
}

func TestAuthAcceptsBearerCaseInsensitively(t *testing.T) {
	srv := newTestServer(t)
	req, _ := http.NewRequest("GET", srv.URL+"/account-info/v3/details", nil)
	req.Header.Set("Authorization", "bearer "+fullToken)
	wantStatus(t, send(t, req), http.StatusOK)
}

func TestEveryResponseCarriesACorrelationID(t *testing.T) {
	srv := newTestServer(t)
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		rp := call(t, srv, "GET", "/account-info/v3/details", fullToken, nil)
		wantStatus(t, rp, http.StatusOK)
		id := rp.Header.Get("x-hubspot-correlation-id")
		if !uuidRE.MatchString(id) || seen[id] {
			t.Fatalf("correlation id %q missing, malformed or repeated", id)
		}
		seen[id] = true
	}
	rp := call(t, srv, "GET", "/no/such/route", fullToken, nil)
	wantStatus(t, rp, http.StatusNotFound)
	if got := rp.JSON(t)["correlationId"]; got != rp.Header.Get("x-hubspot-correlation-id") {
		t.Errorf("body correlationId %v differs from header %q", got, rp.Header.Get("x-hubspot-correlation-id"))
	}
}
