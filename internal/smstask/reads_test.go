package smstask

import (
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

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

// A read that keeps failing with a server error beyond the client's
// retries is tried again until the caller's deadline: refresh reads
// (Service.ShowTask) end with the task.
func TestShowTask_retriesTransientFailuresUntilTheDeadline(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 1)
	id := fake.SeedTask(fakecloud.TaskSpec{Name: "idle"}).ID
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: 503, Count: 5})
	got, err := serviceFor(c).ShowTask(ctxFor(t, 10*time.Second), id)
	if err != nil || got.ID != id {
		t.Fatalf("got %v, %v", got, err)
	}
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: 403})
	if _, err := serviceFor(c).ShowTask(ctxFor(t, 10*time.Second), id); !sms.IsPermissionDenied(err) {
		t.Fatalf("a definite refusal must end the read at once, got %v", err)
	}
}
