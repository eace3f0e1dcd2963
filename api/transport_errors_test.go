package api

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// A retry cannot fix a wrong address or a refused certificate: the call fails after one
// attempt, with no retry wait, and the message says what is wrong with the URL or the
// certificate. A connection refused (a server restarting) is still retried.
func TestPermanentTransportFailuresFailAtOnce(t *testing.T) {
	plain := hubspottest.NewServer(t, hubspottest.Options{Empty: true})
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	trusted := tlsSrv.Client() // trusts the test certificate, valid for 127.0.0.1 and example.com
	_, port, _ := net.SplitHostPort(tlsSrv.Listener.Addr().String())
	noHost := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.DNSError{Err: "no such host", Name: "api.hubapi.con", IsNotFound: true}
	}}}

	cases := []struct {
		name, base string
		hc         *http.Client
		category   string
		says       []string
	}{
		{"plain HTTP answer to https", strings.Replace(plain.URL, "http://", "https://", 1), nil, CategoryBadAddress,
			[]string{"answers in plain HTTP, not HTTPS", "check the base URL", "(the local sandbox is " + plain.URL + ")"}},
		{"certificate from an unknown authority", tlsSrv.URL, nil, CategoryTLS,
			[]string{"not signed by an authority this computer trusts", "check the base URL"}},
		{"certificate for another host", "https://localhost:" + port, trusted, CategoryTLS,
			[]string{"is for other hosts", "check the base URL's host"}},
		{"no such host", "https://api.hubapi.con", noHost, CategoryBadAddress,
			[]string{"There is no host named api.hubapi.con", "check the base URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			waits := &waitLog{}
			c, err := New(Config{BaseURL: tc.base, Token: hubspottest.DefaultToken, HTTPClient: tc.hc, Clock: clock, OnWait: waits.add})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetContact(ctxT(t), "1", GetOptions{})
			e, ok := asError(err)
			if !ok || e.Category != tc.category {
				t.Fatalf("want %s, got %#v", tc.category, err)
			}
			if e.Attempts != 1 || len(waits.all()) != 0 || clock.Slept() != 0 {
				t.Fatalf("retried: %d attempts, waits %+v", e.Attempts, waits.all())
			}
			t.Log(err)
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not say %q", err, s)
				}
			}
			if strings.Contains(err.Error(), hubspottest.DefaultToken) {
				t.Fatal("the token in the message")
			}
		})
	}

	// The untrusted certificate's cause is still there for errors.As.
	c, _ := New(Config{BaseURL: tlsSrv.URL, Token: hubspottest.DefaultToken, Clock: newFakeClock()})
	_, err := c.GetContact(ctxT(t), "1", GetOptions{})
	var ua x509.UnknownAuthorityError
	if !strings.Contains(err.Error(), "x509") || !errors.As(err, &ua) {
		t.Fatalf("cause lost: %v", err)
	}

	// A refused connection may be a server restarting: retried as before.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	clock := newFakeClock()
	c, _ = New(Config{BaseURL: "http://" + addr, Token: hubspottest.DefaultToken, Clock: clock, MaxRetries: 2})
	_, err = c.GetContact(ctxT(t), "1", GetOptions{})
	if e, ok := asError(err); !ok || e.Category != CategoryNetwork || e.Attempts != 3 {
		t.Fatalf("connection refused: want 3 attempts, got %#v", err)
	}
}
