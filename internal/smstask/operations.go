package smstask

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Outcome states reported while waiting for an operation. They are the
// waiter's vocabulary, derived from the task by Expectation.Status.
const (
	outcomePending = "pending"
	outcomeDone    = "done"
	outcomeFailed  = "failed"
)

// Expectation says how to recognise that an operation has finished.
type Expectation struct {
	// Operation is the API operation value.
	Operation string
	// Describes the end state in words, for documentation and diagnostics.
	Describes string
	// status classifies the task now, given the task before the operation.
	status func(before, now *sms.Task) string
	// underWay recognises a task on which the operation is in progress (an
	// earlier run's, whose wait was cut short): nil when nothing shows it.
	underWay func(t *sms.Task) bool
	// settles is set for operations the service refuses on a task already
	// in their end state (start, restart, stop): such a task counts as
	// having received it, not as a reason to send it again.
	settles bool
}

func inState(states ...string) func(*sms.Task) bool {
	return func(t *sms.Task) bool { return slices.Contains(states, t.State) }
}

func inSourceState(states ...string) func(*sms.Task) bool {
	return func(t *sms.Task) bool { return slices.Contains(states, sourceState(t)) }
}

// Operations lists every operation the provider offers, in documentation order.
var Operations = []string{
	sms.OperationStart, sms.OperationStop, sms.OperationRestart, sms.OperationTest, sms.OperationCloneTest,
	sms.OperationNetworkCheck, sms.OperationClear, sms.OperationSkip, sms.OperationMigrationTest,
}

// started covers start and restart: the migration is under way (or already
// finished when it was quick), and a fresh MIGRATE_FAIL is a failure.
func started(before, now *sms.Task) string {
	switch now.State {
	case sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateMigrateSuccess, sms.TaskStateSyncSuccess:
		return outcomeDone
	case sms.TaskStateMigrateFail, sms.TaskStateSyncFail:
		if before.State == now.State {
			return outcomePending // not picked up yet
		}
		return outcomeFailed
	}
	return outcomePending
}

// replicated is how start and restart end with RunOptions.UntilReplicated:
// the full replication is done, so the next operation (test, clone_test)
// is accepted. A task that keeps synchronising shows SYNCING instead of
// MIGRATE_SUCCESS, and SYNC_SUCCESS ("sync succeeded" in the SDK's task
// state table) once a synchronisation has completed. A stop on the way
// (ABORT) is a failure: the replication will not finish on its own.
var replicated = Expectation{
	Describes: "the full replication is done: the task is MIGRATE_SUCCESS, or SYNCING / SYNC_SUCCESS for a task that keeps synchronising",
	status: func(before, now *sms.Task) string {
		switch now.State {
		case sms.TaskStateMigrateSuccess, sms.TaskStateSyncing, sms.TaskStateSyncSuccess:
			return outcomeDone
		case sms.TaskStateMigrateFail, sms.TaskStateSyncFail, sms.TaskStateAbort, sms.TaskStateAborting:
			if before.State == now.State {
				return outcomePending // not picked up yet
			}
			return outcomeFailed
		}
		return outcomePending
	},
}

// ReplicatingOperations are the operations RunOptions.UntilReplicated applies
// to: they (re)start a replication.
var ReplicatingOperations = []string{sms.OperationStart, sms.OperationRestart}

var expectations = map[string]Expectation{
	sms.OperationStart: {Operation: sms.OperationStart, Describes: "the task is RUNNING (or already SYNCING / MIGRATE_SUCCESS)",
		status: started, underWay: inState(sms.TaskStateRunning), settles: true},
	sms.OperationRestart: {Operation: sms.OperationRestart, Describes: "the task is RUNNING again (or already SYNCING / MIGRATE_SUCCESS)",
		status: started, underWay: inState(sms.TaskStateReseting, sms.TaskStateRunning), settles: true},
	sms.OperationStop: {Operation: sms.OperationStop, Describes: "the task is ABORT (stopped)", status: func(_, now *sms.Task) string {
		if now.State == sms.TaskStateAbort {
			return outcomeDone
		}
		return outcomePending
	}, underWay: inState(sms.TaskStateAborting), settles: true},
	sms.OperationTest: {Operation: sms.OperationTest, Describes: "the target server is launched: task MIGRATE_SUCCESS, source no longer cutovering", status: func(_, now *sms.Task) string {
		if now.State == sms.TaskStateMigrateSuccess && sourceState(now) != sms.SourceStateCutovering {
			return outcomeDone
		}
		if now.State == sms.TaskStateMigrateFail || sourceState(now) == sms.SourceStateError {
			return outcomeFailed
		}
		return outcomePending
	}, underWay: inSourceState(sms.SourceStateCutovering)},
	sms.OperationCloneTest: {Operation: sms.OperationCloneTest, Describes: "the cloned server is FINISHED", status: func(_, now *sms.Task) string {
		switch cloneState(now) {
		case "FINISHED":
			return outcomeDone
		case "ERROR":
			return outcomeFailed
		}
		return outcomePending
	}, underWay: inSourceState(sms.SourceStateCloning)},
	sms.OperationNetworkCheck: {Operation: sms.OperationNetworkCheck, Describes: "the network check has an evaluation result", status: func(_, now *sms.Task) string {
		if networkResult(now) != "" {
			return outcomeDone
		}
		return outcomePending
	}},
	sms.OperationClear: {Operation: sms.OperationClear, Describes: "the snapshot resources are cleared (source state cleared)", status: func(_, now *sms.Task) string {
		switch sourceState(now) {
		case sms.SourceStateCleared:
			return outcomeDone
		case sms.SourceStateClearFailed:
			return outcomeFailed
		}
		return outcomePending
	}, underWay: inSourceState(sms.SourceStateClearing)},
	sms.OperationSkip: {Operation: sms.OperationSkip, Describes: "the consistency check is skipped and the task has moved on from SKIPPING", status: func(before, now *sms.Task) string {
		switch now.State {
		case sms.TaskStateSkipping:
			return outcomePending
		case sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateMigrateSuccess:
			return outcomeDone
		case sms.TaskStateMigrateFail:
			return outcomeFailed
		}
		return outcomePending
	}, underWay: inState(sms.TaskStateSkipping)},
	sms.OperationMigrationTest: {Operation: sms.OperationMigrationTest, Describes: "the migration drill has finished (source state premiged)", status: func(_, now *sms.Task) string {
		switch sourceState(now) {
		case sms.SourceStatePremiged:
			return outcomeDone
		case sms.SourceStatePremigFailed:
			return outcomeFailed
		}
		return outcomePending
	}, underWay: inSourceState(sms.SourceStatePremigReady, sms.SourceStatePremiging)},
}

// resumes tells whether a task shows that the operation was already received
// by an earlier run whose wait was cut short (a time-out, a cancel, a
// crash): it is in progress, or, for start, restart and stop, done. Then Run
// does not send it again (the service would refuse it) and only waits.
func (e Expectation) resumes(t *sms.Task) bool {
	if e.underWay != nil && e.underWay(t) {
		return true
	}
	return e.settles && e.status(t, t) == outcomeDone
}

// ExpectationFor returns how an operation ends, or false for an operation the
// provider does not know.
func ExpectationFor(op string) (Expectation, bool) {
	e, ok := expectations[op]
	return e, ok
}

// Progress is reported while an operation is awaited.
type Progress struct {
	TaskID string
	State  string // the task's state
	Source string // the source server's state
	// Step is the sub-task under way (1-based, 0 before the task has any),
	// out of Steps, named StepName; Percent is its progress, 0-100. Within
	// one wait they only go up (see progressGate).
	Step, Steps int
	StepName    string
	Percent     int
	Remaining   time.Duration // the service's estimate of the time left, 0 when it gives none
	Elapsed     time.Duration
	Finished    bool
}

// stepOf finds the sub-task under way: the last one that has started and
// not finished, else the first not finished (the next to start), else the
// last (all done, 100%). Sub-tasks are taken in the order of their IDs.
func stepOf(t *sms.Task) (step, steps int, name string, percent int) {
	subs := slices.Clone(t.SubTasks)
	slices.SortStableFunc(subs, func(a, b sms.SubTask) int { return cmp.Compare(a.ID, b.ID) })
	if len(subs) == 0 {
		return 0, 0, "", 0
	}
	cur := -1
	for i, s := range subs {
		if s.Progress > 0 && s.Progress < 100 {
			cur = i
		}
	}
	if cur < 0 {
		cur = slices.IndexFunc(subs, func(s sms.SubTask) bool { return s.Progress < 100 })
	}
	if cur < 0 {
		cur = len(subs) - 1
	}
	return cur + 1, len(subs), subs[cur].Name, min(max(subs[cur].Progress, 0), 100)
}

// progressOf is the progress a poll of the task shows.
func progressOf(taskID string, t *sms.Task, elapsed time.Duration, finished bool) Progress {
	p := Progress{TaskID: taskID, State: t.State, Source: sourceState(t), Remaining: time.Duration(t.RemainSeconds) * time.Second,
		Elapsed: elapsed, Finished: finished}
	p.Step, p.Steps, p.StepName, p.Percent = stepOf(t)
	return p
}

// behind reports whether p is further back than q: an earlier step, or the
// same step at a lower percentage.
func (p Progress) behind(q Progress) bool {
	return p.Step < q.Step || p.Step == q.Step && p.Percent < q.Percent
}

// RunOptions tune Run.
type RunOptions struct {
	// Wait for the outcome; otherwise Run returns once the API accepted the operation.
	Wait bool
	// UntilReplicated makes start and restart wait past RUNNING until the full
	// replication is done (see ReplicatingOperations); it needs Wait.
	UntilReplicated bool
	// OnProgress, when set, sees the polls worth reporting (see progressGate):
	// the first, each change of state, step or percentage, the last, and
	// about one a minute while nothing moves.
	OnProgress func(Progress)
	// OnStart, when set, is told before anything is sent whether the
	// operation is sent now or was already received by an earlier run, whose
	// wait this one resumes without sending it; before is the task as read
	// first.
	OnStart func(resumed bool, before *sms.Task)
}

// progressGate picks the polls worth a progress line, and keeps the
// progress they show from going back: a poll that reads an earlier step, or
// a lower percentage of the same step (a sub-task that restarts, a listing
// that lags), shows the furthest point reached so far. The time it compares
// is the wait's own elapsed time, so tests drive it with made-up values.
type progressGate struct {
	last  Progress
	shown bool
}

// pass reports whether p is worth a line, and remembers it if so; it
// returns p as it is to be shown.
func (g *progressGate) pass(p Progress) (Progress, bool) {
	if g.shown && p.behind(g.last) {
		p.Step, p.Steps, p.StepName, p.Percent = g.last.Step, g.last.Steps, g.last.StepName, g.last.Percent
	}
	moved := !g.shown || p.Finished || p.State != g.last.State || p.Source != g.last.Source ||
		p.Step != g.last.Step || p.Percent != g.last.Percent
	if !moved && p.Elapsed-g.last.Elapsed < QuietProgressInterval {
		return p, false
	}
	g.last, g.shown = p, true
	return p, true
}

// Run sends an operation to a task and, when asked, waits for its outcome.
// The context's deadline bounds the whole call. It returns the task as last
// read.
//
// The action call is not idempotent, so after an ambiguous failure (the
// request may have reached the service) Run reads the task: if the operation
// visibly took effect it carries on, otherwise it sends it again after a
// pause that grows like the waiter's.
//
// When the end state already showed before the operation (test on a
// finished task, a second clone_test or network_check, clear on a cleared
// task), it only counts once the task has visibly changed since, so a stale
// result from an earlier run is not taken for this one.
//
// A refused operation is returned as the API error. An operation that was
// accepted but failed, or did not finish before the deadline, is returned as
// an *OperationError naming the task's state.
func (s *Service) Run(ctx context.Context, taskID string, req sms.TaskActionRequest, opts RunOptions) (*sms.Task, error) {
	c := s.c
	exp, ok := ExpectationFor(req.Operation)
	if !ok {
		return nil, fmt.Errorf("operation %q is not supported; use one of %v", req.Operation, Operations)
	}
	if opts.UntilReplicated {
		if !slices.Contains(ReplicatingOperations, req.Operation) {
			return nil, fmt.Errorf("operation %q does not replicate: only %v can wait until the replication is done", req.Operation, ReplicatingOperations)
		}
		exp.Describes, exp.status = replicated.Describes, replicated.status
	}
	before, err := c.ShowTask(ctx, taskID)
	if err != nil {
		return nil, err
	}
	resumed := exp.resumes(before)
	if opts.OnStart != nil {
		opts.OnStart(resumed, before)
	}
	if resumed {
		tflog.Info(ctx, "the task shows the operation already received (an earlier run's wait was cut short); waiting without sending it again",
			map[string]any{"task_id": taskID, "operation": req.Operation, "state": before.State, "source_state": sourceState(before)})
	} else if err := send(ctx, c, taskID, req, before, exp); err != nil {
		return before, err
	}
	if !opts.Wait {
		if resumed {
			return before, nil
		}
		return c.ShowTask(ctx, taskID)
	}
	// An end state that showed before a fresh operation is an earlier run's
	// result and only counts once the task has changed; a resumed wait is
	// that earlier run's, so its end state counts at once.
	staleOutcome := !resumed && exp.status(before, before) != outcomePending
	seenChange := false
	var gate progressGate
	last, err := wait.For(ctx, wait.Spec[*sms.Task]{
		Pending: []string{outcomePending},
		Target:  []string{outcomeDone},
		Failure: []string{outcomeFailed},
		Refresh: func(ctx context.Context) (*sms.Task, string, error) {
			now, err := c.ShowTask(ctx, taskID)
			if err != nil {
				return nil, "", err
			}
			seenChange = seenChange || changed(before, now)
			if staleOutcome && !seenChange {
				return now, outcomePending, nil
			}
			return now, exp.status(before, now), nil
		},
		OnPoll: func(t *sms.Task, status string, elapsed time.Duration) {
			if opts.OnProgress == nil {
				return
			}
			if p, ok := gate.pass(progressOf(taskID, t, elapsed, status != outcomePending)); ok {
				opts.OnProgress(p)
			}
		},
		Transient: sms.IsTransient,
		Policy:    c.Poll(),
	})
	if err != nil {
		var te *wait.TimeoutError
		var se *wait.StateError
		if errors.As(err, &te) || errors.As(err, &se) {
			if last == nil {
				last = before
			}
			return last, &OperationError{
				TaskID: taskID, Operation: req.Operation, Expected: exp.Describes,
				State: last.State, SourceState: sourceState(last), TaskError: taskFailure(last),
				TimedOut: te != nil, Cancelled: errors.Is(err, context.Canceled), Unchanged: staleOutcome && !seenChange,
				NetworkResult: networkResult(last), Err: err,
			}
		}
		return last, err
	}
	return last, nil
}

// OperationError reports an operation the service accepted but that failed,
// or did not reach its end state before the deadline.
type OperationError struct {
	TaskID    string
	Operation string
	Expected  string // the end state waited for, in words
	// State and SourceState are the task's as last read.
	State, SourceState string
	// TaskError is the failure the task itself reports (error_json, clone error), if any.
	TaskError string
	// TimedOut is set when the wait ended before the outcome (its deadline
	// passed, or it was cancelled); otherwise a failure state was reached.
	TimedOut bool
	// Cancelled is set when the wait was cancelled (Ctrl-C) rather than timed out.
	Cancelled bool
	// Unchanged is set when the end state already showed before the
	// operation and the task never visibly changed since (a repeated
	// network_check whose new result is identical): the service gave no
	// sign that this run finished.
	Unchanged bool
	// NetworkResult is the network check evaluation last seen, if any.
	NetworkResult string
	Err           error // the *wait.TimeoutError or *wait.StateError
}

// Error is the sentence a diagnostic shows after naming the operation and
// the task (the caller knows both), so it does not repeat them.
func (e *OperationError) Error() string {
	var msg string
	switch {
	case e.Cancelled:
		msg = fmt.Sprintf("the wait was cancelled while the task was in state %s (source server state %s), waiting until %s. "+
			"The operation was accepted and goes on; the next apply (or -invoke) of the same operation waits for it without sending it again.",
			e.State, e.SourceState, e.Expected)
	case e.TimedOut:
		msg = fmt.Sprintf("timed out while the task was in state %s (source server state %s), waiting until %s. "+
			"The operation was accepted and goes on; the next apply (or -invoke) of the same operation waits for it without sending it again: raise the timeout if it needs longer.",
			e.State, e.SourceState, e.Expected)
	default:
		msg = fmt.Sprintf("the service accepted the operation but the task ended in state %s (source server state %s) instead of: %s.", e.State, e.SourceState, e.Expected)
	}
	if e.Unchanged {
		msg += " The task showed no visible change after the operation was accepted (its earlier result"
		if e.NetworkResult != "" {
			msg += ", network check " + e.NetworkResult + ","
		}
		msg += " still shows), so the service gave no sign that this run finished."
	}
	if e.TaskError != "" {
		msg += " The task reports: " + e.TaskError
	}
	return msg
}

func (e *OperationError) Unwrap() error { return e.Err }

// send posts the operation at most once (see writeOnce): after an ambiguous
// failure, a task that visibly changed counts as having received it.
func send(ctx context.Context, c *sms.Client, taskID string, req sms.TaskActionRequest, before *sms.Task, exp Expectation) error {
	_, err := writeOnce(ctx, c, "UpdateTaskStatus "+req.Operation+" on task "+taskID,
		func(ctx context.Context) (struct{}, error) { return struct{}{}, c.UpdateTaskStatus(ctx, taskID, &req) },
		func(ctx context.Context) (struct{}, bool, error) {
			now, err := c.ShowTask(ctx, taskID)
			if err != nil {
				return struct{}{}, false, err
			}
			return struct{}{}, tookEffect(before, now, exp), nil
		})
	return err
}

// tookEffect tells whether a task shows that an operation was received: it
// changed visibly since before the operation. An outcome that already showed
// before (a finished task before test) proves nothing.
func tookEffect(before, now *sms.Task, exp Expectation) bool {
	if changed(before, now) {
		return true
	}
	return exp.status(before, before) == outcomePending && exp.status(before, now) != outcomePending
}

// changed reports a visible difference between two reads of a task: its
// state, its source server's state, its clone or its network check result.
func changed(before, now *sms.Task) bool {
	return now.State != before.State || sourceState(now) != sourceState(before) ||
		cloneState(now) != cloneState(before) || cloneVM(now) != cloneVM(before) ||
		!sameNetworkCheck(now.NetworkCheckInfo, before.NetworkCheckInfo)
}

// sameNetworkCheck compares two network check results field by field: a
// repeated check shows the previous result until the new one replaces it,
// and the evaluation alone often stays the same.
func sameNetworkCheck(a, b *sms.NetworkCheckInfo) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
