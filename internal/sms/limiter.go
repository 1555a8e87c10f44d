package sms

import (
	"context"
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
// least interval apart, interval doubling on every new 429 and shrinking by a
// twentieth on every success, until it is back to zero. The pacing settles
// just under the gateway's rate, so a throttled call's retry usually gets
// through and no call runs out of retries.
type limiter struct {
	mu       sync.Mutex
	now      func() time.Time
	closed   time.Time     // no attempt starts before this (Retry-After)
	next     time.Time     // the next free start slot while pacing
	interval time.Duration // pacing; zero when not throttled
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
	// limiterFloor ends pacing once the interval shrinks below it.
	limiterFloor = 5 * time.Millisecond
)

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
	if l.interval > 0 {
		// Slots are handed out one interval apart, but never further ahead
		// than the attempts actually waiting need: a slot whose caller gave
		// up (its context ended) is not kept, or a throttling storm would
		// push every later attempt into the far future.
		next := l.next
		if limit := now.Add(time.Duration(l.waiting+1) * l.interval); next.After(limit) {
			next = limit
		}
		if next.After(start) {
			start = next
		}
		l.next = start.Add(l.interval)
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
		if l.interval > 0 && resp.StatusCode < 500 {
			l.interval -= l.interval / 20
			if l.interval < limiterFloor {
				l.interval = 0
			}
		}
		return
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
	if now.Sub(l.raised) >= max(l.interval, 2*limiterFirstInterval) {
		l.interval = min(max(2*l.interval, limiterFirstInterval), limiterMaxInterval)
		l.raised = now
	}
}

// Throttled returns how many 429 answers this client has received.
func (c *Client) Throttled() int64 {
	c.limiter.mu.Lock()
	defer c.limiter.mu.Unlock()
	return c.limiter.throttle
}
