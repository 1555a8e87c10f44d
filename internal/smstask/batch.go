package smstask

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// MaxChunkSize is the most ids one batch delete call carries (the current
// API reference caps POST /v3/tasks/delete at 50; older pages allowed more).
// It is also the default chunk size.
const MaxChunkSize = 50

// BatchOptions tune DeleteMany.
type BatchOptions struct {
	DeleteOptions
	ChunkSize int
}

// BatchResult says what happened to every id.
type BatchResult struct {
	// Deleted were deleted by this call and confirmed gone.
	Deleted []string
	// Skipped disappeared without a delete from this call: already gone
	// when it started, or deleted by someone else meanwhile.
	Skipped []string
	// Failed maps every id still present at the end to why it is there.
	Failed map[string]string
}

// DeleteMany deletes tasks with the batch API and waits until every one is
// gone. Each round reads the state of all tasks with one listing, stops
// running tasks when asked, sends the deletable ones in chunks, and pauses as
// the shared waiter does. Ids refused by the deletion gate, or that vanish
// meanwhile, are taken out of a chunk and the rest is sent again.
//
// Throttling (after the client's own retries) and server errors do not end
// the call: the round is cut short and the next one starts after the pause.
// Any other API error on a listing or a batch call ends it at once; an error
// on stopping one task is only remembered for that task. When the call ends
// early or the context does, every id still present is reported in Failed
// with its state, why the service keeps it and the last error, and an error
// is returned. Results are sorted.
func DeleteMany(ctx context.Context, c *sms.Client, ids []string, opts BatchOptions) (BatchResult, error) {
	res := BatchResult{Failed: map[string]string{}}
	chunk := opts.ChunkSize
	if chunk <= 0 {
		chunk = MaxChunkSize
	}
	b := &batch{
		opts:      opts,
		remaining: map[string]bool{},
		attempted: map[string]bool{},
		stopped:   map[string]bool{},
		lastErr:   map[string]error{},
		lastSeen:  map[string]sms.Task{},
		probes:    map[string]probe{},
		cameBack:  map[string]int{},
	}
	for i, id := range ids {
		if id == "" {
			return res, fmt.Errorf("DeleteMany: ids[%d] is empty", i)
		}
		b.remaining[id] = true
	}
	start := time.Now()

	for len(b.remaining) > 0 {
		tasks, err := c.ListTasks(ctx, sms.ListTasksFilter{EnterpriseProjectID: sms.AllEnterpriseProjects, PageSize: sms.MaxTaskPageSize})
		switch {
		case err == nil:
			ready := b.classify(ctx, c, tasks, &res)
			if err := b.send(ctx, c, ready, chunk); err != nil {
				return b.fail(&res, err)
			}
		case transient(ctx, err):
			b.listErr = err
		default:
			return b.fail(&res, ctxErr(ctx, err))
		}
		if len(b.remaining) == 0 {
			break
		}
		if err := c.Poll().Pause(ctx, start); err != nil {
			return b.fail(&res, err)
		}
	}
	sort.Strings(res.Deleted)
	sort.Strings(res.Skipped)
	return res, nil
}

// batch is the bookkeeping of one DeleteMany call.
type batch struct {
	opts      BatchOptions
	remaining map[string]bool     // not confirmed gone yet
	attempted map[string]bool     // a delete for these was accepted, or may have been applied
	stopped   map[string]bool     // stop was accepted (or refused as not running)
	lastErr   map[string]error    // the last error that concerned one id
	lastSeen  map[string]sms.Task // the task as last listed (or read)
	probes    map[string]probe    // agent link of tasks read with ShowTask
	cameBack  map[string]int      // accepted deletions seen DELETING that came back
	listErr   error               // the last listing that failed transiently
}

// probe is what ShowTask said about a task in given states.
type probe struct {
	state, source string
	connected     bool
}

// sourceBusy reports a source state in which every reading of the gate
// refuses a task whose agent is connected.
func sourceBusy(t *sms.Task) bool { return slices.Contains(deniedSourceStates, sourceState(t)) }

// classify sorts the remaining ids by the listing: gone ones are recorded,
// busy ones are stopped when asked, and the deletable ones are returned.
//
// The listing only says which tasks are still there: a task it does not show
// (gone, or in an enterprise project the listing does not cover) is read by
// ID, and only that read's 404 records it as gone.
//
// The listing shows each task's state and its source server's state but not
// whether the agent is connected, and the deletion gate needs both. So a task
// whose source state is one the gate refuses is read once with ShowTask, and
// again whenever its states change or the gate refused it after all.
func (b *batch) classify(ctx context.Context, c *sms.Client, tasks []sms.Task, res *BatchResult) []string {
	b.listErr = nil
	present := map[string]sms.Task{}
	for _, t := range tasks {
		if b.remaining[t.ID] {
			present[t.ID] = t
		}
	}
	var absent []string
	for _, id := range slices.Sorted(maps.Keys(b.remaining)) {
		if _, ok := present[id]; !ok {
			absent = append(absent, id)
		}
	}
	for i, r := range readEach(ctx, c, absent) {
		id := absent[i]
		switch {
		case sms.IsNotFound(r.err):
			delete(b.remaining, id)
			delete(b.lastErr, id)
			if b.attempted[id] {
				res.Deleted = append(res.Deleted, id)
			} else {
				res.Skipped = append(res.Skipped, id)
			}
		case r.err != nil:
			b.lastErr[id] = r.err // read again next round
		default:
			present[id] = *r.task
			b.probes[id] = probe{state: r.task.State, source: sourceState(r.task), connected: r.task.Connected}
		}
	}
	var ready []string
	for _, id := range slices.Sorted(maps.Keys(b.remaining)) {
		t, ok := present[id]
		if !ok {
			continue // its read failed: next round
		}
		if t.State != sms.TaskStateDeleting && sourceBusy(&t) {
			shown, ok := b.probe(ctx, c, &t)
			if !ok {
				continue // read again next round
			}
			t = *shown
		} else if p, ok := b.probes[id]; ok && p.state == t.State && p.source == sourceState(&t) {
			t.Connected = p.connected
		}
		if before, ok := b.lastSeen[id]; ok && before.State == sms.TaskStateDeleting && t.State != sms.TaskStateDeleting {
			b.cameBack[id]++ // DELETING, then back: the deletion failed; it is sent again
		}
		b.lastSeen[id] = t
		switch {
		case t.State == sms.TaskStateDeleting:
			// on its way out
		case GateRefuses(&t):
			if stopBeforeDelete(&t, b.opts.DeleteOptions, b.stopped[id]) {
				b.stop(ctx, c, id)
			}
		default:
			ready = append(ready, id)
		}
	}
	return ready
}

// probe reads a task whose source state is busy, to learn whether its agent
// is connected, unless that is known for its current states. It reports
// false when the task could not be read this round.
func (b *batch) probe(ctx context.Context, c *sms.Client, listed *sms.Task) (*sms.Task, bool) {
	id := listed.ID
	if p, ok := b.probes[id]; ok && p.state == listed.State && p.source == sourceState(listed) {
		t := *listed
		t.Connected = p.connected
		return &t, true
	}
	t, err := c.ShowTask(ctx, id)
	switch {
	case err == nil:
	case sms.IsNotFound(err):
		return nil, false // the next round confirms it gone
	default:
		b.lastErr[id] = err
		return nil, false
	}
	b.probes[id] = probe{state: t.State, source: sourceState(t), connected: t.Connected}
	return t, true
}

// stop sends stop to a task the gate refuses.
func (b *batch) stop(ctx context.Context, c *sms.Client, id string) {
	err := c.UpdateTaskStatus(ctx, id, &sms.TaskActionRequest{Operation: sms.OperationStop})
	switch {
	case err == nil || sms.IsStopRefused(err):
		b.stopped[id] = true
	case transient(ctx, err) || sms.IsAmbiguous(err):
		// Look at the task again next round before resending.
		b.lastErr[id] = err
	default:
		// Not retried (e.g. no permission); the task may still become
		// deletable on its own, so keep waiting.
		b.lastErr[id] = err
		b.stopped[id] = true
	}
}

// send deletes the ready ids chunk by chunk. A transient failure ends the
// round quietly; any other failure is returned.
func (b *batch) send(ctx context.Context, c *sms.Client, ready []string, chunk int) error {
	for len(ready) > 0 {
		n := min(chunk, len(ready))
		refused := map[string]bool{}
		attempted, err := deleteChunk(ctx, c, ready[:n], b.lastSeen, b.lastErr, refused)
		for _, id := range attempted {
			b.attempted[id] = true
		}
		for id := range refused {
			delete(b.probes, id) // the gate knows better: read the task again
		}
		ready = ready[n:]
		switch {
		case err == nil:
		case transient(ctx, err):
			return nil
		default:
			return ctxErr(ctx, err)
		}
	}
	return nil
}

// deleteChunk sends one batch delete. When the API refuses some ids (gate) or
// does not know some (gone meanwhile) and names them, those are taken out and
// the rest is sent again. An error that names no id falls back to deleting
// the ids one by one. It returns the ids whose deletion was accepted or may
// have been applied (a server error after the request was sent), and the
// error that ended it early, if any.
func deleteChunk(ctx context.Context, c *sms.Client, ids []string, seen map[string]sms.Task, lastErr map[string]error, refused map[string]bool) ([]string, error) {
	var attempted []string
	for len(ids) > 0 {
		err := c.DeleteTasks(ctx, ids)
		if err == nil {
			return append(attempted, ids...), nil
		}
		named := namedIDs(err, ids)
		switch {
		case (sms.MayBeDeleteRefusal(err) || sms.IsNotFound(err)) && len(named) > 0:
			for _, id := range named {
				if sms.IsNotFound(err) {
					continue
				}
				if gate, cerr := gateRefused(ctx, c, id, err, seen); cerr != nil {
					lastErr[id] = cerr
					return attempted, cerr
				} else if gate {
					lastErr[id] = err
					refused[id] = true
				}
			}
			ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(named, id) })
		case (sms.MayBeDeleteRefusal(err) || sms.IsNotFound(err)) && anyGateRefused(ctx, c, ids, err, seen):
			for _, id := range ids {
				err := c.DeleteTask(ctx, id)
				switch {
				case err == nil:
					attempted = append(attempted, id)
				case sms.IsNotFound(err):
				case sms.MayBeDeleteRefusal(err):
					gate, cerr := gateRefused(ctx, c, id, err, seen)
					if cerr != nil {
						lastErr[id] = cerr
						return attempted, cerr
					}
					if gate {
						lastErr[id] = err
						refused[id] = true
					}
				default:
					lastErr[id] = err
					if mayHaveApplied(err) {
						attempted = append(attempted, id)
					}
					return attempted, err
				}
			}
			return attempted, nil
		default:
			for _, id := range ids {
				lastErr[id] = err
			}
			if mayHaveApplied(err) {
				attempted = append(attempted, ids...)
			}
			return attempted, err
		}
	}
	return attempted, nil
}

// gateRefused tells whether an answer that may be the gate's refusal (see
// sms.MayBeDeleteRefusal) was one. The legacy code says so; any other answer
// is checked by reading the task: still there in a state some reading of the
// gate refuses (or already DELETING), or in another state than the listing
// showed when it was sent, it was the gate (true); gone, nothing to do
// (false, nil); otherwise it was a real error, returned. (The listing does
// not show the agent link, so only an allow-listed source state that did not
// change proves the refusal was something else.)
func gateRefused(ctx context.Context, c *sms.Client, id string, refusal error, seen map[string]sms.Task) (bool, error) {
	if sms.IsDeleteRefused(refusal) {
		return true, nil
	}
	t, err := c.ShowTask(ctx, id)
	switch {
	case sms.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, firstErr(refusal, err)
	case t.State == sms.TaskStateDeleting || GateMayRefuse(t):
		return true, nil
	}
	if before, ok := seen[id]; ok && (before.State != t.State || sourceState(&before) != sourceState(t) ||
		!slices.Contains(allowedSourceStates, sourceState(&before))) {
		return true, nil // it changed meanwhile, or may have been refused as sent: look again next round
	}
	return false, refusal
}

// anyGateRefused tells whether a batch answer that names no id can be the
// gate's refusal or a 404: the legacy refusal code or a 404 say so; another
// code only when one of the tasks is in a state the gate may refuse.
func anyGateRefused(ctx context.Context, c *sms.Client, ids []string, err error, seen map[string]sms.Task) bool {
	if sms.IsDeleteRefused(err) || sms.IsNotFound(err) {
		return true
	}
	for _, id := range ids {
		if gate, gerr := gateRefused(ctx, c, id, err, seen); gate || gerr == nil {
			return true // refused by the gate, or gone meanwhile: sort them out one by one
		}
	}
	return false
}

// namedIDs returns the ids of a chunk that an API error names in error_param.
func namedIDs(err error, ids []string) []string {
	e, ok := sms.AsError(err)
	if !ok {
		return nil
	}
	var named []string
	for _, p := range e.Params {
		if slices.Contains(ids, p) && !slices.Contains(named, p) {
			named = append(named, p)
		}
	}
	return named
}

// transient reports a failure worth another round while the context lasts:
// throttling that outlasted the client's retries, or a server error.
func transient(ctx context.Context, err error) bool {
	return ctx.Err() == nil && sms.IsTransient(err)
}

// mayHaveApplied tells whether a failed delete call could still have been
// carried out: anything but a refusal the service answered before acting.
func mayHaveApplied(err error) bool {
	e, ok := sms.AsError(err)
	if !ok {
		return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	return e.StatusCode >= 500
}

// fail fills Failed for every id still present and returns a summary error.
func (b *batch) fail(res *BatchResult, cause error) (BatchResult, error) {
	for id := range b.remaining {
		res.Failed[id] = b.reason(id)
	}
	sort.Strings(res.Deleted)
	sort.Strings(res.Skipped)
	return *res, fmt.Errorf("%d of the tasks were not deleted: %w", len(b.remaining), cause)
}

// reason explains in one sentence why a task is still there.
func (b *batch) reason(id string) string {
	t, seen := b.lastSeen[id]
	var reason string
	switch {
	case !seen:
		reason = "not confirmed deleted: the task list could not be read"
		if b.listErr != nil {
			reason += " (" + b.listErr.Error() + ")"
		}
	case t.State == sms.TaskStateDeleting:
		reason = "the deletion was accepted but the task was still DELETING"
	case GateMayRefuse(&t):
		reason = fmt.Sprintf("the service refuses to delete it while its agent is connected and the source server is %s (task state %s)",
			sourceState(&t), t.State)
		switch {
		case !slices.Contains(stoppable, t.State):
			reason += "; a task in this state cannot be stopped, so it must finish first"
		case !b.opts.StopRunning:
			reason += "; stopping running tasks was not requested"
		case b.stopped[id]:
			reason += "; stop was sent but the task had not stopped yet"
		default:
			reason += "; stop could not be sent"
		}
	case b.cameBack[id] > 0:
		reason = fmt.Sprintf("the service accepted its deletion, showed it DELETING, then put it back in state %s (%d time(s))",
			t.State, b.cameBack[id])
	default:
		reason = fmt.Sprintf("not deleted yet (task state %s, source server %s)", t.State, sourceState(&t))
	}
	if e := b.lastErr[id]; e != nil {
		reason += "; last error: " + e.Error()
	}
	return reason
}
