package fakecloud

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The calls that issue temporary credentials, with the fields of the IAM SDK
// models (huaweicloud-sdk-go-v3 services/iam/v3/model): CreateTokenWithIdToken
// (201, X-Subject-Token), CreateTemporaryAccessKeyByToken and
// CreateTemporaryAccessKeyByAgency (201, credential), and the ECS metadata
// service's securitykey (200, credential). They are served outside the API
// pipeline: the first two authenticate by their tokens, the metadata service
// by being reachable, and none of them is counted in Stats.Total.

// Credential route keys, as Stats.CredentialCalls names them.
const (
	RouteIDTokenExchange     = "POST /v3.0/OS-AUTH/id-token/tokens"
	RouteSecurityTokens      = "POST /v3.0/OS-CREDENTIAL/securitytokens"
	RouteMetadataSecurityKey = "GET /openstack/latest/securitykey"
	RouteMetadataToken       = "PUT /meta-data/latest/api/token"
)

// Federation configures the credential calls. The zero value issues
// nothing: every ID token, agency and metadata request is refused.
type Federation struct {
	// IdentityProviders maps an identity provider id (X-Idp-Id) to the ID
	// tokens it accepts.
	IdentityProviders map[string][]string
	// Agencies are the agencies of the fake's account (DomainID or
	// DomainName) that any authenticated caller may assume.
	Agencies []string
	// ECSAgency, when set, is the agency bound to "this server": the
	// metadata service hands out its credentials. When empty it answers
	// 401 "Please configure Cloud Service Agency first", as on an ECS
	// without an agency.
	ECSAgency string
	// CredentialLifetime caps the lifetime of every temporary credential,
	// so tests see renewals in seconds. Zero: duration_seconds as asked,
	// else IAM's default of 15 minutes.
	CredentialLifetime time.Duration
}

// IAM's limits on duration_seconds, and its default.
const (
	minCredentialSeconds     = 15 * 60
	maxCredentialSeconds     = 24 * 60 * 60
	defaultCredentialSeconds = 15 * 60
	subjectTokenLifetime     = 24 * time.Hour
	// iamTimeFormat is how IAM writes expires_at and issued_at.
	iamTimeFormat = "2006-01-02T15:04:05.000000Z"
	// metadataNoAgency is the metadata service's answer on an ECS without
	// an agency (the SDK's metadata accessor tests for it).
	metadataNoAgency = "Please configure Cloud Service Agency first"
	// maxMetadataTokenTTL is the longest session token the SDK asks for.
	maxMetadataTokenTTL = 6 * 60 * 60
)

// tempCredential is an issued temporary access key.
type tempCredential struct {
	secret, securityToken string
	expiresAt             time.Time
}

// credentialStore holds what the credential calls issued.
type credentialStore struct {
	mu       sync.Mutex
	temp     map[string]tempCredential // by access key
	subjects map[string]time.Time      // subject token -> expiry
	sessions map[string]time.Time      // metadata session token -> expiry
}

func (st *credentialStore) lookup(ak string) (tempCredential, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	t, ok := st.temp[ak]
	return t, ok
}

// credentialJSON is the model Credential.
type credentialJSON struct {
	ExpiresAt     string `json:"expires_at"`
	Access        string `json:"access"`
	Secret        string `json:"secret"`
	Securitytoken string `json:"securitytoken"`
}

type credentialAnswer struct {
	Credential credentialJSON `json:"credential"`
}

// scopedTokenJSON is the model ScopedTokenInfo (of a federated user).
type scopedTokenJSON struct {
	ExpiresAt string             `json:"expires_at"`
	Methods   []string           `json:"methods"`
	IssuedAt  string             `json:"issued_at"`
	User      federationUserJSON `json:"user"`
	Roles     []idNameJSON       `json:"roles"`
	Catalog   []json.RawMessage  `json:"catalog"`
}

type federationUserJSON struct {
	OSFederation osFederationJSON `json:"OS-FEDERATION"`
	Domain       idNameJSON       `json:"domain"`
	ID           string           `json:"id"`
	Name         string           `json:"name"`
}

type osFederationJSON struct {
	IdentityProvider idJSON `json:"identity_provider"`
	Protocol         idJSON `json:"protocol"`
	Groups           []any  `json:"groups"`
}

type idJSON struct {
	ID string `json:"id"`
}

type idNameJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// iamErrorJSON is Keystone's error body, which IAM's v3 and v3.0 calls use.
type iamErrorJSON struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Title   string `json:"title"`
	} `json:"error"`
}

func writeIAMError(w http.ResponseWriter, status int, msg string) {
	var e iamErrorJSON
	e.Error.Code, e.Error.Message, e.Error.Title = status, msg, http.StatusText(status)
	writeJSON(w, status, e)
}

// serveCredentials answers the credential calls; it reports false for any
// other request.
func (s *Server) serveCredentials(w http.ResponseWriter, r *http.Request) bool {
	key := r.Method + " " + r.URL.Path
	var h func(http.ResponseWriter, *http.Request, []byte)
	switch key {
	case RouteIDTokenExchange:
		h = s.exchangeIDToken
	case RouteSecurityTokens:
		h = s.createSecurityToken
	case RouteMetadataSecurityKey:
		h = s.metadataSecurityKey
	case RouteMetadataToken:
		h = s.metadataToken
	default:
		return false
	}
	s.stats.update(func(st *Stats) { st.CredentialCalls[key]++ })
	body, err := io.ReadAll(io.LimitReader(r.Body, smsMaxBody+1))
	if err != nil || len(body) > smsMaxBody {
		writeIAMError(w, http.StatusBadRequest, "The request body could not be read.")
		return true
	}
	s.logf("fakecloud: %s (credentials)", key)
	h(w, r, body)
	return true
}

// exchangeIDToken: POST /v3.0/OS-AUTH/id-token/tokens with X-Idp-Id and
// {"auth":{"id_token":{"id":...}}}; 201 with the subject token in
// X-Subject-Token.
func (s *Server) exchangeIDToken(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Auth *struct {
			IDToken *struct {
				ID string `json:"id"`
			} `json:"id_token"`
		} `json:"auth"`
	}
	if json.Unmarshal(body, &req) != nil || req.Auth == nil || req.Auth.IDToken == nil || req.Auth.IDToken.ID == "" {
		writeIAMError(w, http.StatusBadRequest, "auth.id_token.id is required.")
		return
	}
	idp := r.Header.Get("X-Idp-Id")
	accepted, known := s.opts.Federation.IdentityProviders[idp]
	if !known {
		writeIAMError(w, http.StatusNotFound, "Could not find identity provider: "+idp+".")
		return
	}
	if !slices.Contains(accepted, req.Auth.IDToken.ID) {
		s.stats.authFailure(ReasonBadToken)
		writeIAMError(w, http.StatusUnauthorized, "The ID token is invalid.")
		return
	}
	now := s.now().UTC()
	expires := now.Add(subjectTokenLifetime)
	subject := "MIIsubject" + randomHex(24)
	s.credentials.mu.Lock()
	s.credentials.subjects[subject] = expires
	s.credentials.mu.Unlock()
	w.Header().Set("X-Subject-Token", subject)
	writeJSON(w, http.StatusCreated, struct {
		Token scopedTokenJSON `json:"token"`
	}{scopedTokenJSON{
		ExpiresAt: expires.Format(iamTimeFormat), IssuedAt: now.Format(iamTimeFormat), Methods: []string{"mapped"},
		User: federationUserJSON{
			OSFederation: osFederationJSON{IdentityProvider: idJSON{ID: idp}, Protocol: idJSON{ID: "oidc"}, Groups: []any{}},
			Domain:       idNameJSON{ID: s.opts.DomainID, Name: s.opts.DomainName},
			ID:           "federated-" + randomHex(8), Name: "FederationUser",
		},
		Roles: []idNameJSON{}, Catalog: []json.RawMessage{},
	}})
}

// createSecurityToken: POST /v3.0/OS-CREDENTIAL/securitytokens, by token
// (methods ["token"], the subject token in token.id or X-Auth-Token; not
// signed) or by agency (methods ["assume_role"], signed with any accepted
// credentials).
func (s *Server) createSecurityToken(w http.ResponseWriter, r *http.Request, body []byte) {
	type duration struct {
		DurationSeconds *int64 `json:"duration_seconds"`
	}
	var req struct {
		Auth *struct {
			Identity *struct {
				Methods []string `json:"methods"`
				Token   *struct {
					duration
					ID string `json:"id"`
				} `json:"token"`
				AssumeRole *struct {
					duration
					AgencyName string `json:"agency_name"`
					DomainID   string `json:"domain_id"`
					DomainName string `json:"domain_name"`
				} `json:"assume_role"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if json.Unmarshal(body, &req) != nil || req.Auth == nil || req.Auth.Identity == nil || len(req.Auth.Identity.Methods) != 1 {
		writeIAMError(w, http.StatusBadRequest, "auth.identity.methods must hold one method.")
		return
	}
	id := req.Auth.Identity
	var asked *int64
	switch id.Methods[0] {
	case "token":
		subject := r.Header.Get("X-Auth-Token")
		if id.Token != nil {
			asked = id.Token.DurationSeconds
			if id.Token.ID != "" {
				subject = id.Token.ID
			}
		}
		s.credentials.mu.Lock()
		expires, ok := s.credentials.subjects[subject]
		s.credentials.mu.Unlock()
		if !ok || !s.now().Before(expires) {
			s.stats.authFailure(ReasonBadToken)
			writeIAMError(w, http.StatusUnauthorized, "The token is invalid or has expired.")
			return
		}
	case "assume_role":
		if e := s.verifyCaller(r, body); e != nil {
			s.writeError(&call{w: w, r: r, requestID: w.Header().Get("X-Request-Id")}, e)
			return
		}
		a := id.AssumeRole
		if a == nil || a.AgencyName == "" || (a.DomainID == "" && a.DomainName == "") {
			writeIAMError(w, http.StatusBadRequest, "assume_role needs agency_name and domain_id or domain_name.")
			return
		}
		asked = a.DurationSeconds
		ownAccount := a.DomainID == s.opts.DomainID || (a.DomainID == "" && a.DomainName == s.opts.DomainName)
		if !ownAccount || !slices.Contains(s.opts.Federation.Agencies, a.AgencyName) {
			writeIAMError(w, http.StatusForbidden, "You are not authorized to assume agency "+a.AgencyName+".")
			return
		}
	default:
		writeIAMError(w, http.StatusBadRequest, "Unsupported method "+id.Methods[0]+".")
		return
	}
	lifetime, msg := s.credentialLifetime(asked)
	if msg != "" {
		writeIAMError(w, http.StatusBadRequest, msg)
		return
	}
	writeJSON(w, http.StatusCreated, credentialAnswer{s.issueCredential(lifetime)})
}

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
	lifetime, _ := s.credentialLifetime(nil)
	writeJSON(w, http.StatusOK, credentialAnswer{s.issueCredential(lifetime)})
}

// credentialLifetime checks duration_seconds and applies the cap.
func (s *Server) credentialLifetime(asked *int64) (time.Duration, string) {
	secs := int64(defaultCredentialSeconds)
	if asked != nil {
		if *asked < minCredentialSeconds || *asked > maxCredentialSeconds {
			return 0, fmt.Sprintf("duration_seconds must be from %d to %d.", minCredentialSeconds, maxCredentialSeconds)
		}
		secs = *asked
	}
	d := time.Duration(secs) * time.Second
	if c := s.opts.Federation.CredentialLifetime; c > 0 && c < d {
		d = c
	}
	return d, ""
}

func (s *Server) issueCredential(lifetime time.Duration) credentialJSON {
	c := credentialJSON{
		Access: "TEMP" + randomHex(8), Secret: "temp-" + randomHex(16), Securitytoken: "temp-st-" + randomHex(32),
	}
	expires := s.now().UTC().Add(lifetime)
	c.ExpiresAt = expires.Format(iamTimeFormat)
	s.credentials.mu.Lock()
	s.credentials.temp[c.Access] = tempCredential{secret: c.Secret, securityToken: c.Securitytoken, expiresAt: expires}
	s.credentials.mu.Unlock()
	s.stats.update(func(st *Stats) { st.CredentialsIssued++ })
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ExpireTemporaryCredentials makes every temporary key issued so far expire
// now, as if IAM had revoked them: their next use gets the 401 for an
// expired token.
func (s *Server) ExpireTemporaryCredentials() {
	now := s.now()
	s.credentials.mu.Lock()
	defer s.credentials.mu.Unlock()
	for ak, t := range s.credentials.temp {
		t.expiresAt = now
		s.credentials.temp[ak] = t
	}
}

// IssuedSecrets lists every secret the credential calls handed out: subject
// tokens, metadata session tokens, temporary secret keys and security
// tokens, for tests that look
// for them where they must not be.
func (s *Server) IssuedSecrets() []string {
	s.credentials.mu.Lock()
	defer s.credentials.mu.Unlock()
	var out []string
	for subject := range s.credentials.subjects {
		out = append(out, subject)
	}
	for session := range s.credentials.sessions {
		out = append(out, session)
	}
	for _, t := range s.credentials.temp {
		out = append(out, t.secret, t.securityToken)
	}
	return out
}
