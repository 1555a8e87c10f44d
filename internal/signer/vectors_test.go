package signer

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// vectorsPath holds the vectors the official SDK produced (see testdata/README.md).
var vectorsPath = "testdata/signing-vectors.json"

type vector struct {
	Name        string            `json:"name"`
	AK          string            `json:"ak"`
	SK          string            `json:"sk"`
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Path        string            `json:"path"`
	Query       [][2]string       `json:"query"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	WireHeaders map[string]string `json:"wire_headers"`
	Derived     *struct {
		Service  string `json:"derived_auth_service_name"`
		RegionID string `json:"region_id"`
	} `json:"derived"`
	Expected struct {
		CanonicalRequest string `json:"canonical_request"`
		StringToSign     string `json:"string_to_sign"`
		Authorization    string `json:"authorization"`
		SignedHeaders    string `json:"signed_headers"`
		Date             string `json:"x_sdk_date"`
		PayloadHash      string `json:"payload_hash"`
		Signature        string `json:"signature"`
	} `json:"expected"`
}

// A signed Host that differs from the endpoint cannot verify on the server:
// Go always sends the endpoint's host.
const unverifiable = "host_header_differs_from_endpoint"

func loadVectors(t testing.TB) []vector {
	t.Helper()
	raw, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatalf("reading %s: %v", vectorsPath, err)
	}
	var file struct {
		Vectors        []vector `json:"vectors"`
		DerivedVectors []vector `json:"derived_vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("decoding vectors: %v", err)
	}
	if len(file.Vectors) != 35 || len(file.DerivedVectors) != 2 {
		t.Fatalf("expected 35 + 2 vectors, found %d + %d", len(file.Vectors), len(file.DerivedVectors))
	}
	return append(file.Vectors, file.DerivedVectors...)
}

func (v vector) credentials() Credentials {
	c := Credentials{AccessKey: v.AK, SecretKey: v.SK}
	if v.Derived != nil {
		c.Derived = &Derivation{Service: v.Derived.Service, RegionID: v.Derived.RegionID}
	}
	return c
}

func TestSignReproducesEveryVector(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			req := &Request{Method: v.Method, Path: v.Path, Headers: map[string]string{}, Body: []byte(v.Body)}
			for _, q := range v.Query {
				req.Query = append(req.Query, QueryParam{Key: q[0], Value: q[1]})
			}
			for k, val := range v.Headers {
				req.Headers[k] = val
			}
			// The clock must not matter: every vector pins X-Sdk-Date.
			got, err := Sign(req, v.credentials(), time.Unix(0, 0))
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			check := func(what, got, want string) {
				if got != want {
					t.Errorf("%s\n got: %q\nwant: %q", what, got, want)
				}
			}
			check("canonical request", got.CanonicalRequest, v.Expected.CanonicalRequest)
			check("string to sign", got.StringToSign, v.Expected.StringToSign)
			check("signed headers", got.SignedHeaders, v.Expected.SignedHeaders)
			check("payload hash", got.PayloadHash, v.Expected.PayloadHash)
			check("date", got.Date, v.Expected.Date)
			check("signature", got.Signature, v.Expected.Signature)
			check("authorization", got.Authorization, v.Expected.Authorization)
			for name, want := range v.WireHeaders {
				check("wire header "+name, headerFold(req.Headers, name), want)
			}
		})
	}
}

// headerFold looks a header param up ignoring case: the vectors' wire forms
// are spelled as net/http put them on the wire.
func headerFold(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// wireRequest rebuilds the request as a server receives it.
func wireRequest(t testing.TB, v vector, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(v.Method, v.URL, strings.NewReader(body))
	for k, val := range v.WireHeaders {
		if strings.EqualFold(k, "Host") {
			continue // net/http puts the endpoint host on the wire, whatever the header map says
		}
		r.Header.Set(k, val)
	}
	return r
}

func keysOf(v vector) KeyLookup {
	return func(ak string) (string, bool) {
		if ak == v.AK {
			return v.SK, true
		}
		return "", false
	}
}

func vectorTime(t testing.TB, v vector) time.Time {
	t.Helper()
	ts, err := time.Parse(DateLayout, v.Expected.Date)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestVerifyAcceptsEveryWireForm(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			ak, err := Verify(wireRequest(t, v, v.Body), []byte(v.Body), keysOf(v), vectorTime(t, v), 15*time.Minute)
			if v.Name == unverifiable {
				var ve *VerifyError
				if !errors.As(err, &ve) || ve.Reason != ReasonMismatch {
					t.Fatalf("want a mismatch for a signed Host that differs from the endpoint, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify rejected an SDK-signed request: %v", err)
			}
			if ak != v.AK {
				t.Fatalf("access key = %q, want %q", ak, v.AK)
			}
		})
	}
}

func TestVerifyRejectsTamperedRequests(t *testing.T) {
	var base vector
	for _, v := range loadVectors(t) {
		if v.Name == "e2e_sms_delete_tasks" {
			base = v
		}
	}
	if base.Name == "" {
		t.Fatal("vector e2e_sms_delete_tasks not found")
	}
	now := vectorTime(t, base)
	cases := []struct {
		name   string
		mutate func(v *vector, r **http.Request, body *string, now *time.Time, keys *KeyLookup)
		want   Reason
	}{
		{"body", func(v *vector, r **http.Request, body *string, _ *time.Time, _ *KeyLookup) {
			*body = strings.Replace(*body, "6f1c", "6f1d", 1)
			*r = wireRequest(t, *v, *body)
		}, ReasonMismatch},
		{"path", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).URL.Path = "/v3/tasks/delete2"
		}, ReasonMismatch},
		{"query", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).URL.RawQuery = "force=true"
		}, ReasonMismatch},
		{"signed header", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).Header.Set("X-Project-Id", "ffffffffffffffffffffffffffffffff")
		}, ReasonMismatch},
		{"signed header removed", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).Header.Del("User-Agent")
		}, ReasonMismatch},
		{"method", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) { (*r).Method = http.MethodPut }, ReasonMismatch},
		{"date skewed", func(_ *vector, _ **http.Request, _ *string, now *time.Time, _ *KeyLookup) {
			*now = now.Add(16 * time.Minute)
		}, ReasonDateSkew},
		{"wrong secret key", func(v *vector, _ **http.Request, _ *string, _ *time.Time, keys *KeyLookup) {
			*keys = func(string) (string, bool) { return "not-the-secret", true }
		}, ReasonMismatch},
		{"unknown access key", func(v *vector, _ **http.Request, _ *string, _ *time.Time, keys *KeyLookup) {
			*keys = func(string) (string, bool) { return "", false }
		}, ReasonUnknownKey},
		{"no authorization", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).Header.Del("Authorization")
		}, ReasonMissing},
		{"other algorithm", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).Header.Set("Authorization", strings.Replace((*r).Header.Get("Authorization"), Algorithm, "AWS4-HMAC-SHA256", 1))
		}, ReasonMalformed},
		{"date not signed", func(v *vector, r **http.Request, _ *string, _ *time.Time, _ *KeyLookup) {
			(*r).Header.Set("Authorization", strings.Replace((*r).Header.Get("Authorization"), ";x-sdk-date", "", 1))
		}, ReasonMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, body, at, keys := base, base.Body, now, keysOf(base)
			r := wireRequest(t, v, body)
			tc.mutate(&v, &r, &body, &at, &keys)
			_, err := Verify(r, []byte(body), keys, at, 15*time.Minute)
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Reason != tc.want {
				t.Fatalf("want reason %v, got %v", tc.want, err)
			}
			if strings.Contains(err.Error(), base.SK) {
				t.Fatal("the error leaks the secret key")
			}
		})
	}
}

// TestSignHTTPRoundTrip signs a real outgoing request and verifies it the way
// the fake cloud does, through an actual HTTP server.
func TestSignHTTPRoundTrip(t *testing.T) {
	cred := Credentials{AccessKey: "AKROUNDTRIP", SecretKey: "round-trip-secret"}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var verified = errors.New("handler not reached")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(r.Body)
		_, verified = Verify(r, buf.Bytes(), func(ak string) (string, bool) { return cred.SecretKey, ak == cred.AccessKey }, now, 15*time.Minute)
	}))
	defer srv.Close()

	body := []byte(`{"name":"迁移 <a&b>","ids":["x"]}` + "\n")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v3/tasks/a b:c@ü/action?name=web%20server%2F01&limit=10&id=b&id=a&marker", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-Project-Id", "p1")
	req.Header.Set("X-Security-Token", "temp+token/==")
	req.Header.Set("User-Agent", "test-agent/1.0")
	if err := SignHTTP(req, body, cred, now); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("Authorization"); !strings.HasPrefix(got, Algorithm+" Access=AKROUNDTRIP, SignedHeaders=user-agent;x-project-id;x-sdk-date;x-security-token, Signature=") {
		t.Fatalf("unexpected Authorization %q", got)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if verified != nil {
		t.Fatalf("server-side verification failed: %v", verified)
	}

	// A second signing (a retry) must not reuse the first attempt's date.
	later := now.Add(time.Minute)
	if err := SignHTTP(req, body, cred, later); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get(HeaderDate); got != later.Format(DateLayout) {
		t.Fatalf("retry kept a stale date: %s", got)
	}
}

func TestSignRequiresCredentials(t *testing.T) {
	for _, c := range []Credentials{{}, {AccessKey: "ak"}, {SecretKey: "sk"}} {
		if _, err := Sign(&Request{Method: "GET"}, c, time.Now()); !errors.Is(err, ErrMissingCredentials) {
			t.Errorf("%v: want ErrMissingCredentials, got %v", c, err)
		}
	}
	if s := (Credentials{AccessKey: "ak", SecretKey: "very-secret"}).String(); strings.Contains(s, "very-secret") {
		t.Fatalf("Credentials.String leaks the secret: %s", s)
	}
}
