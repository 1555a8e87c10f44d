package smstask

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// stoppable states accept the stop operation.
var stoppable = []string{sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateSkipping}

// DeleteOptions tune Delete and DeleteMany.
type DeleteOptions struct {
	// StopRunning says to stop a running task first (operation stop) when the
	// deletion gate may refuse it, instead of only waiting for it to become
	// deletable. The provider exposes it as stop_on_destroy on a task and
	// stop_running on the batch delete.
	StopRunning bool
}

// maxDeletionFailures is how many accepted deletions of one task may come
// back (DELETING, then the task's earlier state again) before Delete gives
// up and reports it.
const maxDeletionFailures = 3

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
	// Accepted is true when the service accepted a deletion of the task
	// that had not ended in its 404 yet.
	Accepted bool
	// Failures counts the accepted deletions that came back.
	Failures int
	Err      error // the last error seen (API error, timeout)
}

// Error says why the task is still there: its state first, then the last
// API error, or the deletion gate when no API error explains it. Like
// OperationError it leaves out the task id, which the caller's context names.
func (e *DeleteError) Error() string {
	msg := fmt.Sprintf("the task stayed in state %s (source state %s, agent connected %t)", e.State, e.SourceState, e.Connected)
	switch {
	case e.Failures > 0:
		msg += fmt.Sprintf("; the service accepted its deletion %d time(s), showed it DELETING, then put it back in state %s", e.Failures, e.State)
	case e.Accepted:
		msg += "; the service accepted its deletion but still showed the task"
	}
	if e.GateRefused {
		msg += "; the service may refuse to delete a task while its agent is connected and its source is not stopped, finished, in error or unavailable"
	}
	if ae, ok := sms.AsError(e.Err); ok && ae.Code != "" {
		msg += fmt.Sprintf("; last error: HTTP %d, code %s: %s", ae.StatusCode, ae.Code, ae.Message)
		if ae.RequestID != "" {
			msg += fmt.Sprintf(" (request id %s)", ae.RequestID)
		}
		if sms.IsPermissionDenied(ae) {
			msg += "; grant the credentials the IAM permission this message names, then destroy again"
		}
	} else if e.Err != nil && !e.GateRefused {
		msg += "; " + e.Err.Error()
	}
	return msg
}

func (e *DeleteError) Unwrap() error { return e.Err }

// deleteHistory is what a coalesced delete learnt before it handed a task to
// the per-task path.
type deleteHistory struct {
	refused  error     // the batch's refusal naming this task
	accepted bool      // a batch including it was accepted
	last     *sms.Task // the task as last read
}

// Delete removes one task and returns once ShowTask answers 404 for it: only
// that answer proves a task gone. A task that is already gone counts as
// deleted. It never gives up before the context does, and then reports where
// the task stood; a 403 for missing permission (SMS.9004) ends it at once.
//
// A task every reading of the gate refuses is not sent (it is stopped first
// when asked); one that only some reading refuses is sent, and an answer
// that may be the gate's refusal, whatever its code, is taken for one when a
// fresh read shows the task still there in such a state. After an accepted
// delete, any state counts as "not gone yet" until the 404 (the service may
// keep the earlier state meanwhile), except that a task seen DELETING and
// then back in another state had its deletion fail: it is deleted again, up
// to maxDeletionFailures times. A failure between two reads goes unseen and
// the task is reported, still accepted, when the context ends.
func Delete(ctx context.Context, c *sms.Client, id string, opts DeleteOptions) error {
	return deleteTask(ctx, c, id, opts, deleteHistory{})
}

func deleteTask(ctx context.Context, c *sms.Client, id string, opts DeleteOptions, h deleteHistory) error {
	last := h.last
	lastErr := h.refused
	accepted := h.accepted // a deletion was accepted and has not come back
	sawDeleting := last != nil && last.State == sms.TaskStateDeleting
	if accepted && last != nil && !sawDeleting {
		// Handed over by the coalesced wait, which saw the task outside
		// DELETING: skipped by the batch, shown in its earlier state, or
		// back after a failed deletion. Look at it afresh.
		accepted = false
	}
	failures := 0
	fail := func(err error) error {
		de := &DeleteError{TaskID: id, Err: err, Accepted: accepted, Failures: failures}
		if last != nil {
			de.State, de.SourceState, de.Connected = last.State, sourceState(last), last.Connected
			de.GateRefused = !accepted && failures == 0 && GateMayRefuse(last)
		}
		return de
	}
	start := time.Now()
	stopped := false
	for {
		t, err := c.ShowTask(ctx, id)
		if sms.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fail(firstErr(ctxErr(ctx, err), lastErr))
		}
		last = t
		switch {
		case t.State == sms.TaskStateDeleting:
			// On its way out (ours, or a retried destroy's): wait.
			accepted, sawDeleting = true, true
		case accepted && sawDeleting:
			// DELETING, then back: the deletion failed.
			failures++
			accepted, sawDeleting = false, false
			if failures >= maxDeletionFailures {
				return fail(lastErr)
			}
		}
		if !accepted {
			if stopBeforeDelete(t, opts, stopped) {
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
					accepted = true
				case sms.IsNotFound(err):
					// The delete's 404 is not the read's: confirm.
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
		}
		if err := c.Poll().Pause(ctx, start); err != nil {
			return fail(firstErr(lastErr, err))
		}
	}
}

// sameGateInputs tells whether what the gate looks at (task state, source
// state, agent link) is the same in two reads of a task.
func sameGateInputs(a, b *sms.Task) bool {
	return a.State == b.State && sourceState(a) == sourceState(b) && a.Connected == b.Connected
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
