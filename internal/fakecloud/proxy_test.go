package fakecloud

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// TestHTTPSProxy: a client that reaches sms.<region>.myhuaweicloud.com
// through the proxy, trusting its CA, is served by the fake, signature and
// all; a client that does not trust the CA is refused by TLS.
func TestHTTPSProxy(t *testing.T) {
	fake := New(Options{})
	fake.SeedTask(TaskSpec{Name: "via-proxy"})
	proxy, err := NewHTTPSProxy(fake)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	proxyURL, _ := url.Parse(srv.URL)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(proxy.CAPEM) {
		t.Fatal("CAPEM is not a PEM certificate")
	}
	client := func(trust bool) *http.Client {
		tr := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
		if trust {
			tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
		}
		return &http.Client{Transport: tr, Timeout: 10 * time.Second}
	}
	req, _ := http.NewRequest("GET", "https://sms.cn-north-4.myhuaweicloud.com/v3/tasks", nil)
	req.Header.Set("X-Project-Id", fake.ProjectID())
	if err := signer.SignHTTP(req, nil, signer.Credentials{AccessKey: DefaultAccessKey, SecretKey: DefaultSecretKey}, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := client(true).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"via-proxy"`) {
		t.Fatalf("through the proxy: %d %s", resp.StatusCode, body)
	}
	if _, err := client(false).Get("https://iam.cn-north-4.myhuaweicloud.com/v3/projects"); err == nil {
		t.Fatal("a client that does not trust the proxy's CA was served")
	}
	if st := fake.Stats(); st.Verified != 1 {
		t.Fatalf("stats %+v", st)
	}
}
