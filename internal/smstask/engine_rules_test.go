package smstask

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The rules that were different on one path (issue 34), now one table.

// A stop refused while the task keeps running ends that task's delete with
// the refusal (the per-task path did; the batch path waited to its
// deadline); the other tasks are deleted.
func TestDelete_batchRefusedStopEndsThatTask(t *testing.T) {
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
func TestDelete_batchStopsABusyTaskOutsideTheDenyList(t *testing.T) {
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
