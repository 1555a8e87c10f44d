package smstask

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

func TestRunStartWaitsForMigration(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "web"})
	var polls []Progress
	got, err := Run(ctxFor(t, 5*time.Second), c, task.ID, sms.TaskActionRequest{Operation: sms.OperationStart},
		RunOptions{Wait: true, OnProgress: func(p Progress) { polls = append(polls, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains([]string{sms.TaskStateRunning, sms.TaskStateMigrateSuccess}, got.State) {
		t.Fatalf("state after start = %s", got.State)
	}
	if acts := fake.Actions(task.ID); !slices.Equal(acts, []string{"start"}) {
		t.Fatalf("fake received %v, want exactly one start", acts)
	}
	if len(polls) == 0 || !polls[len(polls)-1].Finished {
		t.Fatalf("progress was not reported to the end: %+v", polls)
	}
}

func TestRunStopWaitsForAbort(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning})
	got, err := Run(ctxFor(t, 5*time.Second), c, task.ID, sms.TaskActionRequest{Operation: sms.OperationStop}, RunOptions{Wait: true})
	if err != nil || got.State != sms.TaskStateAbort {
		t.Fatalf("stop: state %v, err %v", got, err)
	}
}

func TestRunRefusedOperationCarriesAPICode(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "idle"})
	_, err := Run(ctxFor(t, 5*time.Second), c, task.ID, sms.TaskActionRequest{Operation: sms.OperationStop}, RunOptions{Wait: true})
	e, ok := sms.AsError(err)
	if !ok || e.Code != "SMS.1038" {
		t.Fatalf("want SMS.1038, got %v", err)
	}
	if _, err := Run(context.Background(), c, task.ID, sms.TaskActionRequest{Operation: "explode"}, RunOptions{}); err == nil {
		t.Fatal("an unknown operation was accepted")
	}
}

func TestRunAmbiguousFailureIsNotSentTwice(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "flaky"})
	// The fake answers 500 before its handler runs, so the first send had no
	// effect: Run must look, see nothing happened, and send exactly once more.
	fake.InjectFault(fakecloud.Fault{Route: "POST /v3/tasks/{task_id}/action", Kind: fakecloud.FaultStatus, Status: 500, Count: 1})
	if _, err := Run(ctxFor(t, 5*time.Second), c, task.ID, sms.TaskActionRequest{Operation: sms.OperationStart}, RunOptions{Wait: true}); err != nil {
		t.Fatal(err)
	}
	if acts := fake.Actions(task.ID); len(acts) != 1 {
		t.Fatalf("operation applied %d times: %v", len(acts), acts)
	}
}

func TestDeleteStopsRunningTaskThenWaitsUntilGone(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "running", State: fakecloud.StateRunning})
	if err := Delete(ctxFor(t, 5*time.Second), c, task.ID, DeleteOptions{StopFirst: true}); err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Task(task.ID); ok {
		t.Fatal("task still exists after Delete returned")
	}
	if acts := fake.Actions(task.ID); !slices.Equal(acts, []string{"stop"}) {
		t.Fatalf("fake received %v, want one stop", acts)
	}
	// Deleting again is a no-op: the task is gone.
	if err := Delete(ctxFor(t, time.Second), c, task.ID, DeleteOptions{}); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestDeleteGivesUpWithTheTaskState(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "stuck", State: fakecloud.StateRunning})
	err := Delete(ctxFor(t, 300*time.Millisecond), c, task.ID, DeleteOptions{StopFirst: false})
	var de *DeleteError
	if !errors.As(err, &de) || de.TaskID != task.ID || de.State != sms.TaskStateRunning || !de.Connected {
		t.Fatalf("want a DeleteError naming the running task, got %v", err)
	}
	if _, ok := fake.Task(task.ID); !ok {
		t.Fatal("the task disappeared although Delete failed")
	}
}

func TestDeleteManyChunksStopsBusyAndSkipsGone(t *testing.T) {
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
	res, err := DeleteMany(ctxFor(t, 10*time.Second), c, ids, BatchOptions{DeleteOptions: DeleteOptions{StopFirst: true}})
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
	if n := fake.Stats().Routes["POST /v3/tasks/delete"]; n < 3 || n > 5 {
		t.Fatalf("batch delete calls = %d, want 3 to 5", n)
	}
}

func TestDeleteManyReportsWhatStaysBehind(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	tasks := fake.SeedTasks(3, fakecloud.TaskSpec{Name: "mixed"})
	if _, err := fake.SetTask(tasks[1].ID, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
		t.Fatal(err)
	}
	ids := []string{tasks[0].ID, tasks[1].ID, tasks[2].ID}
	res, err := DeleteMany(ctxFor(t, 400*time.Millisecond), c, ids, BatchOptions{})
	if err == nil {
		t.Fatal("want an error for the task that stayed running")
	}
	if len(res.Failed) != 1 || res.Failed[tasks[1].ID] == "" || len(res.Deleted) != 2 {
		t.Fatalf("deleted %v, failed %v", res.Deleted, res.Failed)
	}
}

func ptr[T any](v T) *T { return &v }
