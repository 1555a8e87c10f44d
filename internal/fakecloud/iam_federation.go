package fakecloud

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// OIDC federation: the ID-token exchange.

// jwtExpiry reads the exp claim of a JWT (RFC 7519) without verifying it:
// the fake refuses an expired ID token, as IAM does. Tokens that are not
// JWTs never expire.
func jwtExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	return time.Unix(int64(*claims.Exp), 0), true
}

// IDToken returns an unsigned JWT (alg none) for subject that expires at
// exp, for tests and demos of OIDC federation: the fake accepts it when
// Federation.IdentityProviders lists it, until exp by the fake's clock.
func IDToken(subject string, exp time.Time) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." +
		enc(map[string]any{"iss": "https://ci.example.test", "sub": subject, "aud": "huaweicloud-iam", "iat": exp.Add(-10 * time.Minute).Unix(), "exp": exp.Unix()}) + "."
}

// exchangeIDToken: POST /v3.0/OS-AUTH/id-token/tokens with X-Idp-Id and
// {"auth":{"id_token":{"id":...}}}; 201 with the subject token in
// X-Subject-Token.
func (s *Server) exchangeIDToken(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct { // GetIdTokenRequestBody
		Auth *struct {
			IDToken *struct {
				ID string `json:"id"`
			} `json:"id_token"`
			Scope *struct {
				Domain  *idNameJSONIn `json:"domain,omitempty"`
				Project *idNameJSONIn `json:"project,omitempty"`
			} `json:"scope,omitempty"`
		} `json:"auth"`
	}
	if !decodeIAMBody(w, body, &req) {
		return
	}
	if req.Auth == nil || req.Auth.IDToken == nil || req.Auth.IDToken.ID == "" {
		writeIAMError(w, http.StatusBadRequest, "auth.id_token.id is required.")
		return
	}
	idp := r.Header.Get("X-Idp-Id")
	accepted, known := s.opts.Federation.IdentityProviders[idp]
	s.credentials.mu.Lock()
	added, isAdded := s.credentials.idTokens[idp]
	s.credentials.mu.Unlock()
	accepted, known = append(slices.Clip(accepted), added...), known || isAdded
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
	if exp, ok := jwtExpiry(req.Auth.IDToken.ID); ok && !now.Before(exp) {
		s.stats.authFailure(ReasonExpired)
		writeIAMError(w, http.StatusUnauthorized, "The ID token has expired.")
		return
	}
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
