package fakecloud

import (
	"encoding/json"
	"net/http"
	"time"
)

// IAM tokens: re-scoping a token to a project or an account.

// tokenLifetime is how long an IAM token lives.
const tokenLifetime = 24 * time.Hour

// createScopedToken: POST /v3/auth/tokens with the token method
// (KeystoneCreateScopedToken): a configured token, a re-scoped one or a
// federated subject token, scoped to the fake's project (by id, or by name
// with its account) or account. 201 with the new token in X-Subject-Token;
// it expires with the token it came from (24 hours for a configured one,
// before CredentialLifetime's cap). The password method is accepted in the
// body but no user exists: 401.
func (s *Server) createScopedToken(w http.ResponseWriter, _ *http.Request, body []byte) {
	var req struct {
		Auth *struct {
			Identity *struct {
				Methods []string `json:"methods"`
				Token   *struct {
					ID string `json:"id"`
				} `json:"token,omitempty"`
				Password json.RawMessage `json:"password,omitempty"`
			} `json:"identity"`
			Scope *struct {
				Domain  *idNameJSONIn `json:"domain,omitempty"`
				Project *struct {
					ID     string        `json:"id,omitempty"`
					Name   string        `json:"name,omitempty"`
					Domain *idNameJSONIn `json:"domain,omitempty"`
				} `json:"project,omitempty"`
			} `json:"scope"`
		} `json:"auth"`
	}
	if !decodeIAMBody(w, body, &req) {
		return
	}
	if req.Auth == nil || req.Auth.Identity == nil || req.Auth.Scope == nil || len(req.Auth.Identity.Methods) != 1 {
		writeIAMError(w, http.StatusBadRequest, "auth.identity.methods (one method) and auth.scope are required.")
		return
	}
	id, scope := req.Auth.Identity, req.Auth.Scope
	if id.Methods[0] != "token" || id.Token == nil || id.Token.ID == "" {
		s.stats.authFailure(ReasonBadToken)
		writeIAMError(w, http.StatusUnauthorized, "The request you have made requires authentication.")
		return
	}
	now := s.now().UTC()
	expires, ok := now.Add(tokenLifetime), s.tokens[id.Token.ID]
	if !ok {
		s.credentials.mu.Lock()
		exp, scoped := s.credentials.scoped[id.Token.ID]
		if !scoped {
			exp, scoped = s.credentials.subjects[id.Token.ID]
		}
		s.credentials.mu.Unlock()
		ok, expires = scoped && now.Before(exp), exp
	}
	if !ok {
		s.stats.authFailure(ReasonBadToken)
		writeIAMError(w, http.StatusUnauthorized, "The token is invalid or has expired.")
		return
	}
	ownDomain := func(d *idNameJSONIn) bool {
		return d != nil && (d.ID == s.opts.DomainID || (d.ID == "" && d.Name == s.opts.DomainName))
	}
	var project *tokenProjectJSON
	switch p := scope.Project; {
	case p != nil && p.ID != "" && s.regionOfProject(p.ID) != "":
		project = &tokenProjectJSON{ID: p.ID, Name: s.regionOfProject(p.ID), Domain: idNameJSON{ID: s.opts.DomainID, Name: s.opts.DomainName}}
	case p != nil && p.ID == "" && s.projectOf(p.Name) != "" && ownDomain(p.Domain):
		id := s.projectOf(p.Name)
		s.rememberProject(p.Name, id)
		project = &tokenProjectJSON{ID: id, Name: p.Name, Domain: idNameJSON{ID: s.opts.DomainID, Name: s.opts.DomainName}}
	case p == nil && ownDomain(scope.Domain):
	default:
		writeIAMError(w, http.StatusUnauthorized, "The token cannot be scoped to that project or account: it does not exist here.")
		return
	}
	if c := s.opts.Federation.CredentialLifetime; c > 0 && now.Add(c).Before(expires) {
		expires = now.Add(c)
	}
	token := "MIIscoped" + randomHex(24)
	s.credentials.mu.Lock()
	if s.credentials.scoped == nil {
		s.credentials.scoped = map[string]time.Time{}
	}
	s.credentials.scoped[token] = expires
	s.credentials.mu.Unlock()
	s.stats.update(func(st *Stats) { st.CredentialsIssued++ })
	w.Header().Set("X-Subject-Token", token)
	out := scopeTokenJSON{
		Methods: []string{"token"}, ExpiresAt: expires.Format(iamTimeFormat), IssuedAt: now.Format(iamTimeFormat),
		Project: project, Roles: []idNameJSON{},
		User: tokenUserJSON{Domain: idNameJSON{ID: s.opts.DomainID, Name: s.opts.DomainName}, ID: "user-" + randomHex(8), Name: "token-user"},
	}
	if project == nil {
		out.Domain = &idNameJSON{ID: s.opts.DomainID, Name: s.opts.DomainName}
	}
	writeJSON(w, http.StatusCreated, struct {
		Token scopeTokenJSON `json:"token"`
	}{out})
}

// scopeTokenJSON is the model ScopeTokenResult.
type scopeTokenJSON struct {
	Methods   []string          `json:"methods"`
	ExpiresAt string            `json:"expires_at"`
	Domain    *idNameJSON       `json:"domain"`
	Project   *tokenProjectJSON `json:"project"`
	Roles     []idNameJSON      `json:"roles"`
	User      tokenUserJSON     `json:"user"`
	IssuedAt  string            `json:"issued_at"`
}

// tokenProjectJSON is the model TokenProjectResult.
type tokenProjectJSON struct {
	Name   string     `json:"name"`
	ID     string     `json:"id"`
	Domain idNameJSON `json:"domain"`
}

// tokenUserJSON is the model ScopedTokenUser (without OS-FEDERATION: not
// a federated user).
type tokenUserJSON struct {
	Domain            idNameJSON `json:"domain"`
	ID                string     `json:"id"`
	Name              string     `json:"name"`
	PasswordExpiresAt string     `json:"password_expires_at"`
}
