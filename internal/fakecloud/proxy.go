package fakecloud

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// HTTPSProxy lets a client that reads its endpoints from the region
// (https://sms.<region>.myhuaweicloud.com, iam..., ecs...) reach the fake
// through HTTPS_PROXY: it answers CONNECT for any host by terminating TLS
// with a certificate for that host, signed by a CA it makes at start, and
// serves the requests inside with the fake, whatever the host. The client
// trusts the CA through SSL_CERT_FILE (CAPEM written to a file). A plain
// proxied http:// request is served by the fake too.
type HTTPSProxy struct {
	handler http.Handler
	caCert  *x509.Certificate
	caKey   *ecdsa.PrivateKey
	// CAPEM is the CA certificate, PEM encoded.
	CAPEM []byte

	mu     sync.Mutex
	leaves map[string]*tls.Certificate
	inner  *http.Server
	conns  chan net.Conn
	done   chan struct{}
	closed bool
}

// NewHTTPSProxy makes a proxy in front of handler with a fresh CA.
func NewHTTPSProxy(handler http.Handler) (*HTTPSProxy, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: "fakecloud proxy CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(30 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	p := &HTTPSProxy{
		handler: handler, caCert: ca, caKey: key, CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		leaves: map[string]*tls.Certificate{}, conns: make(chan net.Conn), done: make(chan struct{}),
	}
	p.inner = &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: log.New(io.Discard, "", 0)} // a client refusing the CA is its business
	go func() { _ = p.inner.Serve(&connListener{p: p}) }()
	return p, nil
}

// leaf returns the certificate for host, made on first use. Callers do not
// hold p.mu.
func (p *HTTPSProxy) leaf(host string) (*tls.Certificate, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.leaves[host]; c != nil {
		return c, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: host},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(7 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &key.PublicKey, p.caKey)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	p.leaves[host] = c
	return c, nil
}

// ServeHTTP is the proxy: CONNECT tunnels into the fake over TLS, other
// requests go to the fake as they are.
func (p *HTTPSProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		p.handler.ServeHTTP(w, r)
		return
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if _, err := rw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n"); err != nil || rw.Flush() != nil {
		conn.Close()
		return
	}
	tconn := tls.Server(&bufferedConn{Conn: conn, r: rw.Reader}, &tls.Config{
		MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			name := hello.ServerName
			if name == "" {
				name = host
			}
			return p.leaf(strings.ToLower(name))
		},
	})
	select {
	case p.conns <- tconn:
	case <-p.done:
		conn.Close()
	}
}

// Close stops serving tunnelled connections.
func (p *HTTPSProxy) Close() error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.done)
	}
	p.mu.Unlock()
	return p.inner.Close()
}

// connListener hands the tunnelled TLS connections to the inner server.
type connListener struct{ p *HTTPSProxy }

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.p.conns:
		return c, nil
	case <-l.p.done:
		return nil, errors.New("fakecloud: proxy closed")
	}
}

func (l *connListener) Close() error   { return nil }
func (l *connListener) Addr() net.Addr { return proxyAddr{} }

type proxyAddr struct{}

func (proxyAddr) Network() string { return "tcp" }
func (proxyAddr) String() string  { return "fakecloud-proxy" }

// bufferedConn reads what the hijacked reader had buffered first.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }
