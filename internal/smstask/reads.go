package smstask

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Reads of many tasks at once (a plan refreshing hundreds of them) are
// served from one listing of the account's tasks instead of one ShowTask
// each, but only when that is cheaper: when at least ReadBatchMin reads
// started within ReadWindow and the listing needs at most half as many pages
// as reads have been seen. A few reads in a large account always use
// ShowTask, so refreshing 5 tasks among 10,000 never lists them all.
//
// A listing item lacks some of ShowTask's fields (whether the agent is
// connected, the region and project, vm_template_id, use_public_ip, use_ipv6,
// exist_server and the target disks): ReadTask says when a task came from a
// listing so the caller keeps what it knew of those. A task a listing does
// not show (created after it, or skipped while paging) is read with ShowTask;
// only ShowTask's 404 means gone.

const (
	ReadWindow   = 2 * time.Second
	ReadBatchMin = 8
	// SnapshotTTL is how long one listing serves reads.
	SnapshotTTL = 30 * time.Second
)

type readBatch struct {
	mu     sync.Mutex
	recent []time.Time // starts of the reads within ReadWindow
	snap   *snapshot
	total  int // tasks in the account at the last listing; 0 unknown
}

// snapshot is one listing of every task, shared by the reads it serves.
type snapshot struct {
	ready chan struct{} // closed once tasks or err is set
	taken time.Time
	tasks map[string]sms.Task
	err   error
}

var errListingTooLong = errors.New("the listing would cost more calls than the reads it serves")

// ReadTask reads one task. full is false when the task came from a shared
// listing, whose items lack some of ShowTask's fields (see above).
func (s *Service) ReadTask(ctx context.Context, id string) (t *sms.Task, full bool, err error) {
	c := s.c
	if snap := s.reads.snapshotFor(ctx, c); snap != nil {
		select {
		case <-snap.ready:
			if snap.err == nil {
				if t, ok := snap.tasks[id]; ok {
					return &t, false, nil
				}
			}
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	t, err = c.ShowTask(ctx, id)
	return t, true, err
}

func pages(total int) int { return (total + sms.MaxTaskPageSize - 1) / sms.MaxTaskPageSize }

// snapshotFor counts this read and returns the listing that serves it, or
// nil when ShowTask is cheaper.
func (b *readBatch) snapshotFor(ctx context.Context, c *sms.Client) *snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.recent = slices.DeleteFunc(b.recent, func(at time.Time) bool { return now.Sub(at) >= ReadWindow })
	b.recent = append(b.recent, now)
	if b.snap != nil && now.Sub(b.snap.taken) < SnapshotTTL {
		return b.snap
	}
	n := len(b.recent)
	if n < ReadBatchMin || (b.total > 0 && pages(b.total) > n/2) {
		return nil
	}
	s := &snapshot{ready: make(chan struct{}), taken: now}
	b.snap = s
	go b.fill(context.WithoutCancel(ctx), c, s, n)
	return s
}

// fill lists every task into s. It stops after the first page when the
// whole listing would cost more than half the reads seen.
func (b *readBatch) fill(ctx context.Context, c *sms.Client, s *snapshot, reads int) {
	defer close(s.ready)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	tasks := map[string]sms.Task{}
	for offset := 0; ; {
		p, err := c.ListTasksPage(ctx, sms.ListTasksFilter{EnterpriseProjectID: sms.AllEnterpriseProjects}, sms.MaxTaskPageSize, offset)
		if err == nil && offset == 0 {
			b.mu.Lock()
			b.total = p.Count
			b.mu.Unlock()
			if pages(p.Count) > reads/2 {
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
		for _, t := range p.Tasks {
			tasks[t.ID] = t
		}
		offset += len(p.Tasks)
		if len(p.Tasks) == 0 || offset >= p.Count {
			break
		}
	}
	s.tasks = tasks
}

// parallelReads bounds the reads by ID one step makes at once: enough to
// hide each call's latency, few enough to stay near Terraform's own
// parallelism (the client's limiter paces them when the gateway throttles).
const parallelReads = 10

// readResult is one ShowTask answer.
type readResult struct {
	task *sms.Task
	err  error
}

// readEach reads tasks by ID, up to parallelReads at a time, and returns the
// answers in the order of ids.
func readEach(ctx context.Context, c *sms.Client, ids []string) []readResult {
	out := make([]readResult, len(ids))
	sem := make(chan struct{}, parallelReads)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t, err := c.ShowTask(ctx, id)
			out[i] = readResult{task: t, err: err}
		}()
	}
	wg.Wait()
	return out
}
