package fakecloud

import (
	"fmt"
	"net/http"
	"time"
)

// phaseKind is a timed transition a task is going through.
type phaseKind int

const (
	phNone        phaseKind = iota
	phInit                  // RUNNING, source "initialize"
	phReplicate             // RUNNING, source "replicate"
	phSkip                  // SKIPPING, source "skipping"
	phStop                  // ABORTING, source "stopping"
	phTest                  // test/cutover, source "cutovering"
	phClone                 // clone_test, source "cloning"
	phClear                 // clear, source "clearing"
	phPremig                // migration_test, source "premiging"
	phRollback              // SYNC_F_ROLLBACKING
	phDelete                // DELETING, source "deleting"
	phReset                 // restart: RESETING, source "stopping", then a new migration
	phPremigReady           // migration_test being prepared: source "premigready"
)

func (k phaseKind) String() string {
	return [...]string{"", "initialize", "replicate", "skipping", "stopping", "cutovering",
		"cloning", "clearing", "premiging", "rollback", "deleting", "reseting", "premigready"}[k]
}

// phase is the timed transition under way: it ends at end, when
// completePhase applies its outcome (and may start the next phase at end, so
// a clock that jumps far ahead runs through a whole chain).
type phase struct {
	kind       phaseKind
	start, end time.Time
	sub        int // index of the sub-task advancing during the phase, -1 for none
	// skip only: the migration phase to continue afterwards.
	resumeKind phaseKind
	resumeLeft time.Duration
	resumeSub  int
	// clone and delete: the source state to go back to; delete only: the
	// task state too (AfterDeleteFails).
	prevSource string
	prevState  string
}

// Sub-task names, modelled on the console's step names.
const (
	subCreateServer = "CREATE_CLOUD_SERVER"
	subDetachImage  = "DETTACH_AGENT_IMAGE"
)

func migrateSubTaskName(osType, taskType string) string {
	os := "LINUX"
	if osType == "WINDOWS" {
		os = "WINDOWS"
	}
	kind := "BLOCK"
	if taskType == "MIGRATE_FILE" {
		kind = "FILE"
	}
	return "MIGRATE_" + os + "_" + kind
}

// newSubTasks returns the three steps of a migration, all at 0%.
func newSubTasks(cfg taskConfig) []*subTask {
	return []*subTask{
		{id: 1, name: subCreateServer},
		{id: 2, name: migrateSubTaskName(cfg.OSType, cfg.Type)},
		{id: 3, name: subDetachImage},
	}
}

// setPhase starts a timed transition at `at`.
func (s *Server) setPhase(t *task, kind phaseKind, at time.Time, d time.Duration, sub int) {
	t.ph = phase{kind: kind, start: at, end: at.Add(d), sub: sub}
	if sub >= 0 && sub < len(t.subTasks) {
		st := t.subTasks[sub]
		st.base = st.progress
		if st.start.IsZero() {
			st.start = at
		}
	}
	s.active[t.id] = t
}

// clearPhase ends any transition, freezing sub-task progress where it is.
func (s *Server) clearPhase(t *task, now time.Time) {
	t.freeze(now)
	t.ph = phase{sub: -1}
	if !t.net.pending {
		delete(s.active, t.id)
	}
}

// freeze stores the current progress of the advancing sub-task.
func (t *task) freeze(now time.Time) {
	if t.ph.kind == phInit || t.ph.kind == phReplicate {
		if i := t.ph.sub; i >= 0 && i < len(t.subTasks) {
			t.subTasks[i].progress = t.subProgress(i, now)
		}
	}
}

// fraction is how far through its phase the task is at now, in [0, 1].
func (p phase) fraction(now time.Time) float64 {
	total := p.end.Sub(p.start)
	if total <= 0 || !now.Before(p.end) {
		return 1
	}
	done := now.Sub(p.start)
	if done <= 0 {
		return 0
	}
	return float64(done) / float64(total)
}

// subProgress is sub-task i's progress at now: it climbs linearly during
// its phase and reaches 100 only when the phase completes.
func (t *task) subProgress(i int, now time.Time) int {
	st := t.subTasks[i]
	if (t.ph.kind == phInit || t.ph.kind == phReplicate) && t.ph.sub == i {
		p := st.base + int(float64(100-st.base)*t.ph.fraction(now))
		return min(p, 99)
	}
	return st.progress
}

// advanceAll brings every task with a pending transition up to now.
func (s *Server) advanceAll(now time.Time) {
	for _, t := range s.active {
		s.advance(t, now)
	}
}

// advance applies every transition of t that has completed by now.
func (s *Server) advance(t *task, now time.Time) {
	for t.ph.kind != phNone && !now.Before(t.ph.end) {
		if gone := s.completePhase(t); gone {
			return
		}
	}
	if t.net.pending && !now.Before(t.net.end) {
		t.net = netCheck{done: true, runs: t.net.runs + 1}
	}
	if t.ph.kind == phNone && !t.net.pending {
		delete(s.active, t.id)
	}
}

// completePhase applies the outcome of t's current phase at its end time. It
// reports whether the task is gone.
func (s *Server) completePhase(t *task) bool {
	ph := t.ph
	at := ph.end
	t.ph = phase{sub: -1}
	finishSub := func(i int) {
		if i >= 0 && i < len(t.subTasks) {
			t.subTasks[i].progress = 100
			t.subTasks[i].end = at
		}
	}
	switch ph.kind {
	case phInit:
		finishSub(ph.sub)
		s.createTarget(t)
		t.src.setState("replicate")
		s.setPhase(t, phReplicate, at, s.timing.Migrate, 1)
	case phReplicate:
		finishSub(ph.sub)
		switch {
		case t.failMigration:
			t.state = StateMigrateFail
			t.src.setState("error")
			t.errorJSON = `{"error_code":"FAKE.0001","error_msg":"migration failed (forced by the test through FailMigration)"}`
			t.finishDate = at
		case t.cfg.Syncing:
			t.state = StateSyncing
			t.src.setState("syncing")
		default:
			s.finishMigration(t, at)
		}
	case phSkip:
		t.state = StateRunning
		switch ph.resumeKind {
		case phInit:
			t.src.setState("initialize")
			s.setPhase(t, phInit, at, ph.resumeLeft, ph.resumeSub)
		case phReplicate:
			t.src.setState("replicate")
			s.setPhase(t, phReplicate, at, ph.resumeLeft, ph.resumeSub)
		default:
			t.src.setState("replicate")
		}
	case phStop:
		t.state = StateAbort
		t.src.setState("stopped")
	case phTest:
		s.finishMigration(t, at)
	case phClone:
		if t.fail.Clone {
			t.clone = &cloneState{state: "ERROR", name: t.cfg.Name + "-clone", errorMsg: "clone failed (forced by the test through FailClone)"}
		} else {
			t.clone = &cloneState{state: "FINISHED", vmID: newUUID(), name: t.cfg.Name + "-clone"}
		}
		t.src.setState(ph.prevSource)
	case phClear:
		if t.fail.Clear {
			t.src.setState("clearfailed")
		} else {
			t.src.setState("cleared")
		}
	case phPremig:
		if t.fail.MigrationTest {
			t.src.setState("premigfailed")
		} else {
			t.src.setState("premiged")
		}
	case phReset:
		s.beginMigration(t, at)
	case phPremigReady:
		t.src.setState("premiging")
		s.setPhase(t, phPremig, at, s.timing.MigrationTest, -1)
	case phRollback:
		t.state = StateSyncFailRollbackSuccess
		t.src.setState("stopped")
	case phDelete:
		if s.opts.AfterDelete == AfterDeleteFails {
			t.state = ph.prevState
			t.src.setState(ph.prevSource)
			return false
		}
		s.removeTask(t)
		return true
	}
	return false
}

// finishMigration puts t in MIGRATE_SUCCESS with the target launched.
func (s *Server) finishMigration(t *task, at time.Time) {
	t.state = StateMigrateSuccess
	t.src.setState("finished")
	t.src.migrationCycle = "cutovered"
	for _, st := range t.subTasks {
		if st.progress < 100 {
			st.progress = 100
			st.end = at
		}
	}
	if t.finishDate.IsZero() {
		t.finishDate = at
	}
}

// removeTask deletes t; its source becomes free for a new task.
func (s *Server) removeTask(t *task) {
	delete(s.tasks, t.id)
	delete(s.active, t.id)
	if t.src.taskID == t.id {
		t.src.taskID = ""
		t.src.setState("waiting")
	}
}

// beginMigration starts (or restarts) replication from scratch.
func (s *Server) beginMigration(t *task, now time.Time) {
	t.state = StateRunning
	t.src.setState("initialize")
	t.startDate = now
	t.finishDate = time.Time{}
	t.errorJSON = ""
	t.subTasks = newSubTasks(t.cfg)
	s.setPhase(t, phInit, now, s.timing.Start, 0)
}

// actionReq is the body of POST /v3/tasks/{task_id}/action.
type actionReq struct {
	Operation              *string `json:"operation"`
	TemplateID             *string `json:"template_id"`
	SwitchHCE              *bool   `json:"switch_hce"`
	IsNeedConsistencyCheck *bool   `json:"is_need_consistency_check"`
}

// opRule is an operation's precondition and effect.
type opRule struct {
	states      []string // task states the operation is allowed in
	needsAgent  bool     // refused while the agent is disconnected
	refusedCode string   // error code when the state does not allow it
	// precondition, when set, says why the task cannot take the operation
	// ("" when it can), beyond its state.
	precondition func(t *task) string
	apply        func(s *Server, t *task, req actionReq, now time.Time)
}

// undocumentedOperations are the operations outside UpdateTaskStatusReq's
// operation enum (SDK v0.1.207), from prose only (error_for_overspeed is in
// the model's description of operation); only Options.UndocumentedOperations lets
// them through.
var undocumentedOperations = map[string]bool{"cutover": true, "sync_failed_rollback": true, "error_for_overspeed": true}

var opRules = map[string]opRule{
	"start": {
		states:      []string{StateReady, StateAbort, StateMigrateFail},
		needsAgent:  true,
		refusedCode: codeSMSStartRefused,
		apply:       func(s *Server, t *task, _ actionReq, now time.Time) { s.beginMigration(t, now) },
	},
	// SMS.1040 of the legacy SMS error code list: only a task that failed
	// can be restarted. It rolls back (RESETING) before migrating again.
	"restart": {
		states:      []string{StateMigrateFail, StateSyncFail},
		needsAgent:  true,
		refusedCode: codeSMSRestartRefused,
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			s.clearPhase(t, now)
			t.state = StateReseting
			t.src.setState("stopping")
			s.setPhase(t, phReset, now, s.timing.Stop, -1)
		},
	},
	"stop": {states: []string{StateRunning, StateSyncing, StateSkipping}, refusedCode: codeSMSStopRefused, apply: applyStop},
	// error_for_overspeed: "handle the task's overspeed, the task pauses
	// itself" (UpdateTaskStatusReq's description; not in its enum): a stop.
	"error_for_overspeed": {states: []string{StateRunning, StateSyncing}, refusedCode: codeSMSStopRefused, apply: applyStop},
	"test":                {states: []string{StateSyncing, StateMigrateSuccess}, needsAgent: true, refusedCode: codeSMSStateRefused, apply: applyCutover},
	"cutover":             {states: []string{StateSyncing, StateMigrateSuccess}, needsAgent: true, refusedCode: codeSMSStateRefused, apply: applyCutover},
	"clone_test": {
		states:      []string{StateSyncing, StateMigrateSuccess},
		needsAgent:  true,
		refusedCode: codeSMSStateRefused,
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			prev := t.src.state
			t.clone = &cloneState{state: "CREATING"}
			t.src.setState("cloning")
			s.setPhase(t, phClone, now, s.timing.Clone, -1)
			t.ph.prevSource = prev
		},
	},
	"network_check": {
		states:      []string{StateReady, StateRunning, StateSyncing, StateAbort, StateMigrateSuccess},
		needsAgent:  true,
		refusedCode: codeSMSStateRefused,
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			// A repeated check keeps showing the previous result until
			// the new one replaces it (often with the same values).
			t.net = netCheck{pending: true, end: now.Add(s.timing.NetworkCheck), done: t.net.done, runs: t.net.runs, report: t.net.report}
			s.active[t.id] = t
		},
	},
	"clear": {
		states:      []string{StateMigrateSuccess, StateAbort},
		refusedCode: codeSMSStateRefused,
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			t.src.setState("clearing")
			s.setPhase(t, phClear, now, s.timing.Clear, -1)
		},
	},
	// skip skips the consistency check: only a task that has one.
	"skip": {
		states:      []string{StateRunning},
		needsAgent:  true,
		refusedCode: codeSMSStateRefused,
		precondition: func(t *task) string {
			if !t.cfg.IsNeedConsistencyChk {
				return "the task has no consistency check to skip (created without is_need_consistency_check)"
			}
			return ""
		},
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			resume, left, sub := t.ph.kind, t.ph.end.Sub(now), t.ph.sub
			s.clearPhase(t, now)
			t.state = StateSkipping
			t.src.setState("skipping")
			s.setPhase(t, phSkip, now, s.timing.Skip, -1)
			t.ph.resumeKind, t.ph.resumeLeft, t.ph.resumeSub = resume, max(left, 0), sub
		},
	},
	// migration_test runs the drill of a task created for one.
	"migration_test": {
		states:      []string{StateReady},
		needsAgent:  true,
		refusedCode: codeSMSStateRefused,
		precondition: func(t *task) string {
			if !t.cfg.NeedMigrationTest {
				return "the task was not created with need_migration_test"
			}
			return ""
		},
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			// prepared (premigready) for Timing.Start, then run (premiging)
			t.src.setState("premigready")
			s.setPhase(t, phPremigReady, now, s.timing.Start, -1)
		},
	},
	"sync_failed_rollback": {
		states:      []string{StateSyncFail},
		refusedCode: codeSMSStateRefused,
		apply: func(s *Server, t *task, _ actionReq, now time.Time) {
			t.state = StateSyncFailRollbacking
			t.src.setState("stopping")
			s.setPhase(t, phRollback, now, s.timing.Rollback, -1)
		},
	},
}

// applyStop pauses the migration: ABORTING ("stopping") for Timing.Stop,
// then ABORT.
func applyStop(s *Server, t *task, _ actionReq, now time.Time) {
	s.clearPhase(t, now)
	t.state = StateAborting
	t.src.setState("stopping")
	s.setPhase(t, phStop, now, s.timing.Stop, -1)
}

func applyCutover(s *Server, t *task, _ actionReq, now time.Time) {
	t.src.setState("cutovering")
	s.setPhase(t, phTest, now, s.timing.Test, -1)
}

// operate checks op's preconditions on t and applies it.
func (s *Server) operate(t *task, op string, req actionReq, now time.Time) *apiError {
	rule := opRules[op]
	if t.ph.kind == phDelete {
		return smsError(http.StatusBadRequest, codeSMSStateRefused, "The task "+t.id+" is being deleted.", t.id)
	}
	if busySource[t.src.state] {
		return smsError(http.StatusBadRequest, rule.refusedCode,
			fmt.Sprintf("The task cannot %s now: an operation is in progress (source server state %s).", op, t.src.state), t.id)
	}
	allowed := false
	for _, st := range rule.states {
		if t.state == st {
			allowed = true
			break
		}
	}
	if !allowed {
		return smsError(http.StatusBadRequest, rule.refusedCode,
			fmt.Sprintf("The task cannot %s in state %s.", op, t.state), t.id)
	}
	if rule.precondition != nil {
		if why := rule.precondition(t); why != "" {
			return smsError(http.StatusBadRequest, rule.refusedCode, "The task cannot "+op+": "+why+".", t.id)
		}
	}
	if rule.needsAgent && !t.src.connected {
		return smsError(http.StatusBadRequest, codeSMSAgentOffline,
			"The source server agent is not connected to SMS; operation "+op+" needs it.", t.src.id)
	}
	rule.apply(s, t, req, now)
	s.queueCommand(t, op)
	s.actions[t.id] = append(s.actions[t.id], op)
	return nil
}

// remaining is how long the migration still needs (zero when not migrating).
func (t *task) remaining(s *Server, now time.Time) time.Duration {
	left := func(p phase) time.Duration { return max(p.end.Sub(now), 0) }
	switch t.ph.kind {
	case phInit:
		return left(t.ph) + s.timing.Migrate
	case phReplicate:
		return left(t.ph)
	case phSkip:
		d := left(t.ph) + t.ph.resumeLeft
		if t.ph.resumeKind == phInit {
			d += s.timing.Migrate
		}
		return d
	}
	return 0
}

// createTarget is the CREATE_CLOUD_SERVER step: a task with no target
// vm_id gets a server the service creates (from vm_template_id), and the
// service fills in target_server.vm_id, a disk_id per disk and the
// migration_ip the source will use, which the configuration never set.
func (s *Server) createTarget(t *task) {
	tg := &t.cfg.Target
	if tg.VMID != "" {
		return
	}
	tg.VMID = newUUID()
	for i := range tg.Disks {
		if tg.Disks[i].DiskID == "" {
			tg.Disks[i].DiskID = newUUID()
		}
	}
	if t.cfg.MigrationIP == "" {
		t.cfg.MigrationIP = fmt.Sprintf("192.168.%d.%d", 100+t.seq/250%100, 2+t.seq%250)
	}
}
