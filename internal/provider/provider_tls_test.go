package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// selfSignedClientCert returns a client certificate and its key, in PEM.
func selfSignedClientCert(t *testing.T) (certPEM, keyPEM string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "terraform-ci"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})), cert
}

// cacert_file makes the provider trust a private CA (here the fake's
// self-signed certificate, given as a file), and cert/key present a client
// certificate (given as PEM text) that the endpoint requires.
func TestAccProvider_privateCAAndClientCertificate(t *testing.T) {
	clearCredentialEnv(t)
	c := newTestCloud(t)
	c.SeedTasks(1, fakecloud.TaskSpec{Name: "tls"})
	certPEM, keyPEM, clientCert := selfSignedClientCert(t)
	srv := httptest.NewUnstartedServer(c.Server)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert, VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 || !clientCert.Equal(mustParse(raw[0])) {
			return errors.New("not the test's client certificate")
		}
		return nil
	}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caFile := writeSharedConfig(t, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	block := func(tlsArgs string) string {
		return fmt.Sprintf(`provider "huaweicloud" {
  region     = "cn-north-4"
  access_key = %q
  secret_key = %q
%s
  endpoints {
    sms = %[4]q
    iam = %[4]q
  }
}
data "huaweicloud_sms_tasks" "all" {}
`, c.AK, c.SK, tlsArgs, srv.URL)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      block(fmt.Sprintf("  cert = %q\n  key = %q", certPEM, keyPEM)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`certificate`),
			},
			{
				Config:      block(fmt.Sprintf("  cacert_file = %q\n  cert = %q", caFile, certPEM)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Missing Client Key`),
			},
			{
				Config: block(fmt.Sprintf("  cacert_file = %q\n  cert = %q\n  key = %q", caFile, certPEM, keyPEM)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

func mustParse(der []byte) *x509.Certificate {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return &x509.Certificate{}
	}
	return c
}
