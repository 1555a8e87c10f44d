package provider

import (
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

func TestProgressMessage(t *testing.T) {
	p := smstask.Progress{TaskID: "t1", State: "RUNNING", Source: "replicate", Step: 2, Steps: 3, StepName: "MIGRATE_LINUX_BLOCK", Percent: 42,
		Remaining: 90 * time.Second, Elapsed: 3 * time.Second}
	if got, want := progressMessage("start", p), "SMS task t1, operation start waiting: state RUNNING, source server replicate, migration step 2 of 3 MIGRATE_LINUX_BLOCK 42%, about 1m30s left, elapsed 3s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	p.Finished, p.State, p.Step, p.StepName, p.Percent = true, "MIGRATE_SUCCESS", 3, "DETTACH_AGENT_IMAGE", 100
	if got, want := progressMessage("start", p), "SMS task t1, operation start finished: state MIGRATE_SUCCESS, source server replicate, migration step 3 of 3 DETTACH_AGENT_IMAGE 100%, elapsed 3s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// A task with no sub-task yet names no step.
	p = smstask.Progress{TaskID: "t1", State: "READY", Source: "waiting", Elapsed: time.Second}
	if got, want := progressMessage("network_check", p), "SMS task t1, operation network_check waiting: state READY, source server waiting, elapsed 1s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// The first line says whether the operation is sent, or its wait resumed
// without sending it.
func TestStartMessage(t *testing.T) {
	task := &sms.Task{State: "RUNNING"}
	task.SourceServer.State = "replicate"
	if got, want := startMessage("t1", "start", true, task), "SMS task t1: operation start was already received, by an earlier run "+
		"(state RUNNING, source server replicate): waiting for its outcome without sending it again"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	task.State, task.SourceServer.State = "READY", "waiting"
	if got, want := startMessage("t1", "start", false, task), "SMS task t1: sending operation start (state READY, source server waiting)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
