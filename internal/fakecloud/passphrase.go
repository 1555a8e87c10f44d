package fakecloud

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strconv"
	"time"
)

// taskSecrets are a task's transfer-channel secrets: made on first request
// and then stable, as the service's are for the task's lifetime.
type taskSecrets struct {
	passphrase        string
	ca                string
	cert, key         string
	mgmtCert, mgmtKey string
	dataCert, dataKey string
}

// secretsFor returns (making them once) the secrets of task t. Callers hold s.mu.
func (s *Server) secretsFor(t *task, now time.Time) *taskSecrets {
	o := s.objs()
	if sec := o.secrets[t.id]; sec != nil {
		return sec
	}
	var b [24]byte
	_, _ = rand.Read(b[:])
	sec := &taskSecrets{passphrase: hex.EncodeToString(b[:])}
	sec.ca, _ = selfSigned("fakecloud-sms-ca", now)
	sec.cert, sec.key = selfSigned("source-"+t.id, now)
	sec.mgmtCert, sec.mgmtKey = selfSigned("target-mgmt-"+t.id, now)
	sec.dataCert, sec.dataKey = selfSigned("target-data-"+t.id, now)
	o.secrets[t.id] = sec
	return sec
}

// selfSigned returns a PEM certificate and its PEM private key.
func selfSigned(cn string, now time.Time) (certPEM, keyPEM string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic("fakecloud: generating a key: " + err.Error())
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic("fakecloud: signing a certificate: " + err.Error())
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		panic("fakecloud: encoding a key: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}))
}

// showPassphrase: GET /v3/tasks/{task_id}/passphrase.
func (s *Server) showPassphrase(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	t, e := s.lookupTask(c.params["task_id"], now)
	if e != nil {
		return result{body: e}
	}
	return ok(map[string]string{"task_id": t.id, "passphrase": s.secretsFor(t, now).passphrase})
}

// certKeyJSON is ShowCertKeyResponse.
type certKeyJSON struct {
	Cert                 string `json:"cert"`
	PrivateKey           string `json:"private_key"`
	Ca                   string `json:"ca,omitempty"`
	TargetMgmtCert       string `json:"target_mgmt_cert"`
	TargetMgmtPrivateKey string `json:"target_mgmt_private_key"`
	TargetDataCert       string `json:"target_data_cert"`
	TargetDataPrivateKey string `json:"target_data_private_key"`
}

// showCertKey: GET /v3/tasks/{task_id}/certkey[?enable_ca_cert=true].
func (s *Server) showCertKey(c *call) result {
	if e := checkQuery(c, "enable_ca_cert"); e != nil {
		return result{body: e}
	}
	withCA := false
	if v := c.r.URL.Query().Get("enable_ca_cert"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return result{body: invalidParam("enable_ca_cert", "must be true or false")}
		}
		withCA = b
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	t, e := s.lookupTask(c.params["task_id"], now)
	if e != nil {
		return result{body: e}
	}
	sec := s.secretsFor(t, now)
	out := certKeyJSON{Cert: sec.cert, PrivateKey: sec.key, TargetMgmtCert: sec.mgmtCert, TargetMgmtPrivateKey: sec.mgmtKey,
		TargetDataCert: sec.dataCert, TargetDataPrivateKey: sec.dataKey}
	if withCA {
		out.Ca = sec.ca
	}
	return ok(out)
}

// TaskSecrets returns the passphrase and the source private key the fake
// handed out for a task ("" before the first request), so a test can look
// for them where they must not be.
func (s *Server) TaskSecrets(taskID string) (passphrase, privateKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.objs().secrets[taskID]; sec != nil {
		return sec.passphrase, sec.key
	}
	return "", ""
}
