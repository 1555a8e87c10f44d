package smstask

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// A 5xx burst on the action call is ambiguous; the fake applies faults before
// its handler, so nothing happened and the operation must be sent once more,
// and only once.
func TestRun_ambiguousFailureSendsOnce(t *testing.T) {
	fc, c := startFake(t, 10*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{})
	fc.InjectFault(fakecloud.Fault{Route: fakecloud.RouteTaskAction, Kind: fakecloud.FaultStatus, Status: 500, Count: 3})

	got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStart}, RunOptions{Wait: true})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !slices.Contains([]string{sms.TaskStateRunning, sms.TaskStateMigrateSuccess}, got.State) {
		t.Errorf("state %s, want RUNNING or MIGRATE_SUCCESS", got.State)
	}
	if a := fc.Actions(task.ID); !slices.Equal(a, []string{"start"}) {
		t.Errorf("actions %v, want exactly [start]", a)
	}
	if f := fc.Faults(); len(f) != 0 {
		t.Errorf("faults left %v, want the burst consumed", f)
	}
}

// skip leaves the task RUNNING, the very state it had before: an unchanged
// RUNNING task after a 5xx must not be taken for a skip that happened.
func TestRun_ambiguousSkipIsResent(t *testing.T) {
	fc, c := startFake(t, 10*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{State: sms.TaskStateRunning, ConsistencyCheck: true})
	fc.InjectFault(fakecloud.Fault{Route: fakecloud.RouteTaskAction, Kind: fakecloud.FaultStatus, Status: 502, Count: 1})

	got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationSkip}, RunOptions{Wait: true})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if a := fc.Actions(task.ID); !slices.Equal(a, []string{"skip"}) {
		t.Errorf("actions %v, want exactly [skip]", a)
	}
	if got.State != sms.TaskStateRunning {
		t.Errorf("state %s, want RUNNING", got.State)
	}
}

func TestRun_refusedReturnsAPIError(t *testing.T) {
	fc, c := startFake(t, 10*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{})

	_, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStop}, RunOptions{Wait: true})
	e, ok := sms.AsError(err)
	if !ok || e.Code != "SMS.1038" {
		t.Fatalf("err %v, want API error SMS.1038", err)
	}
	if a := fc.Actions(task.ID); len(a) != 0 {
		t.Errorf("actions %v, want none", a)
	}
}

func TestRun_failureNamesTaskState(t *testing.T) {
	fc, c := startFake(t, time.Hour, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{State: sms.TaskStateMigrateSuccess})
	failed := sms.SourceStateClearFailed
	errJSON := ""
	// The fake never fails a clear by itself: fail it behind the API's back
	// once the wait has seen it start.
	onProgress := func(p Progress) {
		if p.Source == sms.SourceStateClearing {
			if _, err := fc.SetTask(task.ID, fakecloud.TaskPatch{SourceState: &failed}); err != nil {
				t.Error(err)
			}
		}
	}
	_, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationClear}, RunOptions{Wait: true, OnProgress: onProgress})
	var oe *OperationError
	if !errors.As(err, &oe) {
		t.Fatalf("err %v (%T), want *OperationError", err, err)
	}
	if oe.TimedOut || oe.State != sms.TaskStateMigrateSuccess || oe.SourceState != failed || oe.TaskError != errJSON {
		t.Errorf("got %+v, want a failure in MIGRATE_SUCCESS / clearfailed", oe)
	}
	if !strings.Contains(err.Error(), "clearfailed") || !strings.Contains(err.Error(), "clear") {
		t.Errorf("error %q does not name the operation and the state", err)
	}
	var se *wait.StateError
	if !errors.As(err, &se) {
		t.Errorf("OperationError does not unwrap to the waiter's StateError")
	}
}

func TestRun_timeoutNamesTaskState(t *testing.T) {
	fc, c := startFake(t, time.Hour, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{NeedMigrationTest: true})

	_, err := serviceFor(c).Run(ctxFor(t, 300*time.Millisecond), task.ID, sms.TaskActionRequest{Operation: sms.OperationMigrationTest}, RunOptions{Wait: true})
	var oe *OperationError
	if !errors.As(err, &oe) || !oe.TimedOut {
		t.Fatalf("err %v, want a timed-out *OperationError", err)
	}
	// Every transition takes an hour: the drill is still being prepared.
	if oe.SourceState != sms.SourceStatePremigReady || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %+v (%v), want source premigready and a deadline error", oe, err)
	}
}

func TestRun_startWaitsAndReportsProgress(t *testing.T) {
	fc, c := startFake(t, 30*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{})
	var events []Progress
	got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStart},
		RunOptions{Wait: true, OnProgress: func(p Progress) { events = append(events, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || !events[len(events)-1].Finished || events[0].TaskID != task.ID {
		t.Errorf("progress events %+v, want at least one, the last finished", events)
	}
	if !slices.Contains([]string{sms.TaskStateRunning, sms.TaskStateMigrateSuccess}, got.State) {
		t.Errorf("state after start = %s, want RUNNING or MIGRATE_SUCCESS", got.State)
	}
	if acts := fc.Actions(task.ID); !slices.Equal(acts, []string{"start"}) {
		t.Errorf("fake received %v, want exactly one start", acts)
	}
}

func TestRun_stopWaitsForAbort(t *testing.T) {
	fc, c := startFake(t, 30*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStop}, RunOptions{Wait: true})
	if err != nil || got.State != sms.TaskStateAbort {
		t.Fatalf("stop: state %v, err %v", got, err)
	}
}

// staleServer answers ShowTask from a script, one entry per read (the last
// one repeats), and accepts every action.
type staleServer struct {
	mu      sync.Mutex
	reads   int
	actions int
	script  []string // "STATE/source"
}

func (s *staleServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodPost {
		s.actions++
		_, _ = w.Write([]byte(`{}`))
		return
	}
	st := s.script[min(s.reads, len(s.script)-1)]
	s.reads++
	state, src, _ := strings.Cut(st, "/")
	_, _ = w.Write([]byte(`{"id":"t1","state":"` + state + `","source_server":{"id":"s1","state":"` + src + `"}}`))
}

// test on a finished task: the service may still show the old finished
// state right after accepting the operation. That is not the outcome.
func TestRun_staleOutcomeNotTaken(t *testing.T) {
	ss := &staleServer{script: []string{
		"MIGRATE_SUCCESS/finished", // before
		"MIGRATE_SUCCESS/finished", // not picked up yet
		"MIGRATE_SUCCESS/cutovering",
		"MIGRATE_SUCCESS/finished",
	}}
	srv := httptest.NewServer(ss)
	t.Cleanup(srv.Close)
	c := clientFor(t, srv.URL, "0123456789abcdef0123456789abcdef", 3)

	_, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), "t1", sms.TaskActionRequest{Operation: sms.OperationTest}, RunOptions{Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.reads < 4 || ss.actions != 1 {
		t.Errorf("reads %d, actions %d: want the wait to go on until the task left and came back to finished, with one action", ss.reads, ss.actions)
	}
}

func TestRun_unknownOperation(t *testing.T) {
	_, err := (&Service{}).Run(context.Background(), "t1", sms.TaskActionRequest{Operation: "sync"}, RunOptions{})
	if err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("err %v, want unsupported operation", err)
	}
}

func TestExpectationsCoverOperations(t *testing.T) {
	for _, op := range Operations {
		e, ok := ExpectationFor(op)
		if !ok || e.Describes == "" || e.Operation != op {
			t.Errorf("operation %s: expectation %+v, %t", op, e, ok)
		}
	}
}

// UntilReplicated: start returns once the replication is done, so test can
// follow at once: MIGRATE_SUCCESS, or SYNCING for a synchronising task.
// Progress (percent, time left) is reported on the way.
func TestRun_untilReplicated(t *testing.T) {
	for _, syncing := range []bool{false, true} {
		fc, c := startFake(t, 50*time.Millisecond, 3)
		task := fc.SeedTask(fakecloud.TaskSpec{Syncing: syncing})
		var polls []Progress
		got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStart},
			RunOptions{Wait: true, UntilReplicated: true, OnProgress: func(p Progress) { polls = append(polls, p) }})
		if err != nil {
			t.Fatalf("syncing=%t: Run: %v", syncing, err)
		}
		want := sms.TaskStateMigrateSuccess
		if syncing {
			want = sms.TaskStateSyncing
		}
		if got.State != want {
			t.Errorf("syncing=%t: state %s, want %s", syncing, got.State, want)
		}
		if len(polls) < 2 || polls[0].State != sms.TaskStateRunning || !polls[len(polls)-1].Finished {
			t.Errorf("syncing=%t: progress %+v, want RUNNING polls before the finished one", syncing, polls)
		}
		if !slices.ContainsFunc(polls, func(p Progress) bool { return p.Remaining > 0 && p.Percent > 0 }) {
			t.Errorf("syncing=%t: no poll reported percent and time left: %+v", syncing, polls)
		}
		// The fake's three sub-tasks, by name, and never a step back.
		if last := polls[len(polls)-1]; last.Step != 3 || last.Steps != 3 || last.StepName != "DETTACH_AGENT_IMAGE" {
			t.Errorf("syncing=%t: the last poll shows step %d of %d %q, want the third of 3, DETTACH_AGENT_IMAGE", syncing, last.Step, last.Steps, last.StepName)
		}
		for i := 1; i < len(polls); i++ {
			if polls[i].behind(polls[i-1]) {
				t.Errorf("syncing=%t: progress went back from %+v to %+v", syncing, polls[i-1], polls[i])
			}
		}
		if _, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationTest}, RunOptions{Wait: true}); err != nil {
			t.Errorf("syncing=%t: test right after the replicated start: %v", syncing, err)
		}
	}
}

// SYNC_SUCCESS ("sync succeeded" in the SDK's state table) ends the wait
// for the replication too: the synchronisation it follows has completed.
func TestRun_untilReplicatedEndsOnSyncSuccess(t *testing.T) {
	fc, c := startFake(t, time.Hour, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{Syncing: true})
	syncSuccess := sms.TaskStateSyncSuccess
	got, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStart},
		RunOptions{Wait: true, UntilReplicated: true, OnProgress: func(p Progress) {
			if p.State == sms.TaskStateRunning {
				if _, err := fc.SetTask(task.ID, fakecloud.TaskPatch{State: &syncSuccess}); err != nil {
					t.Error(err)
				}
			}
		}})
	if err != nil || got.State != sms.TaskStateSyncSuccess {
		t.Fatalf("Run: %v, state %v; want SYNC_SUCCESS to end the wait", err, got)
	}
}

func TestRun_untilReplicatedOnlyForReplicatingOperations(t *testing.T) {
	fc, c := startFake(t, 10*time.Millisecond, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{State: sms.TaskStateRunning})
	_, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), task.ID, sms.TaskActionRequest{Operation: sms.OperationStop}, RunOptions{Wait: true, UntilReplicated: true})
	if err == nil || !strings.Contains(err.Error(), "does not replicate") {
		t.Fatalf("err %v, want a refusal before anything is sent", err)
	}
	if a := fc.Actions(task.ID); len(a) != 0 {
		t.Errorf("actions %v, want none", a)
	}
}

// The wait for the replication is bounded by the context: the error names
// where the task stood and what was awaited.
func TestRun_untilReplicatedTimesOut(t *testing.T) {
	fc, c := startFake(t, time.Hour, 3)
	task := fc.SeedTask(fakecloud.TaskSpec{})
	_, err := serviceFor(c).Run(ctxFor(t, 300*time.Millisecond), task.ID, sms.TaskActionRequest{Operation: sms.OperationStart}, RunOptions{Wait: true, UntilReplicated: true})
	var oe *OperationError
	if !errors.As(err, &oe) || !oe.TimedOut || oe.State != sms.TaskStateRunning || oe.Expected != replicated.Describes {
		t.Fatalf("err %v (%+v), want a timed-out *OperationError on the RUNNING task awaiting the replication", err, oe)
	}
}

// A task that shows the operation already received (an earlier run's wait
// cut short) is waited for without sending it, and OnStart says so first;
// a fresh operation is announced as sent.
func TestRun_onStartTellsResumedFromSent(t *testing.T) {
	fc, c := startFake(t, 20*time.Millisecond, 3)
	running := fc.SeedTask(fakecloud.TaskSpec{State: sms.TaskStateRunning})
	ready := fc.SeedTask(fakecloud.TaskSpec{})
	for _, tc := range []struct {
		id      string
		resumed bool
		actions []string
	}{{running.ID, true, nil}, {ready.ID, false, []string{"start"}}} {
		var starts []bool
		_, err := serviceFor(c).Run(ctxFor(t, 5*time.Second), tc.id, sms.TaskActionRequest{Operation: sms.OperationStart},
			RunOptions{Wait: true, OnStart: func(resumed bool, before *sms.Task) { starts = append(starts, resumed) }})
		if err != nil {
			t.Fatalf("Run on %s: %v", tc.id, err)
		}
		if !slices.Equal(starts, []bool{tc.resumed}) {
			t.Errorf("task %s: OnStart told %v, want [%t]", tc.id, starts, tc.resumed)
		}
		if a := fc.Actions(tc.id); !slices.Equal(a, tc.actions) {
			t.Errorf("task %s received %v, want %v", tc.id, a, tc.actions)
		}
	}
}
