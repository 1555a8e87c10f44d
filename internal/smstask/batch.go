package smstask

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// DefaultChunkSize is how many ids go in one batch delete call (the current
// documentation caps a call at 50 ids).
const DefaultChunkSize = 50

// BatchOptions tune DeleteMany.
type BatchOptions struct {
	DeleteOptions
	ChunkSize int
}

// BatchResult says what happened to every id.
type BatchResult struct {
	Deleted []string          // deleted by this call and confirmed gone
	Skipped []string          // already gone when we started
	Failed  map[string]string // id → why it is still there
}

// DeleteMany deletes tasks with the batch API and waits until every one is
// gone. Each round reads the state of all tasks with one listing, stops
// running tasks when asked, sends the deletable ones in chunks, and pauses as
// the shared waiter does. Ids refused by the deletion gate, or that vanish
// meanwhile, are taken out of a chunk and the rest is sent again. When the
// context ends, the ids still present are reported in Failed with their state
// and the last error, and an error is returned.
func DeleteMany(ctx context.Context, c *sms.Client, ids []string, opts BatchOptions) (BatchResult, error) {
	chunk := opts.ChunkSize
	if chunk <= 0 {
		chunk = DefaultChunkSize
	}
	remaining := map[string]bool{}
	for _, id := range ids {
		remaining[id] = true
	}
	requested := map[string]bool{} // the API accepted a delete for these
	stopped := map[string]bool{}
	lastErr := map[string]error{}
	lastSeen := map[string]sms.Task{}
	res := BatchResult{Failed: map[string]string{}}
	start := time.Now()
	first := true

	for len(remaining) > 0 {
		tasks, err := c.ListTasks(ctx, sms.ListTasksFilter{PageSize: 200})
		if err != nil {
			return res, failRemaining(&res, remaining, lastSeen, lastErr, ctxErr(ctx, err))
		}
		present := map[string]sms.Task{}
		for _, t := range tasks {
			if remaining[t.ID] {
				present[t.ID] = t
				lastSeen[t.ID] = t
			}
		}
		var ready []string
		for id := range remaining {
			t, ok := present[id]
			if ok && slices.Contains(busySourceStates, sourceState(&t)) {
				// List items do not say whether the agent is connected, which
				// the gate depends on: read the busy ones in full.
				full, err := c.ShowTask(ctx, id)
				switch {
				case sms.IsNotFound(err):
					ok = false
				case err != nil:
					return res, failRemaining(&res, remaining, lastSeen, lastErr, ctxErr(ctx, err))
				default:
					t = *full
					lastSeen[id] = t
				}
			}
			switch {
			case !ok:
				delete(remaining, id)
				if first && !requested[id] {
					res.Skipped = append(res.Skipped, id)
				} else {
					res.Deleted = append(res.Deleted, id)
				}
			case t.State == sms.TaskStateDeleting:
				// waiting for it to disappear
			case GateRefuses(&t):
				if opts.StopFirst && !stopped[id] && slices.Contains(stoppable, t.State) {
					if err := c.UpdateTaskStatus(ctx, id, &sms.TaskActionRequest{Operation: sms.OperationStop}); err != nil && !isPrecondition(err) {
						lastErr[id] = err
					}
					stopped[id] = true
				}
			default:
				ready = append(ready, id)
			}
		}
		first = false
		sort.Strings(ready)
		for len(ready) > 0 {
			n := min(chunk, len(ready))
			sent := ready[:n]
			ready = ready[n:]
			rest, err := deleteChunk(ctx, c, sent, lastErr)
			if err != nil {
				return res, failRemaining(&res, remaining, lastSeen, lastErr, err)
			}
			for _, id := range sent {
				if !slices.Contains(rest, id) {
					requested[id] = true
				}
			}
		}
		if len(remaining) == 0 {
			break
		}
		t := time.NewTimer(wait.Interval(time.Since(start), wait.MinInterval, wait.MaxInterval))
		select {
		case <-ctx.Done():
			t.Stop()
			return res, failRemaining(&res, remaining, lastSeen, lastErr, ctx.Err())
		case <-t.C:
		}
	}
	sort.Strings(res.Deleted)
	sort.Strings(res.Skipped)
	return res, nil
}

// deleteChunk sends one batch delete. When the API refuses some ids (gate) or
// does not know some (gone meanwhile) and names them, those are taken out and
// the rest is sent again; it returns the ids it could not delete this round.
// An error that names no id falls back to deleting the ids one by one.
func deleteChunk(ctx context.Context, c *sms.Client, ids []string, lastErr map[string]error) ([]string, error) {
	var left []string
	for len(ids) > 0 {
		err := c.DeleteTasks(ctx, ids)
		if err == nil {
			return left, nil
		}
		named := namedIDs(err, ids)
		switch {
		case (sms.IsDeleteRefused(err) || sms.IsNotFound(err)) && len(named) > 0:
			for _, id := range named {
				if sms.IsDeleteRefused(err) {
					left = append(left, id)
					lastErr[id] = err
				}
			}
			ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(named, id) })
		case sms.IsDeleteRefused(err) || sms.IsNotFound(err):
			for _, id := range ids {
				if err := c.DeleteTask(ctx, id); err != nil && !sms.IsNotFound(err) {
					if !sms.IsDeleteRefused(err) {
						return nil, err
					}
					left = append(left, id)
					lastErr[id] = err
				}
			}
			return left, nil
		default:
			return nil, err
		}
	}
	return left, nil
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

// failRemaining fills Failed for every id still present and returns a summary error.
func failRemaining(res *BatchResult, remaining map[string]bool, seen map[string]sms.Task, lastErr map[string]error, cause error) error {
	for id := range remaining {
		reason := "not confirmed deleted"
		if t, ok := seen[id]; ok {
			reason = fmt.Sprintf("state %s, source %s, agent connected %t", t.State, sourceState(&t), t.Connected)
		}
		if e := lastErr[id]; e != nil {
			reason += ": " + e.Error()
		}
		res.Failed[id] = reason
	}
	sort.Strings(res.Deleted)
	sort.Strings(res.Skipped)
	return fmt.Errorf("%d of the tasks were not deleted: %w", len(remaining), cause)
}
