package sms

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

const (
	testAK      = "AKTESTACCESSKEY"
	testSK      = "sk-very-secret-value-0001"
	testRegion  = "cn-north-4"
	testProject = "0123456789abcdef0123456789abcdef"
)

// seen is one request as received by a test server.
type seen struct {
	Method string
	Path   string // r.URL.Path (decoded)
	Raw    string // r.URL.EscapedPath()
	Query  url.Values
	Header http.Header
	Body   []byte
}

// recorder is a test server that records requests and answers through a
// handler chosen by the test.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newRecorder(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int, body []byte)) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{
			Method: r.Method, Path: r.URL.Path, Raw: r.URL.EscapedPath(), Query: r.URL.Query(),
			Header: r.Header.Clone(), Body: body,
		})
		n := len(rec.reqs)
		rec.mu.Unlock()
		h(w, r, n, body)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// testConfig points every service at url with AK/SK credentials, a fixed
// project id and tiny retry waits.
func testConfig(url string) Config {
	return Config{
		Region:       testRegion,
		AccessKey:    testAK,
		SecretKey:    testSK,
		ProjectID:    testProject,
		Endpoints:    Endpoints{SMS: url, DCS: url, IAM: url},
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 2 * time.Millisecond,
	}
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// hijackClose drops the connection without answering: the client sees a
// reset / EOF after the request was sent.
func hijackClose(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// runtimeGosched yields briefly while a test waits for a server-side event.
func runtimeGosched() { time.Sleep(time.Millisecond) }

// scopedSuffix marks the token scopeToken hands back.
const scopedSuffix = "-scoped"

// scopeToken answers IAM's token re-scoping (POST /v3/auth/tokens) for the
// token-mode tests and reports whether it did: the token comes back, scoped
// to testProject, as itself + scopedSuffix, valid for a day.
func scopeToken(w http.ResponseWriter, r *http.Request, body []byte) bool {
	if r.Method != http.MethodPost || r.URL.Path != pathAuthTokens {
		return false
	}
	var req struct {
		Auth struct {
			Identity struct {
				Token struct {
					ID string `json:"id"`
				} `json:"token"`
			} `json:"identity"`
		} `json:"auth"`
	}
	_ = json.Unmarshal(body, &req)
	w.Header().Set(headerSubjectToken, req.Auth.Identity.Token.ID+scopedSuffix)
	writeJSON(w, http.StatusCreated, `{"token":{"expires_at":"`+time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339)+`","project":{"id":"`+testProject+`","name":"`+testRegion+`"}}}`)
	return true
}
