package fakecloud

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// The calls that issue temporary credentials and tokens, with the fields of
// the IAM SDK models (huaweicloud-sdk-go-v3 services/iam/v3/model):
// CreateTokenWithIdToken (201, X-Subject-Token), CreateTemporaryAccessKeyByToken
// and CreateTemporaryAccessKeyByAgency (201, credential),
// KeystoneCreateScopedToken (201, X-Subject-Token: a token re-scoped to a
// project), and the ECS metadata service's securitykey (200, credential).
// Request bodies are decoded against those models with unknown fields
// refused (400), as the task routes are. They are served outside the API
// pipeline: the IAM calls authenticate by their tokens (assume_role by its
// signature), the metadata service by being reachable, and none of them is
// counted in Stats.Total. A fault (InjectFault) applies to one of them only
// when its Route names it, method and path ("POST
// /v3.0/OS-CREDENTIAL/securitytokens"): a fault for every route ("" or "*")
// leaves them alone.

// Credential route keys, as Stats.CredentialCalls and Fault.Route name them.
const (
	RouteIDTokenExchange     = "POST /v3.0/OS-AUTH/id-token/tokens"
	RouteSecurityTokens      = "POST /v3.0/OS-CREDENTIAL/securitytokens"
	RouteAuthTokens          = "POST /v3/auth/tokens"
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
	// CredentialLifetime caps the lifetime of every temporary credential
	// and token, so tests see renewals soon. Zero: duration_seconds as
	// asked, else IAM's default of 15 minutes; MetadataLifetime for the
	// metadata service's; 24 hours for tokens.
	CredentialLifetime time.Duration
	// MetadataLifetime is how long the metadata service's credentials live
	// (before CredentialLifetime's cap). Zero: DefaultMetadataLifetime.
	MetadataLifetime time.Duration
}

// DefaultMetadataLifetime is the lifetime of the metadata service's
// credentials. It is a reading: no page gives it. The SDK renews them when
// less than 40 minutes are left, and the official provider 10 minutes before
// expires_at, so they live well beyond both; IAM's longest lifetime of
// temporary credentials is 24 hours, which the fake takes.
const DefaultMetadataLifetime = 24 * time.Hour

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
	scoped   map[string]time.Time      // re-scoped token -> expiry
	idTokens map[string][]string       // identity provider -> ID tokens added by AcceptIDToken
}

// AcceptIDToken makes identity provider idp accept token from now on, as
// if the CI system had issued it: on top of Federation.IdentityProviders,
// for tests whose tokens depend on the fake's clock.
func (s *Server) AcceptIDToken(idp, token string) {
	s.credentials.mu.Lock()
	defer s.credentials.mu.Unlock()
	if s.credentials.idTokens == nil {
		s.credentials.idTokens = map[string][]string{}
	}
	s.credentials.idTokens[idp] = append(s.credentials.idTokens[idp], token)
}

// scopedToken reports whether token is a re-scoped token the fake issued,
// and whether it has expired at now.
func (st *credentialStore) scopedToken(token string, now time.Time) (known, expired bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	exp, ok := st.scoped[token]
	return ok, ok && !now.Before(exp)
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
	case RouteAuthTokens:
		h = s.createScopedToken
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
	if f, found := s.takeCredentialFault(r.Method, r.URL.Path); found {
		s.stats.fault()
		switch f.Kind {
		case FaultReset:
			resetConnection(w)
			return true
		case FaultLoseResponse:
			h(httptest.NewRecorder(), r, body) // issued, never delivered
			if f.Status == 0 {
				resetConnection(w)
			} else {
				s.writeCredentialFault(w, key, f.Status)
			}
			return true
		case FaultSlow:
			if !sleepCtx(r.Context(), f.Delay) {
				return true // the caller gave up: nothing issued
			}
			if f.Status == 0 {
				break
			}
			fallthrough
		default:
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			s.writeCredentialFault(w, key, f.Status)
			return true
		}
	}
	h(w, r, body)
	return true
}

// takeCredentialFault consumes the first pending fault whose Route names
// this credential call (see faultList.take, which matches API routes).
func (s *Server) takeCredentialFault(method, path string) (Fault, bool) {
	l := &s.faults
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, e := range l.entries {
		named := strings.TrimSpace(e.f.Route)
		if named == "" || named == "*" || !e.f.matches(&route{template: path}, method, path) {
			continue
		}
		if e.remaining > 0 {
			e.remaining--
			if e.remaining == 0 {
				l.entries = append(l.entries[:i], l.entries[i+1:]...)
			}
		}
		return e.f, true
	}
	return Fault{}, false
}

// writeCredentialFault answers a faulted credential call in its service's
// shape: Keystone's error body for IAM, plain text for the metadata service.
func (s *Server) writeCredentialFault(w http.ResponseWriter, key string, status int) {
	if key == RouteMetadataSecurityKey || key == RouteMetadataToken {
		http.Error(w, http.StatusText(status)+" (injected fault)", status)
		return
	}
	writeIAMError(w, status, http.StatusText(status)+" (injected fault).")
}

// decodeIAMBody decodes a request body against the SDK model's fields,
// refusing unknown ones with a 400 that names them; it reports whether it
// succeeded (else the answer is written).
func decodeIAMBody(w http.ResponseWriter, body []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeIAMError(w, http.StatusBadRequest, "The request body is invalid: "+err.Error()+".")
		return false
	}
	return true
}

// idNameJSONIn is the models' {id, name} of a domain or project in a request.
type idNameJSONIn struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// createSecurityToken: POST /v3.0/OS-CREDENTIAL/securitytokens, by token
// (methods ["token"], the subject token in token.id or X-Auth-Token; not
// signed) or by agency (methods ["assume_role"], signed with any accepted
// credentials).
func (s *Server) createSecurityToken(w http.ResponseWriter, r *http.Request, body []byte) {
	// TokenAuth and AgencyAuth share the path: identity holds token or
	// assume_role, as methods says, and an optional policy.
	var req struct {
		Auth *struct {
			Identity *struct {
				Methods []string  `json:"methods"`
				Token   *struct { // IdentityToken
					ID              string `json:"id,omitempty"`
					DurationSeconds *int64 `json:"duration_seconds,omitempty"`
				} `json:"token,omitempty"`
				AssumeRole *struct { // IdentityAssumerole
					AgencyName      string `json:"agency_name"`
					DomainID        string `json:"domain_id,omitempty"`
					DomainName      string `json:"domain_name,omitempty"`
					DurationSeconds *int64 `json:"duration_seconds,omitempty"`
					SessionUser     *struct {
						Name string `json:"name,omitempty"`
					} `json:"session_user,omitempty"`
				} `json:"assume_role,omitempty"`
				Policy json.RawMessage `json:"policy,omitempty"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if !decodeIAMBody(w, body, &req) {
		return
	}
	if req.Auth == nil || req.Auth.Identity == nil || len(req.Auth.Identity.Methods) != 1 {
		writeIAMError(w, http.StatusBadRequest, "auth.identity.methods must hold one method.")
		return
	}
	id := req.Auth.Identity
	var asked *int64
	switch id.Methods[0] {
	case "token":
		if id.AssumeRole != nil {
			writeIAMError(w, http.StatusBadRequest, "The request body is invalid: assume_role is not a field of the token method.")
			return
		}
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
		if id.Token != nil {
			writeIAMError(w, http.StatusBadRequest, "The request body is invalid: token is not a field of the assume_role method.")
			return
		}
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
	lifetime, msg := s.credentialLifetime(asked, defaultCredentialSeconds*time.Second)
	if msg != "" {
		writeIAMError(w, http.StatusBadRequest, msg)
		return
	}
	writeJSON(w, http.StatusCreated, credentialAnswer{s.issueCredential(lifetime)})
}

// credentialLifetime checks duration_seconds (def when absent) and applies
// the cap.
func (s *Server) credentialLifetime(asked *int64, def time.Duration) (time.Duration, string) {
	d := def
	if asked != nil {
		if *asked < minCredentialSeconds || *asked > maxCredentialSeconds {
			return 0, fmt.Sprintf("duration_seconds must be from %d to %d.", minCredentialSeconds, maxCredentialSeconds)
		}
		d = time.Duration(*asked) * time.Second
	}
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

// ExpireTemporaryCredentials makes every temporary key and re-scoped token
// issued so far expire now, as if IAM had revoked them: their next use gets
// the 401 for an expired token.
func (s *Server) ExpireTemporaryCredentials() {
	now := s.now()
	s.credentials.mu.Lock()
	defer s.credentials.mu.Unlock()
	for ak, t := range s.credentials.temp {
		t.expiresAt = now
		s.credentials.temp[ak] = t
	}
	for token := range s.credentials.scoped {
		s.credentials.scoped[token] = now
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
	for token := range s.credentials.scoped {
		out = append(out, token)
	}
	for _, t := range s.credentials.temp {
		out = append(out, t.secret, t.securityToken)
	}
	return out
}
