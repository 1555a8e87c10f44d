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
// limiterHalfLife without one halves it, until it is back to zero. So while
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
}

const (
	// limiterFirstInterval is the pacing after the first 429.
	limiterFirstInterval = 100 * time.Millisecond
	// limiterMaxInterval caps the pacing: one attempt per 30 s.
	limiterMaxInterval = 30 * time.Second
	// limiterHalfLife is how long without a 429 halves the pacing: from its
	// cap it is gone in about 13 of them.
	limiterHalfLife = time.Second
	// limiterFloor ends pacing once the interval shrinks below it.
	limiterFloor = 5 * time.Millisecond
)

// current is the pacing at now: the interval as raised, halved for every
// limiterHalfLife since; none once below limiterFloor.
func (l *limiter) current(now time.Time) time.Duration {
	if l.interval == 0 {
		return 0
	}
	since := max(now.Sub(l.raised), 0)
	d := time.Duration(float64(l.interval) * math.Exp2(-since.Seconds()/limiterHalfLife.Seconds()))
	if d < limiterFloor {
		return 0
	}
	return d
}

func newLimiter(maxPause time.Duration) *limiter {
	return &limiter{now: time.Now, maxPause: min(maxPause, limiterMaxInterval)}
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
	pause := limiterFirstInterval
	if d, ok := parseRetryAfter(resp.Header.Get(headerRetryAfter), now); ok {
		pause = d
	}
	if until := now.Add(min(pause, l.maxPause)); until.After(l.closed) {
		l.closed = until
	}
	// Attempts already in flight when the gateway started refusing come
	// back as a burst of 429s: that is one signal, not many.
	if cur := l.current(now); now.Sub(l.raised) >= max(cur, 2*limiterFirstInterval) {
		l.interval = min(max(2*cur, limiterFirstInterval), limiterMaxInterval)
		l.raised = now
	}
}

// Throttled returns how many 429 answers this client has received.
func (c *Client) Throttled() int64 {
	c.limiter.mu.Lock()
	defer c.limiter.mu.Unlock()
	return c.limiter.throttle
}
