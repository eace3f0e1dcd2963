package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL accepts a HubSpot API base URL: https to any host, or plain http only to this
// machine (localhost, 127.0.0.0/8, ::1), which is where a sandbox runs. The token must never
// cross a network unencrypted, so anything else is refused before a request is made. It returns
// the URL without a trailing slash.
func CheckBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%q is not a URL like https://api.hubapi.com", truncate(raw))
	}
	if u.User != nil {
		return "", errors.New("the base URL must not hold a user name or password")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%s: a base URL has no ?query or #fragment", redactURL(u))
	}
	if u.Path != "" && u.Path != "/" {
		return "", fmt.Errorf("%s: a base URL has no path (HubSpot's is https://api.hubapi.com)", redactURL(u))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return "", fmt.Errorf("refusing %s: plain http would send the access token unencrypted across the network; use https://, or http:// only to this machine (localhost, 127.0.0.1, [::1]) for a sandbox", redactURL(u))
		}
	default:
		return "", fmt.Errorf("%s: the base URL must start with https:// (or http:// to this machine, for a sandbox)", redactURL(u))
	}
	return strings.ToLower(u.Scheme) + "://" + u.Host, nil
}

// IsLoopback reports whether host (a name or an IP, without port) is this machine: localhost,
// 127.0.0.0/8 or ::1. Other names are not resolved: a name could point anywhere.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery, c.Fragment = "", ""
	return truncate(c.String())
}
