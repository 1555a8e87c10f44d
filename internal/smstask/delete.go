package smstask

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// stoppable states accept the stop operation.
var stoppable = []string{sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateSkipping}

// stateGone is the waiter's name for a task the API no longer returns.
const stateGone = "GONE"

// DeleteOptions tune Delete and DeleteMany.
type DeleteOptions struct {
	// StopRunning says to stop a running task first (operation stop) when the
	// deletion gate would refuse it, instead of only waiting for it to become
	// deletable. The provider exposes it as stop_on_destroy on a task and
	// stop_running on the batch delete.
	StopRunning bool
	// Refused is a refusal the service already answered for this task (to a
	// batch delete): the error reported when nothing newer is seen.
	Refused error
}

// DeleteError reports a task that could not be deleted before the deadline.
type DeleteError struct {
	TaskID      string
	State       string // task state when we gave up
	SourceState string
	Connected   bool
	// GateRefused is true when the task, as last read, was one the service's
	// deletion gate may refuse (agent connected, source state outside the
	// documented allow list).
	GateRefused bool
	Err         error // the last error seen (API error, timeout)
}

// Error says why the task is still there: its state first, then the last
// API error, or the deletion gate when no API error explains it. Like
// OperationError it leaves out the task id, which the caller's context names.
func (e *DeleteError) Error() string {
	msg := fmt.Sprintf("the task stayed in state %s (source state %s, agent connected %t)", e.State, e.SourceState, e.Connected)
	if e.GateRefused {
		msg += "; the service may refuse to delete a task while its agent is connected and its source is not stopped, finished, in error or unavailable"
	}
	if ae, ok := sms.AsError(e.Err); ok && ae.Code != "" {
		msg += fmt.Sprintf("; last error: HTTP %d, code %s: %s", ae.StatusCode, ae.Code, ae.Message)
		if ae.RequestID != "" {
			msg += fmt.Sprintf(" (request id %s)", ae.RequestID)
		}
	} else if e.Err != nil && !e.GateRefused {
		msg += "; " + e.Err.Error()
	}
	return msg
}

func (e *DeleteError) Unwrap() error { return e.Err }

// Delete removes one task and returns once the API no longer knows it. A task
// that is already gone counts as deleted. It never gives up before the
// context does, and then reports where the task stood.
//
// A task every reading of the gate refuses is not sent (it is stopped first
// when asked); one that only some reading refuses is sent, and an answer
// that may be the gate's refusal, whatever its code, is taken for one when a
// fresh read shows the task still there in such a state. After an accepted
// delete, any state counts as "not gone yet" until the 404.
func Delete(ctx context.Context, c *sms.Client, id string, opts DeleteOptions) error {
	var last *sms.Task
	lastErr := opts.Refused
	fail := func(err error) error {
		de := &DeleteError{TaskID: id, Err: err}
		if last != nil {
			de.State, de.SourceState, de.Connected = last.State, sourceState(last), last.Connected
			de.GateRefused = GateMayRefuse(last)
		}
		return de
	}
	start := time.Now()
	stopped := false
loop:
	for {
		t, err := c.ShowTask(ctx, id)
		if sms.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fail(firstErr(ctxErr(ctx, err), lastErr))
		}
		last = t
		if t.State == sms.TaskStateDeleting {
			break loop // already on its way out, e.g. a retried destroy
		}
		if GateMayRefuse(t) && opts.StopRunning && !stopped && slices.Contains(stoppable, t.State) {
			err := c.UpdateTaskStatus(ctx, id, &sms.TaskActionRequest{Operation: sms.OperationStop})
			switch {
			case err == nil || sms.IsStopRefused(err):
				stopped = true
			case sms.IsAmbiguous(err) || sms.IsThrottled(err):
				// Maybe sent, maybe not: the next read tells, and a
				// second stop on a stopping task is only refused.
				lastErr = err
			default:
				return fail(err)
			}
		}
		if !GateRefuses(t) {
			err = c.DeleteTask(ctx, id)
			switch {
			case err == nil:
				break loop
			case sms.IsNotFound(err):
				return nil
			case sms.MayBeDeleteRefusal(err):
				lastErr = err
				again, rerr := c.ShowTask(ctx, id)
				switch {
				case sms.IsNotFound(rerr):
					return nil
				case rerr != nil:
					return fail(firstErr(err, ctxErr(ctx, rerr)))
				}
				last = again
				if again.State != sms.TaskStateDeleting && !GateMayRefuse(again) && sameGateInputs(t, again) {
					// Deletable in every reading, and so it was when it
					// was refused: not the gate.
					return fail(err)
				}
			default:
				return fail(err)
			}
		}
		if err := c.Poll().Pause(ctx, start); err != nil {
			return fail(firstErr(lastErr, err))
		}
	}
	_, err := wait.For(ctx, goneSpec(c, id, &last))
	if err != nil {
		return fail(err)
	}
	return nil
}

// sameGateInputs tells whether what the gate looks at (task state, source
// state, agent link) is the same in two reads of a task.
func sameGateInputs(a, b *sms.Task) bool {
	return a.State == b.State && sourceState(a) == sourceState(b) && a.Connected == b.Connected
}

// statePresent is the waiter's name for a deleted task the API still shows,
// in whatever state (DELETING, or the state it had: no document says).
const statePresent = "STILL_PRESENT"

// goneSpec waits until the API answers 404 for a task.
func goneSpec(c *sms.Client, id string, last **sms.Task) wait.Spec[*sms.Task] {
	return wait.Spec[*sms.Task]{
		Pending: []string{statePresent},
		Target:  []string{stateGone},
		Refresh: func(ctx context.Context) (*sms.Task, string, error) {
			t, err := c.ShowTask(ctx, id)
			if sms.IsNotFound(err) {
				return nil, stateGone, nil
			}
			if err != nil {
				return nil, "", err
			}
			*last = t
			return t, statePresent, nil
		},
		Policy: c.Poll(),
	}
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return err
}

func firstErr(errs ...error) error {
	return errors.Join(slices.DeleteFunc(errs, func(e error) bool { return e == nil })...)
}

func sourceState(t *sms.Task) string {
	if t == nil {
		return ""
	}
	return t.SourceServer.State
}

func cloneState(t *sms.Task) string {
	if t == nil || t.CloneServer == nil {
		return ""
	}
	return t.CloneServer.CloneState
}

func cloneVM(t *sms.Task) string {
	if t == nil || t.CloneServer == nil {
		return ""
	}
	return t.CloneServer.VMID
}

// taskFailure is what the task itself says went wrong: its error_json and
// its clone's error, joined; "" when it says nothing.
func taskFailure(t *sms.Task) string {
	if t == nil {
		return ""
	}
	var parts []string
	if t.ErrorJSON != "" {
		parts = append(parts, t.ErrorJSON)
	}
	if cs := t.CloneServer; cs != nil {
		if msg := strings.TrimSpace(cs.CloneError + " " + cs.ErrorMsg); msg != "" {
			parts = append(parts, "clone: "+msg)
		}
	}
	return strings.Join(parts, "; ")
}

func networkResult(t *sms.Task) string {
	if t == nil || t.NetworkCheckInfo == nil {
		return ""
	}
	return t.NetworkCheckInfo.EvaluationResult
}
