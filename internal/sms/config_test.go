package sms

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	const (
		ak    = "AK-VISIBLE-ID"
		sk    = "SK-SECRET-zzz"
		token = "AUTH-TOKEN-SECRET-yyy"
		stok  = "SECURITY-TOKEN-SECRET-xxx"
	)
	tests := []struct {
		name    string
		cfg     Config
		wantErr []string // substrings; nil = valid
	}{
		{"ak/sk", Config{Region: "cn-north-4", AccessKey: ak, SecretKey: sk}, nil},
		{"ak/sk + security token", Config{Region: "cn-north-4", AccessKey: ak, SecretKey: sk, SecurityToken: stok}, nil},
		{"token", Config{Region: "cn-north-4", AuthToken: token}, nil},
		{"no region", Config{AccessKey: ak, SecretKey: sk}, []string{"region is required"}},
		{"no credentials", Config{Region: "cn-north-4"}, []string{"no credentials", "access_key", "auth_token"}},
		{"ak without sk", Config{Region: "cn-north-4", AccessKey: ak}, []string{"access_key is set but secret_key is empty"}},
		{"sk without ak", Config{Region: "cn-north-4", SecretKey: sk}, []string{"secret_key is set but access_key is empty"}},
		{"ak/sk and token", Config{Region: "cn-north-4", AccessKey: ak, SecretKey: sk, AuthToken: token}, []string{"access_key/secret_key and auth_token are both set"}},
		{"security token without ak/sk", Config{Region: "cn-north-4", AuthToken: token, SecurityToken: stok}, []string{"security_token is only valid with access_key and secret_key"}},
		{"bad sms endpoint", Config{Region: "cn-north-4", AuthToken: token, Endpoints: Endpoints{SMS: "http://sms.example.com"}}, []string{"endpoints.sms", "use https"}},
		{"bad dcs endpoint", Config{Region: "cn-north-4", AuthToken: token, Endpoints: Endpoints{DCS: "dcs.example.com"}}, []string{"endpoints.dcs"}},
		{"bad iam endpoint", Config{Region: "cn-north-4", AuthToken: token, Endpoints: Endpoints{IAM: "https://iam.example.com?x=y"}}, []string{"endpoints.iam"}},
		{"negative retries", Config{Region: "cn-north-4", AuthToken: token, MaxRetries: -1}, []string{"max_retries must not be negative"}},
		{"several problems at once", Config{MaxRetries: -2, SecretKey: sk}, []string{"region is required", "secret_key is set but access_key is empty", "max_retries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr == nil {
				if err != nil || c == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New succeeded, want error containing %q", tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			for _, secret := range []string{sk, token, stok} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error leaks a secret: %q", err)
				}
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c := newTestClient(t, Config{Region: "cn-north-4", AuthToken: "tok"})
	if c.cfg.RetryWaitMin != 500*time.Millisecond || c.cfg.RetryWaitMax != 30*time.Second {
		t.Errorf("retry waits = %s..%s, want 500ms..30s", c.cfg.RetryWaitMin, c.cfg.RetryWaitMax)
	}
	if c.cfg.RequestTimeout != 60*time.Second {
		t.Errorf("RequestTimeout = %s, want 60s", c.cfg.RequestTimeout)
	}
	if c.cfg.Now == nil {
		t.Error("Now is nil")
	}
	if c.userAgent != "huaweicloud-sms-go/"+Version {
		t.Errorf("user agent = %q", c.userAgent)
	}
}

func TestNewDoesNotModifyTheGivenHTTPClient(t *testing.T) {
	base := &http.Transport{}
	hc := &http.Client{Transport: base, Timeout: 7 * time.Second}
	c := newTestClient(t, Config{Region: "cn-north-4", AuthToken: "tok", HTTPClient: hc, Insecure: true})
	// (Transport.Clone may fill in HTTP/2 defaults on the original; what
	// matters is that it is not made insecure.)
	if hc.Transport != base || (base.TLSClientConfig != nil && base.TLSClientConfig.InsecureSkipVerify) {
		t.Fatal("New modified the caller's http.Client or transport")
	}
	tr, ok := c.http.Transport.(*transport)
	if !ok {
		t.Fatalf("transport is %T, want *transport", c.http.Transport)
	}
	inner, ok := tr.base.(*http.Transport)
	if !ok || inner.TLSClientConfig == nil || !inner.TLSClientConfig.InsecureSkipVerify {
		t.Fatal("insecure = true did not reach the wrapped transport")
	}
	if c.http.Timeout != 7*time.Second {
		t.Errorf("the copy lost the caller's timeout: %s", c.http.Timeout)
	}
}

func TestNewInsecureNeedsHTTPTransport(t *testing.T) {
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })}
	_, err := New(Config{Region: "cn-north-4", AuthToken: "tok", HTTPClient: hc, Insecure: true})
	if err == nil || !strings.Contains(err.Error(), "insecure") {
		t.Fatalf("err = %v, want an error naming insecure", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
