package sms

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// The calls that issue temporary credentials, as the IAM API and the ECS
// metadata service define them (huaweicloud-sdk-go-v3 services/iam/v3/model:
// CreateTokenWithIdToken, CreateTemporaryAccessKeyByToken,
// CreateTemporaryAccessKeyByAgency, KeystoneCreateScopedToken; core/auth
// metadata accessor).
const (
	pathIDTokenExchange     = "/v3.0/OS-AUTH/id-token/tokens"
	pathSecurityTokens      = "/v3.0/OS-CREDENTIAL/securitytokens"
	pathAuthTokens          = "/v3/auth/tokens"
	pathMetadataSecurityKey = "/openstack/latest/securitykey"
	pathMetadataToken       = "/meta-data/latest/api/token"
	headerMetadataToken     = "X-Metadata-Token"
	headerMetadataTokenTTL  = "X-Metadata-Token-Ttl-Seconds"
	// metadataTokenTTL is the session token lifetime the SDK asks for.
	metadataTokenTTL   = 6 * time.Hour
	headerIdpID        = "X-Idp-Id"
	headerSubjectToken = "X-Subject-Token"

	// DefaultMetadataEndpoint is the ECS metadata service.
	DefaultMetadataEndpoint = "http://169.254.169.254"
	// metadataTimeout bounds each attempt on the metadata service, as the
	// SDK does: off an ECS nothing answers, and the user should hear so in
	// seconds.
	metadataTimeout = 3 * time.Second
)

// OIDCFederation exchanges an ID token from an external identity provider
// for temporary credentials (assume_role_with_oidc).
type OIDCFederation struct {
	// IdpID is the IAM identity provider, sent as X-Idp-Id.
	IdpID string
	// IDToken returns the current ID token; it is called for every
	// exchange, so a token file rotated by the CI system is read again.
	IDToken func() (string, error)
	// TokenSource names where IDToken reads the token (an argument, a
	// variable, a file), for the messages about it.
	TokenSource string
	// Duration is the lifetime asked for the federated user's credentials;
	// zero lets IAM choose (15 minutes). They are used until they expire,
	// so the token is exchanged once per Duration at most.
	Duration time.Duration
}

// AssumeRole exchanges the base credentials for those of an agency
// (assume_role). One of DomainID and DomainName names the account that
// created the agency.
type AssumeRole struct {
	AgencyName, DomainID, DomainName string
	// Duration is the lifetime asked for; zero lets IAM choose (15 minutes).
	Duration time.Duration
}

// credentialJSON is the IAM model Credential.
type credentialJSON struct {
	Access        string `json:"access"`
	Secret        string `json:"secret"`
	Securitytoken string `json:"securitytoken"`
	ExpiresAt     string `json:"expires_at"`
}

func (j *credentialJSON) credentials() (Credentials, error) {
	if j == nil {
		return Credentials{}, errors.New("the answer has no credential")
	}
	c := Credentials{AccessKey: j.Access, SecretKey: j.Secret, SecurityToken: j.Securitytoken}
	t, err := parseExpiry(j.ExpiresAt)
	c.ExpiresAt = t
	return c, err
}

// parseExpiry reads an expires_at; an empty one is the zero time (and
// refused later by checkFetched).
func parseExpiry(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("expires_at %q is not a time: %w", s, err)
	}
	return t, nil
}

type credentialAnswer struct {
	Credential *credentialJSON `json:"credential"`
}

// durationSeconds is the duration_seconds field, left out for zero.
func durationSeconds(d time.Duration) *int64 {
	if d <= 0 {
		return nil
	}
	s := int64(d / time.Second)
	return &s
}

// metadataSession is what the client keeps between metadata calls: the
// session token (asked once per metadataTokenTTL, as the SDK does) and
// whether the service ever answered (this is an ECS).
type metadataSession struct {
	mu         sync.Mutex
	token      string
	tokenUntil time.Time
	noTokens   bool // the service does not know session tokens
	answered   bool
}

// metadataCredentials reads the ECS metadata service, which hands out the
// credentials of the agency bound to the server. As the SDK does, it first
// asks for a session token (PUT /meta-data/latest/api/token) and sends it
// with the request; a service that does not know the call (404, 405, 503)
// is asked without one. Failures are retried like any API call, except that
// while the service has never answered, silence (a connection error or a
// time-out) is not: off an ECS nothing answers, and the plan should say so
// in seconds.
func (c *Client) metadataCredentials(ctx context.Context, s *metadataSession) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	call := func(method, path string, header http.Header, out any, body *[]byte, final ...int) error {
		err := c.do(ctx, request{service: serviceMetadata, method: method, path: path, header: header, responseBody: body,
			idempotent: true, signWith: unsigned, attemptTimeout: min(metadataTimeout, c.cfg.RequestTimeout),
			noRetryOnSilence: !s.answered, finalStatuses: final}, out)
		if _, isAPIError := AsError(err); err == nil || isAPIError {
			s.answered = true
		}
		return err
	}
	now := c.cfg.Now()
	if !s.noTokens && (s.token == "" || !now.Before(s.tokenUntil)) {
		var token []byte
		ttl := metadataTokenTTL
		err := call(http.MethodPut, pathMetadataToken, http.Header{headerMetadataTokenTTL: {fmt.Sprint(int(ttl / time.Second))}}, nil, &token,
			http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusServiceUnavailable)
		switch e, isAPIError := AsError(err); {
		case err == nil && len(token) > 0:
			// Renewed well before the service forgets it.
			s.token, s.tokenUntil = string(token), now.Add(ttl*9/10)
		case isAPIError && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed || e.StatusCode == http.StatusServiceUnavailable):
			s.token, s.noTokens = "", e.StatusCode != http.StatusServiceUnavailable // a 503 may pass
		case err != nil:
			return Credentials{}, fmt.Errorf("getting a metadata session token: %w", err)
		}
	}
	var header http.Header
	if s.token != "" {
		header = http.Header{headerMetadataToken: {s.token}}
	}
	var out credentialAnswer
	if err := call(http.MethodGet, pathMetadataSecurityKey, header, &out, nil); err != nil {
		if e, ok := AsError(err); ok && e.StatusCode == http.StatusUnauthorized && s.token != "" {
			s.token = "" // the session token is refused: ask for a new one next time
		}
		return Credentials{}, err
	}
	return out.Credential.credentials()
}

// federatedCredentials exchanges the ID token for a subject token
// (X-Subject-Token), then the subject token for temporary credentials.
// Neither call is signed: the tokens are the authentication. An ID token
// whose exp claim has passed is not sent: IAM refuses it, and the error
// says which token expired when, and what to set.
func (c *Client) federatedCredentials(ctx context.Context, o OIDCFederation) (Credentials, error) {
	idToken, err := o.IDToken()
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the ID token from %s: %w", o.TokenSource, err)
	}
	if idToken == "" {
		return Credentials{}, fmt.Errorf("the ID token from %s is empty", o.TokenSource)
	}
	exp, hasExp := jwtExpiry(idToken)
	if now := c.cfg.Now(); hasExp && !now.Before(exp) {
		return Credentials{}, expiredIDToken(o, exp, now)
	}
	type idTokenBody struct {
		ID string `json:"id"`
	}
	exchange := map[string]any{"auth": map[string]any{"id_token": idTokenBody{ID: idToken}}}
	var got http.Header
	err = c.do(ctx, request{service: serviceIAM, method: http.MethodPost, path: pathIDTokenExchange, body: exchange,
		idempotent: true, signWith: unsigned, header: http.Header{headerIdpID: {o.IdpID}}, responseHeader: &got}, nil)
	if err != nil {
		err = fmt.Errorf("exchanging the ID token from %s with identity provider %q: %w", o.TokenSource, o.IdpID, err)
		if e, ok := AsError(err); ok && e.StatusCode == http.StatusUnauthorized && hasExp {
			err = fmt.Errorf("%w (the token's exp claim is %s)", err, exp.UTC().Format(time.RFC3339))
		}
		return Credentials{}, err
	}
	subject := got.Get(headerSubjectToken)
	if subject == "" {
		return Credentials{}, fmt.Errorf("POST %s: the answer has no %s header", pathIDTokenExchange, headerSubjectToken)
	}
	type tokenIdentity struct {
		ID              string `json:"id"`
		DurationSeconds *int64 `json:"duration_seconds,omitempty"`
	}
	body := map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"},
		"token":   tokenIdentity{ID: subject, DurationSeconds: durationSeconds(o.Duration)},
	}}}
	var out credentialAnswer
	if err := c.do(ctx, request{service: serviceIAM, method: http.MethodPost, path: pathSecurityTokens, body: body,
		idempotent: true, signWith: unsigned}, &out); err != nil {
		return Credentials{}, fmt.Errorf("getting temporary credentials for the federated user: %w", err)
	}
	return out.Credential.credentials()
}

// expiredIDToken explains an ID token too old to exchange.
func expiredIDToken(o OIDCFederation, exp, now time.Time) error {
	return fmt.Errorf("the ID token from %s expired at %s (its exp claim), %s ago, and IAM refuses an expired token. "+
		"A new exchange was needed because the federated credentials of the last one expired: they live as long as "+
		"assume_role_with_oidc.duration (HW_ASSUME_ROLE_DURATION) says, 900 seconds when it is unset. Set it to more than "+
		"the longest apply (at most 86400 seconds), or have the CI system write a fresh token where the provider reads it",
		o.TokenSource, exp.UTC().Format(time.RFC3339), now.Sub(exp).Round(time.Second))
}

// jwtExpiry reads the exp claim of a JWT without verifying it (IAM does
// that): only to tell the user when a token expired. Tokens that are not
// JWTs have none.
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
		Exp *json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	secs, err := claims.Exp.Float64()
	if err != nil || secs <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}

// agencyCredentials assumes the agency with the base credentials.
func (c *Client) agencyCredentials(ctx context.Context, base credentialProvider, a AssumeRole) (Credentials, error) {
	type assumeRole struct {
		AgencyName      string `json:"agency_name"`
		DomainID        string `json:"domain_id,omitempty"`
		DomainName      string `json:"domain_name,omitempty"`
		DurationSeconds *int64 `json:"duration_seconds,omitempty"`
	}
	body := map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods":     []string{"assume_role"},
		"assume_role": assumeRole{AgencyName: a.AgencyName, DomainID: a.DomainID, DomainName: a.DomainName, DurationSeconds: durationSeconds(a.Duration)},
	}}}
	var out credentialAnswer
	if err := c.do(ctx, request{service: serviceIAM, method: http.MethodPost, path: pathSecurityTokens, body: body,
		idempotent: true, signWith: base}, &out); err != nil {
		return Credentials{}, err
	}
	return out.Credential.credentials()
}

// agencyAccount names the agency's account for messages.
func (a AssumeRole) agencyAccount() string {
	if a.DomainID != "" {
		return a.DomainID
	}
	return a.DomainName
}

// tokenScope is what scopedToken remembers between re-scopings.
type tokenScope struct {
	mu sync.Mutex
	// until is when the configured token expires (known after the first
	// re-scoping: a re-scoped token expires with the token it came from).
	until time.Time
}

// scopedToken re-scopes the configured token to the project of the region
// (or project_name, or project_id), as the official provider does before
// its first call: POST /v3/auth/tokens with the token method
// (KeystoneCreateScopedToken), which answers with a token for that project
// in X-Subject-Token and the project's id. A token for another project or
// for the account then works too. The project name needs its account:
// domain_id or domain_name, else the token's own account (GET
// /v3/auth/domains with the token). A token cannot be renewed past the
// expiry of the configured one; that is reported without a call.
func (c *Client) scopedToken(ctx context.Context, s *tokenScope) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now := c.cfg.Now(); !s.until.IsZero() && !now.Before(s.until) {
		return Credentials{}, fmt.Errorf("auth_token expired at %s: an IAM token lives 24 hours from when it was issued "+
			"and cannot be renewed. Get a new token, or use credentials the provider renews (access keys, assume_role, "+
			"assume_role_with_oidc or the ECS metadata service) for applies that outlast it", s.until.UTC().Format(time.RFC3339))
	}
	original := staticCredentials{Credentials{AuthToken: c.cfg.AuthToken}}
	type idName struct {
		ID   string `json:"id,omitempty"`
		Name string `json:"name,omitempty"`
	}
	type project struct {
		ID     string  `json:"id,omitempty"`
		Name   string  `json:"name,omitempty"`
		Domain *idName `json:"domain,omitempty"`
	}
	scope := project{ID: c.cfg.ProjectID}
	if scope.ID == "" {
		scope.Name = c.projectName()
		switch {
		case c.cfg.DomainID != "":
			scope.Domain = &idName{ID: c.cfg.DomainID}
		case c.cfg.DomainName != "":
			scope.Domain = &idName{Name: c.cfg.DomainName}
		default:
			var domains struct {
				Domains []Domain `json:"domains"`
			}
			if err := c.do(ctx, request{service: serviceIAM, method: http.MethodGet, path: "/v3/auth/domains", idempotent: true, signWith: original}, &domains); err != nil {
				return Credentials{}, fmt.Errorf("finding the account of auth_token to scope it to project %q (set domain_id to skip this call): %w", scope.Name, err)
			}
			if len(domains.Domains) == 0 || domains.Domains[0].ID == "" {
				return Credentials{}, fmt.Errorf("GET /v3/auth/domains names no account for auth_token; set domain_id")
			}
			scope.Domain = &idName{ID: domains.Domains[0].ID}
		}
	}
	type tokenID struct {
		ID string `json:"id"`
	}
	body := map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"token"}, "token": tokenID{ID: c.cfg.AuthToken}},
		"scope":    map[string]any{"project": scope},
	}}
	var out struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
			Project   *struct {
				ID string `json:"id"`
			} `json:"project"`
		} `json:"token"`
	}
	var got http.Header
	what := "project " + scope.ID
	if scope.ID == "" {
		what = fmt.Sprintf("project %q", scope.Name)
	}
	if err := c.do(ctx, request{service: serviceIAM, method: http.MethodPost, path: pathAuthTokens, body: body,
		idempotent: true, signWith: unsigned, responseHeader: &got}, &out); err != nil {
		return Credentials{}, fmt.Errorf("scoping auth_token to %s: %w", what, err)
	}
	token := got.Get(headerSubjectToken)
	if token == "" {
		return Credentials{}, fmt.Errorf("POST %s: the answer has no %s header", pathAuthTokens, headerSubjectToken)
	}
	expires, err := parseExpiry(out.Token.ExpiresAt)
	if err != nil {
		return Credentials{}, fmt.Errorf("POST %s: %w", pathAuthTokens, err)
	}
	s.until = expires
	if p := out.Token.Project; p != nil && p.ID != "" && c.cfg.ProjectID == "" {
		c.project.mu.Lock()
		if c.project.id == "" {
			c.project.id = p.ID // no discovery call needed
		}
		c.project.mu.Unlock()
	}
	return Credentials{AuthToken: token, ExpiresAt: expires}, nil
}

// newCredentialProvider builds the provider of c's requests from its
// configuration: static keys, a re-scoped token, OIDC federation or the ECS
// metadata service, then each agency of AssumeRoles on top of the previous
// credentials.
func (c *Client) newCredentialProvider() credentialProvider {
	cfg := c.cfg
	refreshing := func(source string, when renewal, fetch func(context.Context) (Credentials, error)) *refreshingCredentials {
		return &refreshingCredentials{source: source, fetch: fetch, now: cfg.Now, renewBefore: cfg.RenewBefore, when: when,
			pacing: wait.Policy{Min: cfg.RetryWaitMin, Max: cfg.RetryWaitMax}}
	}
	var base credentialProvider
	switch {
	case cfg.AccessKey != "":
		base = staticCredentials{Credentials{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}}
	case cfg.AuthToken != "":
		s := &tokenScope{}
		// The scoped token expires with the configured one: renewing it
		// early gains nothing.
		base = refreshing("the re-scoping of auth_token (IAM POST "+pathAuthTokens+")", renewLate,
			func(ctx context.Context) (Credentials, error) { return c.scopedToken(ctx, s) })
	case cfg.OIDC != nil:
		o := *cfg.OIDC
		// The federated credentials are used until they expire, so that
		// renewing the agency's never needs another exchange of the ID
		// token (which the CI system may have let expire) while they last.
		base = refreshing(fmt.Sprintf("identity provider %q (assume_role_with_oidc)", o.IdpID), renewLate,
			func(ctx context.Context) (Credentials, error) { return c.federatedCredentials(ctx, o) })
	case cfg.ECSMetadata:
		s := &metadataSession{}
		base = refreshing("the ECS metadata service at "+cfg.Endpoints.Metadata, renewEarly,
			func(ctx context.Context) (Credentials, error) { return c.metadataCredentials(ctx, s) })
	default:
		return nil
	}
	for _, a := range cfg.AssumeRoles {
		prev := base
		base = refreshing(fmt.Sprintf("agency %q of account %q (assume_role)", a.AgencyName, a.agencyAccount()), renewEarly,
			func(ctx context.Context) (Credentials, error) { return c.agencyCredentials(ctx, prev, a) })
	}
	return base
}
