package smstask

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

func startFakeWith(t *testing.T, opts fakecloud.Options) (*fakecloud.Server, *sms.Client) {
	t.Helper()
	opts.Timing, opts.RequireProjectHeader = fakecloud.FastTiming(30*time.Millisecond), true
	fake := fakecloud.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, clientFor(t, srv.URL, fake.ProjectID(), 3)
}

func TestGateReadings(t *testing.T) {
	task := func(connected bool, src string) *sms.Task {
		return &sms.Task{Connected: connected, SourceServer: sms.TaskSourceServer{State: src}}
	}
	for _, c := range []struct {
		t            *sms.Task
		refuses, may bool
	}{
		{task(true, "replicate"), true, true},
		{task(true, "waiting"), false, true},
		{task(true, "cleared"), false, true},
		{task(true, "premiged"), false, true},
		{task(true, "stopped"), false, false},
		{task(true, "finished"), false, false},
		{task(false, "replicate"), false, false},
	} {
		if GateRefuses(c.t) != c.refuses || GateMayRefuse(c.t) != c.may {
			t.Errorf("%+v: refuses %t may %t", c.t.SourceServer, GateRefuses(c.t), GateMayRefuse(c.t))
		}
	}
}

// A refusal is recognised whatever its code, in the single and the batch
// delete, and retried until the task can go (here: its agent goes away).
func TestDeleteRefusedWithAnyCode(t *testing.T) {
	for _, refusal := range []fakecloud.DeleteRefusal{fakecloud.RefusalLegacy, fakecloud.RefusalOtherCode, fakecloud.RefusalForbidden} {
		fake, c := startFakeWith(t, fakecloud.Options{DeleteRefusal: refusal})
		single := fake.SeedTask(fakecloud.TaskSpec{SourceState: "cleared"})
		batch := fake.SeedTasks(3, fakecloud.TaskSpec{SourceState: "premiged"})
		go func() {
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				st := fake.Stats().Statuses
				if st["400"]+st["403"] >= 2 {
					off := false
					for _, tk := range append(batch, single) {
						_, _ = fake.SetTask(tk.ID, fakecloud.TaskPatch{Connected: &off})
					}
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
		if err := serviceFor(c).Delete(ctxFor(t, 5*time.Second), single.ID, DeleteOptions{StopRunning: true}); err != nil {
			t.Fatalf("refusal %d: Delete: %v", refusal, err)
		}
		res, err := serviceFor(c).DeleteMany(ctxFor(t, 5*time.Second), ids(batch), BatchOptions{})
		if err != nil || len(res.Deleted) != 3 {
			t.Fatalf("refusal %d: DeleteMany: %v %+v", refusal, err, res)
		}
	}
}

// A 403 on a task every reading would delete is a real error: Delete ends
// at once and names the task's state and the error.
func TestDeleteForbiddenOnDeletableTask(t *testing.T) {
	fake, c := startFakeWith(t, fakecloud.Options{})
	tk := fake.SeedTask(fakecloud.TaskSpec{State: "ABORT"})
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultStatus, Status: 403})
	start := time.Now()
	err := serviceFor(c).Delete(ctxFor(t, 5*time.Second), tk.ID, DeleteOptions{})
	if err == nil || time.Since(start) > 2*time.Second || !strings.Contains(err.Error(), "ABORT") || !strings.Contains(err.Error(), "SMS.9004") {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
}

// After an accepted delete the task may keep its previous state until the
// 404: Delete waits for it, sending the delete once more (a batch may have
// skipped the id) and no more.
func TestDeleteWaitsThroughPreviousState(t *testing.T) {
	fake, c := startFakeWith(t, fakecloud.Options{AfterDelete: fakecloud.AfterDeletePrevious})
	tk := fake.SeedTask(fakecloud.TaskSpec{State: "ABORT"})
	if err := serviceFor(c).Delete(ctxFor(t, 5*time.Second), tk.ID, DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := fake.Stats().Routes[fakecloud.RouteDeleteTasks]; n != 2 {
		t.Fatalf("%d batch deletes, want 2", n)
	}
}
