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

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms/signer"
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

	ctx, cancel := context.WithTimeout(parent, t.client.cfg.RequestTimeout)
	defer cancel()
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	if len(body) == 0 {
		r.Body = http.NoBody
	}

	if cfg := t.client.cfg; cfg.AccessKey != "" {
		// A stale signature from an earlier attempt must not survive.
		r.Header.Del(signer.HeaderAuthorization)
		r.Header.Del(signer.HeaderDate)
		cred := signer.Credentials{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey}
		if err := signer.SignHTTP(r, body, cred, cfg.Now()); err != nil {
			err = &signError{err}
			t.log(parent, st, req, attempt, start, nil, err)
			return nil, err
		}
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
		err = &attemptTimeoutError{timeout: t.client.cfg.RequestTimeout, cause: err.Error(), beforeSend: sentNothing(err)}
	}
	t.client.limiter.observe(resp)
	t.log(parent, st, req, attempt, start, resp, err)
	return resp, err
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
