package smstask

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func ids(tasks []fakecloud.Task) []string {
	out := make([]string, len(tasks))
	for i, t := range tasks {
		out[i] = t.ID
	}
	return out
}

func connected(b bool) *bool { return &b }

func TestDelete_batchStopsBusyTasksAndDeletesAll(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := ids(fake.SeedTasks(118, fakecloud.TaskSpec{}))
	busy := ids(fake.SeedTasks(2, fakecloud.TaskSpec{Name: "busy", State: "RUNNING", Connected: connected(true)}))
	all := append(slices.Clone(tasks), busy...)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := serviceFor(c).DeleteMany(ctx, all, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}, ChunkSize: MaxChunkSize})
	if err != nil {
		t.Fatalf("DeleteMany: %v (failed %v)", err, res.Failed)
	}
	if len(res.Deleted) != 120 || len(res.Skipped) != 0 || len(res.Failed) != 0 {
		t.Fatalf("deleted %d, skipped %v, failed %v; want 120, none, none", len(res.Deleted), res.Skipped, res.Failed)
	}
	if n := len(fake.Tasks()); n != 0 {
		t.Errorf("%d tasks left in the fake", n)
	}
	for _, id := range busy {
		if got := fake.Actions(id); !slices.Equal(got, []string{"stop"}) {
			t.Errorf("actions of busy task %s = %v, want [stop]", id, got)
		}
	}
	for _, id := range tasks {
		if got := fake.Actions(id); len(got) != 0 {
			t.Errorf("idle task %s got actions %v", id, got)
		}
	}
	// 118 idle ids in chunks of 50 (3 calls), then the two stopped tasks:
	// one call, or two when the listing falls between their ends of stop.
	if n := fake.Stats().Routes[fakecloud.RouteDeleteTasks]; n < 4 || n > 5 {
		t.Errorf("%d batch delete calls, want 4 or 5", n)
	}
}

func TestDelete_batchGoneIdsAreSkipped(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := ids(fake.SeedTasks(5, fakecloud.TaskSpec{}))
	fake.DeleteOutOfBand(tasks[1])
	all := append(slices.Clone(tasks), "00000000-0000-4000-8000-00000000dead")

	res, err := serviceFor(c).DeleteMany(context.Background(), all, BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantSkipped := []string{"00000000-0000-4000-8000-00000000dead", tasks[1]}
	slices.Sort(wantSkipped)
	if !slices.Equal(res.Skipped, wantSkipped) {
		t.Errorf("skipped %v, want %v", res.Skipped, wantSkipped)
	}
	wantDeleted := []string{tasks[0], tasks[2], tasks[3], tasks[4]}
	slices.Sort(wantDeleted)
	if !slices.Equal(res.Deleted, wantDeleted) {
		t.Errorf("deleted %v, want %v", res.Deleted, wantDeleted)
	}
}

func TestDelete_batchTaskThatStaysBusyFailsAlone(t *testing.T) {
	for name, tc := range map[string]struct {
		spec        fakecloud.TaskSpec
		stopRunning bool
		want        []string
	}{
		"cloning cannot be stopped": {
			spec:        fakecloud.TaskSpec{Name: "cloning", State: "MIGRATE_SUCCESS", SourceState: "cloning", Connected: connected(true)},
			stopRunning: true,
			want:        []string{"source state cloning", "state MIGRATE_SUCCESS", "cannot be stopped"},
		},
		"running without stop": {
			spec: fakecloud.TaskSpec{Name: "running", State: "RUNNING", Connected: connected(true)},
			want: []string{"source state replicate", "state RUNNING", "stopping running tasks was not requested"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			fake, c := startFake(t, 30*time.Millisecond, 3)
			idle := ids(fake.SeedTasks(3, fakecloud.TaskSpec{}))
			stuck := fake.SeedTask(tc.spec).ID
			ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
			defer cancel()
			res, err := serviceFor(c).DeleteMany(ctx, append(idle, stuck), BatchOptions{DeleteOptions: DeleteOptions{StopRunning: tc.stopRunning}})
			if err == nil {
				t.Fatal("want an error")
			}
			if len(res.Failed) != 1 || res.Failed[stuck] == "" {
				t.Fatalf("failed %v, want only %s", res.Failed, stuck)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Failed[stuck], w) {
					t.Errorf("reason %q does not say %q", res.Failed[stuck], w)
				}
			}
			if len(res.Deleted) != 3 {
				t.Errorf("deleted %v, want the 3 idle tasks", res.Deleted)
			}
			if _, ok := fake.Task(stuck); !ok {
				t.Error("the busy task was deleted")
			}
			if got := fake.Actions(stuck); len(got) != 0 {
				t.Errorf("busy task got actions %v, want none", got)
			}
		})
	}
}

// Throttling that outlasts the client's retries must not end the batch: the
// next round tries again.
func TestDelete_batchThrottlingOutlastingRetriesRecovers(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 1)
	tasks := ids(fake.SeedTasks(12, fakecloud.TaskSpec{}))
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultStatus, Status: 429, Count: 3})
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteListTasks, Kind: fakecloud.FaultStatus, Status: 429, Count: 2})
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultStatus, Status: 503, Count: 2})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := serviceFor(c).DeleteMany(ctx, tasks, BatchOptions{ChunkSize: MaxChunkSize})
	if err != nil {
		t.Fatalf("DeleteMany: %v (failed %v)", err, res.Failed)
	}
	if len(res.Deleted) != 12 || len(fake.Tasks()) != 0 {
		t.Fatalf("deleted %d, %d left in the fake", len(res.Deleted), len(fake.Tasks()))
	}
	if len(fake.Faults()) != 0 {
		t.Errorf("faults left unused: %v", fake.Faults())
	}
}

func TestDelete_batchPermanentErrorEndsAtOnce(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	// Stopped: every reading of the gate deletes these, so a 403 cannot be
	// the gate's refusal. (With the source waiting, a 403 may be the gate,
	// and is retried until the timeout.)
	tasks := ids(fake.SeedTasks(3, fakecloud.TaskSpec{State: fakecloud.StateAbort}))
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultStatus, Status: 403})

	start := time.Now()
	res, err := serviceFor(c).DeleteMany(context.Background(), tasks, BatchOptions{})
	if err == nil {
		t.Fatal("want an error")
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %s; a 403 must end the call at once", time.Since(start))
	}
	if len(res.Failed) != 3 {
		t.Fatalf("failed %v, want all 3", res.Failed)
	}
	for id, reason := range res.Failed {
		if !strings.Contains(reason, "SMS.9004") {
			t.Errorf("reason for %s = %q, want the API error code", id, reason)
		}
	}
	if fake.Stats().Routes[fakecloud.RouteDeleteTasks] != 1 {
		t.Errorf("%d batch calls, want 1", fake.Stats().Routes[fakecloud.RouteDeleteTasks])
	}
}

func TestDelete_batchRejectsEmptyID(t *testing.T) {
	_, c := startFake(t, 30*time.Millisecond, 0)
	if _, err := serviceFor(c).DeleteMany(context.Background(), []string{"a", ""}, BatchOptions{}); err == nil {
		t.Fatal("want an error for an empty id")
	}
}

// A running task whose agent is disconnected passes the gate: it is deleted
// as it is, without a stop.
func TestDelete_batchDisconnectedRunningTaskIsNotStopped(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	id := fake.SeedTask(fakecloud.TaskSpec{State: "RUNNING", Connected: connected(false)}).ID
	res, err := serviceFor(c).DeleteMany(context.Background(), []string{id}, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Deleted, []string{id}) {
		t.Errorf("deleted %v", res.Deleted)
	}
	if got := fake.Actions(id); len(got) != 0 {
		t.Errorf("actions %v, want none", got)
	}
	if n := fake.Stats().Routes[fakecloud.RouteDeleteTasks]; n != 1 {
		t.Errorf("%d batch deletes, want 1: the read that showed the agent link let it go at once", n)
	}
}

func TestDelete_batchChunksStopsBusyAndSkipsGone(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(120, fakecloud.TaskSpec{Name: "bulk"})
	for _, i := range []int{10, 70} {
		if _, err := fake.SetTask(tasks[i].ID, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
			t.Fatal(err)
		}
	}
	ids := []string{"fa570000-0000-4000-8000-00000000ffff"} // never existed
	for _, tk := range tasks {
		ids = append(ids, tk.ID)
	}
	res, err := serviceFor(c).DeleteMany(ctxFor(t, 10*time.Second), ids, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
	if err != nil {
		t.Fatalf("DeleteMany: %v (failed %v)", err, res.Failed)
	}
	if len(res.Deleted) != 120 || !slices.Equal(res.Skipped, ids[:1]) || len(res.Failed) != 0 {
		t.Fatalf("deleted %d, skipped %v, failed %v", len(res.Deleted), res.Skipped, res.Failed)
	}
	if left := fake.Tasks(); len(left) != 0 {
		t.Fatalf("%d tasks left in the fake", len(left))
	}
	if acts := fake.Actions(tasks[70].ID); !slices.Equal(acts, []string{"stop"}) {
		t.Fatalf("busy task received %v", acts)
	}
	// 118 idle ids go out in three chunks; the two stopped ones need at most
	// one more call once they have stopped.
	if n := fake.Stats().Routes[fakecloud.RouteDeleteTasks]; n < 3 || n > 5 {
		t.Fatalf("batch delete calls = %d, want 3 to 5", n)
	}
}

func TestDelete_batchReportsWhatStaysBehind(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(3, fakecloud.TaskSpec{Name: "mixed"})
	if _, err := fake.SetTask(tasks[1].ID, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
		t.Fatal(err)
	}
	ids := []string{tasks[0].ID, tasks[1].ID, tasks[2].ID}
	res, err := serviceFor(c).DeleteMany(ctxFor(t, 400*time.Millisecond), ids, BatchOptions{})
	if err == nil {
		t.Fatal("want an error for the task that stayed running")
	}
	if len(res.Failed) != 1 || res.Failed[tasks[1].ID] == "" || len(res.Deleted) != 2 {
		t.Fatalf("deleted %v, failed %v", res.Deleted, res.Failed)
	}
}
