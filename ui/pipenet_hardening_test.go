package ui

import (
	"context"
	"net"
	"net/http"
	"sync"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// pipeNet is an in-memory network for a sandbox inside a testing/synctest bubble: HTTP/1.1
// between the real client and the real sandbox over net.Pipe connections instead of loopback
// TCP, because a goroutine blocked on a socket is never "durably blocked" and would keep the
// bubble's fake clock from moving. Everything else — the client's transport, retries, limiter
// and timeouts, the sandbox's handlers, faults, limits and request log — is the real thing.
type pipeNet struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeNet() *pipeNet {
	return &pipeNet{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept hands the server the far end of each dialled pipe.
func (p *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.closed:
		return nil, net.ErrClosed
	}
}

func (p *pipeNet) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

// Addr is a loopback address, so the client's https-or-loopback rule lets plain http through.
func (p *pipeNet) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }

func (p *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-p.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// bubbleSandbox is a sandbox served over a pipeNet and a client dialling it; close stops both
// (the server's connections, then the client's idle ones).
type bubbleSandbox struct {
	srv    *hubspottest.Server
	client *api.Client
	tr     *http.Transport
}

func newBubbleSandbox(opts hubspottest.Options, cfg api.Config) (*bubbleSandbox, error) {
	pn := newPipeNet()
	srv := hubspottest.Listen(pn, opts)
	tr := &http.Transport{DialContext: pn.dial, MaxIdleConnsPerHost: 8}
	cfg.BaseURL, cfg.Token, cfg.HTTPClient = srv.URL, srv.Token, &http.Client{Transport: tr}
	c, err := api.New(cfg)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &bubbleSandbox{srv: srv, client: c, tr: tr}, nil
}

func (b *bubbleSandbox) close() {
	b.srv.Close()
	b.tr.CloseIdleConnections()
}
