package sms

import (
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
	if err == nil || !certificateError(err) {
		t.Fatalf("err = %v, want a certificate error", err)
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
