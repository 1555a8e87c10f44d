package wait

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// script returns a refresh function that reports the given states in order,
// repeating the last one, and counts its calls.
func script(calls *int, states ...string) func(context.Context) (int, string, error) {
	return func(context.Context) (int, string, error) {
		i := min(*calls, len(states)-1)
		*calls++
		return i, states[i], nil
	}
}

func fast[T any](s Spec[T]) Spec[T] {
	s.Policy = Policy{Min: time.Millisecond, Max: 2 * time.Millisecond}
	return s
}

func TestForReachesTarget(t *testing.T) {
	calls := 0
	var seen []string
	v, err := For(context.Background(), fast(Spec[int]{
		Pending: []string{"READY", "RUNNING"}, Target: []string{"MIGRATE_SUCCESS"},
		Refresh: script(&calls, "READY", "RUNNING", "RUNNING", "MIGRATE_SUCCESS"),
		OnPoll:  func(_ int, s string, _ time.Duration) { seen = append(seen, s) },
	}))
	if err != nil || v != 3 || calls != 4 {
		t.Fatalf("v=%d calls=%d err=%v", v, calls, err)
	}
	if len(seen) != 4 || seen[3] != "MIGRATE_SUCCESS" {
		t.Fatalf("OnPoll saw %v", seen)
	}
}

func TestForFailureAndUnexpectedStates(t *testing.T) {
	calls := 0
	_, err := For(context.Background(), fast(Spec[int]{
		Pending: []string{"RUNNING"}, Target: []string{"MIGRATE_SUCCESS"}, Failure: []string{"MIGRATE_FAIL"},
		Refresh: script(&calls, "RUNNING", "MIGRATE_FAIL"),
	}))
	var se *StateError
	if !errors.As(err, &se) || !se.Failure || se.State != "MIGRATE_FAIL" {
		t.Fatalf("want failure state error, got %v", err)
	}
	calls = 0
	_, err = For(context.Background(), fast(Spec[int]{
		Pending: []string{"RUNNING"}, Target: []string{"MIGRATE_SUCCESS"},
		Refresh: script(&calls, "RUNNING", "ABORT"),
	}))
	if !errors.As(err, &se) || se.Failure || se.State != "ABORT" || calls != 2 {
		t.Fatalf("want unexpected state error after 2 calls, got %v after %d", err, calls)
	}
}

func TestForRefreshErrorEndsWait(t *testing.T) {
	boom := errors.New("boom")
	_, err := For(context.Background(), fast(Spec[int]{
		Pending: []string{"A"}, Target: []string{"B"},
		Refresh: func(context.Context) (int, string, error) { return 0, "", boom },
	}))
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}

func TestForTimeoutNamesLastState(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	calls := 0
	_, err := For(ctx, fast(Spec[int]{Pending: []string{"ABORTING"}, Target: []string{"ABORT"}, Refresh: script(&calls, "ABORTING")}))
	var te *TimeoutError
	if !errors.As(err, &te) || te.LastState != "ABORTING" || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want timeout naming ABORTING, got %v", err)
	}
}

func TestIntervalGrowsToCap(t *testing.T) {
	minI, maxI := 500*time.Millisecond, 10*time.Second
	cases := map[time.Duration]time.Duration{
		0:                      minI,
		3 * time.Second:        minI,
		20 * time.Second:       2 * time.Second,
		59 * time.Second:       5900 * time.Millisecond,
		time.Minute:            maxI,
		3 * time.Hour:          maxI,
		500 * time.Millisecond: minI,
	}
	for elapsed, want := range cases {
		if got := Interval(elapsed, minI, maxI); got != want {
			t.Errorf("Interval(%s) = %s, want %s", elapsed, got, want)
		}
	}
}

func TestPolicyIntervalTakesDefaultsForZero(t *testing.T) {
	if got := (Policy{}).Interval(0); got != MinInterval {
		t.Errorf("zero policy at 0s = %s, want %s", got, MinInterval)
	}
	if got := (Policy{}).Interval(time.Hour); got != MaxInterval {
		t.Errorf("zero policy at 1h = %s, want %s", got, MaxInterval)
	}
	if got := (Policy{Min: time.Millisecond, Max: 5 * time.Millisecond}).Interval(time.Hour); got != 5*time.Millisecond {
		t.Errorf("fast policy at 1h = %s", got)
	}
}

func TestBackoffBounds(t *testing.T) {
	p := Policy{Min: time.Millisecond, Max: time.Second}
	for retry := 0; retry < 70; retry++ {
		if got := p.Backoff(retry); got < time.Millisecond || got > time.Second {
			t.Fatalf("retry %d: %s outside [1ms, 1s]", retry, got)
		}
	}
	if got := p.Backoff(0); got > 2*time.Millisecond {
		t.Errorf("first retry waits %s, want at most 2ms", got)
	}
	if got := (Policy{}).Backoff(3); got < MinInterval || got > MaxInterval {
		t.Errorf("zero policy → %s", got)
	}
}

// A refresh error that Transient accepts does not end the wait: the next poll
// succeeds and the wait reaches its target; a time-out names the error.
func TestForGoesOnAfterTransientRefreshError(t *testing.T) {
	flaky := errors.New("503")
	calls := 0
	v, err := For(context.Background(), fast(Spec[int]{
		Pending: []string{"RUNNING"}, Target: []string{"DONE"},
		Refresh: func(context.Context) (int, string, error) {
			calls++
			if calls == 2 {
				return 0, "", flaky
			}
			if calls < 4 {
				return calls, "RUNNING", nil
			}
			return calls, "DONE", nil
		},
		Transient: func(err error) bool { return errors.Is(err, flaky) },
	}))
	if err != nil || v != 4 {
		t.Fatalf("v=%d err=%v, want 4 and no error", v, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = For(ctx, fast(Spec[int]{
		Pending: []string{"RUNNING"}, Target: []string{"DONE"},
		Refresh:   func(context.Context) (int, string, error) { return 0, "", flaky },
		Transient: func(err error) bool { return errors.Is(err, flaky) },
	}))
	var te *TimeoutError
	if !errors.As(err, &te) || te.LastState != "" || !errors.Is(te.LastErr, flaky) {
		t.Fatalf("want a time-out naming the failing refresh, got %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "no refresh succeeded") || !strings.Contains(msg, "503") {
		t.Errorf("message %q should say no refresh succeeded and name the error", msg)
	}
}

func TestRetryStopsOnDefiniteErrorAndNamesTheLastAtDeadline(t *testing.T) {
	p := Policy{Min: time.Millisecond, Max: 2 * time.Millisecond}
	flaky, refused := errors.New("flaky"), errors.New("refused")
	transient := func(err error) bool { return errors.Is(err, flaky) }
	calls := 0
	v, err := Retry(context.Background(), p, transient, func(context.Context) (int, error) {
		calls++
		if calls < 3 {
			return 0, flaky
		}
		return 7, nil
	})
	if v != 7 || err != nil || calls != 3 {
		t.Fatalf("v=%d err=%v calls=%d, want 7, nil, 3", v, err, calls)
	}
	calls = 0
	_, err = Retry(context.Background(), p, transient, func(context.Context) (int, error) { calls++; return 0, refused })
	if !errors.Is(err, refused) || calls != 1 {
		t.Fatalf("err=%v after %d calls, want refused after 1", err, calls)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = Retry(ctx, p, transient, func(context.Context) (int, error) { return 0, flaky })
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, flaky) {
		t.Fatalf("want the deadline and the last error, got %v", err)
	}
}

// A value on wake ends a pause at once.
func TestLoopWakesEarly(t *testing.T) {
	wake := make(chan struct{}, 1)
	passes := 0
	err := Loop(context.Background(), wake, func(context.Context) (Round, error) {
		passes++
		if passes == 2 {
			return Round{Done: true}, nil
		}
		wake <- struct{}{}
		return Round{Pause: time.Hour}, nil
	})
	if err != nil || passes != 2 {
		t.Fatalf("err=%v passes=%d", err, passes)
	}
}
