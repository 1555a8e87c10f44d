package sms

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Credentials are what one request is signed with: an access key pair and,
// for temporary credentials, the security token that goes with it; or, in
// token mode, the IAM token sent as X-Auth-Token instead of a signature.
type Credentials struct {
	AccessKey, SecretKey, SecurityToken string
	// AuthToken, when set, is sent as X-Auth-Token and nothing is signed.
	AuthToken string
	// ExpiresAt is zero for long-lived keys.
	ExpiresAt time.Time
}

// empty reports credentials that authenticate nothing: the call is unsigned.
func (c Credentials) empty() bool { return c.AccessKey == "" && c.AuthToken == "" }

// sameAs reports whether c and o are the same credentials (for a renewal
// after a 401: was the refused one the cached one?).
func (c Credentials) sameAs(o Credentials) bool {
	return c.AccessKey == o.AccessKey && c.SecurityToken == o.SecurityToken && c.AuthToken == o.AuthToken
}

// credentialProvider hands out the credentials for each attempt. Every
// request goes through one, so static keys, temporary keys from a source,
// tokens and unsigned calls share one signing path (transport.go).
type credentialProvider interface {
	// current returns credentials that are valid now; empty ones mean "do
	// not sign".
	current(ctx context.Context) (Credentials, error)
	// renew is called after the API refused used with a 401. It renews only
	// when used is still the cached value, so that parallel refusals of the
	// same credentials share one renewal.
	renew(ctx context.Context, used Credentials) error
	// renewable is false for keys that no renewal can change.
	renewable() bool
}

// staticCredentials are long-lived keys (or none, for unsigned calls).
type staticCredentials struct{ c Credentials }

func (s staticCredentials) current(context.Context) (Credentials, error) { return s.c, nil }
func (s staticCredentials) renew(context.Context, Credentials) error     { return nil }
func (s staticCredentials) renewable() bool                              { return false }

// unsigned is the provider of calls that authenticate in their body (the
// ID-token exchange, the token re-scoping) or need no authentication (the
// ECS metadata service).
var unsigned credentialProvider = staticCredentials{}

// DefaultRenewBefore is how long before expires_at temporary credentials are
// renewed, when their lifetime allows it (see renewAt).
const DefaultRenewBefore = 5 * time.Minute

// renewal is when a source's credentials are renewed.
type renewal int

const (
	// renewEarly renews RenewBefore their expiry (a third of their lifetime
	// at most), so that a failed renewal leaves time to try again.
	renewEarly renewal = iota
	// renewLate uses the credentials until just before they expire: for
	// credentials whose renewal costs more than a call, such as the ID-token
	// exchange of OIDC federation (the CI system's token may be gone by then).
	renewLate
)

// refreshingCredentials caches temporary credentials from a source and
// renews them before they expire. At most one renewal runs at a time;
// callers arriving meanwhile wait for it, so parallel resources cause one
// renewal, and no caller ever gets credentials past their renewal time
// unless that renewal failed.
//
// A renewal that fails while the cached credentials are still usable (see
// usableUntil) fails no call: the cached credentials are handed out and the
// renewal is tried again after a pause (Policy.Backoff, growing with each
// failure). Only when they are no longer usable does the renewal's error
// reach the caller. The fetch itself retries transient failures like any
// API call (retry.go).
type refreshingCredentials struct {
	// source names where the credentials come from, for errors.
	source      string
	fetch       func(ctx context.Context) (Credentials, error)
	now         func() time.Time
	renewBefore time.Duration
	when        renewal
	// pacing spaces the renewal attempts after a failure.
	pacing wait.Policy

	mu       sync.Mutex
	cur      Credentials
	renewAt  time.Time
	usable   time.Time // cur is handed out until then, whatever renewals do
	failures int       // renewals that failed since cur was fetched
	retryAt  time.Time // no renewal before then while cur is usable
	inflight *credentialFetch
}

type credentialFetch struct {
	done chan struct{}
	c    Credentials
	err  error
}

func (r *refreshingCredentials) renewable() bool { return true }

func (r *refreshingCredentials) current(ctx context.Context) (Credentials, error) {
	r.mu.Lock()
	now := r.now()
	if !r.cur.empty() && (now.Before(r.renewAt) || (now.Before(r.usable) && now.Before(r.retryAt))) {
		c := r.cur
		r.mu.Unlock()
		return c, nil
	}
	return r.waitForFetch(ctx) // unlocks r.mu
}

func (r *refreshingCredentials) renew(ctx context.Context, used Credentials) error {
	r.mu.Lock()
	if r.cur.sameAs(used) {
		r.cur = Credentials{} // refused: never hand it out again
	}
	if !r.cur.empty() && r.now().Before(r.renewAt) {
		r.mu.Unlock() // another caller renewed already
		return nil
	}
	_, err := r.waitForFetch(ctx) // unlocks r.mu
	return err
}

// waitForFetch joins the running fetch or starts one. It is called with r.mu
// held and releases it.
func (r *refreshingCredentials) waitForFetch(ctx context.Context) (Credentials, error) {
	f := r.inflight
	leader := f == nil
	if leader {
		f = &credentialFetch{done: make(chan struct{})}
		r.inflight = f
	}
	r.mu.Unlock()
	if leader {
		// The fetch outlives a caller that gives up, so the others waiting
		// for it are not failed by one cancelled context.
		go r.runFetch(context.WithoutCancel(ctx), f)
	}
	select {
	case <-f.done:
		return f.c, f.err
	case <-ctx.Done():
		return Credentials{}, fmt.Errorf("waiting for temporary credentials from %s: %w", r.source, ctx.Err())
	}
}

func (r *refreshingCredentials) runFetch(ctx context.Context, f *credentialFetch) {
	defer close(f.done)
	fetchedAt := r.now()
	c, err := r.fetch(ctx)
	if err == nil {
		err = checkFetched(c, fetchedAt)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inflight = nil
	if err != nil {
		now := r.now()
		if !r.cur.empty() && now.Before(r.usable) {
			// The credentials in hand still serve: keep them, try again
			// later.
			pause := r.pacing.Backoff(r.failures)
			r.failures++
			r.retryAt = now.Add(pause)
			f.c = r.cur
			tflog.SubsystemWarn(ctx, logSubsystem, "renewing temporary credentials failed; the current ones are used until the next attempt", map[string]any{
				"source": r.source, "error": err.Error(), "next_attempt_in": pause.String(),
				"usable_until": r.usable.UTC().Format(time.RFC3339),
			})
			return
		}
		f.err = &sourceError{source: r.source, err: err}
		return // not cached: the next caller tries again
	}
	f.c = c
	r.cur = c
	r.failures, r.retryAt = 0, time.Time{}
	r.usable = usableUntil(c.ExpiresAt, fetchedAt)
	r.renewAt = renewAt(c.ExpiresAt, fetchedAt, r.renewBefore)
	if r.when == renewLate {
		r.renewAt = r.usable
	}
}

// checkFetched rejects credentials that are incomplete or already expired
// by the client's clock (a clock far off would otherwise make every call
// renew).
func checkFetched(c Credentials, fetchedAt time.Time) error {
	switch {
	case c.AuthToken == "" && (c.AccessKey == "" || c.SecretKey == "" || c.SecurityToken == ""):
		return errors.New("the answer lacks the access key, the secret key or the security token")
	case c.ExpiresAt.IsZero():
		return errors.New("the answer has no expires_at")
	case !c.ExpiresAt.After(fetchedAt):
		return fmt.Errorf("they expired at %s, before they were issued by this machine's clock (%s); check the clock",
			c.ExpiresAt.UTC().Format(time.RFC3339), fetchedAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// renewAt is when credentials expiring at expiresAt are renewed: before
// earlier than expiry, but never earlier than two thirds into their
// lifetime, so short-lived credentials are still used for a while.
func renewAt(expiresAt, fetchedAt time.Time, before time.Duration) time.Time {
	if lifetime := expiresAt.Sub(fetchedAt); before > lifetime/3 {
		before = lifetime / 3
	}
	return expiresAt.Add(-before)
}

// maxExpiryMargin bounds how long before expires_at credentials stop being
// handed out: a request signed with them must reach the gateway in time.
const maxExpiryMargin = time.Minute

// usableUntil is when credentials expiring at expiresAt are last handed
// out: a minute before they expire, or a tenth of their lifetime if that is
// shorter.
func usableUntil(expiresAt, fetchedAt time.Time) time.Time {
	return expiresAt.Add(-min(maxExpiryMargin, expiresAt.Sub(fetchedAt)/10))
}

// credentialError wraps a failure to get credentials for an attempt; the
// attempt is not retried (the fetch has its own retries), and IsTransient
// tells whether a later call may succeed.
type credentialError struct{ err error }

func (e *credentialError) Error() string { return e.err.Error() }
func (e *credentialError) Unwrap() error { return e.err }

// sourceError is a source's failure to give credentials.
type sourceError struct {
	source string
	err    error
}

func (e *sourceError) Error() string {
	return fmt.Sprintf("getting temporary credentials from %s: %v", e.source, e.err)
}
func (e *sourceError) Unwrap() error { return e.err }

// CredentialFailure is the first cause of a credentials error: the failure
// of the source the others depend on (the ID-token exchange under an
// agency, say), named, without the calls that carried it up. It is
// err.Error() for any other error.
func CredentialFailure(err error) string {
	var deepest *sourceError
	for e := err; ; {
		var se *sourceError
		if !errors.As(e, &se) {
			break
		}
		deepest, e = se, se.err
	}
	if deepest == nil {
		return err.Error()
	}
	return deepest.Error()
}

// IsCredentialSourceError reports that err is a failure to get temporary
// credentials (from the ECS metadata service, OIDC federation, an agency
// or the token re-scoping), not an answer to the call itself.
func IsCredentialSourceError(err error) bool {
	var ce *credentialError
	return errors.As(err, &ce)
}

// UsesECSMetadata reports whether the client's credentials come from the
// ECS metadata service (no other credentials were configured).
func (c *Client) UsesECSMetadata() bool { return c.cfg.ECSMetadata }

// CheckCredentials gets temporary credentials now (and re-scopes a token),
// when the client uses them, so that a source that cannot give any fails at
// once (the provider calls it when it is configured, at plan time). Static
// keys are not checked: that would cost an API call.
func (c *Client) CheckCredentials(ctx context.Context) error {
	if c.creds == nil || !c.creds.renewable() {
		return nil
	}
	if _, err := c.creds.current(c.logContext(ctx)); err != nil {
		return &credentialError{err}
	}
	return nil
}
