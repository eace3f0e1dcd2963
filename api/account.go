package api

import (
	"context"
	"net/http"
	"time"
)

// Account is the portal behind the token (for the header and `login`).
type Account struct {
	PortalID             int64
	AccountType          string
	TimeZone             string // IANA name, e.g. "US/Eastern"
	CompanyCurrency      string
	AdditionalCurrencies []string
	UTCOffset            string // e.g. "-05:00"
	UTCOffsetMillis      int64
	UIDomain             string // e.g. "app.hubspot.com", for record links
	DataHostingLocation  string // e.g. "na1", "eu1"
}

// TokenInfo describes a private-app (or service-key) token.
type TokenInfo struct {
	HubID  int64
	UserID int64
	AppID  int64
	Scopes []string
}

// AccountDetails returns the portal's details, and remembers its time zone so a DAILY rate
// limit can say when it resets.
func (c *Client) AccountDetails(ctx context.Context) (Account, error) {
	var w struct {
		PortalID              int64    `json:"portalId"`
		AccountType           string   `json:"accountType"`
		TimeZone              string   `json:"timeZone"`
		CompanyCurrency       string   `json:"companyCurrency"`
		AdditionalCurrencies  []string `json:"additionalCurrencies"`
		UTCOffset             string   `json:"utcOffset"`
		UTCOffsetMilliseconds int64    `json:"utcOffsetMilliseconds"`
		UIDomain              string   `json:"uiDomain"`
		DataHostingLocation   string   `json:"dataHostingLocation"`
	}
	if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.accountDetails(), out: &w, idempotent: true}); err != nil {
		return Account{}, err
	}
	a := Account{PortalID: w.PortalID, AccountType: w.AccountType, TimeZone: w.TimeZone, CompanyCurrency: w.CompanyCurrency,
		AdditionalCurrencies: w.AdditionalCurrencies, UTCOffset: w.UTCOffset, UTCOffsetMillis: w.UTCOffsetMilliseconds,
		UIDomain: w.UIDomain, DataHostingLocation: w.DataHostingLocation}
	c.portalTZ.Store(portalLocation(a))
	return a, nil
}

// portalLocation is the portal's zone: by name when the system knows it, else its UTC offset.
func portalLocation(a Account) *time.Location {
	if a.TimeZone != "" {
		if loc, err := time.LoadLocation(a.TimeZone); err == nil {
			return loc
		}
	}
	name := a.TimeZone
	if name == "" {
		name = "portal"
	}
	return time.FixedZone(name, int(a.UTCOffsetMillis/1000))
}

// TokenInfo validates the token and returns its portal, user, app and scopes (the private-app
// token-info call; it needs no scopes). The token travels in the body, as HubSpot requires.
func (c *Client) TokenInfo(ctx context.Context) (TokenInfo, error) {
	var w struct {
		UserID int64    `json:"userId"`
		HubID  int64    `json:"hubId"`
		AppID  int64    `json:"appId"`
		Scopes []string `json:"scopes"`
	}
	body := map[string]string{"tokenKey": string(*c.token)}
	if _, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.tokenInfo(), body: body, out: &w, idempotent: true, read: true}); err != nil {
		return TokenInfo{}, err
	}
	return TokenInfo{HubID: w.HubID, UserID: w.UserID, AppID: w.AppID, Scopes: w.Scopes}, nil
}
