package smstask

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// A refusal of a batch sent from a listing (which does not show the agent
// link) whose agents disconnect before the read that settles it: what the
// gate looked at when the batch was sent is unknown, so the refusal is
// taken for the gate's and the tasks are sent again, not given up on.
// (make test once saw TestAccSMSTasksBatchDelete_refusalReadings give up
// on them when its agents went away at that moment.)
func TestDelete_batchRefusalSettledAfterTheAgentsLeft(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{Timing: fakecloud.FastTiming(30 * time.Millisecond), RequireProjectHeader: true,
		DeleteRefusal: fakecloud.RefusalForbidden, AfterDelete: fakecloud.AfterDeletePrevious})
	tasks := ids(fake.SeedTasks(4, fakecloud.TaskSpec{Name: "drill", SourceState: "premiged"}))
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fake.ServeHTTP(w, r)
		if r.Method == http.MethodPost && r.URL.Path == "/v3/tasks/delete" {
			once.Do(func() {
				off := false
				for _, id := range tasks {
					_, _ = fake.SetTask(id, fakecloud.TaskPatch{Connected: &off})
				}
			})
		}
	}))
	t.Cleanup(srv.Close)
	c := clientFor(t, srv.URL, fake.ProjectID(), 2)
	res, err := serviceFor(c).DeleteMany(ctxFor(t, time.Minute), tasks, BatchOptions{})
	if err != nil || len(res.Deleted) != len(tasks) {
		t.Fatalf("deleted %v, failed %v, err %v: want every task deleted", res.Deleted, res.Failed, err)
	}
	if n := fake.Stats().Statuses["403"]; n == 0 {
		t.Fatal("no batch was refused: the test proves nothing")
	}
}

// An agent that goes away while its task's states stay the same: the link a
// read by ID showed is trusted for a while only, then read again, so the
// tasks are deleted once the gate lets them through (it was trusted for
// good, and the delete waited to its deadline).
func TestDelete_batchAgentLinkIsReadAgain(t *testing.T) {
	timing := fakecloud.FastTiming(30 * time.Millisecond)
	timing.Migrate = time.Hour // the tasks keep running
	fake := fakecloud.New(fakecloud.Options{Timing: timing, RequireProjectHeader: true})
	tasks := ids(fake.SeedTasks(3, fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning}))
	var mu sync.Mutex
	reads := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fake.ServeHTTP(w, r)
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v3/tasks/") {
			mu.Lock()
			defer mu.Unlock()
			if reads++; reads == len(tasks) { // the agents leave once reads by ID have shown each connected
				off := false
				for _, id := range tasks {
					_, _ = fake.SetTask(id, fakecloud.TaskPatch{Connected: &off})
				}
			}
		}
	}))
	t.Cleanup(srv.Close)
	c := clientFor(t, srv.URL, fake.ProjectID(), 2)
	res, err := serviceFor(c).DeleteMany(ctxFor(t, time.Minute), tasks, BatchOptions{})
	if err != nil || len(res.Deleted) != len(tasks) {
		t.Fatalf("deleted %v, failed %v, err %v: want every task deleted once its agent left", res.Deleted, res.Failed, err)
	}
}
