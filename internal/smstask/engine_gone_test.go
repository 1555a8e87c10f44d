package smstask

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
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
