package smstask

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The deletes of one Service that run at the same time share their calls:
// they are sent together with the batch delete (POST /v3/tasks/delete) and
// wait for "gone" together. Terraform destroys resources ten at a time by
// default, so ten deletes cost one batch call plus the one read by ID that
// proves each task gone.
//
// Only the service's 404 for a task's own ShowTask proves it gone. A 200 from
// the batch call does not (the service may skip ids it refuses), nor does a
// 404 of the batch naming an id, nor absence from a listing (listings may
// be scoped to one enterprise project). So every id of an accepted batch is
// read by ID before its delete returns; a listing of the DELETING tasks only
// says which tasks need not be read yet.
//
// The batch call is sent optimistically, without reading the tasks first.
// An id the batch's error names (refused, or unknown), or every id of a
// batch refused without names, takes the per-task path (Delete: read, stop
// when asked, wait for the gate, delete, wait for the 404) with the
// refusal as its last error, and the rest is sent again.

// The first delete waits up to the DeleteBatchWindow for others to join
// its batch. A batch goes earlier once as many deletes wait as have ever run
// at once (Terraform's parallelism, in effect, once the first batch has
// shown it).

// FewWaiters is how many tasks waiting for "gone" are still read one by one
// (ShowTask); with more, one listing of the DELETING tasks tells which of
// them need a read.
const FewWaiters = 1

// coalescer is the shared state of the concurrent deletes of one Service.
type coalescer struct {
	mu      sync.Mutex
	queue   []*deleteReq  // deletes waiting to be sent
	sending bool          // a sender goroutine runs
	waiters []*goneWaiter // accepted deletes waiting for their 404
	polling bool          // a poller goroutine runs
	// accepted wakes the poller when a batch was accepted meanwhile.
	accepted chan struct{}

	active int           // DeleteCoalesced calls running
	alone  int           // of which on the per-task path
	expect int           // the most deletes seen running at once on the batch path
	kick   chan struct{} // a delete joined the queue
}

// outcome is what the batch call did with one id.
type outcome int

const (
	outAccepted outcome = iota // the batch was accepted: wait for the 404
	outAlone                   // take the per-task path
)

type deleteReq struct {
	id   string
	done chan outcome // buffered: the sender never blocks
	// waiter is set with outAccepted: the batch registers its accepted ids
	// for "gone" together, so that one poll serves them all.
	waiter *goneWaiter
	// refused is the batch's refusal, set with outAlone.
	refused error
}

type goneWaiter struct {
	id    string
	since time.Time
	done  chan verdict // buffered: the poller never blocks
	batch *acceptedBatch
	// byID is set once a read found the task DELETING while the listing of
	// DELETING tasks did not show it: from then on it is read by ID only.
	byID bool
	// last is the task as last read (nil before the first read); the
	// poller writes it while the delete may read it on its deadline.
	last atomic.Pointer[sms.Task]
}

// verdict is what the poller found out about one waiting task.
type verdict struct {
	gone bool // ShowTask answered 404
	// otherwise the task is shown in a state other than DELETING: the batch
	// skipped it, the service keeps its earlier state until the 404, or the
	// deletion failed; the per-task path sorts it out.
	last *sms.Task
}

// acceptedBatch is what the tasks of one accepted batch call showed.
type acceptedBatch struct {
	// followed is set once a read showed one of them DELETING: the service
	// follows the DELETING reading for this batch, and the listing of
	// DELETING tasks tells which members to read.
	followed bool
}

// DeleteCoalesced deletes one task like Delete, sharing the calls with the
// other deletes of the same Service running at the same time. It returns
// once ShowTask answers 404 for the task; errors are Delete's (a
// *DeleteError).
func (s *Service) DeleteCoalesced(ctx context.Context, id string, opts DeleteOptions) error {
	if id == "" {
		return errors.New("DeleteCoalesced: task id must not be empty")
	}
	d := &s.deletes
	d.mu.Lock()
	d.active++
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.active--
		d.mu.Unlock()
	}()
	req := &deleteReq{id: id, done: make(chan outcome, 1)}
	s.enqueue(ctx, req)
	var out outcome
	select {
	case out = <-req.done:
	case <-ctx.Done():
		// The batch may still go out; the per-task path reports where the
		// task stands.
		return Delete(ctx, s.c, id, opts)
	}
	if out == outAlone {
		return s.alonePath(ctx, id, opts, deleteHistory{refused: req.refused})
	}
	w := req.waiter
	select {
	case v := <-w.done:
		if v.gone {
			return nil
		}
		return s.alonePath(ctx, id, opts, deleteHistory{accepted: true, last: v.last})
	case <-ctx.Done():
		s.removeWaiter(w)
		return deleteTimedOut(id, w.last.Load(), ctx.Err())
	}
}

// deleteTimedOut reports an accepted delete whose 404 did not come in time.
func deleteTimedOut(id string, last *sms.Task, err error) error {
	de := &DeleteError{TaskID: id, State: sms.TaskStateDeleting, Accepted: true, Err: err}
	if last != nil {
		de.State, de.SourceState, de.Connected = last.State, sourceState(last), last.Connected
	}
	return de
}

// alonePath runs the per-task path; such deletes do not count as ones a
// batch should wait for.
func (s *Service) alonePath(ctx context.Context, id string, opts DeleteOptions, h deleteHistory) error {
	d := &s.deletes
	d.mu.Lock()
	d.alone++
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.alone--
		d.mu.Unlock()
	}()
	return deleteTask(ctx, s.c, id, opts, h)
}

func (s *Service) enqueue(ctx context.Context, r *deleteReq) {
	d := &s.deletes
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queue = append(d.queue, r)
	select {
	case d.kick <- struct{}{}:
	default:
	}
	if !d.sending {
		d.sending = true
		go s.sendLoop(context.WithoutCancel(ctx))
	}
}

// sendLoop sends the queued deletes in batches until the queue is empty.
func (s *Service) sendLoop(ctx context.Context) {
	d := &s.deletes
	for {
		s.gather()
		d.mu.Lock()
		n := min(len(d.queue), MaxChunkSize)
		if n == 0 {
			d.sending = false
			d.mu.Unlock()
			return
		}
		// The high-water mark, not the count now: when Terraform hands the
		// next deletes over slowly (a loaded machine, a large state), the
		// count now is small and would make every later batch as small.
		d.expect = max(d.expect, d.active-d.alone)
		batch := slices.Clone(d.queue[:n])
		d.queue = slices.Delete(d.queue, 0, n)
		d.mu.Unlock()
		s.sendBatch(ctx, batch)
	}
}

// gather waits up to the batch window for the batch to fill: until a chunk
// is full or as many deletes wait as ran when the last batch was formed.
func (s *Service) gather() {
	d := &s.deletes
	gatherWindow(s.opts.DeleteBatchWindow, d.kick, func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		n := len(d.queue)
		return n >= MaxChunkSize || (d.expect > 1 && n >= d.expect)
	})
}

// gatherWindow is the batch window that concurrent calls share (deletes,
// reads after create): it returns once full reports the batch complete or
// the window ends; kick wakes it to look again.
func gatherWindow(window time.Duration, kick <-chan struct{}, full func() bool) {
	timer := time.NewTimer(window)
	defer timer.Stop()
	for !full() {
		select {
		case <-timer.C:
			return
		case <-kick:
		}
	}
}

// sendBatch sends one batch delete and tells every request what happened.
func (s *Service) sendBatch(ctx context.Context, reqs []*deleteReq) {
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
	alone := func(ids []string, err error) {
		for _, id := range ids {
			for _, r := range byID[id] {
				r.refused = err
				r.done <- outAlone
			}
		}
	}
	for len(ids) > 0 {
		err := s.c.DeleteTasks(ctx, ids)
		if err == nil {
			var ws []*goneWaiter
			batch := &acceptedBatch{}
			for _, id := range ids {
				for _, r := range byID[id] {
					r.waiter = &goneWaiter{id: id, since: time.Now(), done: make(chan verdict, 1), batch: batch}
					ws = append(ws, r.waiter)
				}
			}
			s.addWaiters(ctx, ws)
			for _, id := range ids {
				for _, r := range byID[id] {
					r.done <- outAccepted
				}
			}
			return
		}
		named := namedIDs(err, ids)
		switch {
		case sms.IsNotFound(err) && len(named) > 0:
			// The batch's 404 does not prove a task gone; its own read does.
			alone(named, nil)
		case sms.MayBeDeleteRefusal(err) && len(named) > 0:
			alone(named, err)
		default:
			alone(ids, err)
			return
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(named, id) })
	}
}

func (s *Service) addWaiters(ctx context.Context, ws []*goneWaiter) {
	d := &s.deletes
	d.mu.Lock()
	defer d.mu.Unlock()
	d.waiters = append(d.waiters, ws...)
	select {
	case d.accepted <- struct{}{}:
	default:
	}
	if !d.polling {
		d.polling = true
		go s.pollGone(context.WithoutCancel(ctx))
	}
}

func (s *Service) removeWaiter(w *goneWaiter) {
	d := &s.deletes
	d.mu.Lock()
	defer d.mu.Unlock()
	d.waiters = slices.DeleteFunc(d.waiters, func(x *goneWaiter) bool { return x == w })
}

// settle takes the waiters that are decided out of the list and tells them.
func (s *Service) settle(decided map[*goneWaiter]verdict) {
	d := &s.deletes
	d.mu.Lock()
	defer d.mu.Unlock()
	d.waiters = slices.DeleteFunc(d.waiters, func(w *goneWaiter) bool {
		v, ok := decided[w]
		if ok {
			w.done <- v
		}
		return ok
	})
}

// pollGone polls until no delete waits for its 404 any more. A batch just
// accepted is probed at once (a service that deletes at once answers 404
// straight away); later polls are paced like the waiter's, and a new batch
// wakes the poller.
func (s *Service) pollGone(ctx context.Context) {
	d := &s.deletes
	for {
		d.mu.Lock()
		waiters := slices.Clone(d.waiters)
		if len(waiters) == 0 {
			d.polling = false
			d.mu.Unlock()
			return
		}
		d.mu.Unlock()
		pctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		decided := s.pollOnce(pctx, waiters)
		cancel()
		s.settle(decided)
		oldest := time.Time{}
		for _, w := range waiters {
			if _, ok := decided[w]; !ok && (oldest.IsZero() || w.since.Before(oldest)) {
				oldest = w.since
			}
		}
		if oldest.IsZero() {
			continue // all decided: look for newer ones
		}
		pause := time.NewTimer(s.c.Poll().Interval(time.Since(oldest)))
		select {
		case <-pause.C:
		case <-d.accepted:
		case <-ctx.Done():
		}
		pause.Stop()
	}
}

// pollOnce reads what it must to decide about the waiting tasks. Each task
// is decided by its own ShowTask only: 404, gone; DELETING, not yet; any
// other state, the per-task path (which deletes it again when needed and
// waits for its 404 whatever it shows). Reads are saved two ways:
//   - a batch not yet seen DELETING is probed with one member's read; when
//     that one is DELETING, the batch is followed from then on, otherwise
//     every member is read now;
//   - the members of followed batches that the listing of DELETING tasks
//     shows are not read this round (the listing says they are still there,
//     never that they are gone).
//
// Throttling and server errors are retried next round; any other error
// sends the task concerned down the per-task path, which reports it.
func (s *Service) pollOnce(ctx context.Context, waiters []*goneWaiter) map[*goneWaiter]verdict {
	decided := map[*goneWaiter]verdict{}
	// decide records one waiter's own ShowTask; it reports whether the task
	// was shown DELETING.
	decide := func(w *goneWaiter, r readResult) bool {
		switch {
		case sms.IsNotFound(r.err):
			decided[w] = verdict{gone: true}
		case r.err != nil:
			if !transient(ctx, r.err) {
				decided[w] = verdict{last: w.last.Load()}
			}
		case r.task.State == sms.TaskStateDeleting:
			w.last.Store(r.task)
			return true
		default:
			w.last.Store(r.task)
			decided[w] = verdict{last: r.task}
		}
		return false
	}
	readAndDecide := func(ws []*goneWaiter) []bool {
		ids := make([]string, len(ws))
		for i, w := range ws {
			ids[i] = w.id
		}
		deleting := make([]bool, len(ws))
		for i, r := range readEach(ctx, s.c, ids) {
			deleting[i] = decide(ws[i], r)
		}
		return deleting
	}

	var toRead, followed []*goneWaiter
	byBatch := map[*acceptedBatch][]*goneWaiter{}
	var order []*acceptedBatch
	for _, w := range waiters {
		switch {
		case w.byID:
			toRead = append(toRead, w)
		case w.batch.followed:
			followed = append(followed, w)
		default:
			if byBatch[w.batch] == nil {
				order = append(order, w.batch)
			}
			byBatch[w.batch] = append(byBatch[w.batch], w)
		}
	}
	// One probe per batch not followed yet; the rest of a batch is read now
	// unless its probe was DELETING.
	probes := make([]*goneWaiter, len(order))
	for i, b := range order {
		probes[i] = byBatch[b][0]
	}
	for i, deleting := range readAndDecide(probes) {
		if deleting {
			order[i].followed = true // the others are followed from the next round on
			continue
		}
		toRead = append(toRead, byBatch[order[i]][1:]...)
	}
	var blindCandidates []*goneWaiter
	switch {
	case len(followed) == 0:
	case len(followed) <= FewWaiters:
		toRead = append(toRead, followed...)
	default:
		// all_granted_eps: a listing without it may show the default
		// enterprise project only. A task the listing still misses but a
		// read finds DELETING is read by ID from then on.
		tasks, err := s.c.ListTasks(ctx, sms.ListTasksFilter{State: sms.TaskStateDeleting,
			EnterpriseProjectID: sms.AllEnterpriseProjects, PageSize: sms.MaxTaskPageSize})
		switch {
		case err == nil:
			listed := map[string]bool{}
			for _, t := range tasks {
				listed[t.ID] = true
			}
			for _, w := range followed {
				if !listed[w.id] {
					blindCandidates = append(blindCandidates, w)
				}
			}
		case !transient(ctx, err):
			toRead = append(toRead, followed...)
		}
	}
	readAndDecide(toRead)
	for i, deleting := range readAndDecide(blindCandidates) {
		if deleting {
			blindCandidates[i].byID = true
		}
	}
	return decided
}
