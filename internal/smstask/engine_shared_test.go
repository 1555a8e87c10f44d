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

// deleteAll runs Delete for every id at once, as Terraform's
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

func TestDelete_sharesCalls(t *testing.T) {
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
func TestDelete_sharedMixOfGatedAndVanishedTasks(t *testing.T) {
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
func TestDelete_sharedGatedTaskReportsState(t *testing.T) {
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
