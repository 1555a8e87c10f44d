package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The calls that issue temporary credentials, as the IAM API and the ECS
// metadata service define them (huaweicloud-sdk-go-v3 services/iam/v3/model:
// CreateTokenWithIdToken, CreateTemporaryAccessKeyByToken,
// CreateTemporaryAccessKeyByAgency; core/auth metadata accessor).
const (
	pathIDTokenExchange     = "/v3.0/OS-AUTH/id-token/tokens"
	pathSecurityTokens      = "/v3.0/OS-CREDENTIAL/securitytokens"
	pathMetadataSecurityKey = "/openstack/latest/securitykey"
	pathMetadataToken       = "/meta-data/latest/api/token"
	headerMetadataToken     = "X-Metadata-Token"
	headerMetadataTokenTTL  = "X-Metadata-Token-Ttl-Seconds"
	// metadataTokenTTL is the session token lifetime the SDK asks for.
	metadataTokenTTL   = "21600"
	headerIdpID        = "X-Idp-Id"
	headerSubjectToken = "X-Subject-Token"

	// DefaultMetadataEndpoint is the ECS metadata service.
	DefaultMetadataEndpoint = "http://169.254.169.254"
	// metadataTimeout bounds the one attempt on the metadata service, as
	// the SDK does: off an ECS nothing answers, and the user should hear so
	// in seconds, not after a round of retries.
	metadataTimeout = 3 * time.Second
)

// OIDCFederation exchanges an ID token from an external identity provider
// for temporary credentials (assume_role_with_oidc).
type OIDCFederation struct {
	// IdpID is the IAM identity provider, sent as X-Idp-Id.
	IdpID string
	// IDToken returns the current ID token; it is called for every renewal,
	// so a token file rotated by the CI system is read again.
	IDToken func() (string, error)
	// Duration is the lifetime asked for; zero lets IAM choose (15 minutes).
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
	if j.ExpiresAt != "" {
		t, err := time.Parse(time.RFC3339, j.ExpiresAt)
		if err != nil {
			return Credentials{}, fmt.Errorf("expires_at %q is not a time: %w", j.ExpiresAt, err)
		}
		c.ExpiresAt = t
	}
	return c, nil
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

// metadataCredentials reads the ECS metadata service, which hands out the
// credentials of the agency bound to the server. As the SDK does, it first
// asks for a session token (PUT /meta-data/latest/api/token) and sends it
// with the request; a service that does not know the call (404, 405, 503)
// is asked without one.
func (c *Client) metadataCredentials(ctx context.Context) (Credentials, error) {
	metadataCall := func(method, path string, header http.Header, out any, body *[]byte) error {
		return c.do(ctx, request{service: serviceMetadata, method: method, path: path, header: header, responseBody: body,
			idempotent: true, signWith: unsigned, attemptTimeout: metadataTimeout, singleAttempt: true}, out)
	}
	var header http.Header
	var token []byte
	err := metadataCall(http.MethodPut, pathMetadataToken, http.Header{headerMetadataTokenTTL: {metadataTokenTTL}}, nil, &token)
	switch e, isAPIError := AsError(err); {
	case err == nil && len(token) > 0:
		header = http.Header{headerMetadataToken: {string(token)}}
	case isAPIError && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed || e.StatusCode == http.StatusServiceUnavailable):
		// no session tokens here
	case err != nil:
		return Credentials{}, fmt.Errorf("getting a metadata session token: %w", err)
	}
	var out credentialAnswer
	if err := metadataCall(http.MethodGet, pathMetadataSecurityKey, header, &out, nil); err != nil {
		return Credentials{}, err
	}
	return out.Credential.credentials()
}

// federatedCredentials exchanges the ID token for a subject token
// (X-Subject-Token), then the subject token for temporary credentials.
// Neither call is signed: the tokens are the authentication.
func (c *Client) federatedCredentials(ctx context.Context, o OIDCFederation) (Credentials, error) {
	idToken, err := o.IDToken()
	if err != nil {
		return Credentials{}, fmt.Errorf("reading the ID token: %w", err)
	}
	if idToken == "" {
		return Credentials{}, errors.New("the ID token is empty")
	}
	type idTokenBody struct {
		ID string `json:"id"`
	}
	exchange := map[string]any{"auth": map[string]any{"id_token": idTokenBody{ID: idToken}}}
	var got http.Header
	err = c.do(ctx, request{service: serviceIAM, method: http.MethodPost, path: pathIDTokenExchange, body: exchange,
		idempotent: true, signWith: unsigned, header: http.Header{headerIdpID: {o.IdpID}}, responseHeader: &got}, nil)
	if err != nil {
		return Credentials{}, fmt.Errorf("exchanging the ID token with identity provider %q: %w", o.IdpID, err)
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

// newCredentialProvider builds the provider of c's requests from its
// configuration: static keys, OIDC federation or the ECS metadata service,
// then the agency on top when AssumeRole is set. It is nil in token mode.
func (c *Client) newCredentialProvider() credentialProvider {
	cfg := c.cfg
	refreshing := func(source string, fetch func(context.Context) (Credentials, error)) *refreshingCredentials {
		return &refreshingCredentials{source: source, fetch: fetch, now: cfg.Now, renewBefore: cfg.RenewBefore}
	}
	var base credentialProvider
	switch {
	case cfg.AccessKey != "":
		base = staticCredentials{Credentials{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}}
	case cfg.OIDC != nil:
		o := *cfg.OIDC
		base = refreshing(fmt.Sprintf("identity provider %q (assume_role_with_oidc)", o.IdpID),
			func(ctx context.Context) (Credentials, error) { return c.federatedCredentials(ctx, o) })
	case cfg.ECSMetadata:
		base = refreshing("the ECS metadata service at "+cfg.Endpoints.Metadata,
			c.metadataCredentials)
	default:
		return nil
	}
	if cfg.AssumeRole == nil {
		return base
	}
	a := *cfg.AssumeRole
	return refreshing(fmt.Sprintf("agency %q of account %q (assume_role)", a.AgencyName, a.agencyAccount()),
		func(ctx context.Context) (Credentials, error) { return c.agencyCredentials(ctx, base, a) })
}
