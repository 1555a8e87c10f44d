package sms

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Version is this client's version, sent in the User-Agent product token.
const Version = "0.1.0"

// userAgentProduct identifies this client to the API gateway.
const userAgentProduct = "huaweicloud-sms-go/" + Version

// Header names used on requests and responses.
const (
	headerContentType   = "Content-Type"
	headerUserAgent     = "User-Agent"
	headerProjectID     = "X-Project-Id"
	headerSecurityToken = "X-Security-Token"
	headerAuthToken     = "X-Auth-Token"
	headerRequestID     = "X-Request-Id"
	headerRetryAfter    = "Retry-After"
	contentTypeJSON     = "application/json"
)

// Client calls the SMS, DCS and IAM APIs. It is safe for concurrent use.
type Client struct {
	cfg       Config
	http      *http.Client
	userAgent string
	project   projectCache
	// creds signs every request that does not name its own (nil in token
	// mode).
	creds credentialProvider
	// limiter paces every call of this client under throttling (limiter.go).
	limiter *limiter
}

// New validates cfg, fills in defaults and builds a client. It does no
// network I/O: the project id, when not given, is discovered on first use.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, userAgent: userAgentProduct, limiter: newLimiter(cfg.RetryWaitMax, cfg.Throttle)}
	if ua := strings.TrimSpace(cfg.UserAgent); ua != "" {
		c.userAgent = ua + " " + userAgentProduct
	}
	hc, err := c.newHTTPClient()
	if err != nil {
		return nil, err
	}
	c.http = hc
	c.creds = c.newCredentialProvider()
	return c, nil
}

// Endpoints returns the effective endpoints (defaults merged with overrides).
func (c *Client) Endpoints() Endpoints { return c.cfg.Endpoints }

// Poll is how callers of this client pace their waits and look-then-resend
// loops.
func (c *Client) Poll() wait.Policy { return c.cfg.Poll }

// Region returns the configured region.
func (c *Client) Region() string { return c.cfg.Region }

// EnterpriseProjectID returns the default enterprise project
// (Config.EnterpriseProjectID).
func (c *Client) EnterpriseProjectID() string { return c.cfg.EnterpriseProjectID }

// newHTTPClient copies the configured client (or makes one) and wraps its
// transport so every attempt is signed and logged. Redirects are not
// followed: a signature binds the request to its host and path.
func (c *Client) newHTTPClient() (*http.Client, error) {
	var hc http.Client
	if c.cfg.HTTPClient != nil {
		hc = *c.cfg.HTTPClient
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	if c.cfg.Insecure {
		t, ok := base.(*http.Transport)
		if !ok {
			return nil, fmt.Errorf("invalid huaweicloud client configuration: insecure needs an *http.Transport, the configured HTTP client uses %T", base)
		}
		t = t.Clone()
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.InsecureSkipVerify = true //nolint:gosec // explicitly requested by the user (insecure = true)
		base = t
	}
	if len(c.cfg.CACertPEM) > 0 || len(c.cfg.ClientCertPEM) > 0 {
		t, ok := base.(*http.Transport)
		if !ok {
			return nil, fmt.Errorf("invalid huaweicloud client configuration: cacert_file and cert need an *http.Transport, the configured HTTP client uses %T", base)
		}
		tlsCfg, err := tlsMaterial(c.cfg, t.TLSClientConfig)
		if err != nil {
			return nil, err
		}
		t = t.Clone()
		t.TLSClientConfig = tlsCfg
		base = t
	}
	hc.Transport = &transport{base: base, client: c}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc, nil
}

// service selects the endpoint and whether X-Project-Id is sent.
type service int

const (
	serviceSMS service = iota
	serviceDCS
	serviceIAM
	serviceMetadata
)

// request describes one API call.
type request struct {
	service service
	method  string
	// path is already escaped and starts with "/"; it is appended to the
	// endpoint base URL (which may carry a prefix).
	path  string
	query url.Values
	// body is encoded as JSON when non-nil.
	body any
	// idempotent decides which failures may be retried (see retry.go).
	idempotent bool
	// signWith overrides the client's credentials (and its auth token): the
	// calls that fetch credentials sign with the base ones, or not at all.
	signWith credentialProvider
	// header holds extra request headers.
	header http.Header
	// responseHeader, when set, receives the headers of a 2xx answer, and
	// responseBody its body as is (instead of decoding it).
	responseHeader *http.Header
	responseBody   *[]byte
	// attemptTimeout overrides Config.RequestTimeout for this call.
	attemptTimeout time.Duration
	// singleAttempt turns retries off for this call.
	singleAttempt bool
	// noRetryOnSilence turns retries off for connection errors and
	// time-outs (a service that may not exist here: the ECS metadata
	// service off an ECS); answers are retried as usual.
	noRetryOnSilence bool
	// finalStatuses are statuses returned at once, though the policy would
	// retry them (a 503 that means "not supported here").
	finalStatuses []int
}

func (c *Client) baseURL(s service) string {
	switch s {
	case serviceDCS:
		return c.cfg.Endpoints.DCS
	case serviceIAM:
		return c.cfg.Endpoints.IAM
	case serviceMetadata:
		return c.cfg.Endpoints.Metadata
	default:
		return c.cfg.Endpoints.SMS
	}
}

// do performs r with retries and decodes a 2xx JSON body into out (when out
// is non-nil and the body is not empty). Any other status becomes an *Error.
func (c *Client) do(ctx context.Context, r request, out any) error {
	ctx = c.logContext(ctx)

	var projectID string
	if r.service != serviceIAM && r.service != serviceMetadata {
		pid, err := c.ProjectID(ctx)
		if err != nil {
			return err
		}
		projectID = pid
	}

	var body []byte
	if r.body != nil {
		var err error
		if body, err = encodeJSON(r.body); err != nil {
			return fmt.Errorf("%s %s: encoding the request body: %w", r.method, r.path, err)
		}
	}

	rawURL := c.baseURL(r.service) + r.path
	if len(r.query) > 0 {
		rawURL += "?" + r.query.Encode()
	}

	signWith := r.signWith
	if signWith == nil {
		signWith = c.creds
	}
	if signWith == nil {
		signWith = unsigned // token mode: X-Auth-Token below
	}
	st := newCallState(r, c.cfg, signWith)
	ctx = withCallState(ctx, st)

	var rawBody any
	if body != nil {
		rawBody = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, rawURL, rawBody)
	if err != nil {
		return fmt.Errorf("%s %s: building the request: %w", r.method, r.path, err)
	}
	// Content-Type goes on every request, GET and DELETE included, as the
	// official SDK does; legacy SMS gateways reject requests without it.
	req.Header.Set(headerContentType, contentTypeJSON)
	req.Header.Set(headerUserAgent, c.userAgent)
	if projectID != "" {
		req.Header.Set(headerProjectID, projectID)
	}
	// X-Security-Token and X-Auth-Token go with the credentials of each
	// attempt (transport.go).
	for k, v := range r.header {
		req.Header[http.CanonicalHeaderKey(k)] = v
	}

	resp, err := st.retryClient(c.http).Do(req)
	if err != nil {
		return st.finalError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the response: %w", r.method, r.path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return decodeError(r.method, r.path, resp.StatusCode, resp.Header.Get(headerRequestID), data)
	}
	if r.responseHeader != nil {
		*r.responseHeader = resp.Header.Clone()
	}
	if r.responseBody != nil {
		*r.responseBody = data
		return nil
	}
	if out == nil || isEmptyJSON(data) {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decoding the response (request id %s): %w", r.method, r.path, resp.Header.Get(headerRequestID), err)
	}
	return nil
}

// encodeJSON encodes v without HTML escaping (names may contain <, > or &)
// and without the trailing newline json.Encoder adds.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// isEmptyJSON is true for an empty body, whitespace or "{ }": the API answers
// several operations that way and there is nothing to decode.
func isEmptyJSON(b []byte) bool {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return true
	}
	if t[0] == '{' && t[len(t)-1] == '}' {
		return len(bytes.TrimSpace(t[1:len(t)-1])) == 0
	}
	return false
}

// pathSegment escapes one path parameter and rejects an empty one, which
// would otherwise silently address the collection instead of an item.
func pathSegment(name, value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("%s must not be empty", name)
	}
	return url.PathEscape(value), nil
}

// errEmptyList is returned when a batch call gets no ids.
var errEmptyList = errors.New("ids must not be empty")

// logSubsystem is the terraform-plugin-log subsystem of this client.
const logSubsystem = "sms_client"

// logContext adds the sms_client subsystem to ctx and masks the secrets in
// it. Nothing secret is ever logged; the masks are defence in depth.
func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER", "SMS_CLIENT"))
	var secrets []string
	for _, s := range []string{c.cfg.SecretKey, c.cfg.SecurityToken, c.cfg.AuthToken} {
		if s != "" { // an empty mask string would match everywhere
			secrets = append(secrets, s)
		}
	}
	if len(secrets) > 0 {
		ctx = tflog.SubsystemMaskLogStrings(ctx, logSubsystem, secrets...)
	}
	return ctx
}

// create sends a (not idempotent) POST whose answer is {"id": ...} and returns
// the id; what names the object when the answer has none.
func (c *Client) create(ctx context.Context, path string, body any, what string) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body}, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", fmt.Errorf("POST %s: the response has no %s id", path, what)
	}
	return out.ID, nil
}
