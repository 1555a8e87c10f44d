package sms

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// The retry policy.
//
//   - 429 is always retried: the gateway rejected the request before the
//     service saw it. So is a 404 that is not the service's own answer
//     (IsForeignNotFound: the gateway's APIGW.0101, a proxy's page). Retry-After (seconds or an HTTP date) is honoured, capped
//     at RetryWaitMax.
//   - 500, 502, 503, 504 and connection errors (reset, EOF, per-attempt
//     timeout) are retried for idempotent requests: GET, PUT, DELETE and the
//     batch delete POST.
//   - For non-idempotent requests (CreateTask, UpdateTaskStatus) only 429 and
//     connection errors that provably happened before anything was sent (dial
//     errors) are retried; any other 5xx or connection error is returned at
//     once as an ambiguous error (IsAmbiguous): the request may have been
//     applied, so the caller must look before trying again.
//   - 401 APIGW.0301 for temporary credentials (expired, or revoked early)
//     renews them once and resends at once, idempotent or not: the gateway
//     refused the request before the service saw it. A second 401 is
//     returned; static keys are never resent.
//   - Any other status is returned without retrying, and so is a status the
//     request lists as final (the metadata service's 503 for "no session
//     tokens here").
//   - The calls that fetch temporary credentials follow the same policy,
//     except that the ECS metadata service, until it has answered once,
//     gets one attempt on silence (off an ECS nothing answers). A call whose
//     credentials could not be had is not resent: the fetch retried already.
//   - What remains after the last retry is marked: IsTransient tells a
//     caller that waits for longer (a poll) that the next call may pass.
//
// A wait that would pass the context deadline is not started: the call ends
// with the last error, wrapped with context.DeadlineExceeded.

// callState is the per-call retry state shared by the retry policy, the
// backoff function and (through the request context) the transport.
type callState struct {
	method, path string
	idempotent   bool
	maxRetries   int
	pacing       wait.Policy // RetryWaitMin and RetryWaitMax

	// creds signs each attempt; usedCreds is what the last attempt carried.
	creds          credentialProvider
	usedCreds      Credentials
	attemptTimeout time.Duration
	// noRetryOnSilence and finalStatuses are the request's (client.go).
	noRetryOnSilence bool
	finalStatuses    []int
	// renewed is set once a 401 made the credentials renew: a second 401
	// is the caller's, so a refusal never loops.
	renewed bool

	started  atomic.Int64 // attempts handed to the transport
	attempts int          // attempts judged by checkRetry
	lastErr  error        // error of the last failed attempt
	nextWait time.Duration
}

func newCallState(r request, cfg Config, creds credentialProvider) *callState {
	timeout := cfg.RequestTimeout
	if r.attemptTimeout > 0 {
		timeout = r.attemptTimeout
	}
	maxRetries := cfg.MaxRetries
	if r.singleAttempt {
		maxRetries = 0
	}
	return &callState{
		method:           r.method,
		path:             r.path,
		idempotent:       r.idempotent,
		maxRetries:       maxRetries,
		pacing:           wait.Policy{Min: cfg.RetryWaitMin, Max: cfg.RetryWaitMax},
		creds:            creds,
		attemptTimeout:   timeout,
		noRetryOnSilence: r.noRetryOnSilence,
		finalStatuses:    r.finalStatuses,
	}
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// startAttempt numbers the attempts for the log, starting at 1.
func (st *callState) startAttempt() int {
	if st == nil {
		return 1
	}
	return int(st.started.Add(1))
}

// retryClient builds the retryablehttp client for this call. It is cheap: the
// http.Client (and its connection pool) is shared; only the policy closures
// are per call, which keeps the attempt count and last error per call.
func (st *callState) retryClient(hc *http.Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // the transport logs each attempt through tflog
		RetryWaitMin: st.pacing.Min,
		RetryWaitMax: st.pacing.Max,
		RetryMax:     st.maxRetries + 1, // + the one retry after a renewal; checkRetry counts the rest
		CheckRetry:   st.checkRetry,
		Backoff:      st.backoff,
		ErrorHandler: st.errorHandler,
	}
}

// checkRetry decides after every attempt. Returning (false, nil) hands the
// response to the caller; (false, err) ends the call with err.
func (st *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st.attempts++
	var failure error
	retryable := true
	switch {
	case err != nil:
		// Name the API call: the transport error only shows the full URL.
		failure = fmt.Errorf("%s %s: %w", st.method, st.path, err)
		if !st.idempotent && !sentNothing(err) {
			return false, &ambiguousError{err: st.giveUp(failure)}
		}
		retryable = ctx.Err() == nil && !permanentTransportError(err)
		if !permanentTransportError(err) {
			failure = &transportFailure{failure}
		}
		retryable = retryable && !st.noRetryOnSilence
	case slices.Contains(st.finalStatuses, resp.StatusCode):
		return false, nil // the caller decodes it
	case resp.StatusCode == http.StatusUnauthorized:
		failure = st.apiError(resp)
		if st.renewed || !st.creds.renewable() || !IsCredentialRefused(failure) {
			return false, nil // the caller decodes the 401
		}
		// Temporary credentials the gateway refused (expired, or revoked
		// early): renew them once and resend at once.
		st.renewed = true
		if err := st.creds.renew(ctx, st.usedCreds); err != nil {
			return false, st.giveUp(fmt.Errorf("%w; renewing the credentials after it failed: %w", failure, err))
		}
		st.nextWait = 0
		return true, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		failure = st.apiError(resp)
	case resp.StatusCode == http.StatusNotFound:
		// The service's own 404 is an answer about the object; any other
		// (the gateway's APIGW.0101, a proxy's page) never reached the
		// service, so resending is safe whatever the method.
		failure = st.apiError(resp)
		if !IsForeignNotFound(failure) {
			return false, nil
		}
	case isRetryableServerStatus(resp.StatusCode):
		failure = st.apiError(resp)
		if !st.idempotent {
			return false, &ambiguousError{err: st.giveUp(failure)}
		}
	default:
		return false, nil
	}

	st.lastErr = failure
	retries := st.attempts - 1
	if st.renewed {
		retries-- // the resend after a renewal is not one of max_retries
	}
	if !retryable || retries >= st.maxRetries {
		return false, st.giveUp(failure)
	}
	if ctx.Err() != nil {
		return false, fmt.Errorf("giving up after %s: %w: %w", st.attemptsText(), ctx.Err(), failure)
	}
	pause := st.wait(resp)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < pause {
		return false, fmt.Errorf("giving up after %s: the next retry (in %s) would start after the context deadline: %w: %w",
			st.attemptsText(), pause.Round(time.Millisecond), context.DeadlineExceeded, failure)
	}
	st.nextWait = pause
	return true, nil
}

// backoff returns the wait chosen by checkRetry for the current failure.
func (st *callState) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return st.nextWait
}

// errorHandler runs when retryablehttp stops on a failure. checkRetry has
// already built the error in every path; the fallback covers the library
// stopping on its own.
func (st *callState) errorHandler(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil {
		resp.Body.Close()
	}
	if err == nil {
		err = st.lastErr
		if err == nil {
			err = errors.New("request failed")
		}
		err = st.giveUp(err)
	}
	return nil, err
}

// finalError adds the last attempt's error when retryablehttp returned only
// the context error (the context ended during a wait).
func (st *callState) finalError(ctx context.Context, err error) error {
	if st.lastErr != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) && !errors.Is(err, st.lastErr) {
		return fmt.Errorf("giving up after %s: %w: %w", st.attemptsText(), err, st.lastErr)
	}
	return err
}

func (st *callState) giveUp(err error) error {
	return fmt.Errorf("giving up after %s: %w", st.attemptsText(), err)
}

func (st *callState) attemptsText() string {
	if st.attempts == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(st.attempts) + " attempts"
}

func (st *callState) apiError(resp *http.Response) *Error {
	return decodeError(st.method, st.path, resp.StatusCode, resp.Header.Get(headerRequestID), responseBytes(resp))
}

// wait is the pause before the next attempt: Retry-After on a 429 (capped at
// RetryWaitMax), otherwise the shared retry backoff (wait.Policy.Backoff).
func (st *callState) wait(resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if d, ok := parseRetryAfter(resp.Header.Get(headerRetryAfter), time.Now()); ok {
			return min(d, st.pacing.Max)
		}
	}
	return st.pacing.Backoff(st.attempts - 1)
}

// parseRetryAfter reads delay-seconds or an HTTP date. (go-retryablehttp's
// DefaultBackoff has a parser too, but it takes only RFC 1123 dates, lets a
// huge delay-seconds overflow, and cannot fall back to wait.Policy.)
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func isRetryableServerStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// sentNothing reports whether err proves the request never left the client:
// it could not be signed, the connection could not be established (dial or
// name resolution), or the server certificate was rejected during the TLS
// handshake, before any byte of the request was written.
func sentNothing(err error) bool {
	var se *signError
	var lw *limiterWaitError
	var ce *credentialError
	if errors.As(err, &se) || errors.As(err, &lw) || errors.As(err, &ce) || certificateError(err) {
		return true
	}
	var timeout *attemptTimeoutError
	if errors.As(err, &timeout) {
		return timeout.beforeSend
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// permanentTransportError lists failures a retry cannot fix.
func permanentTransportError(err error) bool {
	var se *signError
	var ce *credentialError
	if errors.As(err, &se) || errors.As(err, &ce) || errors.Is(err, errResponseTooLarge) {
		return true
	}
	if certificateError(err) {
		return true
	}
	return strings.Contains(err.Error(), "unsupported protocol scheme")
}

// certificateError reports a rejected server certificate.
func certificateError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// transportFailure marks a connection error or an attempt time-out that a
// later call may not meet (not a certificate, signing or credentials
// failure): IsTransient reports it.
type transportFailure struct{ err error }

func (e *transportFailure) Error() string { return e.err.Error() }
func (e *transportFailure) Unwrap() error { return e.err }

// isTransportFailure reports a transportFailure in err's chain.
func isTransportFailure(err error) bool {
	var tf *transportFailure
	return errors.As(err, &tf)
}

// ambiguousError marks a non-idempotent request whose outcome is unknown.
type ambiguousError struct{ err error }

func (e *ambiguousError) Error() string {
	return e.err.Error() + " (the outcome is unknown: the request may have been applied; check the current state before trying again)"
}

func (e *ambiguousError) Unwrap() error { return e.err }

// IsAmbiguous reports whether err came from a non-idempotent request
// (CreateTask, UpdateTaskStatus) that failed in a way that does not tell
// whether the service applied it: a 5xx or a connection error after the
// request was sent. Look at the resource before trying again.
func IsAmbiguous(err error) bool {
	var a *ambiguousError
	return errors.As(err, &a)
}
