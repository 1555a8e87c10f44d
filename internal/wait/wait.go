// Package wait is the provider's one waiter: poll a refresh function until
// the thing it reads reaches a target state, fails, or the context ends.
//
// Polling starts fast and slows down as the wait grows: about a tenth of the
// time waited so far, never below MinInterval and, once a minute has passed,
// always MaxInterval. A task that needs hours therefore costs about six calls
// a minute, while a short operation returns within a second of finishing.
package wait

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Intervals used when a Spec leaves them zero. Tests lower MinInterval.
var (
	MinInterval = 500 * time.Millisecond
	MaxInterval = 10 * time.Second
)

// Spec says what to wait for. State names are whatever Refresh reports.
type Spec[T any] struct {
	// Pending states keep the wait going; Target states end it successfully;
	// Failure states end it with a *StateError. Any other state is unexpected
	// and also ends it with a *StateError, instead of spinning to the timeout.
	Pending, Target, Failure []string
	// Refresh reads the current value and its state. An error ends the wait.
	Refresh func(ctx context.Context) (T, string, error)
	// OnPoll, when set, sees every refreshed value (progress reporting).
	OnPoll func(value T, state string, elapsed time.Duration)
	// MinInterval and MaxInterval override the package defaults.
	MinInterval, MaxInterval time.Duration
}

// StateError is returned when a failure or unexpected state is reached.
type StateError struct {
	State    string
	Expected []string
	Failure  bool
}

func (e *StateError) Error() string {
	if e.Failure {
		return fmt.Sprintf("reached failure state %s", e.State)
	}
	return fmt.Sprintf("unexpected state %s, wanted %s", e.State, strings.Join(e.Expected, " or "))
}

// TimeoutError is returned when the context ends first; it names the last
// state seen and wraps the context's error.
type TimeoutError struct {
	LastState string
	Expected  []string
	Err       error
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("gave up waiting for %s, last state %s: %v", strings.Join(e.Expected, " or "), e.LastState, e.Err)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// For polls until a target state. It returns the last value read alongside
// any error, so callers can report what they last saw.
func For[T any](ctx context.Context, s Spec[T]) (T, error) {
	minI, maxI := s.MinInterval, s.MaxInterval
	if minI <= 0 {
		minI = MinInterval
	}
	if maxI <= 0 {
		maxI = MaxInterval
	}
	start := time.Now()
	var last T
	lastState := "unknown"
	for {
		value, state, err := s.Refresh(ctx)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
				return last, &TimeoutError{LastState: lastState, Expected: s.Target, Err: ctxErr}
			}
			return last, err
		}
		last, lastState = value, state
		elapsed := time.Since(start)
		if s.OnPoll != nil {
			s.OnPoll(value, state, elapsed)
		}
		switch {
		case slices.Contains(s.Target, state):
			return value, nil
		case slices.Contains(s.Failure, state):
			return value, &StateError{State: state, Expected: s.Target, Failure: true}
		case !slices.Contains(s.Pending, state):
			return value, &StateError{State: state, Expected: s.Target}
		}
		if err := Sleep(ctx, Interval(elapsed, minI, maxI)); err != nil {
			return last, &TimeoutError{LastState: lastState, Expected: s.Target, Err: err}
		}
	}
}

// Sleep pauses for d, or until ctx ends and then returns its error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Pause sleeps as long as a wait that began at start would pause now, for
// loops that poll on their own terms (retries, multi-step work).
func Pause(ctx context.Context, start time.Time) error {
	return Sleep(ctx, Interval(time.Since(start), MinInterval, MaxInterval))
}

// Interval is the pause after a poll made elapsed into the wait.
func Interval(elapsed, minI, maxI time.Duration) time.Duration {
	if elapsed >= time.Minute {
		return maxI
	}
	return max(minI, min(elapsed/10, maxI))
}
