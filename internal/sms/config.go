package sms

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Default values used when the matching Config field is zero.
const (
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second
	DefaultRequestTimeout = 60 * time.Second
)

// Config holds everything New needs. Field comments name the provider
// attribute each one usually comes from; validation errors use those names.
type Config struct {
	// Region is required: it picks the default endpoints and is the IAM
	// project name used to discover the project id.
	Region string

	// AK/SK mode. SecurityToken (temporary credentials) is sent as
	// X-Security-Token and is only valid together with AccessKey/SecretKey.
	AccessKey, SecretKey, SecurityToken string

	// AuthToken selects token mode: X-Auth-Token, no signing. The token is
	// re-scoped to the project first (IAM POST /v3/auth/tokens), as the
	// official provider does. Exactly one of (AccessKey+SecretKey) or
	// AuthToken must be set.
	AuthToken string

	// Temporary credentials from a source (credential_sources.go), renewed
	// RenewBefore their expiry. OIDC and ECSMetadata are base credentials,
	// like AccessKey/SecretKey; exactly one base (or AuthToken) is set.
	OIDC        *OIDCFederation
	ECSMetadata bool
	// AssumeRoles exchange the base credentials for an agency's, one agency
	// after the other: each is assumed with the credentials of the one
	// before (a chain, as several assume_role blocks of the official
	// provider).
	AssumeRoles []AssumeRole
	// RenewBefore is how long before expiry temporary credentials are
	// renewed (capped at a third of their lifetime); default
	// DefaultRenewBefore.
	RenewBefore time.Duration

	// EnterpriseProjectID is the default enterprise project of the
	// resources and data sources that take one; the client does not send it
	// by itself.
	EnterpriseProjectID string

	// DomainID, when set, is the account the discovered project must belong
	// to (IAM GET /v3/projects?domain_id=...). DomainID or DomainName scope a
	// token to the project by name.
	DomainID, DomainName string

	// ProjectName is the IAM project whose id is discovered and to which a
	// token is scoped; default Region.
	ProjectName string

	// Cloud is the domain of the default endpoints (default
	// myhuaweicloud.com; myhuaweicloud.eu for eu-west-1xx regions).
	Cloud string

	// TLS material, PEM encoded: the CAs trusted instead of the system's (as
	// the official provider's cacert_file) and a client certificate.
	CACertPEM, ClientCertPEM, ClientKeyPEM []byte

	// ProjectID is sent as X-Project-Id on every SMS and DCS call and used in
	// DCS paths. When empty it is discovered through IAM on first use.
	ProjectID string

	// Endpoints overrides the defaults field by field.
	Endpoints Endpoints

	// Insecure skips TLS certificate verification.
	Insecure bool

	// MaxRetries is the number of retries after the first attempt (0 = none).
	MaxRetries int

	// RetryWaitMin and RetryWaitMax bound the backoff between attempts.
	RetryWaitMin, RetryWaitMax time.Duration

	// Poll paces the waits of callers that poll the API through this client
	// (see Client.Poll); the zero value is the production pace.
	Poll wait.Policy

	// Throttle paces all calls while the gateway answers 429 (limiter.go);
	// the zero value is the production pace.
	Throttle ThrottlePacing

	// RequestTimeout bounds each attempt (not the whole call); a timed-out
	// attempt counts as a connection error.
	RequestTimeout time.Duration

	// UserAgent is prepended to the client's own product token.
	UserAgent string

	// HTTPClient is optional. It is copied, never modified: its Transport is
	// wrapped by the signing transport of the copy.
	HTTPClient *http.Client

	// Now is the clock used for signing; default time.Now.
	Now func() time.Time
}

// validate checks the config and reports problems by field name, never by
// value, so that a secret can not leak into an error message.
func (cfg *Config) validate() error {
	var errs []error
	if cfg.Region == "" {
		errs = append(errs, errors.New("region is required"))
	}
	hasAK, hasSK := cfg.AccessKey != "", cfg.SecretKey != ""
	hasToken := cfg.AuthToken != ""
	bases := 0
	for _, set := range []bool{hasAK || hasSK, hasToken, cfg.OIDC != nil, cfg.ECSMetadata} {
		if set {
			bases++
		}
	}
	if bases > 1 && !((hasAK || hasSK) && hasToken) { // that pair has its own message below
		errs = append(errs, errors.New("more than one credential source is set (access keys, auth_token, OIDC federation, ECS metadata): use one"))
	}
	if cfg.OIDC != nil && (cfg.OIDC.IdpID == "" || cfg.OIDC.IDToken == nil) {
		errs = append(errs, errors.New("assume_role_with_oidc needs idp_id and an ID token"))
	}
	for _, a := range cfg.AssumeRoles {
		switch {
		case a.AgencyName == "":
			errs = append(errs, errors.New("assume_role needs agency_name"))
		case a.DomainID == "" && a.DomainName == "":
			errs = append(errs, errors.New("assume_role needs domain_id or domain_name"))
		case hasToken:
			errs = append(errs, errors.New("assume_role needs access keys, OIDC federation or ECS metadata credentials, not auth_token"))
		}
	}
	switch {
	case hasAK && !hasSK:
		errs = append(errs, errors.New("access_key is set but secret_key is empty: both are needed for AK/SK authentication"))
	case hasSK && !hasAK:
		errs = append(errs, errors.New("secret_key is set but access_key is empty: both are needed for AK/SK authentication"))
	}
	switch {
	case (hasAK || hasSK) && hasToken:
		errs = append(errs, errors.New("access_key/secret_key and auth_token are both set: use one authentication method"))
	case !hasAK && !hasSK && !hasToken && cfg.OIDC == nil && !cfg.ECSMetadata:
		errs = append(errs, errors.New("no credentials: set access_key and secret_key, or auth_token"))
	}
	if cfg.SecurityToken != "" && !(hasAK && hasSK) {
		errs = append(errs, errors.New("security_token is only valid with access_key and secret_key (temporary AK/SK)"))
	}
	for _, ep := range []struct{ name, value string }{
		{"endpoints.sms", cfg.Endpoints.SMS},
		{"endpoints.dcs", cfg.Endpoints.DCS},
		{"endpoints.iam", cfg.Endpoints.IAM},
	} {
		if ep.value == "" {
			continue
		}
		if err := ValidateEndpoint(ep.value); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ep.name, err))
		}
	}
	if cfg.Endpoints.Metadata != "" {
		if err := ValidateMetadataEndpoint(cfg.Endpoints.Metadata); err != nil {
			errs = append(errs, fmt.Errorf("endpoints.metadata: %w", err))
		}
	}
	if cfg.MaxRetries < 0 {
		errs = append(errs, errors.New("max_retries must not be negative"))
	}
	if cfg.RetryWaitMin < 0 || cfg.RetryWaitMax < 0 {
		errs = append(errs, errors.New("retry_wait_min and retry_wait_max must not be negative"))
	}
	if cfg.RequestTimeout < 0 {
		errs = append(errs, errors.New("request_timeout must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid huaweicloud client configuration: %w", err)
	}
	return nil
}

// withDefaults returns a copy of cfg with every zero value filled in.
func (cfg Config) withDefaults() Config {
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax == 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = cfg.RetryWaitMin
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RenewBefore <= 0 {
		cfg.RenewBefore = DefaultRenewBefore
	}
	cfg.Endpoints = DefaultEndpointsIn(cfg.Region, cfg.Cloud).merged(cfg.Endpoints)
	return cfg
}
