package sms

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
)

// tlsMaterial returns a copy of base (which may be nil) trusting only the
// configured CAs, instead of the system's (as the official provider's
// cacert_file does), and presenting the configured client certificate.
// Errors name the provider argument, never the PEM.
func tlsMaterial(cfg Config, base *tls.Config) (*tls.Config, error) {
	out := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		out = base.Clone()
	}
	if len(cfg.CACertPEM) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CACertPEM) {
			return nil, errors.New("invalid huaweicloud client configuration: cacert_file holds no PEM certificate")
		}
		out.RootCAs = pool
	}
	if len(cfg.ClientCertPEM) > 0 || len(cfg.ClientKeyPEM) > 0 {
		cert, err := tls.X509KeyPair(cfg.ClientCertPEM, cfg.ClientKeyPEM)
		if err != nil {
			return nil, errors.New("invalid huaweicloud client configuration: cert and key are not a matching PEM certificate and private key")
		}
		out.Certificates = []tls.Certificate{cert}
	}
	return out, nil
}
