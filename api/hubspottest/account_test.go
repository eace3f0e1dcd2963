package hubspottest_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

func TestAccountDetails(t *testing.T) {
	srv := newTestServer(t)
	want := map[string]any{
		"portalId": float64(hubspottest.DefaultPortalID), "accountType": "STANDARD",
		"timeZone": "US/Eastern", "companyCurrency": "USD", "additionalCurrencies": []any{},
		"utcOffset": "-05:00", "utcOffsetMilliseconds": float64(-5 * 3600 * 1000),
		"uiDomain": "app.hubspot.com", "dataHostingLocation": "na1",
	}
	for _, p := range []string{"/account-info/v3/details", "/account-info/2026-03/details"} {
		rp := call(t, srv, "GET", p, readOnlyToken, nil)
		wantStatus(t, rp, http.StatusOK)
		if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %v\nwant %v", p, got, want)
		}
	}
	wantStatus(t, call(t, srv, "GET", "/account-info/2019-13/details", fullToken, nil), http.StatusNotFound)
}

func TestAccountDetailsFollowOptionsAndRegion(t *testing.T) {
	srv := newTestServer(t, func(o *hubspottest.Options) {
		o.PortalID, o.TimeZone = 99, "Europe/Berlin"
	})
	got := call(t, srv, "GET", "/account-info/v3/details", euToken, nil).JSON(t)
	if got["portalId"] != float64(99) || got["timeZone"] != "Europe/Berlin" || got["utcOffset"] != "+01:00" ||
		got["utcOffsetMilliseconds"] != float64(3600000) || got["uiDomain"] != "app-eu1.hubspot.com" ||
		got["dataHostingLocation"] != "eu1" {
		t.Errorf("details = %v", got)
	}
}

func TestPrivateAppTokenInfo(t *testing.T) {
	srv := newTestServer(t)
	// No Authorization header: the token in the body is the credential.
	rp := call(t, srv, "POST", "/oauth/v2/private-apps/get/access-token-info", "", map[string]string{"tokenKey": readOnlyToken})
	wantStatus(t, rp, http.StatusOK)
	var info struct {
		UserID, HubID, AppID int
		Scopes               []string
	}
	rp.Decode(t, &info)
	if info.HubID != hubspottest.DefaultPortalID || info.UserID == 0 || info.AppID == 0 || !reflect.DeepEqual(info.Scopes, readScopes) {
		t.Errorf("token info = %+v", info)
	}
	again := call(t, srv, "POST", "/oauth/v2/private-apps/get/access-token-info", fullToken, map[string]string{"tokenKey": readOnlyToken})
	if string(again.Body) != string(rp.Body) {
		t.Errorf("token info not stable: %s vs %s", again.Body, rp.Body)
	}
	want401(t, call(t, srv, "POST", "/oauth/v2/private-apps/get/access-token-info", "", map[string]string{"tokenKey": "pat-na1-unknown"}))
	bad := call(t, srv, "POST", "/oauth/v2/private-apps/get/access-token-info", "", map[string]string{})
	wantStatus(t, bad, http.StatusBadRequest)
	if bad.JSON(t)["category"] != "VALIDATION_ERROR" {
		t.Errorf("missing tokenKey body %s", bad.Body)
	}
	wantStatus(t, call(t, srv, "POST", "/oauth/v2/private-apps/get/access-token-info", "", "{nope"), http.StatusBadRequest)
}

func TestOAuthAccessTokenMetadata(t *testing.T) {
	srv := newTestServer(t)
	rp := call(t, srv, "GET", "/oauth/v1/access-tokens/"+fullToken, "", nil)
	wantStatus(t, rp, http.StatusOK)
	got := rp.JSON(t)
	for k, v := range map[string]any{"token": fullToken, "user": hubspottest.SandboxUser, "hub_id": float64(hubspottest.DefaultPortalID),
		"expires_in": float64(1800), "token_type": "access"} {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, k := range []string{"hub_domain", "scopes", "app_id", "user_id"} {
		if got[k] == nil {
			t.Errorf("%s missing in %v", k, got)
		}
	}
	bad := call(t, srv, "GET", "/oauth/v1/access-tokens/nope", "", nil)
	wantStatus(t, bad, http.StatusBadRequest)
	if b := bad.JSON(t); b["status"] != "BAD_ACCESS_TOKEN" || b["correlationId"] == nil {
		t.Errorf("unknown token body %s", bad.Body)
	}
}

func TestDailyAPIUsage(t *testing.T) {
	srv := newTestServer(t, func(o *hubspottest.Options) { o.DailyLimit = 500 })
	want401(t, call(t, srv, "GET", "/account-info/v3/api-usage/daily/private-apps", "", nil))
	rp := call(t, srv, "GET", "/account-info/v3/api-usage/daily/private-apps", readOnlyToken, nil)
	wantStatus(t, rp, http.StatusOK)
	var body struct {
		Results []map[string]any
	}
	rp.Decode(t, &body)
	if len(body.Results) != 1 {
		t.Fatalf("results %v", body.Results)
	}
	u := body.Results[0]
	// 12:00 UTC on 15 January is 07:00 in US/Eastern: the day resets at 05:00 UTC on the 16th.
	for k, v := range map[string]any{"name": "private-apps-api-calls-daily", "usageLimit": float64(500),
		"fetchStatus": "SUCCESS", "collectedAt": "2026-01-15T12:00:00.000Z", "resetsAt": "2026-01-16T05:00:00.000Z"} {
		if u[k] != v {
			t.Errorf("%s = %v, want %v", k, u[k], v)
		}
	}
	if _, ok := u["currentUsage"].(float64); !ok {
		t.Errorf("currentUsage missing: %v", u)
	}
}
