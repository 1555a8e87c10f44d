// Package wait is the provider's one waiter: the only loop that calls
// something again and again until it is done. Loop is that loop; For (poll a
// value until it reaches a state) and Retry (call until the call succeeds)
// are built on it, and so is every wait of the provider: an operation's
// outcome, a deletion's 404, a create that waits for its source to be free.
//
// A Policy paces every repeated call in the provider. Polls slow down as the
// wait grows: about a tenth of the time waited so far, never below Min and,
// once a minute has passed, always Max. A task that needs hours therefore
// costs about six calls a minute, while a short operation returns within a
// second of finishing. Retries of a failed call double instead (Backoff),
// with jitter, so that many throttled clients do not come back in lockstep.
package wait

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The pacing of a zero Policy.
const (
	MinInterval = 500 * time.Millisecond
	MaxInterval = 10 * time.Second
)

// Policy bounds the pause between two calls. Zero fields take MinInterval and
// MaxInterval; tests pass a faster Policy instead of changing a global.
type Policy struct {
	Min, Max time.Duration
}

func (p Policy) withDefaults() Policy {
	if p.Min <= 0 {
		p.Min = MinInterval
	}
	if p.Max <= 0 {
		p.Max = MaxInterval
	}
	p.Max = max(p.Max, p.Min)
	return p
}

// Interval is the pause after a poll made elapsed into a wait.
func (p Policy) Interval(elapsed time.Duration) time.Duration {
	p = p.withDefaults()
	return Interval(elapsed, p.Min, p.Max)
}

// Backoff is the pause before retry number retry (0 for the first) of a
// failed call: Min doubled per retry up to Max, then a random point in the
// upper half of that window (never below Min).
func (p Policy) Backoff(retry int) time.Duration {
	p = p.withDefaults()
	ceiling := p.Min
	for i := 0; i < retry && ceiling < p.Max; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.Max)
	half := ceiling / 2
	return max(half+rand.N(half+1), p.Min)
}

// Interval is the pause after a poll made elapsed into a wait that pauses
// between minI and maxI.
func Interval(elapsed, minI, maxI time.Duration) time.Duration {
	if elapsed >= time.Minute {
		return maxI
	}
	return max(minI, min(elapsed/10, maxI))
}

// Round is what one pass of a Loop reports.
type Round struct {
	// Done ends the loop successfully.
	Done bool
	// Pause is how long to wait before the next pass (a Loop woken early
	// by its wake channel starts the next pass at once).
	Pause time.Duration
}

// Loop is the provider's one poll loop. It calls step, then pauses as step
// asked, until step reports Done or an error, or ctx ends; a value on wake
// (new work arrived) cuts a pause short. When ctx ends during a pause, Loop
// returns ctx's error.
func Loop(ctx context.Context, wake <-chan struct{}, step func(ctx context.Context) (Round, error)) error {
	for {
		r, err := step(ctx)
		if err != nil || r.Done {
			return err
		}
		if err := sleep(ctx, r.Pause, wake); err != nil {
			return err
		}
	}
}

// Poll calls step until it is done, pausing as the policy paces a wait that
// began when Poll was called (see Interval). step is told how long the wait
// has lasted.
func (p Policy) Poll(ctx context.Context, step func(ctx context.Context, elapsed time.Duration) (done bool, err error)) error {
	start := time.Now()
	return Loop(ctx, nil, func(ctx context.Context) (Round, error) {
		done, err := step(ctx, time.Since(start))
		return Round{Done: done, Pause: p.Interval(time.Since(start))}, err
	})
}

// Retry calls f until it succeeds, or fails with an error that transient
// does not accept, or ctx ends; the pauses between calls grow as Backoff
// says. A call that fails transiently when ctx ends is reported with its
// own error wrapped together with ctx's, so the caller can tell what kept
// failing.
func Retry[T any](ctx context.Context, p Policy, transient func(error) bool, f func(ctx context.Context) (T, error)) (T, error) {
	var v T
	var last error
	retry := 0
	err := Loop(ctx, nil, func(ctx context.Context) (Round, error) {
		var err error
		v, err = f(ctx)
		switch {
		case err == nil:
			return Round{Done: true}, nil
		case !transient(err):
			return Round{}, err
		case ctx.Err() != nil:
			return Round{}, fmt.Errorf("%w (the last attempt failed: %w)", ctx.Err(), err)
		}
		last = err
		retry++
		return Round{Pause: p.Backoff(retry - 1)}, nil
	})
	if err != nil && last != nil && ctx.Err() != nil && !errors.Is(err, last) {
		err = fmt.Errorf("%w (the last attempt failed: %w)", err, last)
	}
	return v, err
}

// Spec says what to wait for. State names are whatever Refresh reports.
type Spec[T any] struct {
	// Pending states keep the wait going; Target states end it successfully;
	// Failure states end it with a *StateError. Any other state is unexpected
	// and also ends it with a *StateError, instead of spinning to the timeout.
	Pending, Target, Failure []string
	// Refresh reads the current value and its state. An error ends the wait,
	// unless Transient accepts it: then the wait goes on, and a time-out
	// names it as the last error.
	Refresh func(ctx context.Context) (T, string, error)
	// Transient, when set, tells the refresh errors that do not end the
	// wait (throttling, a server error, a lost connection: the next poll may
	// succeed). Only a definite answer or the deadline ends a wait.
	Transient func(error) bool
	// OnPoll, when set, sees every refreshed value (progress reporting).
	OnPoll func(value T, state string, elapsed time.Duration)
	// Policy paces the polls; the zero value is the production pace.
	Policy Policy
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
// state seen ("" when no refresh succeeded), the last refresh error that the
// wait went on after, and wraps the context's error.
type TimeoutError struct {
	LastState string
	Expected  []string
	LastErr   error
	Err       error
}

func (e *TimeoutError) Error() string {
	last := "no refresh succeeded"
	if e.LastState != "" {
		last = "last state " + e.LastState
	}
	msg := fmt.Sprintf("gave up waiting for %s, %s: %v", strings.Join(e.Expected, " or "), last, e.Err)
	if e.LastErr != nil {
		msg += fmt.Sprintf("; the last refresh failed: %v", e.LastErr)
	}
	return msg
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// For polls until a target state. It returns the last value read alongside
// any error, so callers can report what they last saw.
func For[T any](ctx context.Context, s Spec[T]) (T, error) {
	var last T
	lastState := ""
	var lastErr error
	timedOut := func(err error) error {
		return &TimeoutError{LastState: lastState, Expected: s.Target, LastErr: lastErr, Err: err}
	}
	err := s.Policy.Poll(ctx, func(ctx context.Context, elapsed time.Duration) (bool, error) {
		value, state, err := s.Refresh(ctx)
		switch {
		case err == nil:
		case ctx.Err() != nil && errors.Is(err, ctx.Err()):
			return false, timedOut(ctx.Err())
		case s.Transient != nil && s.Transient(err):
			lastErr = err
			if ctx.Err() != nil {
				return false, timedOut(ctx.Err())
			}
			return false, nil
		default:
			return false, err
		}
		last, lastState, lastErr = value, state, nil
		if s.OnPoll != nil {
			s.OnPoll(value, state, elapsed)
		}
		switch {
		case slices.Contains(s.Target, state):
			return true, nil
		case slices.Contains(s.Failure, state):
			return false, &StateError{State: state, Expected: s.Target, Failure: true}
		case !slices.Contains(s.Pending, state):
			return false, &StateError{State: state, Expected: s.Target}
		}
		return false, nil
	})
	var te *TimeoutError
	if err != nil && !errors.As(err, &te) && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = timedOut(err)
	}
	return last, err
}

// sleep pauses for d, or until ctx ends (then returns its error) or wake
// fires.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	case <-wake:
		return nil
	}
}
