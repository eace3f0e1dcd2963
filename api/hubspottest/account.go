package hubspottest

import (
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // the account's time zone must resolve on any machine
)

// Account and token endpoints: who a token is, for `login` and the TUI header.
//
//	GET  /account-info/v3/details, /account-info/{version}/details   (bearer token, no scope)
//	GET  /account-info/v3/api-usage/daily/private-apps                (bearer token, no scope;
//	     the count, limit and reset come from the rate limiter, limits.go)
//	POST /oauth/v2/private-apps/get/access-token-info {"tokenKey"}    (no Authorization needed)
//	GET  /oauth/v1/access-tokens/{token}                              (no Authorization needed)
//
// UNVERIFIED choices: an unknown tokenKey is the same 401 INVALID_AUTHENTICATION any call with
// that token gets (a missing tokenKey is a 400); an unknown token in the OAuth metadata call is a
// 400 with HubSpot's OAuth-style status "BAD_ACCESS_TOKEN" (as its refresh-token sibling answers
// "BAD_REFRESH_TOKEN"). A `pat-eu1-` token's account is hosted in eu1 (uiDomain
// app-eu1.hubspot.com); every other token's in na1 (app.hubspot.com).

// accountDetails is GET /account-info/v3/details.
type accountDetails struct {
	PortalID              int      `json:"portalId"`
	AccountType           string   `json:"accountType"`
	TimeZone              string   `json:"timeZone"`
	CompanyCurrency       string   `json:"companyCurrency"`
	AdditionalCurrencies  []string `json:"additionalCurrencies"`
	UTCOffset             string   `json:"utcOffset"`
	UTCOffsetMilliseconds int64    `json:"utcOffsetMilliseconds"`
	UIDomain              string   `json:"uiDomain"`
	DataHostingLocation   string   `json:"dataHostingLocation"`
}

// privateAppTokenInfo is POST /oauth/v2/private-apps/get/access-token-info.
type privateAppTokenInfo struct {
	UserID int      `json:"userId"`
	HubID  int      `json:"hubId"`
	AppID  int      `json:"appId"`
	Scopes []string `json:"scopes"`
}

// oauthTokenInfo is GET /oauth/v1/access-tokens/{token}.
type oauthTokenInfo struct {
	Token     string   `json:"token"`
	User      string   `json:"user"`
	HubDomain string   `json:"hub_domain"`
	Scopes    []string `json:"scopes"`
	HubID     int      `json:"hub_id"`
	AppID     int      `json:"app_id"`
	ExpiresIn int      `json:"expires_in"`
	UserID    int      `json:"user_id"`
	TokenType string   `json:"token_type"`
}

// apiUsage is one entry of GET /account-info/v3/api-usage/daily/private-apps.
type apiUsage struct {
	Name         string `json:"name"`
	UsageLimit   int    `json:"usageLimit"`
	CurrentUsage int    `json:"currentUsage"`
	CollectedAt  string `json:"collectedAt"`
	FetchStatus  string `json:"fetchStatus"`
	ResetsAt     string `json:"resetsAt"`
}

// SandboxUser is the email of the user every sandbox token belongs to.
const SandboxUser = "sandbox-user@hubcontacts.example"

// sandboxHubDomain is the portal's domain in token metadata.
const sandboxHubDomain = "sandbox.hubcontacts.example"

func (s *Sandbox) routeAccount(mux *http.ServeMux) {
	mux.HandleFunc("GET /account-info/{version}/details", s.getAccountDetails)
	mux.HandleFunc("GET /account-info/v3/api-usage/daily/private-apps", s.getAPIUsage)
	mux.HandleFunc("POST /oauth/v2/private-apps/get/access-token-info", s.postAccessTokenInfo)
	mux.HandleFunc("GET /oauth/v1/access-tokens/{token}", s.getOAuthTokenInfo)
}

func (s *Sandbox) getAccountDetails(w http.ResponseWriter, r *http.Request) {
	if v := r.PathValue("version"); v != "v3" && !publishedVersion(familyAccount, v) {
		writeUnknownVersion(w, r)
		return
	}
	offset := s.utcOffset(s.opts.Clock())
	domain, location := accountRegion(requestIdentity(r).Token)
	writeJSON(w, http.StatusOK, accountDetails{
		PortalID: s.opts.PortalID, AccountType: "STANDARD", TimeZone: s.opts.TimeZone,
		CompanyCurrency: "USD", AdditionalCurrencies: []string{},
		UTCOffset: formatOffset(offset), UTCOffsetMilliseconds: offset.Milliseconds(),
		UIDomain: domain, DataHostingLocation: location,
	})
}

// accountRegion returns the UI domain and data hosting location a token's account lives in.
func accountRegion(token string) (uiDomain, location string) {
	if strings.HasPrefix(token, "pat-eu1-") {
		return "app-eu1.hubspot.com", "eu1"
	}
	return "app.hubspot.com", "na1"
}

// location returns the account's time zone (UTC when the name is unknown).
func (s *Sandbox) location() *time.Location {
	loc, err := time.LoadLocation(s.opts.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// utcOffset returns the account time zone's offset from UTC at t.
func (s *Sandbox) utcOffset(t time.Time) time.Duration {
	_, secs := t.In(s.location()).Zone()
	return time.Duration(secs) * time.Second
}

// formatOffset renders an offset as HubSpot does: "-05:00", "+01:00".
func formatOffset(d time.Duration) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", int(d.Seconds()))).Format("-07:00")
}

func (s *Sandbox) postAccessTokenInfo(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TokenKey string `json:"tokenKey"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if strings.TrimSpace(in.TokenKey) == "" {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR",
			"Invalid input JSON on line 1, column 2. Some required fields were not set: [tokenKey]", nil)
		return
	}
	id, ok := s.tokenIdentity(in.TokenKey)
	if !ok {
		writeUnauthorized(w, r)
		return
	}
	writeJSON(w, http.StatusOK, privateAppTokenInfo{UserID: id.UserID, HubID: s.opts.PortalID, AppID: id.AppID, Scopes: id.Scopes})
}

func (s *Sandbox) getOAuthTokenInfo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.tokenIdentity(r.PathValue("token"))
	if !ok {
		writeJSON(w, http.StatusBadRequest, apiError{Status: "BAD_ACCESS_TOKEN",
			Message: "missing or invalid access token", CorrelationID: correlationID(r)})
		return
	}
	writeJSON(w, http.StatusOK, oauthTokenInfo{
		Token: id.Token, User: SandboxUser, HubDomain: sandboxHubDomain, Scopes: id.Scopes,
		HubID: s.opts.PortalID, AppID: id.AppID, ExpiresIn: 1800, UserID: id.UserID, TokenType: "access",
	})
}

func (s *Sandbox) getAPIUsage(w http.ResponseWriter, r *http.Request) {
	used, limit := s.dailyUsage()
	writeJSON(w, http.StatusOK, map[string][]apiUsage{"results": {{
		Name: "private-apps-api-calls-daily", UsageLimit: limit, CurrentUsage: used,
		CollectedAt: isoTime(s.opts.Clock()), FetchStatus: "SUCCESS", ResetsAt: isoTime(s.dailyResetsAt()),
	}}})
}
