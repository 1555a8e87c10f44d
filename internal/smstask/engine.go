package smstask

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// The engine deletes tasks by the rules of deletion.go, in rounds: stop the
// tasks that must be stopped and send the deletable ones (send.go), read the
// tasks that are due (by ID, or with one listing when that is cheaper), then
// pause until the next task is due or new work arrives (wait.Loop). One
// engine serves one DeleteMany call; one engine per Service serves every
// Delete of a provider instance that runs at the same time, so that
// Terraform's parallel destroys go out in shared batch calls and wait for
// "gone" together.
//
// Reads are saved three ways, none of which ever takes a task for gone:
//   - the tasks of one accepted batch call are probed with one member's read;
//     when it shows DELETING, the others are presumed so until the next round;
//   - with more than FewWaiters tasks to read, one listing serves them (of
//     the DELETING tasks only, when all of them should be DELETING), as long
//     as it needs at most half as many pages as there are tasks to read; a
//     task it does not show is read by ID;
//   - a listing item lacks the agent link, so a task whose next step depends
//     on it is read by ID, unless a read by ID showed it for the same states.

// FewWaiters is how many tasks to read are still read one by one; more are
// read with one listing when that is cheaper.
const FewWaiters = 1

type engine struct {
	c         *sms.Client
	chunk     int
	readFirst bool          // see the table: DeleteMany reads first
	window    time.Duration // a first send waits this long for others to join its batch

	mu      sync.Mutex
	tasks   []*deletion // undecided, in arrival order
	byID    map[string]*deletion
	callers map[*deletion]int
	kick    chan struct{}
	running bool
	expect  int // the most tasks seen in the engine at once (Terraform's parallelism, in effect)
	total   int // tasks in the account at the last full listing; 0 unknown
	noList  error
}

func newEngine(c *sms.Client, chunk int, readFirst bool, window time.Duration) *engine {
	if chunk <= 0 || chunk > MaxChunkSize {
		chunk = MaxChunkSize
	}
	return &engine{c: c, chunk: chunk, readFirst: readFirst, window: window,
		byID: map[string]*deletion{}, callers: map[*deletion]int{}, kick: make(chan struct{}, 1)}
}

// add takes a task into the engine (or joins its deletion under way) and
// returns its deletion. The caller holds e.mu.
func (e *engine) add(id string, opts DeleteOptions, now time.Time) *deletion {
	if d, ok := e.byID[id]; ok {
		d.opts.StopRunning = d.opts.StopRunning || opts.StopRunning
		return d
	}
	d := newDeletion(id, opts, now, e.readFirst)
	// An agent can connect or go away without the task's states changing:
	// what a read by ID showed of it is trusted for three of the longest
	// pauses, then read again.
	d.linkTTL = 3 * e.c.Poll().Interval(time.Hour)
	e.tasks = append(e.tasks, d)
	e.byID[id] = d
	return d
}

// wake cuts the engine's pause short.
func (e *engine) wake() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// run deletes until no task is left or ctx ends.
func (e *engine) run(ctx context.Context) error {
	return wait.Loop(ctx, e.kick, e.round)
}

// round is one pass of the engine: see the comment at the top.
func (e *engine) round(ctx context.Context) (wait.Round, error) {
	e.mu.Lock()
	if len(e.tasks) == 0 {
		e.running = false
		e.mu.Unlock()
		return wait.Round{Done: true}, nil
	}
	now := time.Now()
	var stops, sends, firsts []*deletion
	oldest := now
	for _, d := range e.tasks {
		switch {
		case d.stop:
			stops = append(stops, d)
		case d.firstSend():
			firsts = append(firsts, d)
			if d.since.Before(oldest) {
				oldest = d.since
			}
		case d.send:
			sends = append(sends, d)
		}
	}
	// First sends wait for their batch to fill: a chunk, or as many tasks
	// as the engine held when it last sent a batch, or the window.
	held := time.Time{}
	if len(firsts) > 0 {
		if len(firsts) >= e.chunk || (e.expect > 1 && len(e.tasks) >= e.expect) || now.Sub(oldest) >= e.window {
			sends = append(sends, firsts...)
			e.expect = max(e.expect, len(e.tasks))
		} else {
			held = oldest.Add(e.window)
		}
	}
	e.mu.Unlock()

	calls, cancel := context.WithTimeout(ctx, engineRound)
	e.stopAll(calls, stops)
	e.sendAll(calls, sends)
	e.readDue(calls)
	e.readGivenUp(calls)
	cancel()

	e.mu.Lock()
	defer e.mu.Unlock()
	e.settle()
	if len(e.tasks) == 0 {
		e.running = false
		return wait.Round{Done: true}, nil
	}
	now = time.Now()
	next := time.Time{}
	consider := func(at time.Time) {
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	if !held.IsZero() {
		consider(held)
	}
	for _, d := range e.tasks {
		switch {
		case d.firstSend():
			if held.IsZero() {
				consider(now) // arrived during this round
			}
		case d.send || d.stop:
			consider(now)
		default:
			consider(d.due)
		}
	}
	return wait.Round{Pause: next.Sub(now)}, ctx.Err()
}

// settle takes the decided tasks out and tells their callers. The caller
// holds e.mu.
func (e *engine) settle() {
	e.tasks = slices.DeleteFunc(e.tasks, func(d *deletion) bool {
		if !d.decided() {
			return false
		}
		delete(e.byID, d.id)
		delete(e.callers, d)
		close(d.done)
		return true
	})
}

// stopAll sends stop to each task, one call each.
func (e *engine) stopAll(ctx context.Context, ds []*deletion) {
	if len(ds) == 0 {
		return
	}
	errs := fanOut(len(ds), func(i int) error {
		return e.c.UpdateTaskStatus(ctx, ds[i].id, &sms.TaskActionRequest{Operation: sms.OperationStop})
	})
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	for i, d := range ds {
		d.answerStop(errs[i])
		d.due = now.Add(e.c.Poll().Interval(now.Sub(d.since)))
		if d.mustRead {
			d.due = now // a refused stop: does the task still run?
		}
	}
}

// sendAll deletes the tasks (send.go) and records each answer; a task the
// service accepted is read at once.
func (e *engine) sendAll(ctx context.Context, ds []*deletion) {
	if len(ds) == 0 {
		return
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.id
	}
	answers := sendDeletes(ctx, e.c, ids, e.chunk)
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	groups := map[int]*sendGroup{}
	for i, d := range ds {
		a := answers[i]
		d.answerDelete(a.err)
		switch {
		case a.err == nil:
			if groups[a.call] == nil {
				groups[a.call] = &sendGroup{}
			}
			d.group, d.sawDeleting, d.due = groups[a.call], false, now
		case d.mustRead:
			d.due = now
		default:
			d.due = now.Add(e.c.Poll().Interval(now.Sub(d.since)))
		}
	}
}

// readDue reads the tasks that are due and applies the table to each.
func (e *engine) readDue(ctx context.Context) {
	e.mu.Lock()
	now := time.Now()
	var due []*deletion
	for _, d := range e.tasks {
		if !d.decided() && !d.send && !d.stop && !d.due.After(now) {
			due = append(due, d)
		}
	}
	// One member of each batch not probed yet is read first.
	var probes []*deletion
	for _, d := range due {
		if g := d.group; g != nil && !g.probed && !slices.ContainsFunc(probes, func(p *deletion) bool { return p.group == g }) {
			probes = append(probes, d)
		}
	}
	e.mu.Unlock()

	e.readByID(ctx, probes)

	e.mu.Lock()
	var rest []*deletion
	for _, d := range due {
		g := d.group
		switch {
		case slices.Contains(probes, d) || d.decided():
		case g != nil && g.deleting:
			// Presumed DELETING like its batch's probe: read next round.
			d.group, d.presumed = nil, true
			d.due = now.Add(e.c.Poll().Interval(now.Sub(d.since)))
		default:
			d.group = nil
			rest = append(rest, d)
		}
	}
	var byID, listable []*deletion
	for _, d := range rest {
		if d.mustRead || e.noList != nil {
			byID = append(byID, d)
		} else {
			listable = append(listable, d)
		}
	}
	if len(listable) <= FewWaiters {
		byID, listable = append(byID, listable...), nil
	}
	onlyDeleting := len(listable) > 0
	for _, d := range listable {
		if !d.sawDeleting && !d.presumed {
			onlyDeleting = false
		}
	}
	e.mu.Unlock()

	if len(listable) > 0 {
		listed, ok := e.list(ctx, onlyDeleting, len(listable))
		e.mu.Lock()
		for _, d := range listable {
			t, shown := listed[d.id]
			if !ok || !shown || !d.observe(&t, false) {
				byID = append(byID, d)
			}
		}
		e.mu.Unlock()
	}
	e.readByID(ctx, byID)

	e.mu.Lock()
	defer e.mu.Unlock()
	now = time.Now()
	for _, d := range due {
		if !d.decided() && !d.send && !d.stop && !d.due.After(now) {
			d.due = now.Add(e.c.Poll().Interval(now.Sub(d.since)))
		}
	}
}

// readGivenUp reads once the tasks the rules gave up on before any read of
// them succeeded, so that the report says where each stands; one that
// answers its 404 is gone after all.
func (e *engine) readGivenUp(ctx context.Context) {
	e.mu.Lock()
	var ds []*deletion
	var ids []string
	for _, d := range e.tasks {
		if d.err != nil && d.last == nil {
			ds, ids = append(ds, d), append(ids, d.id)
		}
	}
	e.mu.Unlock()
	if len(ds) == 0 {
		return
	}
	results := readEach(ctx, e.c, ids)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, d := range ds {
		switch r := results[i]; {
		case sms.IsNotFound(r.err):
			d.err = nil
			d.observeGone()
		case r.err == nil:
			d.last, d.byID = r.task, true
			var de *DeleteError
			if errors.As(d.err, &de) {
				d.err = d.failure(de.Err)
			}
		}
	}
}

// readByID reads each task with ShowTask and applies the table.
func (e *engine) readByID(ctx context.Context, ds []*deletion) {
	if len(ds) == 0 {
		return
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.id
	}
	results := readEach(ctx, e.c, ids)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, d := range ds {
		r := results[i]
		switch {
		case sms.IsNotFound(r.err):
			d.observeGone()
		case r.err != nil:
			d.readFailed(r.err)
		default:
			d.observe(r.task, true)
		}
		if g := d.group; g != nil && !g.probed {
			g.probed = true
			g.deleting = r.err == nil && r.task.State == sms.TaskStateDeleting
		}
		d.group = nil
	}
}

// list lists the tasks (every enterprise project: without all_granted_eps a
// listing may show the default one only), or only the DELETING ones, and
// returns them by id. It gives up, reporting false, when the listing would
// take more than half as many pages as there are reads it replaces, or
// fails; a listing that fails for good is not tried again.
func (e *engine) list(ctx context.Context, onlyDeleting bool, reads int) (map[string]sms.Task, bool) {
	f := sms.ListTasksFilter{EnterpriseProjectID: sms.AllEnterpriseProjects}
	if onlyDeleting {
		f.State = sms.TaskStateDeleting
	}
	pages := func(total int) int { return (total + sms.MaxTaskPageSize - 1) / sms.MaxTaskPageSize }
	e.mu.Lock()
	known := e.total
	e.mu.Unlock()
	if !onlyDeleting && known > 0 && pages(known) > reads/2 {
		return nil, false
	}
	out := map[string]sms.Task{}
	for offset := 0; ; {
		p, err := e.c.ListTasksPage(ctx, f, sms.MaxTaskPageSize, offset)
		if err != nil {
			if !sms.IsTransient(err) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				e.mu.Lock()
				e.noList = err
				e.mu.Unlock()
			}
			return nil, false
		}
		if offset == 0 && !onlyDeleting {
			e.mu.Lock()
			e.total = p.Count
			e.mu.Unlock()
			if pages(p.Count) > max(1, reads/2) {
				return nil, false
			}
		}
		for _, t := range p.Tasks {
			out[t.ID] = t
		}
		offset += len(p.Tasks)
		if len(p.Tasks) == 0 || offset >= p.Count {
			return out, true
		}
	}
}
