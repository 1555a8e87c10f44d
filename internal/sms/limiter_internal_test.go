package sms

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func throttledResponse(retryAfter string) *http.Response {
	h := http.Header{}
	if retryAfter != "" {
		h.Set(headerRetryAfter, retryAfter)
	}
	return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h}
}

// The limiter's rules, on a fake clock: a 429 closes it until Retry-After
// (capped), a burst of 429s raises the pacing once, successes ease it off.
func TestLimiterPacing(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(2*time.Second, ThrottlePacing{})
	l.now = func() time.Time { return now }

	l.observe(&http.Response{StatusCode: http.StatusOK})
	if l.interval != 0 || !l.closed.IsZero() {
		t.Fatalf("unthrottled limiter changed: %+v", l)
	}
	l.observe(throttledResponse("5"))
	if want := now.Add(2 * time.Second); !l.closed.Equal(want) {
		t.Fatalf("closed until %v, want Retry-After capped at 2s (%v)", l.closed, want)
	}
	if l.interval != defaultThrottleFirst {
		t.Fatalf("interval %v, want %v", l.interval, defaultThrottleFirst)
	}
	// The rest of the burst (answers to attempts already in flight).
	for range 5 {
		l.observe(throttledResponse("1"))
	}
	if l.interval != defaultThrottleFirst {
		t.Fatalf("a burst of 429s raised the interval to %v", l.interval)
	}
	now = now.Add(200 * time.Millisecond)
	before := l.current(now)
	l.observe(throttledResponse(""))
	if got := l.current(now); got != 2*before {
		t.Fatalf("a later 429 left the pacing at %v, want it doubled from %v", got, before)
	}
	if l.throttle != 7 {
		t.Fatalf("counted %d 429s, want 7", l.throttle)
	}
	now = now.Add(defaultThrottleHalfLife)
	if got := l.current(now); got != before {
		t.Fatalf("pacing %v one half-life later, want %v", got, before)
	}
	for range 200 {
		l.observe(&http.Response{StatusCode: http.StatusOK})
	}
	now = now.Add(10 * defaultThrottleHalfLife)
	if got := l.current(now); got != 0 {
		t.Fatalf("pacing %v ten half-lives after the last 429, want none", got)
	}

	// wait gives the slots out in order, interval apart, after the pause.
	l = newLimiter(time.Second, ThrottlePacing{})
	l.interval, l.raised = 50*time.Millisecond, time.Now()
	l.next = time.Now()
	start := time.Now()
	for range 3 {
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 90*time.Millisecond {
		t.Fatalf("three paced attempts took %v, want at least two intervals", took)
	}
	// A context that ends while waiting: nothing was sent.
	l.closed = time.Now().Add(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err := l.wait(ctx)
	if err == nil || !sentNothing(err) {
		t.Fatalf("wait = %v, want an error that says nothing was sent", err)
	}
}

// Slots whose callers gave up are not kept: after many waits ended by
// their contexts, the next attempt waits at most one interval more than the
// attempts still waiting need.
func TestLimiterForgetsAbandonedSlots(t *testing.T) {
	l := newLimiter(time.Second, ThrottlePacing{})
	l.interval, l.raised = time.Hour, time.Now()
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = l.wait(ctx) // reserves a slot an hour later, then gives up
	}
	if ahead := time.Until(l.next); ahead > 2*time.Hour {
		t.Fatalf("the next slot is %v ahead after 20 abandoned waits, want at most two intervals", ahead.Round(time.Minute))
	}
}

// While the gateway refuses every attempt, the pacing settles at about one
// attempt per half-life; once it stops refusing, the pacing is gone within
// seconds of its last 429, whatever happened before (issue 30: the pacing
// once took minutes to ease off after a burst).
func TestLimiterRecoversWithinSecondsOfTheLastThrottle(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	now := start
	l := newLimiter(30*time.Second, ThrottlePacing{})
	l.now = func() time.Time { return now }
	for now.Before(start.Add(20 * time.Second)) {
		l.observe(throttledResponse(""))
		now = now.Add(max(l.current(now), 2*defaultThrottleFirst) + time.Millisecond)
	}
	if got := l.current(l.raised); got < defaultThrottleHalfLife/2 || got > 2*defaultThrottleHalfLife {
		t.Fatalf("20 s of refusals left the pacing at %v, want about one attempt per half-life (%v)", got, defaultThrottleHalfLife)
	}
	if l.throttle > 40 {
		t.Errorf("%d attempts were refused in 20 s, want about one per half-life", l.throttle)
	}
	if got := l.current(l.raised.Add(10 * defaultThrottleHalfLife)); got != 0 {
		t.Fatalf("pacing %v ten half-lives after the last 429, want none", got)
	}
}

// A client's ThrottlePacing replaces the production timings: the first
// interval after a 429 (and the pause without Retry-After), and the
// half-life that eases it off.
func TestLimiterTakesTheConfiguredPacing(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(time.Second, ThrottlePacing{First: 10 * time.Millisecond, HalfLife: 100 * time.Millisecond})
	l.now = func() time.Time { return now }
	l.observe(throttledResponse(""))
	if l.interval != 10*time.Millisecond || !l.closed.Equal(now.Add(10*time.Millisecond)) {
		t.Fatalf("after a 429: interval %v, closed %v later; want 10ms and 10ms", l.interval, l.closed.Sub(now))
	}
	if got := l.current(now.Add(100 * time.Millisecond)); got != 5*time.Millisecond {
		t.Fatalf("pacing %v one half-life later, want 5ms", got)
	}
	if got := l.current(now.Add(500 * time.Millisecond)); got != 0 {
		t.Fatalf("pacing %v five half-lives later, want none (below a twentieth of the first interval)", got)
	}
}
