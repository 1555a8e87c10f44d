package signer

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzSignVerify feeds arbitrary paths, query pairs, header values and bodies
// through the client side (SignHTTP) and the server side (Verify). Neither may
// panic, and whatever the client signs the server must accept.
func FuzzSignVerify(f *testing.F) {
	f.Add("/v3/tasks/a b:c@d+e~f-ü", "name", "web server/01+a=b&c?d#e%f*g~h", " a   b\t", `{"ids":["1"]}`+"\n")
	f.Add("", "tagé", "", "x", "")
	f.Add("/v3//tasks/%2F", "a b", "主机-ü", "\u00a0v\u00a0", "binary\x00\x01")
	f.Add("/v3/tasks/", "Limit", "~x", "", "{}")
	cred := Credentials{AccessKey: "FUZZAK", SecretKey: "fuzz-secret"}
	keys := func(ak string) (string, bool) { return cred.SecretKey, ak == cred.AccessKey }
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	f.Fuzz(func(t *testing.T, path, key, value, header, body string) {
		// Canonicalisation of raw inputs must never panic.
		req := &Request{Method: "POST", Path: path, Query: []QueryParam{{key, value}}, Headers: map[string]string{"X-Custom": header}, Body: []byte(body)}
		if _, err := Sign(req, cred, now); err != nil {
			t.Fatalf("Sign: %v", err)
		}

		u := &url.URL{Scheme: "http", Host: "127.0.0.1", Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: url.Values{key: {value}}.Encode()}
		r, err := http.NewRequest(http.MethodPost, u.String(), strings.NewReader(body))
		if err != nil {
			return // not a URL net/http can send; nothing to round-trip
		}
		if !validHeaderValue(header) {
			return
		}
		r.Header.Set("X-Custom", header)
		if err := SignHTTP(r, []byte(body), cred, now); err != nil {
			t.Fatalf("SignHTTP: %v", err)
		}
		// Rebuild the request the way a server parses it off the wire.
		in := httptest.NewRequest(r.Method, r.URL.String(), strings.NewReader(body))
		in.Header = r.Header.Clone()
		if in.URL.Path != r.URL.Path || in.URL.RawQuery != r.URL.RawQuery {
			return // the wire form does not round-trip through URL parsing
		}
		if _, err := Verify(in, []byte(body), keys, now, 15*time.Minute); err != nil {
			t.Fatalf("a request signed by SignHTTP failed verification: %v (path %q, query %q=%q)", err, path, key, value)
		}
	})
}

// validHeaderValue mirrors what net/http would send unchanged.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' || c == '\n' || c == 0 || (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
