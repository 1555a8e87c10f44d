package smstask

import (
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The gate is driven by the wait's elapsed time, so a six-hour wait plays
// out here in made-up polls, without a clock.

// A wait on which nothing moves is reported once at the start, then about
// once a minute, and at the end.
func TestProgressGate_quietWait(t *testing.T) {
	var g progressGate
	lines := 0
	const poll = 10 * time.Second
	const total = 6 * time.Hour
	for e := time.Duration(0); e <= total; e += poll {
		if _, ok := g.pass(Progress{State: "RUNNING", Source: "replicate", Percent: 16, Elapsed: e, Finished: e == total}); ok {
			lines++
		}
	}
	// The first poll, one a minute after it (360), and the end coincides with one.
	if want := 1 + int(total/QuietProgressInterval); lines != want {
		t.Errorf("%d lines for a quiet 6-hour wait polled every %s, want %d", lines, poll, want)
	}
}

// Every change of state, source state or percentage is reported at once;
// what only the estimate of the time left changes is not.
func TestProgressGate_changes(t *testing.T) {
	var g progressGate
	polls := []struct {
		p    Progress
		want bool
	}{
		{Progress{State: "RUNNING", Source: "replicate", Percent: 0, Elapsed: 0}, true},
		{Progress{State: "RUNNING", Source: "replicate", Percent: 0, Remaining: 90 * time.Second, Elapsed: 2 * time.Second}, false},
		{Progress{State: "RUNNING", Source: "replicate", Percent: 16, Remaining: 23 * time.Second, Elapsed: 4 * time.Second}, true},
		{Progress{State: "RUNNING", Source: "replicate", Percent: 16, Remaining: 21 * time.Second, Elapsed: 6 * time.Second}, false},
		{Progress{State: "RUNNING", Source: "syncing", Percent: 16, Elapsed: 8 * time.Second}, true},
		{Progress{State: "RUNNING", Source: "syncing", Percent: 16, Elapsed: 67 * time.Second}, false},
		{Progress{State: "RUNNING", Source: "syncing", Percent: 16, Elapsed: 68 * time.Second}, true}, // a minute after the last line
		{Progress{State: "RUNNING", Source: "syncing", Percent: 16, Elapsed: 70 * time.Second}, false},
		{Progress{State: "MIGRATE_SUCCESS", Source: "syncing", Percent: 16, Elapsed: 72 * time.Second}, true},
		{Progress{State: "MIGRATE_SUCCESS", Source: "syncing", Percent: 16, Elapsed: 73 * time.Second, Finished: true}, true},
	}
	for i, poll := range polls {
		if _, got := g.pass(poll.p); got != poll.want {
			t.Errorf("poll %d (%+v): reported %v, want %v", i, poll.p, got, poll.want)
		}
	}
}

// A sub-task that ends and the next that starts at 0% read as the next step,
// not as progress going from 90% back to 0%; a poll that reads less than an
// earlier one (a step that restarts) shows the furthest point reached.
func TestProgressGate_onlyGoesUp(t *testing.T) {
	sub := func(p1, p2, p3 int) *sms.Task {
		return &sms.Task{State: "RUNNING", SubTasks: []sms.SubTask{
			{ID: 3, Name: "DETTACH_AGENT_IMAGE", Progress: p3}, // listed out of order
			{ID: 1, Name: "CREATE_CLOUD_SERVER", Progress: p1},
			{ID: 2, Name: "MIGRATE_LINUX_BLOCK", Progress: p2},
		}}
	}
	type shown struct {
		step    int
		name    string
		percent int
	}
	polls := []struct {
		task *sms.Task
		want shown
	}{
		{&sms.Task{State: "READY"}, shown{0, "", 0}},
		{sub(0, 0, 0), shown{1, "CREATE_CLOUD_SERVER", 0}},
		{sub(90, 0, 0), shown{1, "CREATE_CLOUD_SERVER", 90}},
		{sub(100, 0, 0), shown{2, "MIGRATE_LINUX_BLOCK", 0}},
		{sub(100, 45, 0), shown{2, "MIGRATE_LINUX_BLOCK", 45}},
		{sub(100, 30, 0), shown{2, "MIGRATE_LINUX_BLOCK", 45}}, // read lower: held
		{sub(90, 0, 0), shown{2, "MIGRATE_LINUX_BLOCK", 45}},   // an earlier step: held
		{sub(100, 100, 0), shown{3, "DETTACH_AGENT_IMAGE", 0}},
		{sub(100, 100, 100), shown{3, "DETTACH_AGENT_IMAGE", 100}},
	}
	var g progressGate
	for i, poll := range polls {
		p, _ := g.pass(progressOf("t1", poll.task, time.Duration(i)*time.Second, false))
		if got := (shown{p.Step, p.StepName, p.Percent}); got != poll.want {
			t.Errorf("poll %d: shows step %d %q at %d%%, want %+v", i, got.step, got.name, got.percent, poll.want)
		}
		if p.Step > 0 && p.Steps != 3 {
			t.Errorf("poll %d: %d steps, want 3", i, p.Steps)
		}
	}
}

// A step that has started is the one under way, even when an earlier one
// never did (a step the service skips).
func TestStepOf_skippedStep(t *testing.T) {
	step, steps, name, percent := stepOf(&sms.Task{SubTasks: []sms.SubTask{
		{ID: 1, Name: "CREATE_CLOUD_SERVER", Progress: 100},
		{ID: 2, Name: "OPTIONAL_CHECK", Progress: 0},
		{ID: 3, Name: "MIGRATE_LINUX_FILE", Progress: 12},
	}})
	if step != 3 || steps != 3 || name != "MIGRATE_LINUX_FILE" || percent != 12 {
		t.Errorf("stepOf: %d of %d %q %d%%, want 3 of 3 MIGRATE_LINUX_FILE 12%%", step, steps, name, percent)
	}
}
