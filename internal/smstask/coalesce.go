package smstask

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// The deletes of one provider instance (one *sms.Client) that run at the
// same time share their API calls: they are sent together with the batch
// delete (POST /v3/tasks/delete) and wait for "gone" together. Terraform
// destroys resources ten at a time by default, so this turns four calls per
// task into about two per ten tasks.
//
// The batch call is sent optimistically, without reading the tasks first.
// The service refuses a whole batch when one id is gated or unknown and names
// those ids: unknown ones are gone already, gated ones take the per-task
// path (Delete: read, stop when asked, wait for the gate, delete, wait) with
// its diagnostics, and the rest is sent again. An error that names no id
// sends every id of the batch down the per-task path.

// The first delete waits up to the client's DeleteBatchWindow (a second in
// production) for others to join its batch. A batch goes earlier once as
// many deletes wait as ran when the previous batch was formed (Terraform's
// parallelism, in effect, once the first batch has shown it). The window is
// long because Terraform starts the next deletes one by one as it records
// each finished one (slowly, with a large state): a short window would send
// many small batches, each with its own call and its own wait.

// FewWaiters is how many tasks waiting for "gone" are still read one by one
// (ShowTask); with more, one listing of the DELETING tasks serves all.
const FewWaiters = 1

// lifecycles holds the shared state of each client.
var lifecycles sync.Map // *sms.Client -> *lifecycle

type lifecycle struct {
	c *sms.Client

	mu      sync.Mutex
	queue   []*deleteReq  // deletes waiting to be sent
	sending bool          // a sender goroutine runs
	waiters []*goneWaiter // accepted deletes waiting for "gone"
	polling bool          // a poller goroutine runs

	active int           // DeleteCoalesced calls running
	alone  int           // of which on the per-task path
	expect int           // how many ran when the last batch was formed
	kick   chan struct{} // a delete joined the queue

	reads readBatch
}

func lifecycleOf(c *sms.Client) *lifecycle {
	if l, ok := lifecycles.Load(c); ok {
		return l.(*lifecycle)
	}
	l, _ := lifecycles.LoadOrStore(c, &lifecycle{c: c, kick: make(chan struct{}, 1)})
	return l.(*lifecycle)
}

// outcome is what the batch call did with one id.
type outcome int

const (
	outAccepted outcome = iota // deletion accepted: wait for gone
	outGone                    // the service does not know the task
	outFallback                // take the per-task path
)

type deleteReq struct {
	id   string
	done chan outcome // buffered: the sender never blocks
	// waiter is set with outAccepted: the batch registers its accepted ids
	// for "gone" together, so that one poll serves them all.
	waiter *goneWaiter
	// refused is the batch's refusal, set with outFallback.
	refused error
}

type goneWaiter struct {
	id    string
	since time.Time
	done  chan bool // true: gone; false: not gone as expected, take the per-task path
	// batch is shared by the tasks one batch call deleted: they are taken to
	// behave alike, so one read by ID speaks for all of them.
	batch *acceptedBatch
}

// acceptedBatch is what the tasks of one accepted batch delete showed.
type acceptedBatch struct {
	// seenDeleting is set once a read showed one of them DELETING: from then
	// on, missing from the listing of DELETING tasks means gone.
	seenDeleting bool
}

// DeleteCoalesced deletes one task like Delete, sharing the calls with the
// other deletes of the same client running at the same time. It returns once
// the task is gone; errors are Delete's (a *DeleteError).
func DeleteCoalesced(ctx context.Context, c *sms.Client, id string, opts DeleteOptions) error {
	if id == "" {
		return errors.New("DeleteCoalesced: task id must not be empty")
	}
	l := lifecycleOf(c)
	l.mu.Lock()
	l.active++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.active--
		l.mu.Unlock()
	}()
	req := &deleteReq{id: id, done: make(chan outcome, 1)}
	l.enqueue(ctx, req)
	var out outcome
	select {
	case out = <-req.done:
	case <-ctx.Done():
		// The batch may still go out; the per-task path reports where the
		// task stands.
		return Delete(ctx, c, id, opts)
	}
	switch out {
	case outGone:
		return nil
	case outFallback:
		opts.Refused = req.refused
		return l.alonePath(ctx, id, opts)
	}
	w := req.waiter
	select {
	case gone := <-w.done:
		if gone {
			return nil
		}
		return l.alonePath(ctx, id, opts)
	case <-ctx.Done():
		l.removeWaiter(w)
		return &DeleteError{TaskID: id, State: sms.TaskStateDeleting,
			Err: fmt.Errorf("the deletion was accepted but the task was still DELETING: %w", ctx.Err())}
	}
}

// alonePath runs the per-task path; such deletes do not count as ones a
// batch should wait for.
func (l *lifecycle) alonePath(ctx context.Context, id string, opts DeleteOptions) error {
	l.mu.Lock()
	l.alone++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.alone--
		l.mu.Unlock()
	}()
	return Delete(ctx, l.c, id, opts)
}

func (l *lifecycle) enqueue(ctx context.Context, r *deleteReq) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queue = append(l.queue, r)
	select {
	case l.kick <- struct{}{}:
	default:
	}
	if !l.sending {
		l.sending = true
		go l.sendLoop(context.WithoutCancel(ctx))
	}
}

// sendLoop sends the queued deletes in batches until the queue is empty.
func (l *lifecycle) sendLoop(ctx context.Context) {
	for {
		l.gather()
		l.mu.Lock()
		n := min(len(l.queue), MaxChunkSize)
		if n == 0 {
			l.sending = false
			l.mu.Unlock()
			return
		}
		l.expect = l.active - l.alone
		batch := slices.Clone(l.queue[:n])
		l.queue = slices.Delete(l.queue, 0, n)
		l.mu.Unlock()
		l.sendBatch(ctx, batch)
	}
}

// gather waits up to the client's DeleteBatchWindow for the batch to fill: until a chunk
// is full or as many deletes wait as ran when the last batch was formed.
func (l *lifecycle) gather() {
	window := time.NewTimer(l.c.DeleteBatchWindow())
	defer window.Stop()
	for {
		l.mu.Lock()
		n := len(l.queue)
		ready := n >= MaxChunkSize || (l.expect > 1 && n >= l.expect)
		l.mu.Unlock()
		if ready {
			return
		}
		select {
		case <-window.C:
			return
		case <-l.kick:
		}
	}
}

// sendBatch sends one batch delete and tells every request what happened.
func (l *lifecycle) sendBatch(ctx context.Context, reqs []*deleteReq) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	byID := map[string][]*deleteReq{}
	var ids []string
	for _, r := range reqs {
		if byID[r.id] == nil {
			ids = append(ids, r.id)
		}
		byID[r.id] = append(byID[r.id], r)
	}
	tell := func(ids []string, out outcome, err error) {
		for _, id := range ids {
			for _, r := range byID[id] {
				r.refused = err
				r.done <- out
			}
		}
	}
	for len(ids) > 0 {
		err := l.c.DeleteTasks(ctx, ids)
		if err == nil {
			var ws []*goneWaiter
			batch := &acceptedBatch{}
			for _, id := range ids {
				for _, r := range byID[id] {
					r.waiter = &goneWaiter{id: id, since: time.Now(), done: make(chan bool, 1), batch: batch}
					ws = append(ws, r.waiter)
				}
			}
			l.addWaiters(ctx, ws)
			tell(ids, outAccepted, nil)
			return
		}
		named := namedIDs(err, ids)
		switch {
		case sms.IsNotFound(err) && len(named) > 0:
			tell(named, outGone, nil)
		case sms.MayBeDeleteRefusal(err) && len(named) > 0:
			tell(named, outFallback, err)
		default:
			tell(ids, outFallback, err)
			return
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(named, id) })
	}
}

func (l *lifecycle) addWaiters(ctx context.Context, ws []*goneWaiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waiters = append(l.waiters, ws...)
	if !l.polling {
		l.polling = true
		go l.pollGone(context.WithoutCancel(ctx))
	}
}

func (l *lifecycle) removeWaiter(w *goneWaiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waiters = slices.DeleteFunc(l.waiters, func(x *goneWaiter) bool { return x == w })
}

// settle takes the waiters that are decided out of the list and tells them.
func (l *lifecycle) settle(decided map[*goneWaiter]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waiters = slices.DeleteFunc(l.waiters, func(w *goneWaiter) bool {
		gone, ok := decided[w]
		if ok {
			w.done <- gone
		}
		return ok
	})
}

// pollGone polls until no delete waits for "gone" any more. Only waiters
// registered before a poll starts are judged by it: a listing taken before a
// deletion was accepted says nothing about it.
func (l *lifecycle) pollGone(ctx context.Context) {
	for {
		l.mu.Lock()
		waiters := slices.Clone(l.waiters)
		if len(waiters) == 0 {
			l.polling = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		pctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		decided := l.pollOnce(pctx, waiters)
		cancel()
		l.settle(decided)
		oldest := time.Now()
		for _, w := range waiters {
			if _, ok := decided[w]; !ok && w.since.Before(oldest) {
				oldest = w.since
			}
		}
		if len(decided) < len(waiters) {
			_ = wait.Sleep(ctx, l.c.Poll().Interval(time.Since(oldest)))
		}
	}
}

// pollOnce decides what it can about the waiting tasks. The service may show
// a deleted task DELETING for a while, delete it at once (404), or show its
// earlier state for a while; only a 404, or a task seen DELETING that then
// left the DELETING state, counts as gone. The tasks of one batch call are
// taken to behave alike, so each batch not yet seen DELETING costs one read by
// ID (of one of its tasks) per round:
//   - 404: every task of the batch is gone;
//   - DELETING: the batch is followed with the listing of DELETING tasks,
//     shared by all such batches (or reads by ID when they are few);
//   - any other state: the batch's tasks take the per-task path, which
//     deletes a task again if needed and waits for its 404 whatever it shows.
//
// Throttling and server errors are retried next round; any other error sends
// the tasks concerned down the per-task path.
func (l *lifecycle) pollOnce(ctx context.Context, waiters []*goneWaiter) map[*goneWaiter]bool {
	decided := map[*goneWaiter]bool{}
	var followed []*goneWaiter
	byBatch := map[*acceptedBatch][]*goneWaiter{}
	var order []*acceptedBatch
	for _, w := range waiters {
		if w.batch.seenDeleting {
			followed = append(followed, w)
			continue
		}
		if byBatch[w.batch] == nil {
			order = append(order, w.batch)
		}
		byBatch[w.batch] = append(byBatch[w.batch], w)
	}
	for _, b := range order {
		members := byBatch[b]
		t, err := l.c.ShowTask(ctx, members[0].id)
		switch {
		case sms.IsNotFound(err):
			decideAll(decided, members, true)
		case err != nil:
			if !transient(ctx, err) {
				decideAll(decided, members, false)
			}
		case t.State == sms.TaskStateDeleting:
			b.seenDeleting = true // followed from the next round on
		default:
			decideAll(decided, members, false)
		}
	}
	if len(followed) == 0 {
		return decided
	}
	if len(followed) <= FewWaiters {
		for _, w := range followed {
			t, err := l.c.ShowTask(ctx, w.id)
			switch {
			case sms.IsNotFound(err):
				decided[w] = true
			case err != nil:
				if !transient(ctx, err) {
					decided[w] = false
				}
			case t.State != sms.TaskStateDeleting:
				decided[w] = false
			}
		}
		return decided
	}
	tasks, err := l.c.ListTasks(ctx, sms.ListTasksFilter{State: sms.TaskStateDeleting, PageSize: sms.MaxTaskPageSize})
	if err != nil {
		if !transient(ctx, err) {
			decideAll(decided, followed, false)
		}
		return decided
	}
	deleting := map[string]bool{}
	for _, t := range tasks {
		deleting[t.ID] = true
	}
	for _, w := range followed {
		if !deleting[w.id] {
			decided[w] = true
		}
	}
	return decided
}

func decideAll(decided map[*goneWaiter]bool, ws []*goneWaiter, gone bool) {
	for _, w := range ws {
		decided[w] = gone
	}
}
