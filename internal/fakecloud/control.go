package fakecloud

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// TaskSpec describes a task to seed. Every field is optional.
type TaskSpec struct {
	// ID defaults to a deterministic UUID-shaped id. SeedTasks ignores it.
	ID string `json:"id,omitempty"`
	// Name defaults to "task-<n>"; for SeedTasks it is the prefix of
	// "<prefix>-001", "<prefix>-002", ... (default prefix "task").
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`    // MIGRATE_BLOCK (default) or MIGRATE_FILE
	OSType string `json:"os_type,omitempty"` // default: the source's OS type
	// State is the task state (default READY). Seeded states are steady:
	// nothing moves until an operation is applied.
	State string `json:"state,omitempty"`
	// SourceState defaults to the state that goes with State (READY:
	// waiting, RUNNING: replicate, ABORT: stopped, ...).
	SourceState string `json:"source_state,omitempty"`
	// Connected is the agent link (default true).
	Connected *bool `json:"connected,omitempty"`
	// Syncing makes a finished migration go on SYNCING instead of
	// MIGRATE_SUCCESS.
	Syncing bool `json:"syncing,omitempty"`
	// SourceID attaches the task to an existing source server without a task;
	// by default a new source is created (named SourceName or "<name>-src").
	// SeedTasks ignores it.
	SourceID   string `json:"source_id,omitempty"`
	SourceName string `json:"source_name,omitempty"`
	// FailMigration makes the migration end in MIGRATE_FAIL (source "error").
	FailMigration       bool   `json:"fail_migration,omitempty"`
	Priority            *int   `json:"priority,omitempty"` // default 1
	SpeedLimit          int    `json:"speed_limit,omitempty"`
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	MigrationIP         string `json:"migration_ip,omitempty"`
	VMTemplateID        string `json:"vm_template_id,omitempty"`
	TargetVMID          string `json:"target_vm_id,omitempty"`
	TargetName          string `json:"target_name,omitempty"`
	UsePublicIP         *bool  `json:"use_public_ip,omitempty"` // default true
	// FlagsUnreported leaves use_public_ip and exist_server out of the
	// current_task of the task's source server, as the SDK model (where
	// both are optional) allows.
	FlagsUnreported bool `json:"flags_unreported,omitempty"`
	// NeedMigrationTest allows migration_test; ConsistencyCheck allows skip.
	NeedMigrationTest bool `json:"need_migration_test,omitempty"`
	ConsistencyCheck  bool `json:"consistency_check,omitempty"`
	// Fail makes clone_test, clear or migration_test fail.
	Fail Failures `json:"fail,omitzero"`
}

// TaskPatch changes a task behind the API's back. Nil fields are left alone.
// Setting State or SourceState freezes the task there: any timed transition
// under way is dropped.
type TaskPatch struct {
	State         *string `json:"state,omitempty"`
	SourceState   *string `json:"source_state,omitempty"`
	Connected     *bool   `json:"connected,omitempty"`
	Syncing       *bool   `json:"syncing,omitempty"`
	FailMigration *bool   `json:"fail_migration,omitempty"`
}

// errNotFound is returned by control operations on unknown ids.
var errNotFound = errors.New("not found")

// SeedTask adds a task (READY with a connected source unless the spec says
// otherwise). It panics on an invalid spec (unknown state, unknown or busy
// source, duplicate id); the HTTP control API answers 400 instead.
func (s *Server) SeedTask(spec TaskSpec) Task {
	t, err := s.seedTask(spec)
	if err != nil {
		panic("fakecloud: SeedTask: " + err.Error())
	}
	return t
}

// SeedTasks adds n tasks, each with its own new source, named
// "<spec.Name>-001" ... (prefix default "task"), with deterministic ids.
func (s *Server) SeedTasks(n int, spec TaskSpec) []Task {
	out, err := s.seedTasks(n, spec)
	if err != nil {
		panic("fakecloud: SeedTasks: " + err.Error())
	}
	return out
}

func (s *Server) seedTasks(n int, spec TaskSpec) ([]Task, error) {
	if n < 0 {
		return nil, fmt.Errorf("count %d is negative", n)
	}
	prefix := spec.Name
	if prefix == "" {
		prefix = "task"
	}
	width := max(3, len(fmt.Sprint(n)))
	out := make([]Task, 0, n)
	for i := 1; i <= n; i++ {
		sp := spec
		sp.ID, sp.SourceID = "", ""
		sp.Name = fmt.Sprintf("%s-%0*d", prefix, width, i)
		sp.SourceName = sp.Name + "-src"
		t, err := s.seedTask(sp)
		if err != nil {
			return out, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Server) seedTask(spec TaskSpec) (Task, error) {
	if spec.State == "" {
		spec.State = StateReady
	}
	if !taskStates[spec.State] {
		return Task{}, fmt.Errorf("unknown task state %q", spec.State)
	}
	if spec.SourceState == "" {
		spec.SourceState = sourceStateFor(spec.State)
	}
	if !sourceStates[spec.SourceState] {
		return Task{}, fmt.Errorf("unknown source state %q", spec.SourceState)
	}
	if spec.Type == "" {
		spec.Type = "MIGRATE_BLOCK"
	}
	if spec.Type != "MIGRATE_BLOCK" && spec.Type != "MIGRATE_FILE" {
		return Task{}, fmt.Errorf("type %q is not MIGRATE_BLOCK or MIGRATE_FILE", spec.Type)
	}
	if spec.Priority != nil && (*spec.Priority < 0 || *spec.Priority > 2) {
		return Task{}, fmt.Errorf("priority %d is not 0, 1 or 2", *spec.Priority)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)

	id, n := s.seedID("fa57")
	if spec.ID != "" {
		id = spec.ID
	}
	if _, dup := s.tasks[id]; dup {
		return Task{}, fmt.Errorf("task id %q already exists", id)
	}
	if spec.Name == "" {
		spec.Name = fmt.Sprintf("task-%03d", n)
	}
	var src *source
	if spec.SourceID != "" {
		src = s.sources[spec.SourceID]
		if src == nil {
			return Task{}, fmt.Errorf("source %q does not exist", spec.SourceID)
		}
		if src.taskID != "" {
			return Task{}, fmt.Errorf("source %q already has task %s", spec.SourceID, src.taskID)
		}
	} else {
		name := spec.SourceName
		if name == "" {
			name = spec.Name + "-src"
		}
		var err error
		if src, err = s.addSource(SourceSpec{Name: name, OSType: spec.OSType}, now); err != nil {
			return Task{}, err
		}
	}
	if spec.Connected != nil {
		src.connected = *spec.Connected
	}
	if spec.OSType == "" {
		spec.OSType = src.osType
	}
	cfg := taskConfig{
		Name: spec.Name, Type: spec.Type, OSType: spec.OSType, Priority: integer(spec.Priority, 1),
		SpeedLimit: spec.SpeedLimit, MigrationIP: spec.MigrationIP, VMTemplateID: spec.VMTemplateID,
		StartTargetServer: true, UsePublicIP: boolean(spec.UsePublicIP, true), Syncing: spec.Syncing,
		ExistServer: spec.TargetVMID != "", RegionName: s.opts.Region, RegionID: s.opts.Region,
		ProjectName: s.opts.Region, ProjectID: s.opts.ProjectID, EnterpriseProjectID: spec.EnterpriseProjectID,
		Target: targetServerConfig{VMID: spec.TargetVMID, Name: spec.TargetName, Disks: targetDisksFrom(src.disks)},
	}
	if cfg.Target.Name == "" {
		cfg.Target.Name = spec.Name + "-target"
	}
	t := s.newTask(id, cfg, src, now)
	t.failMigration = spec.FailMigration
	t.fail = spec.Fail
	t.flagsUnreported = spec.FlagsUnreported
	t.cfg.NeedMigrationTest, t.cfg.IsNeedConsistencyChk = spec.NeedMigrationTest, spec.ConsistencyCheck
	s.setSteadyState(t, spec.State, spec.SourceState, now)
	return t.view(now), nil
}

// targetDisksFrom sizes a target like the source's disks.
func targetDisksFrom(disks []Disk) []targetDiskJSON {
	out := make([]targetDiskJSON, 0, len(disks))
	for _, d := range disks {
		td := targetDiskJSON{DeviceUse: d.DeviceUse, Name: d.Name, Size: d.Size, UsedSize: d.UsedSize}
		for _, pv := range d.PhysicalVolumes {
			idx := pv.Index
			td.PhysicalVolumes = append(td.PhysicalVolumes, physicalVolumeJSON{
				DeviceUse: pv.DeviceUse, FileSystem: pv.FileSystem, Index: &idx, MountPoint: pv.MountPoint,
				Name: pv.Name, Size: pv.Size, UsedSize: pv.UsedSize, UUID: pv.UUID,
			})
		}
		out = append(out, td)
	}
	return out
}

// setSteadyState puts t in a state with no timed transition, making the
// sub-tasks and dates consistent with it. Callers hold s.mu.
func (s *Server) setSteadyState(t *task, state, srcState string, now time.Time) {
	s.clearPhase(t, now)
	t.state = state
	t.src.setState(srcState)
	switch state {
	case StateMigrateSuccess, StateSyncing, StateSyncSuccess:
		if t.startDate.IsZero() {
			t.startDate = now
		}
		for _, st := range t.subTasks {
			st.progress = 100
		}
		if state != StateSyncing && t.finishDate.IsZero() {
			t.finishDate = now
		}
		if state == StateMigrateSuccess {
			t.src.migrationCycle = "cutovered"
		}
	case StateRunning, StateSkipping, StateAborting, StateAbort, StateMigrateFail, StateSyncFail:
		if t.startDate.IsZero() {
			t.startDate = now
		}
	}
}

// Task returns a task's current view.
func (s *Server) Task(id string) (TaskView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	t := s.tasks[id]
	if t == nil {
		return TaskView{}, false
	}
	return t.view(now), true
}

// Tasks returns every task in creation order.
func (s *Server) Tasks() []TaskView {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	out := []TaskView{}
	for _, t := range s.sortedTasks() {
		out = append(out, t.view(now))
	}
	return out
}

// SetTask changes a task behind the API's back (see TaskPatch).
func (s *Server) SetTask(id string, p TaskPatch) (TaskView, error) {
	if p.State != nil && !taskStates[*p.State] {
		return TaskView{}, fmt.Errorf("unknown task state %q", *p.State)
	}
	if p.SourceState != nil && !sourceStates[*p.SourceState] {
		return TaskView{}, fmt.Errorf("unknown source state %q", *p.SourceState)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	t := s.tasks[id]
	if t == nil {
		return TaskView{}, fmt.Errorf("task %s: %w", id, errNotFound)
	}
	if p.State != nil || p.SourceState != nil {
		state := t.state
		if p.State != nil {
			state = *p.State
		}
		srcState := t.src.state
		switch {
		case p.SourceState != nil:
			srcState = *p.SourceState
		case p.State != nil:
			srcState = sourceStateFor(state)
		}
		s.setSteadyState(t, state, srcState, now)
	}
	if p.Connected != nil {
		t.src.connected = *p.Connected
	}
	if p.Syncing != nil {
		t.cfg.Syncing = *p.Syncing
	}
	if p.FailMigration != nil {
		t.failMigration = *p.FailMigration
	}
	return t.view(now), nil
}

// DeleteOutOfBand makes a task vanish at once, as if deleted by someone
// else; its source stays. It reports whether the task existed.
func (s *Server) DeleteOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	t := s.tasks[id]
	if t == nil {
		return false
	}
	s.removeTask(t)
	return true
}

// Actions returns the operations accepted for a task through
// POST /v3/tasks/{task_id}/action, in order (kept after the task is gone).
func (s *Server) Actions(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.actions[id])
}
