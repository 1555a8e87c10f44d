package smstask

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Only SMS's own 404 for a task proves it gone (issue 30). These are the
// other 404s a read can meet between the provider and the service.
var foreign404s = []struct {
	name  string
	fault fakecloud.Fault
}{
	{"proxy page", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Body: fakecloud.FaultBodyHTML}},
	{"empty body", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Body: fakecloud.FaultBodyEmpty}},
	{"gateway APIGW.0101", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404}},
	{"another service's code", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Code: "ECS.0114", Message: "The server does not exist."}},
}

// A task the gate refuses for good, whose every read answers a 404 that is
// not SMS's: the delete never takes it for gone; it fails at its deadline,
// and the task is still there.
func TestDelete_foreign404NeverProvesGone(t *testing.T) {
	for _, tc := range foreign404s {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := startFake(t, 30*time.Millisecond, 2)
			id := fake.SeedTask(fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning}).ID
			f := tc.fault
			f.Route = fakecloud.RouteShowTask
			fake.InjectFault(f)
			err := serviceFor(c).Delete(ctxFor(t, 400*time.Millisecond), id, DeleteOptions{})
			var de *DeleteError
			if !errors.As(err, &de) {
				t.Fatalf("want a DeleteError, got %v", err)
			}
			if _, ok := fake.Task(id); !ok {
				t.Fatal("the task is gone, yet the fault kept every read from seeing it")
			}
			if de.Seen || !strings.Contains(err.Error(), "no read of the task succeeded") || !strings.Contains(err.Error(), "404") {
				t.Errorf("message %q should say no read succeeded and name the 404", err)
			}
		})
	}
}

// The same 404s on some reads only (more than the client's retries): the
// delete goes on reading and ends on the task's real 404.
func TestDelete_foreign404IsRetried(t *testing.T) {
	for _, tc := range foreign404s {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := startFake(t, 30*time.Millisecond, 2)
			id := fake.SeedTask(fakecloud.TaskSpec{Name: "idle"}).ID
			f := tc.fault
			f.Route, f.Count = fakecloud.RouteShowTask, 7
			fake.InjectFault(f)
			if err := serviceFor(c).Delete(ctxFor(t, 10*time.Second), id, DeleteOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, ok := fake.Task(id); ok {
				t.Fatal("Delete returned, but the task is still there")
			}
			if n := fake.Stats().Statuses["404"]; n < 8 {
				t.Errorf("%d answers were 404, want the 7 injected and the task's own", n)
			}
		})
	}
}

// SMS's own 404 proves the task gone whatever its code, named id or not
// (the pages document neither).
func TestDelete_anySMS404ProvesGone(t *testing.T) {
	fake, c := startFakeWith(t, fakecloud.Options{NotFoundUnnamed: true})
	id := fake.SeedTask(fakecloud.TaskSpec{Name: "idle"}).ID
	if err := serviceFor(c).Delete(ctxFor(t, 10*time.Second), id, DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Task(id); ok {
		t.Fatal("the task is still there")
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

// A create for a source whose task is being deleted (a destroy that was cut
// short) waits until that task is gone and then creates a new one: it
// neither adopts the task on its way out nor fails.
func TestCreateTask_waitsForTheSourcesDeletingTask(t *testing.T) {
	fake, c := startFakeWith(t, fakecloud.Options{})
	old := fake.SeedTask(fakecloud.TaskSpec{Name: "web-01-task"})
	if err := c.DeleteTask(ctxFor(t, 5*time.Second), old.ID); err != nil {
		t.Fatal(err)
	}
	if tk, _ := fake.Task(old.ID); tk.State != fakecloud.StateDeleting {
		t.Fatalf("the old task is %s, want DELETING", tk.State)
	}
	body := createBody(fake, old.SourceID, old.Name)
	body.Type = old.Type
	id, adopted, err := serviceFor(c).CreateTask(ctxFor(t, 10*time.Second), body, CreateOptions{AdoptExisting: true})
	if err != nil || adopted || id == old.ID {
		t.Fatalf("id %s (old %s), adopted %t, err %v: want a new task", id, old.ID, adopted, err)
	}
	if _, ok := fake.Task(old.ID); ok {
		t.Error("the old task is still there")
	}
	if tk, ok := fake.Task(id); !ok || tk.State == fakecloud.StateDeleting {
		t.Errorf("the new task: %+v, %t", tk, ok)
	}
}

// The rules that were different on one path (issue 34), now one table.

// A stop refused while the task keeps running ends that task's delete with
// the refusal (the per-task path did; the batch path waited to its
// deadline); the other tasks are deleted.
func TestDeleteMany_refusedStopEndsThatTask(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 2)
	idle := ids(fake.SeedTasks(2, fakecloud.TaskSpec{Name: "idle"}))
	busy := fake.SeedTask(fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning}).ID
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteTaskAction, Kind: fakecloud.FaultStatus, Status: 400, Code: "SMS.6400", Message: "Invalid request."})
	res, err := serviceFor(c).DeleteMany(ctxFor(t, time.Minute), append(idle, busy), BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
	if err == nil || len(res.Deleted) != 2 || !strings.Contains(res.Failed[busy], "the stop was refused") || !strings.Contains(res.Failed[busy], "SMS.6400") {
		t.Fatalf("deleted %v, failed %v, err %v: want the idle tasks deleted and the busy one reported with the stop's refusal", res.Deleted, res.Failed, err)
	}
	if n := fake.Stats().Routes[fakecloud.RouteTaskAction]; n != 1 {
		t.Errorf("%d stops sent, want 1", n)
	}
}

// A running task whose source is in neither of the gate's lists (here
// "cleared": some reading refuses it) is stopped first on every path (the
// batch path stopped only the deny list's).
func TestDeleteMany_stopsABusyTaskOutsideTheDenyList(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 2)
	id := fake.SeedTask(fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning, SourceState: "cleared"}).ID
	res, err := serviceFor(c).DeleteMany(ctxFor(t, 10*time.Second), []string{id}, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
	if err != nil || len(res.Deleted) != 1 {
		t.Fatalf("deleted %v, failed %v, err %v", res.Deleted, res.Failed, err)
	}
	if got := fake.Actions(id); len(got) != 1 || got[0] != "stop" {
		t.Errorf("operations %v, want one stop", got)
	}
}

// A read that keeps failing past the client's retries does not end a
// delete: it is read again on the next round (the per-task path ended on
// it; the batch path went on).
func TestDelete_failingReadsAreReadAgain(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 1)
	id := fake.SeedTask(fakecloud.TaskSpec{Name: "idle"}).ID
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: 503, Count: 6})
	if err := serviceFor(c).Delete(ctxFor(t, 10*time.Second), id, DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Task(id); ok {
		t.Fatal("Delete returned, but the task is still there")
	}
}

// A deletion that keeps coming back is given up on after the third time,
// on every path, and the task is left as the service shows it (not
// DELETING): no deadline is needed to end it.
func TestDelete_givesUpAfterThreeFailedDeletions(t *testing.T) {
	fake, c := startFakeWith(t, fakecloud.Options{AfterDelete: fakecloud.AfterDeleteFails})
	one := fake.SeedTask(fakecloud.TaskSpec{Name: "one"}).ID
	many := ids(fake.SeedTasks(3, fakecloud.TaskSpec{Name: "many"}))
	err := serviceFor(c).Delete(ctxFor(t, time.Hour), one, DeleteOptions{})
	var de *DeleteError
	if !errors.As(err, &de) || de.Failures != maxDeletionFailures || de.State != fakecloud.StateReady {
		t.Fatalf("Delete: %v, want a DeleteError after %d failed deletions, task READY", err, maxDeletionFailures)
	}
	res, err := serviceFor(c).DeleteMany(ctxFor(t, time.Hour), many, BatchOptions{})
	if err == nil || len(res.Failed) != 3 {
		t.Fatalf("DeleteMany: failed %v, err %v", res.Failed, err)
	}
	for _, tk := range fake.Tasks() {
		if tk.State != fakecloud.StateReady {
			t.Errorf("task %s is %s, want READY (back after its failed deletions)", tk.ID, tk.State)
		}
	}
}
