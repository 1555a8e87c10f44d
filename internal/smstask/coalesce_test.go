package smstask

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// deleteAll runs DeleteCoalesced for every id at once, as Terraform's
// parallel destroy does, and returns the error of each.
func deleteAll(t *testing.T, s *Service, ids []string, opts DeleteOptions, timeout time.Duration) map[string]error {
	t.Helper()
	ctx := ctxFor(t, timeout)
	var mu sync.Mutex
	errs := map[string]error{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Delete(ctx, id, opts)
			mu.Lock()
			errs[id] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return errs
}

func TestDeleteCoalescedSharesCalls(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(60, fakecloud.TaskSpec{Name: "bulk"})
	var ids []string
	for _, tk := range tasks {
		ids = append(ids, tk.ID)
	}
	for id, err := range deleteAll(t, serviceFor(c), ids, DeleteOptions{StopRunning: true}, 10*time.Second) {
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if left := fake.Tasks(); len(left) != 0 {
		t.Fatalf("%d tasks left", len(left))
	}
	st := fake.Stats().Routes
	// 60 ids: at least two batches (50 ids at most each; how the deletes
	// fall into batches depends on when each goroutine runs), no per-task
	// delete, and each task read by ID until its 404: once for its 404, and
	// at most once more while a listing of the DELETING tasks did not yet
	// show it.
	if n := st[fakecloud.RouteDeleteTasks]; n < 2 {
		t.Errorf("batch deletes = %d, want at least 2", n)
	}
	if n := st[fakecloud.RouteDeleteTask]; n != 0 {
		t.Errorf("%d per-task deletes, want none", n)
	}
	if n := st[fakecloud.RouteShowTask]; n < 60 || n > 120 {
		t.Errorf("%d per-task reads, want 60 (one 404 each) to 120", n)
	}
	if n := fake.Stats().Statuses["404"]; n != 60 {
		t.Errorf("%d answers were 404, want one per task (60)", n)
	}
}

// A mix of deletable, gated and vanished tasks: the batch is refused as a
// whole, the gated ones take the per-task path (stop, wait, delete), the
// vanished ones count as deleted, and the rest goes out again.
func TestDeleteCoalescedMixFallsBackPerTask(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(12, fakecloud.TaskSpec{Name: "mix"})
	running := []string{tasks[2].ID, tasks[7].ID}
	for _, id := range running {
		if _, err := fake.SetTask(id, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
			t.Fatal(err)
		}
	}
	vanished := tasks[5].ID
	fake.DeleteOutOfBand(vanished)
	var ids []string
	for _, tk := range tasks {
		ids = append(ids, tk.ID)
	}
	for id, err := range deleteAll(t, serviceFor(c), ids, DeleteOptions{StopRunning: true}, 10*time.Second) {
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if left := fake.Tasks(); len(left) != 0 {
		t.Fatalf("%d tasks left", len(left))
	}
	for _, id := range running {
		if acts := fake.Actions(id); !slices.Equal(acts, []string{"stop"}) {
			t.Errorf("gated task %s received %v, want one stop", id, acts)
		}
	}
	st := fake.Stats().Routes
	// 404 naming the vanished id, 400 naming the gated ones, then the nine
	// others accepted; once stopped, the gated ones go out together (or in
	// two batches, when one stops a round later).
	if n := st[fakecloud.RouteDeleteTasks]; n < 4 || n > 5 {
		t.Errorf("batch deletes = %d, want 4 or 5", n)
	}
	if n := st[fakecloud.RouteDeleteTask]; n != 0 {
		t.Errorf("per-task deletes = %d, want none: every refusal named its ids", n)
	}
}

// A gated task that may not be stopped keeps the per-task diagnostics.
func TestDeleteCoalescedGatedReportsState(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(2, fakecloud.TaskSpec{Name: "stuck"})
	if _, err := fake.SetTask(tasks[0].ID, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
		t.Fatal(err)
	}
	errs := deleteAll(t, serviceFor(c), []string{tasks[0].ID, tasks[1].ID}, DeleteOptions{}, 400*time.Millisecond)
	var de *DeleteError
	if err := errs[tasks[0].ID]; !errors.As(err, &de) || !de.GateRefused || de.State != sms.TaskStateRunning {
		t.Fatalf("gated task: want a DeleteError with GateRefused, got %v", err)
	}
	if err := errs[tasks[1].ID]; err != nil {
		t.Fatalf("idle task: %v", err)
	}
	if _, ok := fake.Task(tasks[1].ID); ok {
		t.Fatal("idle task still there")
	}
}

// Reads: a few are ShowTask each, even in a large account; many at once
// share one listing, and a task the listing lacks is still read.
func TestReadTaskBatchesOnlyWhenCheaper(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(450, fakecloud.TaskSpec{Name: "acct"})
	ctx := ctxFor(t, 10*time.Second)
	svc := serviceFor(c)
	for _, tk := range tasks[:5] {
		got, full, err := svc.ReadTask(ctx, tk.ID)
		if err != nil || !full || got.ID != tk.ID {
			t.Fatalf("ReadTask(%s) = %v, %t, %v", tk.ID, got, full, err)
		}
	}
	if st := fake.Stats().Routes; st[fakecloud.RouteListTasks] != 0 || st[fakecloud.RouteShowTask] != 5 {
		t.Fatalf("5 reads cost %v", st)
	}

	fake.ResetStats()
	var wg sync.WaitGroup
	var mu sync.Mutex
	partial := 0
	for i, tk := range tasks[:300] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%30) * time.Millisecond)
			got, full, err := svc.ReadTask(ctx, tk.ID)
			if err != nil || got.ID != tk.ID || got.State != fakecloud.StateReady {
				t.Errorf("ReadTask(%s) = %v, %v", tk.ID, got, err)
				return
			}
			if !full {
				mu.Lock()
				partial++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st := fake.Stats().Routes
	if calls := st[fakecloud.RouteListTasks] + st[fakecloud.RouteShowTask]; calls > 30 || partial < 250 {
		t.Fatalf("300 reads: %d from listings, calls %v", partial, st)
	}
	// A task the listing does not show is read with ShowTask.
	late := fake.SeedTask(fakecloud.TaskSpec{Name: "late"})
	if got, full, err := svc.ReadTask(ctx, late.ID); err != nil || !full || got.ID != late.ID {
		t.Fatalf("task created after the listing: %v, %t, %v", got, full, err)
	}
	if _, _, err := svc.ReadTask(ctx, "fa570000-0000-4000-8000-00000000ffff"); !sms.IsNotFound(err) {
		t.Fatalf("unknown task: %v", err)
	}
}

// ReadTasks counts its reads at once: a batch that a listing serves more
// cheaply is served by it from the first read, with no read by ID before
// the listing; a batch of a few reads each by ID; an id the listing lacks
// is read by ID, and its 404 is its own.
func TestReadTasksDecidesForTheWholeBatch(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(250, fakecloud.TaskSpec{Name: "acct"})
	ctx := ctxFor(t, 10*time.Second)
	svc := serviceFor(c)
	ids := make([]string, 0, 201)
	for _, tk := range tasks[:200] {
		ids = append(ids, tk.ID)
	}
	const missing = "fa570000-0000-4000-8000-00000000ffff"
	ids = append(ids, missing)
	got, errs := svc.ReadTasks(ctx, ids)
	for i, id := range ids[:200] {
		if errs[i] != nil || got[i] == nil || got[i].ID != id {
			t.Fatalf("ReadTasks: %s = %v, %v", id, got[i], errs[i])
		}
	}
	if !sms.IsNotFound(errs[200]) {
		t.Fatalf("ReadTasks: the unknown id gave %v", errs[200])
	}
	// 250 tasks: the pages of one listing, and the one ShowTask of the id
	// the listing lacks (its 404).
	pages := int64((250 + sms.MaxTaskPageSize - 1) / sms.MaxTaskPageSize)
	if st := fake.Stats().Routes; st[fakecloud.RouteListTasks] != pages || st[fakecloud.RouteShowTask] != 1 {
		t.Fatalf("201 reads at once cost %v, want %d listing pages and 1 ShowTask", st, pages)
	}

	fake.ResetStats()
	svc = serviceFor(c) // no listing left over from above
	few := []string{tasks[0].ID, tasks[1].ID, tasks[2].ID}
	if _, errs := svc.ReadTasks(ctx, few); errs[0] != nil || errs[1] != nil || errs[2] != nil {
		t.Fatalf("ReadTasks of 3: %v", errs)
	}
	if st := fake.Stats().Routes; st[fakecloud.RouteListTasks] != 0 || st[fakecloud.RouteShowTask] != 3 {
		t.Fatalf("3 reads at once cost %v, want 3 ShowTask and no listing", st)
	}
}
