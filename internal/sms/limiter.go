package sms

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// limiter is shared by every call of one Client (one provider instance), so
// that calls running in parallel slow down together when the API gateway
// throttles (429 APIGW.0308) instead of each burning its own retries.
//
// Unthrottled it does nothing. A 429 closes it for everyone until the
// Retry-After has passed, and paces the following attempts: attempts start at
// least the current interval apart. A 429 doubles the interval; every
// half-life without one halves it, until it is back to zero. So while
// the gateway refuses, the pacing settles where 429s stop coming (a gateway
// that refuses everything is tried about once per half-life, and its
// Retry-After is kept), and once it stops the pacing is gone within
// seconds: how far the 429s pushed it does not decide how long recovering
// takes.
type limiter struct {
	mu       sync.Mutex
	now      func() time.Time
	closed   time.Time     // no attempt starts before this (Retry-After)
	next     time.Time     // the next free start slot while pacing
	interval time.Duration // pacing as of raised; zero when not throttled
	raised   time.Time     // when interval last grew
	throttle int64         // 429s seen, for tests and logs
	waiting  int           // attempts waiting for their slot now
	maxPause time.Duration // Retry-After is honoured up to this (RetryWaitMax)
	pacing   ThrottlePacing
}

// ThrottlePacing is how a client slows down while the API gateway throttles;
// a zero field takes its default. Only tests change it, to keep throttling
// scenarios against a fake short.
type ThrottlePacing struct {
	// First is the pacing after the first 429 (default 100 ms). Pacing ends
	// once it has shrunk below a twentieth of it.
	First time.Duration
	// HalfLife is how long without a 429 halves the pacing (default 1 s):
	// from its cap it is gone in about 13 of them.
	HalfLife time.Duration
}

const (
	defaultThrottleFirst    = 100 * time.Millisecond
	defaultThrottleHalfLife = time.Second
	// limiterMaxInterval caps the pacing: one attempt per 30 s.
	limiterMaxInterval = 30 * time.Second
)

func (p ThrottlePacing) withDefaults() ThrottlePacing {
	if p.First <= 0 {
		p.First = defaultThrottleFirst
	}
	if p.HalfLife <= 0 {
		p.HalfLife = defaultThrottleHalfLife
	}
	return p
}

// current is the pacing at now: the interval as raised, halved for every
// half-life since; none once below a twentieth of the first interval.
func (l *limiter) current(now time.Time) time.Duration {
	if l.interval == 0 {
		return 0
	}
	since := max(now.Sub(l.raised), 0)
	d := time.Duration(float64(l.interval) * math.Exp2(-since.Seconds()/l.pacing.HalfLife.Seconds()))
	if d < l.pacing.First/20 {
		return 0
	}
	return d
}

func newLimiter(maxPause time.Duration, pacing ThrottlePacing) *limiter {
	return &limiter{now: time.Now, maxPause: min(maxPause, limiterMaxInterval), pacing: pacing.withDefaults()}
}

// limiterWaitError is the context ending while an attempt waited for the
// limiter: nothing was sent.
type limiterWaitError struct{ err error }

func (e *limiterWaitError) Error() string {
	return "waiting for the throttled API gateway: " + e.err.Error()
}
func (e *limiterWaitError) Unwrap() error { return e.err }

// wait blocks until this attempt may start, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.now()
	start := now
	if l.closed.After(start) {
		start = l.closed
	}
	if interval := l.current(now); interval > 0 {
		// Slots are handed out one interval apart, but never further ahead
		// than the attempts actually waiting need: a slot whose caller gave
		// up (its context ended) is not kept, or a throttling storm would
		// push every later attempt into the far future.
		next := l.next
		if limit := now.Add(time.Duration(l.waiting+1) * interval); next.After(limit) {
			next = limit
		}
		if next.After(start) {
			start = next
		}
		l.next = start.Add(interval)
	}
	d := start.Sub(now)
	if d <= 0 {
		l.mu.Unlock()
		return nil
	}
	l.waiting++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.waiting--
		l.mu.Unlock()
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return &limiterWaitError{ctx.Err()}
	case <-t.C:
		return nil
	}
}

// observe learns from one attempt's response (nil after a transport error,
// which teaches nothing about the rate).
func (l *limiter) observe(resp *http.Response) {
	if resp == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if resp.StatusCode != http.StatusTooManyRequests {
		return // the pacing eases off with time (current)
	}
	l.throttle++
	pause := l.pacing.First
	if d, ok := parseRetryAfter(resp.Header.Get(headerRetryAfter), now); ok {
		pause = d
	}
	if until := now.Add(min(pause, l.maxPause)); until.After(l.closed) {
		l.closed = until
	}
	// Attempts already in flight when the gateway started refusing come
	// back as a burst of 429s: that is one signal, not many.
	if cur := l.current(now); now.Sub(l.raised) >= max(cur, 2*l.pacing.First) {
		l.interval = min(max(2*cur, l.pacing.First), limiterMaxInterval)
		l.raised = now
	}
}

// Throttled returns how many 429 answers this client has received.
func (c *Client) Throttled() int64 {
	c.limiter.mu.Lock()
	defer c.limiter.mu.Unlock()
	return c.limiter.throttle
}
