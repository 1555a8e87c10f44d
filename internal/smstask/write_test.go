package smstask

import (
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

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
