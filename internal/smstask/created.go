package smstask

import (
	"context"
	"maps"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// The creates of one Service that run at the same time share the read that
// follows their POST: CreateTask answers only the new task's id, so the
// state needs one read of the task (its create_date, state, enterprise
// project and status figures come from the service only). Terraform creates
// ten resources at a time by default; their reads are served by one page of
// the task listing instead of ten ShowTask calls.
//
// A ListTasks item lacks some fields (sms.Task.CopyUnlisted names them).
// All but connected are what the create sent (ShowTask returns the task's
// own values, which the create set); connected is true,
// since CreateTask accepts a source only while its agent is connected (the
// CreateTask page). So a listed task completed from its create body reads
// like a ShowTask answer for every attribute the state keeps.
//
// The listing is walked from the end where the last wave's tasks were found
// (the pages leave the listing's order open; the service's order is learned,
// never assumed), and stops once every waiting task was seen or after half
// as many pages as tasks wait. A task it does not show is read by ID, and a
// create alone reads by ID at once.

// minSharedCreates is the fewest waiting creates one listing serves; fewer
// read by ID.
const minSharedCreates = 2

// createdReads is the shared state of the creates of one Service.
type createdReads struct {
	mu sync.Mutex
	// active counts the creates begun and not yet read; expect is the most
	// seen at once.
	active, expect int
	batch          *createdBatch // the batch being gathered
	kick           chan struct{} // a create joined the batch or ended
	// fromTail: the last listing found its new tasks by walking from the
	// end; total is the task count it saw.
	fromTail bool
	total    int
}

type createdBatch struct {
	want  map[string]bool
	ready chan struct{} // closed once found is set
	found map[string]sms.Task
}

// CreateTicket is one create's part in the sharing. Done must be called
// when the create ends (it is safe to call more than once).
type CreateTicket struct {
	s    *Service
	once sync.Once
}

// BeginCreate counts a create in flight.
func (s *Service) BeginCreate() *CreateTicket {
	r := &s.created
	r.mu.Lock()
	r.active++
	r.expect = max(r.expect, r.active)
	r.mu.Unlock()
	return &CreateTicket{s: s}
}

// Done ends the create's part in the sharing.
func (t *CreateTicket) Done() {
	t.once.Do(func() {
		r := &t.s.created
		r.mu.Lock()
		r.active--
		r.mu.Unlock()
		select {
		case r.kick <- struct{}{}:
		default:
		}
	})
}

// ReadCreated reads the task id that this create made from body (not an
// adopted one: its settings may differ from body), and ends the create's
// part in the sharing. The task reads like a ShowTask answer (see above).
func (t *CreateTicket) ReadCreated(ctx context.Context, id string, body *sms.CreateTaskRequest) (*sms.Task, error) {
	defer t.Done()
	s, r := t.s, &t.s.created
	r.mu.Lock()
	if r.batch == nil && r.expect <= 1 {
		r.mu.Unlock()
		return s.c.ShowTask(ctx, id) // no create has run next to this one
	}
	b := r.batch
	if b == nil {
		b = &createdBatch{want: map[string]bool{}, ready: make(chan struct{})}
		r.batch = b
		go s.listCreated(context.WithoutCancel(ctx), b)
	}
	b.want[id] = true
	r.mu.Unlock()
	select {
	case r.kick <- struct{}{}:
	default:
	}
	select {
	case <-b.ready:
		if item, ok := b.found[id]; ok {
			return completeCreated(item, body), nil
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.c.ShowTask(ctx, id)
}

// completeCreated is a listing item of a task just created from body with
// the fields a listing item lacks (see above).
func completeCreated(t sms.Task, body *sms.CreateTaskRequest) *sms.Task {
	sent := sms.Task{RegionID: body.RegionID, RegionName: body.RegionName, ProjectID: body.ProjectID, ProjectName: body.ProjectName,
		VMTemplateID: body.VMTemplateID, Connected: true}
	sent.TargetServer.Disks, sent.TargetServer.VolumeGroups = body.TargetServer.Disks, body.TargetServer.VolumeGroups
	t.CopyUnlisted(&sent)
	return &t
}

// listCreated gathers the batch, then lists the pages that hold its tasks.
func (s *Service) listCreated(ctx context.Context, b *createdBatch) {
	r := &s.created
	defer close(b.ready)
	gatherWindow(CreatedReadWindow, r.kick, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(b.want) >= min(r.expect, sms.MaxTaskPageSize)
	})
	r.mu.Lock()
	if r.batch == b {
		r.batch = nil
	}
	want := maps.Clone(b.want)
	fromTail, total := r.fromTail, r.total+len(want)
	r.mu.Unlock()
	b.found = map[string]sms.Task{}
	if len(want) < minSharedCreates {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createdListingTimeout)
	defer cancel()
	size := sms.MaxTaskPageSize
	offset := 0
	if fromTail {
		offset = max(0, total-size)
	}
	firstPageHit, counted := false, false
	for pages := 0; pages < max(1, len(want)/2) && len(b.found) < len(want); pages++ {
		p, err := s.c.ListTasksPage(ctx, sms.ListTasksFilter{EnterpriseProjectID: sms.AllEnterpriseProjects}, size, offset)
		if err != nil {
			break // the tasks are read by ID, which reports what is wrong
		}
		total = p.Count
		hits := 0
		for _, t := range p.Tasks {
			if want[t.ID] {
				b.found[t.ID] = t
				hits++
			}
		}
		if len(p.Tasks) > 0 && !counted {
			firstPageHit, counted = hits > 0, true
		}
		if fromTail {
			if offset == 0 {
				break
			}
			offset = max(0, min(offset, total)-size)
		} else {
			offset += len(p.Tasks)
			if len(p.Tasks) == 0 || offset >= total {
				break
			}
		}
	}
	r.mu.Lock()
	r.total = total
	if !firstPageHit && len(b.found) > 0 {
		r.fromTail = !fromTail
	}
	r.mu.Unlock()
}

// gatherWindow lets concurrent calls gather for one shared call (the read
// after creates): it returns once full reports the batch complete or the
// window ends; kick wakes it to look again.
func gatherWindow(window time.Duration, kick <-chan struct{}, full func() bool) {
	end := time.Now().Add(window)
	_ = wait.Loop(context.Background(), kick, func(context.Context) (wait.Round, error) {
		left := time.Until(end)
		return wait.Round{Done: left <= 0 || full(), Pause: left}, nil
	})
}
