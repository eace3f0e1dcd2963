package hubspottest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a Sandbox served over HTTP by a plain net/http server: what `hubcontacts sandbox`
// and `--demo` run, and what tests start through NewServer.
type Server struct {
	*Sandbox
	// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL string
	// Token is a token the sandbox accepts.
	Token string

	hs     *http.Server
	served chan struct{} // closed when Serve has returned

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	active int           // requests being served
	idle   chan struct{} // closed when active falls to 0 while closing; nil otherwise
}

// Serve serves the sandbox on l in the background until Close or Shutdown.
func (s *Sandbox) Serve(l net.Listener) *Server {
	srv := &Server{Sandbox: s, URL: "http://" + l.Addr().String(), Token: s.anyToken(),
		served: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	srv.hs = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			srv.begin()
			defer srv.end()
			s.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ConnState:         srv.track,
	}
	go func() {
		defer close(srv.served)
		_ = srv.hs.Serve(l) // ends with ErrServerClosed on Close or Shutdown
	}()
	return srv
}

// Listen builds a sandbox from opts and serves it on l.
func Listen(l net.Listener, opts Options) *Server { return New(opts).Serve(l) }

// Start builds a sandbox from opts and serves it on addr ("127.0.0.1:0" picks a free port).
func Start(addr string, opts Options) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return Listen(l, opts), nil
}

// TB is the part of testing.TB NewServer needs.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// NewServer starts a sandbox on a free loopback port for a test, closed on t's cleanup.
func NewServer(t TB, opts Options) *Server {
	t.Helper()
	srv, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("hubspottest: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Close stops the server at once: the listener and every connection are closed, and Close
// returns when the requests being served have returned. Calling it again does nothing.
func (s *Server) Close() {
	_ = s.hs.Close()
	<-s.served
	s.mu.Lock()
	if s.active == 0 {
		s.mu.Unlock()
		return
	}
	if s.idle == nil {
		s.idle = make(chan struct{})
	}
	idle := s.idle
	s.mu.Unlock()
	<-idle
}

func (s *Server) begin() {
	s.mu.Lock()
	s.active++
	s.mu.Unlock()
}

func (s *Server) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active--; s.active == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
}

// Shutdown stops the server gracefully: no new connections, the requests in flight are answered,
// idle connections are closed. When ctx ends first, the rest are closed as Close does.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.hs.Shutdown(ctx)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		s.Close()
	}
	<-s.served
	return err
}

// CloseClientConnections drops every open connection (a fault tests use); the server goes on
// accepting new ones.
func (s *Server) CloseClientConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		_ = c.Close()
	}
}

func (s *Server) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateNew:
		s.conns[c] = struct{}{}
	case http.StateClosed, http.StateHijacked:
		delete(s.conns, c)
	}
}
