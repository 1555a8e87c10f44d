// Package wait is the provider's one waiter: poll a refresh function until
// the thing it reads reaches a target state, fails, or the context ends.
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

// Pause sleeps as long as a wait that began at start would pause now, for
// loops that poll on their own terms (look, then resend; multi-step work).
func (p Policy) Pause(ctx context.Context, start time.Time) error {
	return Sleep(ctx, p.Interval(time.Since(start)))
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
		if err := Sleep(ctx, s.Policy.Interval(elapsed)); err != nil {
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

// Interval is the pause after a poll made elapsed into a wait that pauses
// between minI and maxI.
func Interval(elapsed, minI, maxI time.Duration) time.Duration {
	if elapsed >= time.Minute {
		return maxI
	}
	return max(minI, min(elapsed/10, maxI))
}
