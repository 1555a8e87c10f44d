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

// Reads of many objects at once (a plan refreshing hundreds of tasks, a
// wave of creates looking up their source servers) are served from one
// listing of the account's objects instead of one read by ID each, but only
// when that is cheaper: when at least ReadBatchMin reads started within
// ReadWindow and the listing needs at most half as many pages as reads have
// been seen. A few reads in a large account always read by ID, so refreshing
// 5 tasks among 10,000 never lists them all.
//
// A task listing item lacks some of ShowTask's fields (sms.Task.CopyUnlisted
// names them): ReadTask says when a task came from a listing so the caller
// keeps what it knew of those. A ListServers item has
// the init_target_server a create needs. An object a listing does not show
// (created after it, or skipped while paging) is read by ID; only the read
// by ID's 404 means gone.

// sharedListing serves the reads of one kind of object from a listing of
// them all when that is cheaper than reading each by ID.
type sharedListing[T any] struct {
	// page lists up to pageSize objects from record offset, with the total.
	page     func(ctx context.Context, offset int) (items []T, total int, err error)
	pageSize int
	key      func(*T) string

	mu     sync.Mutex
	recent []time.Time // starts of the reads within ReadWindow
	snap   *snapshot[T]
	total  int // objects in the account at the last listing; 0 unknown
}

// snapshot is one listing of every object, shared by the reads it serves.
type snapshot[T any] struct {
	ready chan struct{} // closed once items or err is set
	taken time.Time
	items map[string]T
	err   error
}

var errListingTooLong = errors.New("the listing would cost more calls than the reads it serves")

func newTaskListing(c *sms.Client) *sharedListing[sms.Task] {
	return &sharedListing[sms.Task]{
		pageSize: sms.MaxTaskPageSize,
		key:      func(t *sms.Task) string { return t.ID },
		page: func(ctx context.Context, offset int) ([]sms.Task, int, error) {
			// all_granted_eps: without it a listing may show the default
			// enterprise project only.
			p, err := c.ListTasksPage(ctx, sms.ListTasksFilter{EnterpriseProjectID: sms.AllEnterpriseProjects}, sms.MaxTaskPageSize, offset)
			if err != nil {
				return nil, 0, err
			}
			return p.Tasks, p.Count, nil
		},
	}
}

func newSourceListing(c *sms.Client) *sharedListing[sms.SourceServer] {
	return &sharedListing[sms.SourceServer]{
		pageSize: sms.MaxSourcePageSize,
		key:      func(s *sms.SourceServer) string { return s.ID },
		page: func(ctx context.Context, offset int) ([]sms.SourceServer, int, error) {
			// ListServers takes no all_granted_eps; a source it does not
			// show is read by ID.
			p, err := c.ListSourcesPage(ctx, sms.ListSourcesFilter{}, sms.MaxSourcePageSize, offset)
			if err != nil {
				return nil, 0, err
			}
			return p.SourceServers, p.Count, nil
		},
	}
}

// ReadTask reads one task. full is false when the task came from a shared
// listing, whose items lack some of ShowTask's fields (see above). Like
// every read of a task, it goes on after a transient failure until ctx ends
// (see ShowTask).
func (s *Service) ReadTask(ctx context.Context, id string) (t *sms.Task, full bool, err error) {
	t, listed, err := s.tasksListed.read(ctx, id, func(ctx context.Context) (*sms.Task, error) { return s.ShowTask(ctx, id) })
	return t, !listed, err
}

// ShowTask reads one task by ID. A failure that may pass (throttling, a
// server error, a 404 that is not SMS's, a lost connection) that outlasts
// the client's own retries is tried again, with the same backoff, until
// ctx ends: the provider's one read policy, on every path that reads a task
// (refresh, an operation's wait, a deletion's). Only SMS's own 404 is
// returned as not found (sms.IsNotFound).
func (s *Service) ShowTask(ctx context.Context, id string) (*sms.Task, error) {
	return wait.Retry(ctx, s.c.Poll(), sms.IsTransient, func(ctx context.Context) (*sms.Task, error) { return s.c.ShowTask(ctx, id) })
}

// ReadSource reads one source server: from a shared ListServers listing
// when many creates look up their sources at once, else with ShowServer.
// Both carry init_target_server.
func (s *Service) ReadSource(ctx context.Context, id string) (*sms.SourceServer, error) {
	src, _, err := s.sourcesListed.read(ctx, id, func(ctx context.Context) (*sms.SourceServer, error) { return s.c.ShowSource(ctx, id) })
	return src, err
}

// read serves one read from the shared listing when there is one (listed
// is true), else with byID.
func (b *sharedListing[T]) read(ctx context.Context, id string, byID func(context.Context) (*T, error)) (v *T, listed bool, err error) {
	return b.serve(ctx, b.snapshotFor(ctx, 1), id, byID)
}

// serve reads id from snap when it holds it, else with byID.
func (b *sharedListing[T]) serve(ctx context.Context, snap *snapshot[T], id string, byID func(context.Context) (*T, error)) (v *T, listed bool, err error) {
	if snap != nil {
		select {
		case <-snap.ready:
			if snap.err == nil {
				if v, ok := snap.items[id]; ok {
					return &v, true, nil
				}
			}
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	v, err = byID(ctx)
	return v, false, err
}

func (b *sharedListing[T]) pages(total int) int { return (total + b.pageSize - 1) / b.pageSize }

// snapshotFor counts reads (this one, or a batch about to start) and
// returns the listing that serves them, or nil when reading by ID is
// cheaper.
func (b *sharedListing[T]) snapshotFor(ctx context.Context, reads int) *snapshot[T] {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.recent = slices.DeleteFunc(b.recent, func(at time.Time) bool { return now.Sub(at) >= ReadWindow })
	for range reads {
		b.recent = append(b.recent, now)
	}
	if b.snap != nil && now.Sub(b.snap.taken) < SnapshotTTL {
		return b.snap
	}
	n := len(b.recent)
	if n < ReadBatchMin || (b.total > 0 && b.pages(b.total) > n/2) {
		return nil
	}
	s := &snapshot[T]{ready: make(chan struct{}), taken: now}
	b.snap = s
	go b.listAll(context.WithoutCancel(ctx), s, n)
	return s
}

// listAll lists every object into s. It stops after the first page when the
// whole listing would cost more than half the reads seen.
func (b *sharedListing[T]) listAll(ctx context.Context, s *snapshot[T], reads int) {
	defer close(s.ready)
	ctx, cancel := context.WithTimeout(ctx, listingTimeout)
	defer cancel()
	items := map[string]T{}
	for offset := 0; ; {
		p, total, err := b.page(ctx, offset)
		if err == nil && offset == 0 {
			b.mu.Lock()
			b.total = total
			b.mu.Unlock()
			if b.pages(total) > reads/2 {
				err = errListingTooLong
			}
		}
		if err != nil {
			s.err = err
			b.mu.Lock()
			if b.snap == s {
				b.snap = nil // the next reads decide again
			}
			b.mu.Unlock()
			return
		}
		for i := range p {
			items[b.key(&p[i])] = p[i]
		}
		offset += len(p)
		if len(p) == 0 || offset >= total {
			break
		}
	}
	s.items = items
}

// readResult is one ShowTask answer.
type readResult struct {
	task *sms.Task
	err  error
}

// readEach reads tasks by ID, up to parallelCalls at a time, and returns the
// answers in the order of ids.
func readEach(ctx context.Context, c *sms.Client, ids []string) []readResult {
	return readAll(ids, func(id string) (*sms.Task, error) { return c.ShowTask(ctx, id) })
}

// readAll runs read for each of ids through fanOut and returns the answers
// in the order of ids.
func readAll(ids []string, read func(id string) (*sms.Task, error)) []readResult {
	out := make([]readResult, len(ids))
	errs := fanOut(len(ids), func(i int) error {
		t, err := read(ids[i])
		out[i].task = t
		return err
	})
	for i, err := range errs {
		out[i].err = err
	}
	return out
}

// ReadTasks reads each of ids through ReadTask (so many reads at once may be
// served by one listing; a task it lacks is read by ID), up to parallelReads
// at a time, and returns the answers in the order of ids: the task, or the
// error of its read (a 404 proves that very task gone).
func (s *Service) ReadTasks(ctx context.Context, ids []string) (tasks []*sms.Task, errs []error) {
	// Counted at once, the reads decide together: the first of them no
	// longer goes by ID before enough others have started.
	snap := s.tasksListed.snapshotFor(ctx, len(ids))
	results := readAll(ids, func(id string) (*sms.Task, error) {
		t, _, err := s.tasksListed.serve(ctx, snap, id, func(ctx context.Context) (*sms.Task, error) { return s.c.ShowTask(ctx, id) })
		return t, err
	})
	tasks, errs = make([]*sms.Task, len(ids)), make([]error, len(ids))
	for i, r := range results {
		tasks[i], errs[i] = r.task, r.err
	}
	return tasks, errs
}
