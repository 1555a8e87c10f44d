package fakecloud

import (
	"io"
	"net/http"
	"strconv"
	"time"
)

// The ECS metadata service: the credentials of the server's agency.

// metadataToken: PUT /meta-data/latest/api/token with
// X-Metadata-Token-Ttl-Seconds; 200 with the session token as plain text.
func (s *Server) metadataToken(w http.ResponseWriter, r *http.Request, _ []byte) {
	ttl, err := strconv.Atoi(r.Header.Get("X-Metadata-Token-Ttl-Seconds"))
	if err != nil || ttl < 1 || ttl > maxMetadataTokenTTL {
		http.Error(w, "X-Metadata-Token-Ttl-Seconds must be from 1 to 21600", http.StatusBadRequest)
		return
	}
	token := "metadata-" + randomHex(16)
	s.credentials.mu.Lock()
	s.credentials.sessions[token] = s.now().Add(time.Duration(ttl) * time.Second)
	s.credentials.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, token)
}

// metadataSecurityKey: GET /openstack/latest/securitykey, with the session
// token of metadataToken when the caller has one (without is accepted too).
func (s *Server) metadataSecurityKey(w http.ResponseWriter, r *http.Request, _ []byte) {
	if token := r.Header.Get("X-Metadata-Token"); token != "" {
		s.credentials.mu.Lock()
		expires, ok := s.credentials.sessions[token]
		s.credentials.mu.Unlock()
		if !ok || !s.now().Before(expires) {
			http.Error(w, "The metadata session token is invalid or has expired.", http.StatusUnauthorized)
			return
		}
	}
	if s.opts.Federation.ECSAgency == "" {
		http.Error(w, metadataNoAgency, http.StatusUnauthorized)
		return
	}
	def := s.opts.Federation.MetadataLifetime
	if def <= 0 {
		def = DefaultMetadataLifetime
	}
	lifetime, _ := s.credentialLifetime(nil, def)
	writeJSON(w, http.StatusOK, credentialAnswer{s.issueCredential(lifetime)})
}
