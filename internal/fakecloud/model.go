package fakecloud

import (
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// Task states (upper case). The union of the read-side and filter-side enums.
const (
	StateReady                   = "READY"
	StateRunning                 = "RUNNING"
	StateSyncing                 = "SYNCING"
	StateMigrateSuccess          = "MIGRATE_SUCCESS"
	StateMigrateFail             = "MIGRATE_FAIL"
	StateSyncSuccess             = "SYNC_SUCCESS"
	StateSyncFail                = "SYNC_FAIL"
	StateAborting                = "ABORTING"
	StateAbort                   = "ABORT"
	StateSkipping                = "SKIPPING"
	StateDeleting                = "DELETING"
	StateReseting                = "RESETING"
	StateSyncFailRollbacking     = "SYNC_F_ROLLBACKING"
	StateSyncFailRollbackSuccess = "SYNC_F_ROLLBACK_SUCCESS"
)

var taskStates = map[string]bool{
	StateReady: true, StateRunning: true, StateSyncing: true, StateMigrateSuccess: true,
	StateMigrateFail: true, StateSyncSuccess: true, StateSyncFail: true, StateAborting: true,
	StateAbort: true, StateSkipping: true, StateDeleting: true, StateReseting: true,
	StateSyncFailRollbacking: true, StateSyncFailRollbackSuccess: true,
}

// Source-server states (lower case), read side plus "premiging".
var sourceStates = map[string]bool{
	"unavailable": true, "waiting": true, "initialize": true, "replicate": true, "syncing": true,
	"stopping": true, "stopped": true, "skipping": true, "deleting": true, "clearing": true,
	"cleared": true, "clearfailed": true, "premigready": true, "premiged": true, "premigfailed": true,
	"cloning": true, "cutovering": true, "finished": true, "error": true, "premiging": true,
}

// deleteDenied is the deletion gate's deny list: a task whose agent is
// connected cannot be deleted while its source is in one of these states.
var deleteDenied = map[string]bool{
	"initialize": true, "stopping": true, "deleting": true, "cloning": true, "replicate": true,
	"syncing": true, "cutovering": true, "skipping": true, "clearing": true, "premiging": true,
}

// deleteAllowed is the allow-list reading of the gate: with the agent
// connected only these source states are deletable ("ready" read as
// "waiting"; GateAllowListLiteral leaves "waiting" out).
var deleteAllowed = map[string]bool{
	"unavailable": true, "waiting": true, "finished": true, "error": true, "stopped": true,
}

// busySource are the source states of a timed operation that no other
// operation may interrupt.
var busySource = map[string]bool{
	"cloning": true, "cutovering": true, "clearing": true, "premiging": true, "stopping": true, "deleting": true,
}

// sourceStateFor is the source state that goes with a task state when a test
// sets only the task state.
func sourceStateFor(taskState string) string {
	switch taskState {
	case StateRunning:
		return "replicate"
	case StateSyncing:
		return "syncing"
	case StateMigrateSuccess, StateSyncSuccess:
		return "finished"
	case StateMigrateFail, StateSyncFail:
		return "error"
	case StateAborting, StateReseting, StateSyncFailRollbacking:
		return "stopping"
	case StateAbort, StateSyncFailRollbackSuccess:
		return "stopped"
	case StateSkipping:
		return "skipping"
	case StateDeleting:
		return "deleting"
	}
	return "waiting"
}

// cycleFor is the migration_cycle that goes with a source state; states that
// occur in several cycles keep the previous one.
func cycleFor(state, prev string) string {
	switch state {
	case "unavailable", "waiting":
		return "checking"
	case "premigready", "premiging", "premiged", "premigfailed":
		return "setting"
	case "initialize", "replicate":
		return "replicating"
	case "syncing", "cloning":
		return "syncing"
	case "cutovering":
		return "cutovering"
	case "finished", "clearing", "cleared", "clearfailed":
		return "cutovered"
	}
	if prev == "" {
		return "checking"
	}
	return prev
}

// Disk is a source server disk; sizes are bytes.
type Disk struct {
	Name            string           `json:"name"`
	Size            int64            `json:"size"`
	UsedSize        int64            `json:"used_size"`
	DeviceUse       string           `json:"device_use"` // OS, BOOT or NORMAL
	PhysicalVolumes []PhysicalVolume `json:"physical_volumes"`
}

// PhysicalVolume is a partition of a Disk; sizes are bytes.
type PhysicalVolume struct {
	Name       string `json:"name"`
	DeviceUse  string `json:"device_use"`
	FileSystem string `json:"file_system"`
	MountPoint string `json:"mount_point"`
	Index      int    `json:"index"`
	Size       int64  `json:"size"`
	UsedSize   int64  `json:"used_size"`
	UUID       string `json:"uuid"`
}

// source is a source server with its agent.
type source struct {
	id, name, ip        string
	osType, osVersion   string
	enterpriseProjectID string
	state               string
	migrationCycle      string
	connected           bool
	disks               []Disk
	taskID              string
	migProject          string // migration project id
	seq                 int64
	addDate             time.Time
}

func (src *source) setState(state string) {
	src.state = state
	src.migrationCycle = cycleFor(state, src.migrationCycle)
}

// taskConfig is what the task was created (and updated) with, echoed by reads.
type taskConfig struct {
	Name, Type, OSType    string
	Priority, SpeedLimit  int
	MigrationIP           string
	VMTemplateID          string
	StartTargetServer     bool
	UsePublicIP, UseIPv6  bool
	Syncing, ExistServer  bool
	NeedMigrationTest     bool
	RegionName, RegionID  string
	ProjectName           string
	ProjectID             string
	EnterpriseProjectID   string
	Target                targetServerConfig
	OverSpeedThreshold    *float64
	IsNeedConsistencyChk  bool
	StartNetworkCheckOnce bool
}

type targetServerConfig struct {
	VMID, Name   string
	Disks        []targetDiskJSON
	VolumeGroups json.RawMessage
}

// targetDiskJSON is a target disk as sent (create/update) and returned
// (ShowTask target_server.disks; id is set on the way out).
type targetDiskJSON struct {
	ID              *int64               `json:"id,omitempty"`
	DeviceUse       string               `json:"device_use,omitempty"`
	DiskID          string               `json:"disk_id,omitempty"`
	Name            string               `json:"name,omitempty"`
	PhysicalVolumes []physicalVolumeJSON `json:"physical_volumes,omitempty"`
	Size            int64                `json:"size"`
	UsedSize        int64                `json:"used_size"`
}

type physicalVolumeJSON struct {
	DeviceUse  string `json:"device_use,omitempty"`
	FileSystem string `json:"file_system,omitempty"`
	Index      *int   `json:"index,omitempty"`
	MountPoint string `json:"mount_point,omitempty"`
	Name       string `json:"name,omitempty"`
	Size       int64  `json:"size"`
	UsedSize   int64  `json:"used_size"`
	InodeSize  *int64 `json:"inode_size,omitempty"`
	UUID       string `json:"uuid,omitempty"`
}

// subTask is one step of a migration; progress is 0-100.
type subTask struct {
	id         int64
	name       string
	progress   int // value when not advancing
	base       int // value when the advancing phase began
	start, end time.Time
}

type cloneState struct {
	state    string // CREATING, FINISHED, ERROR
	vmID     string
	name     string
	errorMsg string
}

// Failures makes timed operations of a task end badly.
type Failures struct {
	Clone         bool `json:"clone,omitempty"`          // clone_test ends with clone_state ERROR
	Clear         bool `json:"clear,omitempty"`          // clear ends with the source clearfailed
	MigrationTest bool `json:"migration_test,omitempty"` // migration_test ends with the source premigfailed
}

type netCheck struct {
	pending bool
	end     time.Time
	done    bool
	runs    int // checks completed; each measures a slightly different delay
}

// task is an SMS migration task. Its timed transitions are evaluated lazily:
// advance moves it along by the fake's clock before any read or write.
type task struct {
	id               string
	seq              int64
	cfg              taskConfig
	state            string
	src              *source
	failMigration    bool
	fail             Failures
	createDate       time.Time
	startDate        time.Time
	finishDate       time.Time
	ph               phase
	subTasks         []*subTask
	clone            *cloneState
	net              netCheck
	errorJSON        string
	logCollectStatus string
	flagsUnreported  bool          // TaskSpec.FlagsUnreported
	speedLimits      []speedPeriod // the speed-limit schedule
	configs          []configItem  // the configuration settings, in the order set
}

// SubTaskView is a sub-task as the control API shows it.
type SubTaskView struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Progress int    `json:"progress"`
}

// TaskView is a task as the control API shows it.
type TaskView struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Type           string `json:"type"`
	OSType         string `json:"os_type"`
	State          string `json:"state"`
	SourceID       string `json:"source_id"`
	SourceName     string `json:"source_name"`
	SourceState    string `json:"source_state"`
	MigrationCycle string `json:"migration_cycle"`
	Connected      bool   `json:"connected"`
	Syncing        bool   `json:"syncing"`
	// UsePublicIP, UseIPv6 and ExistServer are what create/update set;
	// ShowTask does not return them (the SDK model has no such fields).
	UsePublicIP         bool          `json:"use_public_ip"`
	UseIPv6             bool          `json:"use_ipv6"`
	ExistServer         bool          `json:"exist_server"`
	FailMigration       bool          `json:"fail_migration"`
	Priority            int           `json:"priority"`
	SpeedLimit          int           `json:"speed_limit"`
	EnterpriseProjectID string        `json:"enterprise_project_id"`
	SubTasks            []SubTaskView `json:"sub_tasks"`
	CloneState          string        `json:"clone_state,omitempty"`
	NetworkChecked      bool          `json:"network_checked"`
	CreateDate          time.Time     `json:"create_date"`
	// Pending names the timed transition under way ("" when none), e.g.
	// "initialize", "replicate", "stopping", "deleting".
	Pending string `json:"pending,omitempty"`
	// The create-time options ShowTask does not return.
	NeedMigrationTest  bool     `json:"need_migration_test"`
	ConsistencyCheck   bool     `json:"is_need_consistency_check"`
	OverSpeedThreshold *float64 `json:"over_speed_threshold,omitempty"`
	// SpeedLimits and Configurations are the task's speed-limit and
	// configuration-setting sub-resources.
	SpeedLimits    []SpeedPeriodView `json:"speed_limits"`
	Configurations map[string]string `json:"configurations"`
}

// SpeedPeriodView is one period of a task's speed-limit schedule.
type SpeedPeriodView struct {
	Start              string   `json:"start"`
	End                string   `json:"end"`
	Speed              *int     `json:"speed,omitempty"`
	OverSpeedThreshold *float64 `json:"over_speed_threshold,omitempty"`
}

// Task is the view returned by the seeding methods.
type Task = TaskView

// Source is a source server as the control API shows it.
type Source struct {
	ID                  string `json:"id"`
	Name                string `json:"name"`
	IP                  string `json:"ip"`
	OSType              string `json:"os_type"`
	OSVersion           string `json:"os_version"`
	State               string `json:"state"`
	MigrationCycle      string `json:"migration_cycle"`
	Connected           bool   `json:"connected"`
	EnterpriseProjectID string `json:"enterprise_project_id"`
	TaskID              string `json:"task_id,omitempty"`
	Disks               []Disk `json:"disks"`
}

func (src *source) view() Source {
	return Source{
		ID: src.id, Name: src.name, IP: src.ip, OSType: src.osType, OSVersion: src.osVersion,
		State: src.state, MigrationCycle: src.migrationCycle, Connected: src.connected,
		EnterpriseProjectID: src.enterpriseProjectID, TaskID: src.taskID, Disks: src.disks,
	}
}

func (t *task) view(now time.Time) TaskView {
	v := TaskView{
		ID: t.id, Name: t.cfg.Name, Type: t.cfg.Type, OSType: t.cfg.OSType, State: t.state,
		SourceID: t.src.id, SourceName: t.src.name, SourceState: t.src.state,
		MigrationCycle: t.src.migrationCycle, Connected: t.src.connected, Syncing: t.cfg.Syncing,
		UsePublicIP: t.cfg.UsePublicIP, UseIPv6: t.cfg.UseIPv6, ExistServer: t.cfg.ExistServer,
		FailMigration: t.failMigration, Priority: t.cfg.Priority, SpeedLimit: t.cfg.SpeedLimit,
		EnterpriseProjectID: t.cfg.EnterpriseProjectID, NetworkChecked: t.net.done,
		CreateDate: t.createDate, Pending: t.ph.kind.String(), SubTasks: []SubTaskView{},
	}
	for i, st := range t.subTasks {
		v.SubTasks = append(v.SubTasks, SubTaskView{ID: st.id, Name: st.name, Progress: t.subProgress(i, now)})
	}
	if t.clone != nil {
		v.CloneState = t.clone.state
	}
	v.NeedMigrationTest, v.ConsistencyCheck, v.OverSpeedThreshold = t.cfg.NeedMigrationTest, t.cfg.IsNeedConsistencyChk, t.cfg.OverSpeedThreshold
	v.SpeedLimits, v.Configurations = t.settingsView()
	return v
}

func epochMillis(t time.Time) int64 { return t.UnixMilli() }

func optMillis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// TaskStates lists every task state the fake can hold, sorted.
func TaskStates() []string { return slices.Sorted(maps.Keys(taskStates)) }

// SourceStates lists every source-server state the fake can hold, sorted.
func SourceStates() []string { return slices.Sorted(maps.Keys(sourceStates)) }
