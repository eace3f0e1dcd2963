package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// BenchmarkClientOverhead measures what the layer costs per call: GetContact through the
// client (limiter, retry loop, error handling, JSON decoding into Object) against a bare
// net/http GET of the same URL with the same token, interleaved in one run against the same
// sandbox. It reports both (medians of the calls) and their ratio (overhead-x).
func BenchmarkClientOverhead(b *testing.B) {
	srv := hubspottest.NewServer(b, hubspottest.Options{Empty: true, DailyLimit: -1,
		RateLimit: hubspottest.RateLimit{Max: 1 << 30, Interval: 10 * time.Second}})
	srv.SetRequestLogLimit(-1)
	c, err := New(Config{BaseURL: srv.URL, Token: srv.Token})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	o, err := c.CreateContact(ctx, map[string]string{"email": "bench@example.com", "firstname": "Bench", "lastname": "Mark"})
	if err != nil {
		b.Fatal(err)
	}
	url := srv.URL + "/crm/v3/objects/contacts/" + o.ID
	bare := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	get := func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		resp, err := bare.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.Status)
		}
	}
	for range 20 { // warm both connection pools and the limiter's learned window
		get()
		if _, err := c.GetContact(ctx, o.ID, GetOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	// Per-call times, so the ratio can be taken of the medians: on a busy machine a few calls
	// wait for the CPU far longer than a call takes, and the means then measure the machine.
	bareT := make([]time.Duration, 0, b.N)
	layerT := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		get()
		t1 := time.Now()
		if _, err := c.GetContact(ctx, o.ID, GetOptions{}); err != nil {
			b.Fatal(err)
		}
		layerT = append(layerT, time.Since(t1))
		bareT = append(bareT, t1.Sub(t0))
	}
	b.StopTimer()
	slices.Sort(bareT)
	slices.Sort(layerT)
	med := func(d []time.Duration) float64 { return float64(d[len(d)/2]) }
	b.ReportMetric(med(bareT), "bare-ns/call")
	b.ReportMetric(med(layerT), "client-ns/call")
	b.ReportMetric(med(layerT)/med(bareT), "overhead-x")
}

// unsized reads a body without saying its length, as an HTTP/2 or chunked answer does.
type unsized struct{ r io.Reader }

func (u unsized) Read(p []byte) (int, error) { return u.r.Read(p) }

// BenchmarkReadAnswerOfUnknownLength reads a 100-contact batch answer's worth of bytes (39 KB)
// whose length was not announced, as HubSpot's over HTTP/2 are.
func BenchmarkReadAnswerOfUnknownLength(b *testing.B) {
	body := slices.Repeat([]byte(`{"id":"1"}`), 3_900)
	var scratch sync.Pool
	b.ReportAllocs()
	for range b.N {
		if _, err := readCapped(unsized{bytes.NewReader(body)}, -1, 32<<20, &scratch); err != nil {
			b.Fatal(err)
		}
	}
}

// An answer read through the kept buffer is the caller's own: the next answer read does not
// write over it.
func TestAnswersReadThroughTheKeptBufferAreTheirOwn(t *testing.T) {
	var scratch sync.Pool
	first, err := readCapped(unsized{bytes.NewReader(bytes.Repeat([]byte("a"), 5000))}, -1, 1<<20, &scratch)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := readCapped(unsized{bytes.NewReader(bytes.Repeat([]byte("b"), 5000))}, -1, 1<<20, &scratch); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(first, bytes.Repeat([]byte("a"), 5000)) {
		t.Fatalf("the first answer changed after later reads: %q…", first[:20])
	}
	if _, err := readCapped(unsized{bytes.NewReader(make([]byte, 2000))}, -1, 1000, &scratch); err != errTooLarge {
		t.Fatalf("an answer over the cap: %v, want errTooLarge", err)
	}
}
