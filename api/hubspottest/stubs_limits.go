package hubspottest

// Owner: limits/faults/log/state. This file holds placeholders so the package compiles while its files are written; each
// function moves to its own file (see the package doc) and is deleted from here.

import "net/http"

// Faults configures fault injection (see faults.go).
type Faults struct{}

type limiter struct{}
type faulter struct{}
type requestLog struct{}

func newLimiter(Options) *limiter                           { return &limiter{} }
func newFaulter(Faults, int64) *faulter                     { return &faulter{} }
func (s *Sandbox) logRequests(h http.Handler) http.Handler  { return h }
func (s *Sandbox) injectFaults(h http.Handler) http.Handler { return h }
func (s *Sandbox) rateLimit(h http.Handler) http.Handler    { return h }
func (s *Sandbox) capBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		h.ServeHTTP(w, r)
	})
}
