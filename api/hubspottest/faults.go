package hubspottest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Faults makes the sandbox misbehave the way a real network and a busy HubSpot do, at random
// but reproducibly: the same Options.Seed and the same sequence of requests give the same
// faults. Each request that passes Only draws one fault; the ratios are tried in the order
// Error5xx, RateLimit429, Reset, Truncate, DropAfterWrite and should add up to at most 1.
// ParseFaults reads the command line's text form.
type Faults struct {
	// Latency delays every matching request; with LatencyMax above it, the delay is drawn
	// uniformly from [Latency, LatencyMax]. Latency is real time, not Options.Clock.
	Latency, LatencyMax time.Duration
	// Error5xx answers a 5xx without processing the request; the code is drawn from Codes
	// (default 500, 502, 503, 504).
	Error5xx float64
	Codes    []int
	// RateLimit429 answers a TEN_SECONDLY_ROLLING 429 with its headers (SECONDLY for search).
	RateLimit429 float64
	// Reset closes the connection without processing the request or answering it.
	Reset float64
	// Truncate processes the request and sends its response cut short (the client reads an
	// unexpected EOF).
	Truncate float64
	// DropAfterWrite processes the request (the write happens) and then resets the connection
	// before any of the response is sent: "a create whose response is lost".
	DropAfterWrite float64
	// Only limits random faults to some requests; scripted faults (InjectNext) ignore it.
	Only FaultFilter
}

// FaultFilter selects requests: any of Methods (all when empty) whose path contains Path.
type FaultFilter struct {
	Methods []string
	Path    string
}

func (f FaultFilter) matches(r *http.Request) bool {
	if len(f.Methods) > 0 && !slices.ContainsFunc(f.Methods, func(m string) bool { return strings.EqualFold(m, r.Method) }) {
		return false
	}
	return strings.Contains(r.URL.Path, f.Path)
}

// FaultKind names an injected fault.
type FaultKind int

// The faults the sandbox can inject. FaultDelay (scripted only) waits Fault.Delay and then
// serves the request normally, unless the client has gone by then.
const (
	FaultNone FaultKind = iota
	Fault500
	Fault502
	Fault503
	Fault504
	Fault429
	FaultReset
	FaultTruncate
	FaultDrop
	FaultDelay
	// FaultServed504 (scripted only) serves the request, so a write happens, then answers 504
	// as HubSpot's edge does when the backend was slow: the client cannot tell it from a 504
	// that changed nothing.
	FaultServed504
)

var faultNames = [...]string{"none", "500", "502", "503", "504", "429", "reset", "truncate", "drop", "delay", "served-504"}

func (k FaultKind) String() string {
	if k < 0 || int(k) >= len(faultNames) {
		return fmt.Sprintf("FaultKind(%d)", int(k))
	}
	return faultNames[k]
}

// Fault is one scripted fault for InjectNext.
type Fault struct {
	Kind FaultKind
	// Match selects the request: "" any; "PATCH" a method; "/contacts/12" a path substring;
	// "PATCH /crm/v3/objects/contacts" both.
	Match string
	// Delay is FaultDelay's wait (real time).
	Delay time.Duration
}

func (f Fault) matches(r *http.Request) bool {
	method, path, ok := strings.Cut(strings.TrimSpace(f.Match), " ")
	if !ok {
		method, path = "", method
		if isMethodName(path) {
			method, path = path, ""
		}
	}
	if method != "" && !strings.EqualFold(method, r.Method) {
		return false
	}
	return strings.Contains(r.URL.Path, strings.TrimSpace(path))
}

func isMethodName(s string) bool {
	switch strings.ToUpper(s) {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return true
	}
	return false
}

// default5xx are the codes Error5xx draws from when Faults.Codes is empty.
var default5xx = [...]int{500, 502, 503, 504}

// faulter draws faults from a seeded generator and keeps the scripted queue.
type faulter struct {
	mu    sync.Mutex
	cfg   Faults
	rng   *rand.Rand
	queue []Fault
	sleep func(ctx context.Context, d time.Duration) bool
}

func newFaulter(f Faults, seed int64) *faulter {
	s := uint64(seed)
	return &faulter{cfg: f, rng: rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15)), sleep: sleepCtx}
}

// sleepCtx waits d, returning false when ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// plan is what the fault layer does to one request.
type plan struct {
	kind    FaultKind
	latency time.Duration // random latency
	delay   time.Duration // total wait before acting
}

// next decides the request's fault: the first queued scripted fault that matches, else a draw.
// A request outside Only draws nothing, so it does not shift later draws.
func (f *faulter) next(r *http.Request) plan {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := slices.IndexFunc(f.queue, func(q Fault) bool { return q.matches(r) }); i >= 0 {
		q := f.queue[i]
		f.queue = slices.Delete(f.queue, i, i+1)
		return plan{kind: q.Kind, delay: q.Delay}
	}
	if !f.cfg.Only.matches(r) {
		return plan{}
	}
	u, c, l := f.rng.Float64(), f.rng.IntN(1<<30), f.rng.Float64()
	p := plan{kind: f.cfg.pick(u, c)}
	p.latency = f.cfg.Latency
	if f.cfg.LatencyMax > f.cfg.Latency {
		p.latency += time.Duration(l * float64(f.cfg.LatencyMax-f.cfg.Latency))
	}
	p.delay = p.latency
	return p
}

// pick maps a uniform draw u to a fault by the cumulative ratios; c picks the 5xx code.
func (f Faults) pick(u float64, c int) FaultKind {
	codes := f.Codes
	if len(codes) == 0 {
		codes = default5xx[:]
	}
	steps := []struct {
		ratio float64
		kind  FaultKind
	}{
		{f.Error5xx, kind5xx(codes[c%len(codes)])}, {f.RateLimit429, Fault429},
		{f.Reset, FaultReset}, {f.Truncate, FaultTruncate}, {f.DropAfterWrite, FaultDrop},
	}
	sum := 0.0
	for _, s := range steps {
		sum += min(max(s.ratio, 0), 1)
		if u < sum {
			return s.kind
		}
	}
	return FaultNone
}

func kind5xx(code int) FaultKind {
	switch code {
	case 502:
		return Fault502
	case 503:
		return Fault503
	case 504:
		return Fault504
	}
	return Fault500
}

// InjectNext queues a scripted fault for the next request it matches; several queued faults
// are used in the order they were queued, each once.
func (s *Sandbox) InjectNext(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue = append(s.faults.queue, f)
}

// PendingFaults returns the scripted faults not used yet.
func (s *Sandbox) PendingFaults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return slices.Clone(s.faults.queue)
}

// SetFaults replaces the random fault configuration of a running sandbox (the generator carries
// on from where it is).
func (s *Sandbox) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.cfg = f
}

// Faults returns the random fault configuration in force.
func (s *Sandbox) Faults() Faults {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.cfg
}

// injectFaults applies the planned fault to each request.
func (s *Sandbox) injectFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := s.faults.next(r)
		e := entryFrom(r.Context())
		e.Fault, e.Latency = p.kind, p.latency
		if p.kind != FaultNone || p.latency > 0 {
			s.noteFault(e)
		}
		if p.delay > 0 && !s.faults.sleep(r.Context(), p.delay) {
			e.hijacked = true // the client went away; nothing was sent
			return
		}
		switch p.kind {
		case Fault500, Fault502, Fault503, Fault504:
			write5xx(w, p.kind)
		case Fault429:
			s.writeFault429(w, r)
		case FaultReset:
			e.hijacked = true
			s.commitEntry(e)
			resetConn(w)
		case FaultTruncate, FaultDrop:
			s.serveThenBreak(w, r, next, p.kind, e)
		case FaultServed504:
			next.ServeHTTP(&bufferedWriter{header: http.Header{}}, r)
			write5xx(w, Fault504)
		default: // FaultNone, FaultDelay
			next.ServeHTTP(w, r)
		}
	})
}

// write5xx answers a server error. HubSpot's own 500/503 are JSON; 502/504 come from its edge as
// HTML (bodies UNVERIFIED: clients must cope with both).
func write5xx(w http.ResponseWriter, k FaultKind) {
	code := map[FaultKind]int{Fault500: 500, Fault502: 502, Fault503: 503, Fault504: 504}[k]
	if code == 502 || code == 504 {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>\n",
			code, http.StatusText(code), code, http.StatusText(code))
		return
	}
	msg := "internal error"
	if code == 503 {
		msg = "Service Unavailable"
	}
	id := newCorrelationID()
	w.Header().Set(correlationHeader, id)
	writeJSON(w, code, apiError{Status: "error", Message: msg, CorrelationID: id})
}

// writeFault429 answers the 429 a real limit would: ten-secondly with headers, or search's.
func (s *Sandbox) writeFault429(w http.ResponseWriter, r *http.Request) {
	if isSearchPath(r.Method, r.URL.Path) {
		s.writeRateLimited(w, r, PolicySecondly, time.Second)
		return
	}
	for k, v := range s.limits.exhaustedHeaders(tokenKey(tokenOf(r))) {
		w.Header().Set(k, v)
	}
	s.writeRateLimited(w, r, PolicyTenSecondly, s.opts.RateLimit.Interval)
}

// resetConn closes the connection at once with a TCP reset, sending nothing. Without a
// hijackable connection (HTTP/2, a recorder) it aborts the handler, which also sends nothing.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// serveThenBreak runs the request to completion into a buffer, then either resets the
// connection (FaultDrop) or sends the response cut short (FaultTruncate).
func (s *Sandbox) serveThenBreak(w http.ResponseWriter, r *http.Request, next http.Handler, k FaultKind, e *logEntry) {
	buf := &bufferedWriter{header: http.Header{}}
	next.ServeHTTP(buf, r)
	e.Status, e.hijacked = buf.statusCode(), true
	s.commitEntry(e)
	if k == FaultDrop {
		resetConn(w)
		return
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	writeTruncated(rw.Writer, buf)
}

// writeTruncated writes the status line, the headers (Content-Length promising the whole body)
// and half the body; with no body to cut, it stops halfway through the headers.
func writeTruncated(bw *bufio.Writer, buf *bufferedWriter) {
	var head bytes.Buffer
	code := buf.statusCode()
	fmt.Fprintf(&head, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	h := buf.header.Clone()
	h.Set("Content-Length", fmt.Sprint(buf.body.Len()))
	h.Set("Connection", "close")
	_ = h.Write(&head)
	head.WriteString("\r\n")
	if buf.body.Len() == 0 {
		_, _ = bw.Write(head.Bytes()[:head.Len()/2])
	} else {
		_, _ = bw.Write(head.Bytes())
		_, _ = bw.Write(buf.body.Bytes()[:buf.body.Len()/2])
	}
	_ = bw.Flush()
}

// bufferedWriter is a ResponseWriter that keeps the response for serveThenBreak.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 && code >= 200 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) statusCode() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
