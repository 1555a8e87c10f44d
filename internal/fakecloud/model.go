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

// Disk is a source server disk; sizes are bytes. The optional fields are
// what an agent may report beyond the seeded defaults (ServerDisk).
type Disk struct {
	Name            string           `json:"name"`
	Size            int64            `json:"size"`
	UsedSize        int64            `json:"used_size"`
	DeviceUse       string           `json:"device_use"` // OS, BOOT or NORMAL
	PhysicalVolumes []PhysicalVolume `json:"physical_volumes"`
	PartitionStyle  string           `json:"partition_style,omitempty"` // default MBR
	OSDisk          *bool            `json:"os_disk,omitempty"`         // default: BOOT or OS
	RelationName    string           `json:"relation_name,omitempty"`
	InodeSize       *int32           `json:"inode_size,omitempty"`
}

// PhysicalVolume is a partition of a Disk; sizes are bytes.
type PhysicalVolume struct {
	Name           string `json:"name"`
	DeviceUse      string `json:"device_use"`
	FileSystem     string `json:"file_system"`
	MountPoint     string `json:"mount_point"`
	Index          int    `json:"index"`
	Size           int64  `json:"size"`
	UsedSize       int64  `json:"used_size"`
	UUID           string `json:"uuid"`
	InodeSize      *int32 `json:"inode_size,omitempty"`
	InodeNums      *int64 `json:"inode_nums,omitempty"`
	SizePerCluster *int32 `json:"size_per_cluster,omitempty"`
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
	agent               agentReport // what the agent registered (sources_agent.go)
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
	SnapshotIDs           string // UpdateTask snapshot_ids, ";"-separated
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
	runs    int               // checks completed; each measures a slightly different delay
	report  *networkCheckJSON // the agent's report (UpdateNetworkCheckInfo), shown until a new check ends
}

// task is an SMS migration task. Its timed transitions are evaluated lazily:
// advance moves it along by the fake's clock before any read or write.
type task struct {
	id              string
	seq             int64
	cfg             taskConfig
	state           string
	src             *source
	failMigration   bool
	fail            Failures
	createDate      time.Time
	startDate       time.Time
	finishDate      time.Time
	ph              phase
	subTasks        []*subTask
	clone           *cloneState
	net             netCheck
	errorJSON       string
	logUpload       logUpload        // CollectLog (task_reports.go)
	consistency     []consistencyRun // consistency check results, oldest first
	report          *ProgressReport  // the agent's last progress report
	flagsUnreported bool             // TaskSpec.FlagsUnreported
	speedLimits     []speedPeriod    // the speed-limit schedule
	configs         []configItem     // the configuration settings, in the order set
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
	// The diagnostics: log_collect_status and the buckets asked for,
	// the consistency check runs (oldest first), the agent's last progress
	// and network check reports.
	LogCollectStatus   string            `json:"log_collect_status"`
	LogBuckets         []string          `json:"log_buckets,omitempty"`
	ConsistencyResults []ConsistencyRun  `json:"consistency_results,omitempty"`
	Progress           *ProgressReport   `json:"progress,omitempty"`
	NetworkCheckReport *NetworkCheckView `json:"network_check_report,omitempty"`
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
	MigProject          string `json:"migproject"`
	// What the agent reported (RegisterServer, UpdateCopyState,
	// UpdateCommandResult) and what a user asked of it.
	Hostname     string `json:"hostname"`
	AgentVersion string `json:"agent_version"`
	CPUQuantity  int32  `json:"cpu_quantity"`
	MemoryMB     int64  `json:"memory_mb"`
	// CopyState and CopyCycle are the last UpdateCopyState as sent.
	CopyState string `json:"copy_state,omitempty"`
	CopyCycle string `json:"copy_cycle,omitempty"`
	// Command is the command queued for the agent ("" when none).
	Command        string          `json:"command,omitempty"`
	CommandResults []CommandResult `json:"command_results,omitempty"`
	// Adjustments are the last UpdateServerName disks and volume_groups.
	Adjustments json.RawMessage `json:"adjustments,omitempty"`
}

func (src *source) view() Source {
	a := src.agent
	return Source{
		ID: src.id, Name: src.name, IP: src.ip, OSType: src.osType, OSVersion: src.osVersion,
		State: src.state, MigrationCycle: src.migrationCycle, Connected: src.connected,
		EnterpriseProjectID: src.enterpriseProjectID, TaskID: src.taskID, Disks: src.disks, MigProject: src.migProject,
		Hostname: a.hostname, AgentVersion: a.agentVersion, CPUQuantity: a.cpuQuantity, MemoryMB: a.memoryMB,
		CopyState: a.copyState, CopyCycle: a.copyCycle, Command: a.command, CommandResults: slices.Clone(a.results),
		Adjustments: a.adjustments,
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
	v.LogCollectStatus, v.LogBuckets, v.Progress = t.logStatus(now), slices.Clone(t.logUpload.buckets), t.report
	for _, run := range t.consistency {
		v.ConsistencyResults = append(v.ConsistencyResults, run.view())
	}
	if r := t.net.report; r != nil {
		nv := NetworkCheckView(*r)
		v.NetworkCheckReport = &nv
	}
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
