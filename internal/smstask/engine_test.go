package smstask

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

func TestDelete_stopsRunningTaskThenWaitsUntilGone(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "running", State: fakecloud.StateRunning})
	if err := serviceFor(c).Delete(ctxFor(t, 5*time.Second), task.ID, DeleteOptions{StopRunning: true}); err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Task(task.ID); ok {
		t.Fatal("task still exists after Delete returned")
	}
	if acts := fake.Actions(task.ID); !slices.Equal(acts, []string{"stop"}) {
		t.Fatalf("fake received %v, want one stop", acts)
	}
	// Deleting again is a no-op: the task is gone.
	if err := serviceFor(c).Delete(ctxFor(t, time.Second), task.ID, DeleteOptions{}); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestDelete_givesUpWithTheTaskState(t *testing.T) {
	fake, c := startFake(t, 30*time.Millisecond, 3)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "stuck", State: fakecloud.StateRunning})
	err := serviceFor(c).Delete(ctxFor(t, 300*time.Millisecond), task.ID, DeleteOptions{StopRunning: false})
	var de *DeleteError
	if !errors.As(err, &de) || de.TaskID != task.ID || de.State != sms.TaskStateRunning || !de.Connected {
		t.Fatalf("want a DeleteError naming the running task, got %v", err)
	}
	if _, ok := fake.Task(task.ID); !ok {
		t.Fatal("the task disappeared although Delete failed")
	}
}
