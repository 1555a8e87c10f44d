package fakecloud

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStartRunsToMigrateSuccess(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("web01", nil)
	tb := e.expectState(id, "READY", "waiting")
	if tb.StartDate != nil || tb.RemainSeconds != 0 || len(tb.SubTasks) != 3 || tb.SubTasks[0].Progress != 0 {
		t.Fatalf("fresh task: %+v", tb)
	}

	e.mustAction(id, "start")
	tb = e.expectState(id, "RUNNING", "initialize")
	if tb.SourceServer.MigrationCycle != "replicating" || tb.StartDate == nil || *tb.StartDate != e.clock.Now().UnixMilli() {
		t.Fatalf("after start: %+v", tb)
	}
	if tb.RemainSeconds != 110 || tb.EstimateCompleteTime == nil || *tb.EstimateCompleteTime != e.clock.Now().Add(110*time.Second).UnixMilli() {
		t.Fatalf("remain %d, estimate %v", tb.RemainSeconds, tb.EstimateCompleteTime)
	}

	e.clock.Advance(5 * time.Second) // half of Start
	tb = e.expectState(id, "RUNNING", "initialize")
	if tb.SubTasks[0].Progress != 50 || tb.SubTasks[1].Progress != 0 {
		t.Fatalf("progress at half Start: %+v", tb.SubTasks)
	}

	e.clock.Advance(5*time.Second + 50*time.Second) // Start done, half of Migrate
	tb = e.expectState(id, "RUNNING", "replicate")
	if tb.SubTasks[0].Progress != 100 || tb.SubTasks[1].Progress != 50 || tb.SubTasks[2].Progress != 0 {
		t.Fatalf("progress at half Migrate: %+v", tb.SubTasks)
	}
	if tb.MigrateSpeed <= 0 || tb.RemainSeconds != 50 {
		t.Fatalf("speed %v, remain %d", tb.MigrateSpeed, tb.RemainSeconds)
	}

	e.clock.Advance(50 * time.Second)
	tb = e.expectState(id, "MIGRATE_SUCCESS", "finished")
	if tb.SourceServer.MigrationCycle != "cutovered" || tb.FinishDate == nil || *tb.FinishDate != e.clock.Now().UnixMilli() {
		t.Fatalf("finished task: %+v", tb)
	}
	for _, st := range tb.SubTasks {
		if st.Progress != 100 {
			t.Fatalf("sub-task %s at %d%%", st.Name, st.Progress)
		}
	}
	if tb.MigrateSpeed != 0 || tb.RemainSeconds != 0 {
		t.Fatalf("finished task still moving: speed %v remain %d", tb.MigrateSpeed, tb.RemainSeconds)
	}
	if got := e.fake.Actions(id); !slices.Equal(got, []string{"start"}) {
		t.Fatalf("actions = %v", got)
	}
}

func TestClockJumpRunsTheWholeChain(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("jump", nil)
	e.mustAction(id, "start")
	e.clock.Advance(time.Hour)
	e.expectState(id, "MIGRATE_SUCCESS", "finished")
}

func TestSyncingTaskThenTest(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("sync01", map[string]any{"syncing": true})
	e.mustAction(id, "start")
	e.clock.Advance(110 * time.Second)
	tb := e.expectState(id, "SYNCING", "syncing")
	if tb.SourceServer.MigrationCycle != "syncing" || tb.FinishDate != nil {
		t.Fatalf("syncing task: %+v", tb)
	}
	e.clock.Advance(time.Hour) // syncing is steady
	e.expectState(id, "SYNCING", "syncing")

	e.mustAction(id, "test")
	e.expectState(id, "SYNCING", "cutovering")
	e.clock.Advance(8 * time.Second)
	e.expectState(id, "MIGRATE_SUCCESS", "finished")
}

// TestUndocumentedOperationsRefusedByDefault: cutover and
// sync_failed_rollback are outside UpdateTaskStatusReq's operation enum.
func TestUndocumentedOperationsRefusedByDefault(t *testing.T) {
	e := newEnv(t, Options{})
	for op, state := range map[string]string{"cutover": "MIGRATE_SUCCESS", "sync_failed_rollback": "SYNC_FAIL"} {
		task := e.fake.SeedTask(TaskSpec{State: state})
		eb := e.action(task.ID, op, nil).expectError(t, http.StatusBadRequest, "SMS.6400")
		if !slices.Equal(eb.ErrorParam, []string{"operation"}) || strings.Contains(eb.ErrorMsg, "(one of clear, clone_test, cutover") {
			t.Fatalf("%s: %+v", op, eb)
		}
		if got, _ := e.fake.Task(task.ID); got.State != state || len(e.fake.Actions(task.ID)) != 0 {
			t.Fatalf("%s changed the task: %+v", op, got)
		}
	}
}

func TestCutoverIsLikeTest(t *testing.T) {
	e := newEnv(t, Options{UndocumentedOperations: true})
	task := e.fake.SeedTask(TaskSpec{State: "SYNCING", Syncing: true})
	e.mustAction(task.ID, "cutover")
	e.expectState(task.ID, "SYNCING", "cutovering")
	e.clock.Advance(8 * time.Second)
	e.expectState(task.ID, "MIGRATE_SUCCESS", "finished")
}

func TestStopAbortsAndFreezesProgress(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("stop01", nil)
	e.mustAction(id, "start")
	e.clock.Advance(10*time.Second + 30*time.Second)
	e.mustAction(id, "stop")
	tb := e.expectState(id, "ABORTING", "stopping")
	if tb.SubTasks[1].Progress != 30 {
		t.Fatalf("progress when stopped: %+v", tb.SubTasks)
	}
	e.clock.Advance(5 * time.Second)
	e.expectState(id, "ABORT", "stopped")
	e.clock.Advance(time.Hour)
	tb = e.expectState(id, "ABORT", "stopped")
	if tb.SubTasks[1].Progress != 30 || tb.MigrateSpeed != 0 {
		t.Fatalf("stopped task moved: %+v", tb.SubTasks)
	}

	// start again from ABORT runs a fresh migration.
	e.mustAction(id, "start")
	tb = e.expectState(id, "RUNNING", "initialize")
	if tb.SubTasks[1].Progress != 0 {
		t.Fatalf("restarted progress: %+v", tb.SubTasks)
	}
	if got := e.fake.Actions(id); !slices.Equal(got, []string{"start", "stop", "start"}) {
		t.Fatalf("actions = %v", got)
	}
}

func TestFailMigrationAndRestart(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{Name: "doomed", FailMigration: true})
	e.mustAction(task.ID, "start")
	e.clock.Advance(110 * time.Second)
	tb := e.expectState(task.ID, "MIGRATE_FAIL", "error")
	if tb.ErrorJSON == "" {
		t.Fatal("error_json is empty")
	}
	if _, err := e.fake.SetTask(task.ID, TaskPatch{FailMigration: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	e.mustAction(task.ID, "restart")
	e.expectState(task.ID, "RESETING", "stopping") // rolls back first (Timing.Stop)
	e.clock.Advance(5 * time.Second)
	tb = e.expectState(task.ID, "RUNNING", "initialize")
	if tb.ErrorJSON != "" {
		t.Fatalf("error_json kept: %s", tb.ErrorJSON)
	}
	e.clock.Advance(110 * time.Second)
	e.expectState(task.ID, "MIGRATE_SUCCESS", "finished")
}

func TestSkipPausesMigration(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("skip01", map[string]any{"is_need_consistency_check": true})
	e.mustAction(id, "start")
	e.clock.Advance(10*time.Second + 40*time.Second)
	e.mustAction(id, "skip")
	tb := e.expectState(id, "SKIPPING", "skipping")
	if tb.SubTasks[1].Progress != 40 || tb.RemainSeconds != 63 {
		t.Fatalf("skipping: progress %+v remain %d", tb.SubTasks, tb.RemainSeconds)
	}
	e.clock.Advance(3 * time.Second)
	tb = e.expectState(id, "RUNNING", "replicate")
	if tb.SubTasks[1].Progress != 40 {
		t.Fatalf("after skip: %+v", tb.SubTasks)
	}
	e.clock.Advance(59 * time.Second) // 1 s short of the end
	e.expectState(id, "RUNNING", "replicate")
	e.clock.Advance(time.Second)
	e.expectState(id, "MIGRATE_SUCCESS", "finished")
}

func TestCloneTest(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{Name: "clone01", State: "SYNCING", Syncing: true})
	e.action(task.ID, "clone_test").expectError(t, http.StatusBadRequest, "SMS.6400")
	e.mustAction(task.ID, "clone_test", map[string]any{"template_id": "tpl-1"})
	tb := e.expectState(task.ID, "SYNCING", "cloning")
	if tb.CloneServer == nil || tb.CloneServer.CloneState != "CREATING" {
		t.Fatalf("clone_server = %+v", tb.CloneServer)
	}
	// Nothing else may run while cloning.
	e.action(task.ID, "network_check").expectError(t, http.StatusBadRequest, "SMS.6012")
	e.action(task.ID, "stop").expectError(t, http.StatusBadRequest, "SMS.1038")
	e.clock.Advance(9 * time.Second)
	tb = e.expectState(task.ID, "SYNCING", "syncing")
	if tb.CloneServer == nil || tb.CloneServer.CloneState != "FINISHED" || tb.CloneServer.VMID == "" || tb.CloneServer.Name != "clone01-clone" {
		t.Fatalf("clone_server = %+v", tb.CloneServer)
	}
}

func TestNetworkCheck(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("net01", nil)
	e.mustAction(id, "network_check")
	if tb := e.getTask(id); tb.NetworkCheckInfo != nil {
		t.Fatalf("network_check_info before the check ended: %+v", tb.NetworkCheckInfo)
	}
	e.clock.Advance(4 * time.Second)
	tb := e.expectState(id, "READY", "waiting")
	if tb.NetworkCheckInfo == nil || tb.NetworkCheckInfo.EvaluationResult != "GOOD" || tb.NetworkCheckInfo.MigrationSpeed <= 0 {
		t.Fatalf("network_check_info = %+v", tb.NetworkCheckInfo)
	}
}

func TestClearAndMigrationTest(t *testing.T) {
	e := newEnv(t, Options{})
	done := e.fake.SeedTask(TaskSpec{State: "MIGRATE_SUCCESS"})
	e.mustAction(done.ID, "clear")
	e.expectState(done.ID, "MIGRATE_SUCCESS", "clearing")
	e.clock.Advance(6 * time.Second)
	e.expectState(done.ID, "MIGRATE_SUCCESS", "cleared")

	ready := e.fake.SeedTask(TaskSpec{NeedMigrationTest: true})
	e.mustAction(ready.ID, "migration_test")
	e.expectState(ready.ID, "READY", "premigready") // prepared for Timing.Start
	e.clock.Advance(10 * time.Second)
	e.expectState(ready.ID, "READY", "premiging")
	// premiging is in the deletion gate.
	e.send("DELETE", "/v3/tasks/"+ready.ID, nil).expectError(t, http.StatusBadRequest, "SMS.2015")
	e.clock.Advance(11 * time.Second)
	e.expectState(ready.ID, "READY", "premiged")
}

func TestSyncFailedRollback(t *testing.T) {
	e := newEnv(t, Options{UndocumentedOperations: true})
	task := e.fake.SeedTask(TaskSpec{State: "SYNC_FAIL"})
	e.mustAction(task.ID, "sync_failed_rollback")
	e.expectState(task.ID, "SYNC_F_ROLLBACKING", "stopping")
	e.clock.Advance(2 * time.Second)
	e.expectState(task.ID, "SYNC_F_ROLLBACK_SUCCESS", "stopped")
}

// TestRefusedPreconditions covers, for each operation, a task state it is not
// allowed in and the code of the refusal.
func TestRefusedPreconditions(t *testing.T) {
	cases := []struct {
		op, state, code string
	}{
		{"stop", "READY", "SMS.1038"},
		{"stop", "ABORT", "SMS.1038"},
		{"stop", "MIGRATE_SUCCESS", "SMS.1038"},
		{"start", "RUNNING", "SMS.1039"},
		{"start", "MIGRATE_SUCCESS", "SMS.1039"},
		{"start", "SYNCING", "SMS.1039"},
		{"restart", "READY", "SMS.1040"},
		{"restart", "RUNNING", "SMS.1040"},
		{"test", "READY", "SMS.6012"},
		{"test", "ABORT", "SMS.6012"},
		{"cutover", "RUNNING", "SMS.6012"},
		{"clone_test", "READY", "SMS.6012"},
		{"network_check", "MIGRATE_FAIL", "SMS.6012"},
		{"clear", "RUNNING", "SMS.6012"},
		{"clear", "READY", "SMS.6012"},
		{"skip", "READY", "SMS.6012"},
		{"skip", "SYNCING", "SMS.6012"},
		{"migration_test", "RUNNING", "SMS.6012"},
		{"sync_failed_rollback", "READY", "SMS.6012"},
		{"start", "DELETING", "SMS.1039"},
	}
	e := newEnv(t, Options{UndocumentedOperations: true})
	for _, tc := range cases {
		t.Run(tc.op+"_in_"+tc.state, func(t *testing.T) {
			task := e.fake.SeedTask(TaskSpec{State: tc.state})
			eb := e.action(task.ID, tc.op, map[string]any{"template_id": "tpl"}).expectError(t, http.StatusBadRequest, tc.code)
			if len(eb.Details) != 1 || eb.Details[0].ErrorCode != tc.code {
				t.Fatalf("details = %+v", eb.Details)
			}
			if got, _ := e.fake.Task(task.ID); got.State != tc.state {
				t.Fatalf("state changed to %s", got.State)
			}
			if acts := e.fake.Actions(task.ID); len(acts) != 0 {
				t.Fatalf("refused operation recorded: %v", acts)
			}
		})
	}
}

// TestAllowedStates checks that each operation is accepted in each state the
// table allows.
func TestAllowedStates(t *testing.T) {
	allowed := map[string][]string{
		"start":          {"READY", "ABORT", "MIGRATE_FAIL"},
		"restart":        {"MIGRATE_FAIL", "SYNC_FAIL"},
		"stop":           {"RUNNING", "SYNCING", "SKIPPING"},
		"test":           {"SYNCING", "MIGRATE_SUCCESS"},
		"clone_test":     {"SYNCING", "MIGRATE_SUCCESS"},
		"network_check":  {"READY", "RUNNING", "SYNCING", "ABORT", "MIGRATE_SUCCESS"},
		"clear":          {"MIGRATE_SUCCESS", "ABORT"},
		"skip":           {"RUNNING"},
		"migration_test": {"READY"},
	}
	e := newEnv(t, Options{})
	for op, states := range allowed {
		for _, st := range states {
			task := e.fake.SeedTask(TaskSpec{State: st, NeedMigrationTest: true, ConsistencyCheck: true})
			r := e.action(task.ID, op, map[string]any{"template_id": "tpl"})
			if r.status != http.StatusOK {
				t.Errorf("%s in %s: %d %s", op, st, r.status, r.body)
			}
		}
	}
}

func TestDisconnectedAgentRefusesOperations(t *testing.T) {
	cases := map[string]string{
		"start": "READY", "restart": "MIGRATE_FAIL", "test": "SYNCING", "cutover": "MIGRATE_SUCCESS",
		"clone_test": "SYNCING", "network_check": "READY", "skip": "RUNNING", "migration_test": "READY",
	}
	e := newEnv(t, Options{UndocumentedOperations: true})
	for op, state := range cases {
		task := e.fake.SeedTask(TaskSpec{State: state, Connected: ptr(false), NeedMigrationTest: true, ConsistencyCheck: true})
		e.action(task.ID, op, map[string]any{"template_id": "tpl"}).expectError(t, http.StatusBadRequest, "SMS.0201")
	}
	// stop and clear do not need the agent.
	running := e.fake.SeedTask(TaskSpec{State: "RUNNING", Connected: ptr(false)})
	e.mustAction(running.ID, "stop")
	stopped := e.fake.SeedTask(TaskSpec{State: "ABORT", Connected: ptr(false)})
	e.mustAction(stopped.ID, "clear")
}

func TestActionBodyErrors(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{})
	path := "/v3/tasks/" + task.ID + "/action"
	e.send("POST", path, rawBody("not json")).expectError(t, http.StatusBadRequest, "SMS.6010")
	e.send("POST", path, nil).expectError(t, http.StatusBadRequest, "SMS.6010")
	e.send("POST", path, rawBody(`["start"]`)).expectError(t, http.StatusBadRequest, "SMS.6010")
	eb := e.action(task.ID, "explode").expectError(t, http.StatusBadRequest, "SMS.6400")
	if len(eb.ErrorParam) != 1 || eb.ErrorParam[0] != "operation" {
		t.Fatalf("error_param = %v", eb.ErrorParam)
	}
	e.send("POST", path, map[string]any{}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("POST", path, map[string]any{"operation": 3}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("POST", "/v3/tasks/nope/action", map[string]any{"operation": "start"}).expectError(t, http.StatusNotFound, "SMS.6404")
}

func TestSeededStatesAreSteadyUntilPatched(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{State: "RUNNING"})
	e.clock.Advance(24 * time.Hour)
	e.expectState(task.ID, "RUNNING", "replicate")
	if _, err := e.fake.SetTask(task.ID, TaskPatch{SourceState: ptr("stopped")}); err != nil {
		t.Fatal(err)
	}
	e.expectState(task.ID, "RUNNING", "stopped")
	if _, err := e.fake.SetTask(task.ID, TaskPatch{State: ptr("NOPE")}); err == nil {
		t.Fatal("unknown state accepted")
	}
	if _, err := e.fake.SetTask("missing", TaskPatch{}); err == nil {
		t.Fatal("unknown task accepted")
	}
	// Patching the state freezes a running transition.
	id := e.createTask("frozen", nil)
	e.mustAction(id, "start")
	if _, err := e.fake.SetTask(id, TaskPatch{State: ptr("RUNNING"), SourceState: ptr("replicate")}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	e.expectState(id, "RUNNING", "replicate")
}

// The legacy preconditions: restart only a failed task (SMS.1040),
// migration_test only on a task created for it, skip only with a
// consistency check to skip.
func TestOperationPreconditions(t *testing.T) {
	e := newEnv(t, Options{})
	stopped := e.fake.SeedTask(TaskSpec{State: "ABORT"})
	e.action(stopped.ID, "restart").expectError(t, http.StatusBadRequest, "SMS.1040")
	ready := e.fake.SeedTask(TaskSpec{})
	e.action(ready.ID, "migration_test").expectError(t, http.StatusBadRequest, "SMS.6012")
	running := e.fake.SeedTask(TaskSpec{State: "RUNNING"})
	e.action(running.ID, "skip").expectError(t, http.StatusBadRequest, "SMS.6012")
	id := e.createTask("drill01", map[string]any{"need_migration_test": true})
	e.mustAction(id, "migration_test")
}

// Failed clone, clear and migration drill, forced through TaskSpec.Fail.
func TestForcedFailures(t *testing.T) {
	e := newEnv(t, Options{})
	done := e.fake.SeedTask(TaskSpec{State: "MIGRATE_SUCCESS", Fail: Failures{Clone: true, Clear: true}})
	e.mustAction(done.ID, "clone_test", map[string]any{"template_id": "tpl"})
	e.clock.Advance(time.Minute)
	tb := e.expectState(done.ID, "MIGRATE_SUCCESS", "finished")
	if tb.CloneServer == nil || tb.CloneServer.CloneState != "ERROR" || tb.CloneServer.VMID != "" {
		t.Fatalf("clone_server = %+v", tb.CloneServer)
	}
	e.mustAction(done.ID, "clear")
	e.clock.Advance(time.Minute)
	e.expectState(done.ID, "MIGRATE_SUCCESS", "clearfailed")
	drill := e.fake.SeedTask(TaskSpec{NeedMigrationTest: true, Fail: Failures{MigrationTest: true}})
	e.mustAction(drill.ID, "migration_test")
	e.clock.Advance(time.Minute)
	e.expectState(drill.ID, "READY", "premigfailed")
}
