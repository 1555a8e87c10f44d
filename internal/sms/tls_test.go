package sms

import (
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestTLSVerification(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{"id":"t1"}`)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshakes are expected
	srv.StartTLS()
	defer srv.Close()

	cfg := testConfig(srv.URL)
	c := newTestClient(t, cfg)
	_, err := c.ShowTask(testCtx(t), "t1")
	if err == nil || !certificateError(err) || IsTransient(err) {
		t.Fatalf("err = %v, want a certificate error, not a transient one", err)
	}
	if _, err := c.CreateTask(testCtx(t), &CreateTaskRequest{Name: "x"}); err == nil || IsAmbiguous(err) {
		t.Fatalf("CreateTask err = %v: a rejected certificate means nothing was sent", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("the server saw %d requests", hits.Load())
	}

	cfg.Insecure = true
	c = newTestClient(t, cfg)
	if _, err := c.ShowTask(testCtx(t), "t1"); err != nil {
		t.Fatalf("insecure = true: %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("hits = %d, want 1", hits.Load())
	}
}

// cacert_file replaces the system's trusted CAs, as in the official
// provider: the pool holds the configured CA and nothing else.
func TestCACertReplacesSystemRoots(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	got, err := tlsMaterial(Config{CACertPEM: caPEM}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := x509.NewCertPool()
	want.AppendCertsFromPEM(caPEM)
	if !got.RootCAs.Equal(want) {
		t.Error("the trusted CAs are not exactly cacert_file's")
	}
}
