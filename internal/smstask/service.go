package smstask

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Service is the task lifecycle of one provider instance, and the only way
// the provider reaches the API for tasks. It holds what the resources of
// that instance share so that they make fewer API calls: concurrent deletes
// (engine.go), concurrent reads (reads.go) and the reads that follow
// concurrent creates (created.go). The provider builds one in Configure; it
// lives as long as the provider.
type Service struct {
	c             *sms.Client
	opts          ServiceOptions
	deletes       *engine
	tasksListed   *sharedListing[sms.Task]
	sourcesListed *sharedListing[sms.SourceServer]
	created       createdReads
}

// ServiceOptions tune the sharing of one Service.
type ServiceOptions struct {
	// DeleteBatchWindow is how long the first of several concurrent deletes
	// waits for others to join its batch call. Zero means one second:
	// Terraform starts the deletes of a large state one by one, and a
	// shorter window sends many small batches.
	DeleteBatchWindow time.Duration
}

// NewService builds the lifecycle of the tasks reached through c.
func NewService(c *sms.Client, opts ServiceOptions) *Service {
	if opts.DeleteBatchWindow <= 0 {
		opts.DeleteBatchWindow = DefaultDeleteBatchWindow
	}
	return &Service{c: c, opts: opts, deletes: newEngine(c, MaxChunkSize, false, opts.DeleteBatchWindow),
		tasksListed: newTaskListing(c), sourcesListed: newSourceListing(c), created: createdReads{kick: make(chan struct{}, 1)}}
}

// Delete deletes one task and returns once its own ShowTask answers SMS's
// 404 (a task already gone counts as deleted), following the rules of
// deletion.go. The deletes of this Service that run at the same time share
// their calls: they go out in batch calls and wait for "gone" together.
// When ctx ends first, or the rules give up, it returns a *DeleteError
// saying where the task stands.
func (s *Service) Delete(ctx context.Context, id string, opts DeleteOptions) error {
	if id == "" {
		return errors.New("Delete: task id must not be empty")
	}
	e := s.deletes
	e.mu.Lock()
	d := e.add(id, opts, time.Now())
	e.callers[d]++
	if !e.running {
		e.running = true
		go func() { _ = e.run(context.WithoutCancel(ctx)) }()
	}
	e.mu.Unlock()
	e.wake()

	select {
	case <-d.done:
	case <-ctx.Done():
		e.mu.Lock()
		defer e.mu.Unlock()
		if !d.decided() {
			if e.callers[d]--; e.callers[d] <= 0 {
				// Nobody waits for it any more: the engine lets it go.
				d.err = d.failure(nil)
				e.settle()
			}
			return deadlineFailure(d, ctx.Err())
		}
	}
	if d.gone {
		return nil
	}
	return d.err
}

// deadlineFailure is the error of a delete whose caller's deadline came
// first.
func deadlineFailure(d *deletion, ctxErr error) error {
	de := d.failure(nil)
	if de.Err != nil {
		de.Err = fmt.Errorf("%w (%w)", ctxErr, de.Err)
	} else {
		de.Err = ctxErr
	}
	return de
}

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
	// Failed maps every id still present at the end to why it is there
	// (a DeleteError's sentence).
	Failed map[string]string
}

// DeleteMany deletes tasks with the batch API and waits until every one is
// gone, by the rules of deletion.go: it reads the tasks first (so that it
// can tell the ids that were gone already), stops busy ones when asked,
// sends the deletable ones ChunkSize to a call, and waits for each task's
// own 404. A task the rules give up on does not end the others. When ctx
// ends, or some task could not be deleted, every id still present is in
// Failed and an error is returned. Results are sorted.
func (s *Service) DeleteMany(ctx context.Context, ids []string, opts BatchOptions) (BatchResult, error) {
	res := BatchResult{Failed: map[string]string{}}
	e := newEngine(s.c, opts.ChunkSize, true, 0)
	now := time.Now()
	all := make([]*deletion, 0, len(ids))
	for i, id := range ids {
		if id == "" {
			return res, fmt.Errorf("DeleteMany: ids[%d] is empty", i)
		}
		if _, dup := e.byID[id]; !dup {
			all = append(all, e.add(id, opts.DeleteOptions, now))
		}
	}
	e.running = true
	runErr := e.run(ctx)
	var deadline error // the deadline came before these were decided
	for _, d := range all {
		switch {
		case d.gone && d.accepted:
			res.Deleted = append(res.Deleted, d.id)
		case d.gone:
			res.Skipped = append(res.Skipped, d.id)
		case d.err != nil:
			res.Failed[d.id] = d.err.Error()
		default:
			deadline = cmp.Or(runErr, ctx.Err())
			res.Failed[d.id] = deadlineFailure(d, deadline).Error()
		}
	}
	sort.Strings(res.Deleted)
	sort.Strings(res.Skipped)
	switch {
	case len(res.Failed) == 0:
		return res, nil
	case deadline != nil:
		return res, fmt.Errorf("%d of the tasks were not deleted: %w", len(res.Failed), deadline)
	}
	// Each task's own story is in Failed.
	return res, fmt.Errorf("%d of the tasks were not deleted", len(res.Failed))
}
