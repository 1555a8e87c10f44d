package smstask

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The pages leave open how the batch delete treats ids it cannot delete,
// what a deleted task shows before its 404, whether a deletion can fail, and
// which enterprise projects a listing covers. Whatever the reading, a delete
// that returns nil leaves a task that answers 404, and a task that stays is
// reported with its state.

// reading is one combination of the fake's delete readings.
type reading struct {
	name  string
	batch fakecloud.BatchDeleteReading
	after fakecloud.AfterDelete
	scope fakecloud.ListScope
	// otherProject puts the tasks in an enterprise project a listing without
	// enterprise_project_id does not show under ListScopeDefaultProject.
	otherProject bool
}

func convergingReadings() []reading {
	var rs []reading
	for _, b := range []struct {
		name string
		r    fakecloud.BatchDeleteReading
	}{{"named", fakecloud.BatchAllOrNothingNamed}, {"unnamed", fakecloud.BatchAllOrNothingUnnamed}, {"partial", fakecloud.BatchPartial}} {
		for _, a := range []struct {
			name string
			r    fakecloud.AfterDelete
		}{{"deleting", fakecloud.AfterDeleteDeleting}, {"gone", fakecloud.AfterDeleteGone}, {"previous", fakecloud.AfterDeletePrevious}} {
			rs = append(rs, reading{name: b.name + "/" + a.name, batch: b.r, after: a.r})
		}
	}
	return append(rs,
		reading{name: "scoped_listing/other_project", otherProject: true},
		reading{name: "all_listing/other_project", scope: fakecloud.ListScopeAll, otherProject: true},
	)
}

// startReadingFake seeds 12 tasks, 3 of them running with the agent
// connected (every reading of the gate refuses those), in a fake that
// follows r.
func startReadingFake(t *testing.T, r reading) (*fakecloud.Server, *sms.Client, []string, []string) {
	t.Helper()
	fake := fakecloud.New(fakecloud.Options{Timing: fakecloud.FastTiming(30 * time.Millisecond), RequireProjectHeader: true,
		BatchDelete: r.batch, AfterDelete: r.after, ListScope: r.scope})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	spec := fakecloud.TaskSpec{Name: "wave"}
	if r.otherProject {
		spec.EnterpriseProjectID = "ep-migration-wave"
	}
	var ids, running []string
	for i, tk := range fake.SeedTasks(12, spec) {
		ids = append(ids, tk.ID)
		if i%4 == 1 {
			running = append(running, tk.ID)
			if _, err := fake.SetTask(tk.ID, fakecloud.TaskPatch{State: ptr(fakecloud.StateRunning)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return fake, clientFor(t, srv.URL, fake.ProjectID(), 3), ids, running
}

// checkAllGone asserts that every id answers 404 and that each running task
// was stopped once before its delete.
func checkAllGone(t *testing.T, fake *fakecloud.Server, c *sms.Client, ids, running []string) {
	t.Helper()
	for _, id := range ids {
		if _, err := c.ShowTask(context.Background(), id); !sms.IsNotFound(err) {
			t.Errorf("task %s reported deleted but ShowTask says %v", id, err)
		}
	}
	for _, id := range running {
		if acts := fake.Actions(id); !slices.Equal(acts, []string{"stop"}) {
			t.Errorf("running task %s received %v, want one stop", id, acts)
		}
	}
}

func TestDelete_sharedEveryReadingEndsOnlyOn404(t *testing.T) {
	for _, r := range convergingReadings() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			fake, c, ids, running := startReadingFake(t, r)
			for id, err := range deleteAll(t, serviceFor(c), ids, DeleteOptions{StopRunning: true}, 20*time.Second) {
				if err != nil {
					t.Errorf("%s: %v", id, err)
				}
			}
			checkAllGone(t, fake, c, ids, running)
		})
	}
}

func TestDelete_batchEveryReadingEndsOnlyOn404(t *testing.T) {
	for _, r := range convergingReadings() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			fake, c, ids, running := startReadingFake(t, r)
			res, err := serviceFor(c).DeleteMany(ctxFor(t, 20*time.Second), ids, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
			if err != nil {
				t.Fatal(err)
			}
			if got := append(slices.Clone(res.Deleted), res.Skipped...); len(got) != len(ids) || len(res.Skipped) != 0 {
				t.Errorf("deleted %d, skipped %v; want all %d deleted", len(res.Deleted), res.Skipped, len(ids))
			}
			checkAllGone(t, fake, c, ids, running)
		})
	}
}

// A deletion that fails (DELETING, then back to the earlier state) is sent
// again a few times, then reported: nothing is called deleted that is not
// gone, and each task that stays is named with its state.
func TestDelete_failingDeletionIsReportedNotLost(t *testing.T) {
	r := reading{name: "fails", after: fakecloud.AfterDeleteFails}
	t.Run("coalesced", func(t *testing.T) {
		t.Parallel()
		fake, c, ids, _ := startReadingFake(t, r)
		errs := deleteAll(t, serviceFor(c), ids, DeleteOptions{StopRunning: true}, 3*time.Second)
		for _, id := range ids {
			checkStayedWithState(t, fake, id, errs[id])
		}
	})
	t.Run("batch", func(t *testing.T) {
		t.Parallel()
		fake, c, ids, _ := startReadingFake(t, r)
		ctx := ctxFor(t, 3*time.Second)
		res, err := serviceFor(c).DeleteMany(ctx, ids, BatchOptions{DeleteOptions: DeleteOptions{StopRunning: true}})
		if err == nil || len(res.Deleted) != 0 || len(res.Failed) != len(ids) {
			t.Fatalf("DeleteMany = %+v, %v; want every task failed", res, err)
		}
		for _, id := range ids {
			if _, ok := fake.Task(id); !ok {
				t.Errorf("task %s reported failed but gone", id)
			}
		}
	})
}

func checkStayedWithState(t *testing.T, fake *fakecloud.Server, id string, err error) {
	t.Helper()
	task, ok := fake.Task(id)
	if !ok {
		t.Errorf("task %s is gone but its delete reported %v", id, err)
		return
	}
	var de *DeleteError
	if !errors.As(err, &de) {
		t.Errorf("task %s stayed (%s) but its delete returned %v", id, task.State, err)
		return
	}
	// A failure between two reads looks like an accepted deletion that has
	// not ended yet; either way the state last read is named (the fake may
	// have moved on since: a deletion sent again may be under way).
	if de.State == "" || (de.Failures == 0 && !de.Accepted) {
		t.Errorf("task %s (%s in the fake): reported state %q, %d failures, accepted %t", id, task.State, de.State, de.Failures, de.Accepted)
	}
	if !strings.Contains(de.Error(), "state "+de.State) {
		t.Errorf("task %s: message %q does not name its state %s", id, de.Error(), de.State)
	}
}

// The documented 403 (SMS.9004, no permission) is not the gate: the delete
// ends at once with the permission named, without waiting for its timeout.
func TestDelete_permissionDeniedEndsAtOnce(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	id := fake.SeedTask(fakecloud.TaskSpec{Name: "denied"}).ID
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultStatus, Status: 403, Count: 1})
	err := serviceFor(c).Delete(ctxFor(t, time.Minute), id, DeleteOptions{})
	var de *DeleteError
	if !errors.As(err, &de) || !sms.IsPermissionDenied(de.Err) {
		t.Fatalf("want a DeleteError for SMS.9004, got %v", err)
	}
	if msg := err.Error(); !containsAll(msg, "SMS.9004", "permission") {
		t.Errorf("message %q does not name the permission problem", msg)
	}
	if n := fake.Stats().Routes[fakecloud.RouteDeleteTasks]; n != 1 {
		t.Errorf("%d deletes sent, want 1 (no retry of a permission error)", n)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
