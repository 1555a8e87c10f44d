package smstask

import (
	"testing"
	"time"
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
		if g.pass(Progress{State: "RUNNING", Source: "replicate", Percent: 16, Elapsed: e, Finished: e == total}) {
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
		if got := g.pass(poll.p); got != poll.want {
			t.Errorf("poll %d (%+v): reported %v, want %v", i, poll.p, got, poll.want)
		}
	}
}
