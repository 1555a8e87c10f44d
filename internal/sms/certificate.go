package sms

import (
	"context"
	"net/http"
	"net/url"
)

// TaskCertKey is a task's transfer-channel certificates and keys (PEM).
// Every field is secret material except the certificates.
type TaskCertKey struct {
	Cert                 string `json:"cert"`
	PrivateKey           string `json:"private_key"`
	CA                   string `json:"ca"`
	TargetMgmtCert       string `json:"target_mgmt_cert"`
	TargetMgmtPrivateKey string `json:"target_mgmt_private_key"`
	TargetDataCert       string `json:"target_data_cert"`
	TargetDataPrivateKey string `json:"target_data_private_key"`
}

// ShowPassphrase reads the passphrase of a task's transfer-channel
// certificate (GET /v3/tasks/{id}/passphrase).
func (c *Client) ShowPassphrase(ctx context.Context, taskID string) (string, error) {
	path, err := taskPath(taskID, "/passphrase")
	if err != nil {
		return "", err
	}
	var out struct {
		Passphrase string `json:"passphrase"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return "", err
	}
	return out.Passphrase, nil
}

// ShowCertKey reads a task's certificates and keys (GET
// /v3/tasks/{id}/certkey); withCA also asks for the CA certificate.
func (c *Client) ShowCertKey(ctx context.Context, taskID string, withCA bool) (*TaskCertKey, error) {
	path, err := taskPath(taskID, "/certkey")
	if err != nil {
		return nil, err
	}
	var q url.Values
	if withCA {
		q = url.Values{"enable_ca_cert": {"true"}}
	}
	var out TaskCertKey
	if err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
