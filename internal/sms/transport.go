package sms

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// maxResponseBytes bounds how much of a response body is read into memory.
const maxResponseBytes = 32 << 20

// errResponseTooLarge is permanent: retrying would read the same body again.
var errResponseTooLarge = fmt.Errorf("response body is larger than %d bytes", maxResponseBytes)

// transport runs one attempt: it applies the per-attempt timeout, signs the
// request (so every retry carries a fresh X-Sdk-Date), reads the whole
// response body (so a connection dropped mid-body is a retryable attempt
// failure rather than a decoding error later) and logs one DEBUG line.
type transport struct {
	base   http.RoundTripper
	client *Client
}

// signError wraps a signing failure; it is never retried.
type signError struct{ err error }

func (e *signError) Error() string { return "signing the request: " + e.err.Error() }
func (e *signError) Unwrap() error { return e.err }

// attemptTimeoutError reports that one attempt exceeded RequestTimeout while
// the caller's context was still live. It deliberately does not unwrap to
// context.DeadlineExceeded, so callers do not mistake it for their own
// deadline; beforeSend records whether the timeout hit while dialing.
type attemptTimeoutError struct {
	timeout    time.Duration
	cause      string
	beforeSend bool
}

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("attempt timed out after %s: %s", e.timeout, e.cause)
}

// Timeout marks the error as a timeout for net.Error-style checks.
func (e *attemptTimeoutError) Timeout() bool { return true }

// bufferedBody is a fully read response body; data stays available after
// the reader is drained so the retry policy can inspect error bodies.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (bufferedBody) Close() error { return nil }

// responseBytes returns the body of a response produced by transport
// without consuming it.
func responseBytes(resp *http.Response) []byte {
	if resp == nil {
		return nil
	}
	if b, ok := resp.Body.(bufferedBody); ok {
		return b.data
	}
	return nil
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	st := callStateFrom(parent)
	if err := t.client.limiter.wait(parent); err != nil {
		return nil, err
	}
	attempt := st.startAttempt()
	start := time.Now()

	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, &signError{fmt.Errorf("reading the request body: %w", err)}
		}
	}

	timeout := t.client.cfg.RequestTimeout
	if st != nil {
		timeout = st.attemptTimeout
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	if len(body) == 0 {
		r.Body = http.NoBody
	}

	if err := t.sign(parent, st, r, body); err != nil {
		t.log(parent, st, req, attempt, start, nil, err)
		return nil, err
	}

	resp, err := t.base.RoundTrip(r)
	if err == nil {
		var data []byte
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
		resp.Body.Close()
		switch {
		case err != nil:
			err = fmt.Errorf("reading the response body: %w", err)
			resp = nil
		case len(data) > maxResponseBytes:
			err = errResponseTooLarge
			resp = nil
		default:
			resp.Body = bufferedBody{bytes.NewReader(data), data}
			resp.ContentLength = int64(len(data))
		}
	}
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && parent.Err() == nil {
		err = &attemptTimeoutError{timeout: timeout, cause: err.Error(), beforeSend: sentNothing(err)}
	}
	t.client.limiter.observe(resp)
	t.log(parent, st, req, attempt, start, resp, err)
	return resp, err
}

// sign signs r with the credentials of this attempt: temporary ones are
// renewed first when they are due, so no attempt carries expired keys.
func (t *transport) sign(ctx context.Context, st *callState, r *http.Request, body []byte) error {
	creds := t.client.creds
	if st != nil {
		creds = st.creds
	}
	if creds == nil {
		return nil
	}
	cred, err := creds.current(ctx)
	if err != nil {
		return &credentialError{err}
	}
	if st != nil {
		st.usedCreds = cred
	}
	// Nothing from an earlier attempt may survive: not its signature, not
	// the security token of credentials renewed since.
	r.Header.Del(signer.HeaderAuthorization)
	r.Header.Del(signer.HeaderDate)
	r.Header.Del(headerSecurityToken)
	r.Header.Del(headerAuthToken)
	if cred.AuthToken != "" {
		r.Header.Set(headerAuthToken, cred.AuthToken)
		return nil
	}
	if cred.AccessKey == "" {
		return nil
	}
	if cred.SecurityToken != "" {
		r.Header.Set(headerSecurityToken, cred.SecurityToken)
	}
	if err := signer.SignHTTP(r, body, signer.Credentials{AccessKey: cred.AccessKey, SecretKey: cred.SecretKey}, t.client.cfg.Now()); err != nil {
		return &signError{err}
	}
	return nil
}

// log writes one DEBUG line per attempt. Only the method, the API path, the
// status, timing and identifiers are logged: never headers or bodies.
func (t *transport) log(ctx context.Context, st *callState, req *http.Request, attempt int, start time.Time, resp *http.Response, err error) {
	path := req.URL.Path
	if st != nil && st.path != "" {
		path = st.path
	}
	fields := map[string]any{
		"method":      req.Method,
		"path":        path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
		"status":      0,
		"request_id":  "",
		"error_code":  "",
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
		fields["request_id"] = resp.Header.Get(headerRequestID)
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			fields["error_code"] = decodeError(req.Method, path, resp.StatusCode, "", responseBytes(resp)).Code
		}
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "Huawei Cloud API request", fields)
}
