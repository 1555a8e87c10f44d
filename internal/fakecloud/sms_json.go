package fakecloud

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Wire shapes of SMS v3 responses. Field names and JSON types follow the API
// reference and the SDK models; optional strings that are unset are left out
// rather than sent empty.

type sourceServerJSON struct {
	ID             string `json:"id"`
	IP             string `json:"ip"`
	Name           string `json:"name"`
	OSType         string `json:"os_type"`
	OSVersion      string `json:"os_version,omitempty"`
	OemSystem      bool   `json:"oem_system"`
	State          string `json:"state"`
	MigrationCycle string `json:"migration_cycle,omitempty"`
}

type targetServerJSON struct {
	ID           string           `json:"id,omitempty"`
	VMID         string           `json:"vm_id,omitempty"`
	Name         string           `json:"name,omitempty"`
	OSType       string           `json:"os_type,omitempty"`
	Disks        []targetDiskJSON `json:"disks"`
	VolumeGroups json.RawMessage  `json:"volume_groups,omitempty"`
}

type cloneServerJSON struct {
	VMID       string `json:"vm_id,omitempty"`
	Name       string `json:"name,omitempty"`
	CloneState string `json:"clone_state"`
	ErrorMsg   string `json:"error_msg,omitempty"`
}

type subTaskJSON struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Progress     int      `json:"progress"`
	StartDate    *int64   `json:"start_date,omitempty"`
	EndDate      *int64   `json:"end_date,omitempty"`
	MigrateSpeed *float64 `json:"migrate_speed,omitempty"`
}

type networkCheckJSON struct {
	DomainConnectivity      bool    `json:"domain_connectivity"`
	DestinationConnectivity bool    `json:"destination_connectivity"`
	NetworkDelay            float64 `json:"network_delay"`
	NetworkJitter           float64 `json:"network_jitter"`
	MigrationSpeed          float64 `json:"migration_speed"`
	LossPercentage          float64 `json:"loss_percentage"`
	CPUUsage                float64 `json:"cpu_usage"`
	MemUsage                float64 `json:"mem_usage"`
	EvaluationResult        string  `json:"evaluation_result"`
}

// usage holds the six agent/host metrics of a task.
type usage struct {
	TotalCPUUsage float64 `json:"total_cpu_usage"`
	AgentCPUUsage float64 `json:"agent_cpu_usage"`
	TotalMemUsage float64 `json:"total_mem_usage"`
	AgentMemUsage float64 `json:"agent_mem_usage"`
	TotalDiskIO   float64 `json:"total_disk_io"`
	AgentDiskIO   float64 `json:"agent_disk_io"`
}

// showTaskJSON is the ShowTask body (GET /v3/tasks/{task_id}): the fields of
// the SDK's ShowTaskResponse and three it lacks, use_public_ip, use_ipv6
// and syncing, which the official provider's task acceptance test reads back
// from the service (it checks use_public_ip and re-imports use_ipv6).
// exist_server is accepted on create and update but never shown.
type showTaskJSON struct {
	UsePublicIP          bool              `json:"use_public_ip"`
	UseIPv6              bool              `json:"use_ipv6"`
	Syncing              bool              `json:"syncing"`
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Type                 string            `json:"type"`
	OSType               string            `json:"os_type"`
	Priority             int               `json:"priority"`
	SpeedLimit           int               `json:"speed_limit"`
	RegionID             string            `json:"region_id,omitempty"`
	RegionName           string            `json:"region_name,omitempty"`
	ProjectName          string            `json:"project_name,omitempty"`
	ProjectID            string            `json:"project_id,omitempty"`
	EnterpriseProjectID  string            `json:"enterprise_project_id"`
	StartTargetServer    bool              `json:"start_target_server"`
	MigrationIP          string            `json:"migration_ip,omitempty"`
	VMTemplateID         string            `json:"vm_template_id,omitempty"`
	State                string            `json:"state"`
	EstimateCompleteTime *int64            `json:"estimate_complete_time,omitempty"`
	Connected            bool              `json:"connected"`
	CreateDate           int64             `json:"create_date"`
	StartDate            *int64            `json:"start_date,omitempty"`
	FinishDate           *int64            `json:"finish_date,omitempty"`
	MigrateSpeed         float64           `json:"migrate_speed"`
	CompressRate         float64           `json:"compress_rate"`
	ErrorJSON            string            `json:"error_json,omitempty"`
	TotalTime            int64             `json:"total_time"`
	FloatIP              string            `json:"float_ip,omitempty"`
	TargetSnapshotID     string            `json:"target_snapshot_id,omitempty"`
	SubtaskInfo          string            `json:"subtask_info,omitempty"`
	RemainSeconds        int64             `json:"remain_seconds"`
	CloneServer          *cloneServerJSON  `json:"clone_server,omitempty"`
	SubTasks             []subTaskJSON     `json:"sub_tasks"`
	NetworkCheckInfo     *networkCheckJSON `json:"network_check_info,omitempty"`
	NeedMigrationTest    bool              `json:"need_migration_test"`
	SourceServer         sourceServerJSON  `json:"source_server"`
	TargetServer         targetServerJSON  `json:"target_server"`
	usage
}

// listTaskJSON is one item of ListTasks (GET /v3/tasks).
type listTaskJSON struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Type                 string            `json:"type"`
	OSType               string            `json:"os_type"`
	State                string            `json:"state"`
	EstimateCompleteTime *int64            `json:"estimate_complete_time,omitempty"`
	CreateDate           int64             `json:"create_date"`
	Priority             int               `json:"priority"`
	SpeedLimit           int               `json:"speed_limit"`
	MigrateSpeed         float64           `json:"migrate_speed"`
	CompressRate         float64           `json:"compress_rate"`
	StartTargetServer    bool              `json:"start_target_server"`
	ErrorJSON            string            `json:"error_json,omitempty"`
	TotalTime            int64             `json:"total_time"`
	MigrationIP          string            `json:"migration_ip,omitempty"`
	SubTasks             []listSubTaskJSON `json:"sub_tasks"`
	SourceServer         sourceServerJSON  `json:"source_server"`
	EnterpriseProjectID  string            `json:"enterprise_project_id"`
	TargetServer         listTargetJSON    `json:"target_server"`
	LogCollectStatus     string            `json:"log_collect_status"`
	CloneServer          *listCloneJSON    `json:"clone_server,omitempty"`
	Syncing              bool              `json:"syncing"`
	NetworkCheckInfo     *networkCheckJSON `json:"network_check_info,omitempty"`
	SpecialConfig        []configItem      `json:"special_config"`
	NeedMigrationTest    bool              `json:"need_migration_test"`
	usage
}

// listSubTaskJSON is a sub-task of a ListTasks item
// (SubTaskAssociatedWithTask: no migrate_speed).
type listSubTaskJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Progress  int    `json:"progress"`
	StartDate *int64 `json:"start_date,omitempty"`
	EndDate   *int64 `json:"end_date,omitempty"`
}

type listTargetJSON struct {
	ID        string `json:"id,omitempty"`
	VMID      string `json:"vm_id,omitempty"`
	Name      string `json:"name,omitempty"`
	IP        string `json:"ip,omitempty"`
	OSType    string `json:"os_type,omitempty"`
	OSVersion string `json:"os_version,omitempty"`
}

type listCloneJSON struct {
	VMID string `json:"vm_id,omitempty"`
	Name string `json:"name,omitempty"`
}

type listTasksJSON struct {
	Count int            `json:"count"`
	Tasks []listTaskJSON `json:"tasks"`
}

// dynamics are the values that depend on the clock.
type dynamics struct {
	speed        float64
	compress     float64
	remain       time.Duration
	estimate     *int64
	totalTime    int64
	usage        usage
	subTasks     []subTaskJSON
	networkCheck *networkCheckJSON
	subtaskInfo  string // the sub-task under way and its progress, "NAME:45"
}

func (s *Server) dynamics(t *task, now time.Time) dynamics {
	var d dynamics
	migrating := t.ph.kind == phInit || t.ph.kind == phReplicate
	if t.ph.kind == phReplicate {
		limit := float64(t.cfg.SpeedLimit)
		if limit <= 0 || limit > 1000 {
			limit = 1000
		}
		d.speed = math.Round(limit*0.8*100) / 100
		d.compress = 0.65
	}
	if rem := t.remaining(s, now); rem > 0 {
		d.remain = rem
		est := now.Add(rem).UnixMilli()
		d.estimate = &est
	}
	if !t.startDate.IsZero() {
		end := now
		if !t.finishDate.IsZero() {
			end = t.finishDate
		}
		d.totalTime = end.Sub(t.startDate).Milliseconds()
	}
	if t.src.connected && (migrating || t.state == StateSyncing || t.state == StateSkipping) {
		d.usage = usage{TotalCPUUsage: 23.5, AgentCPUUsage: 4.2, TotalMemUsage: 2048, AgentMemUsage: 128, TotalDiskIO: 96, AgentDiskIO: 80}
	}
	d.subTasks = []subTaskJSON{}
	for i, st := range t.subTasks {
		sj := subTaskJSON{ID: st.id, Name: st.name, Progress: t.subProgress(i, now), StartDate: optMillis(st.start), EndDate: optMillis(st.end)}
		if t.ph.kind == phReplicate && t.ph.sub == i {
			sp := d.speed
			sj.MigrateSpeed = &sp
		}
		d.subTasks = append(d.subTasks, sj)
	}
	if r := t.report; r != nil && t.ph.kind == phNone {
		// The agent's last progress report, while the fake moves nothing.
		d.usage = r.usage
		if r.MigrateSpeed != nil {
			d.speed = *r.MigrateSpeed
		}
		if r.CompressRate != nil {
			d.compress = *r.CompressRate
		}
		if r.RemainTime != nil {
			d.remain = time.Duration(*r.RemainTime) * time.Second
		}
	}
	if t.ph.sub >= 0 && t.ph.sub < len(t.subTasks) && t.ph.kind != phNone {
		d.subtaskInfo = fmt.Sprintf("%s:%d", t.subTasks[t.ph.sub].name, t.subProgress(t.ph.sub, now))
	}
	if t.net.report != nil {
		r := *t.net.report
		d.networkCheck = &r
	} else if t.net.done {
		d.networkCheck = &networkCheckJSON{
			DomainConnectivity: true, DestinationConnectivity: true, NetworkDelay: 12.5 + float64(t.net.runs%10)/10, NetworkJitter: 1.2,
			MigrationSpeed: 850, LossPercentage: 0, CPUUsage: 15.3, MemUsage: 42, EvaluationResult: "GOOD",
		}
	}
	return d
}

func (t *task) sourceJSON(withCycle bool) sourceServerJSON {
	sj := sourceServerJSON{
		ID: t.src.id, IP: t.src.ip, Name: t.src.name, OSType: t.src.osType,
		OSVersion: t.src.osVersion, State: t.src.state,
	}
	if withCycle {
		sj.MigrationCycle = t.src.migrationCycle
	}
	return sj
}

func (s *Server) showTaskBody(t *task, now time.Time) showTaskJSON {
	d := s.dynamics(t, now)
	b := showTaskJSON{
		UsePublicIP: t.cfg.UsePublicIP, UseIPv6: t.cfg.UseIPv6, Syncing: t.cfg.Syncing,
		ID: t.id, Name: t.cfg.Name, Type: t.cfg.Type, OSType: t.cfg.OSType, Priority: t.cfg.Priority,
		SpeedLimit: t.cfg.SpeedLimit, RegionID: t.cfg.RegionID, RegionName: t.cfg.RegionName,
		ProjectName: t.cfg.ProjectName, ProjectID: t.cfg.ProjectID, EnterpriseProjectID: t.cfg.EnterpriseProjectID,
		StartTargetServer: t.cfg.StartTargetServer, MigrationIP: t.cfg.MigrationIP, VMTemplateID: t.cfg.VMTemplateID,
		State: t.state, EstimateCompleteTime: d.estimate, Connected: t.src.connected,
		CreateDate: epochMillis(t.createDate), StartDate: optMillis(t.startDate), FinishDate: optMillis(t.finishDate),
		MigrateSpeed: d.speed, CompressRate: d.compress, ErrorJSON: t.errorJSON, TotalTime: d.totalTime,
		// float_ip: "kept for old agents" (the model), the migration IP.
		FloatIP: t.cfg.MigrationIP, TargetSnapshotID: lastSnapshot(t.cfg.SnapshotIDs), SubtaskInfo: d.subtaskInfo,
		RemainSeconds: int64(math.Ceil(d.remain.Seconds())), SubTasks: d.subTasks, NetworkCheckInfo: d.networkCheck,
		NeedMigrationTest: t.cfg.NeedMigrationTest, SourceServer: t.sourceJSON(true),
		TargetServer: targetServerJSON{
			ID: t.id, VMID: t.cfg.Target.VMID, Name: t.cfg.Target.Name, OSType: t.cfg.OSType,
			Disks: targetDisksOut(t.cfg.Target.Disks), VolumeGroups: t.cfg.Target.VolumeGroups,
		},
		usage: d.usage,
	}
	if t.clone != nil {
		b.CloneServer = &cloneServerJSON{VMID: t.clone.vmID, Name: t.clone.name, CloneState: t.clone.state, ErrorMsg: t.clone.errorMsg}
	}
	return b
}

func (s *Server) listTaskBody(t *task, now time.Time) listTaskJSON {
	d := s.dynamics(t, now)
	b := listTaskJSON{
		ID: t.id, Name: t.cfg.Name, Type: t.cfg.Type, OSType: t.cfg.OSType, State: t.state,
		EstimateCompleteTime: d.estimate, CreateDate: epochMillis(t.createDate), Priority: t.cfg.Priority,
		SpeedLimit: t.cfg.SpeedLimit, MigrateSpeed: d.speed, CompressRate: d.compress,
		StartTargetServer: t.cfg.StartTargetServer, ErrorJSON: t.errorJSON, TotalTime: d.totalTime,
		MigrationIP: t.cfg.MigrationIP, SubTasks: listSubTasks(d.subTasks), SourceServer: t.sourceJSON(false),
		EnterpriseProjectID: t.cfg.EnterpriseProjectID,
		TargetServer: listTargetJSON{ID: t.id, VMID: t.cfg.Target.VMID, Name: t.cfg.Target.Name, IP: t.cfg.MigrationIP,
			OSType: t.cfg.OSType, OSVersion: t.src.osVersion},
		LogCollectStatus: t.logStatus(now), Syncing: t.cfg.Syncing, NetworkCheckInfo: d.networkCheck,
		SpecialConfig: append([]configItem{}, t.configs...), NeedMigrationTest: t.cfg.NeedMigrationTest, usage: d.usage,
	}
	if t.clone != nil && t.clone.vmID != "" {
		b.CloneServer = &listCloneJSON{VMID: t.clone.vmID, Name: t.clone.name}
	}
	return b
}

// lastSnapshot is the last of the ";"-separated snapshot ids UpdateTask
// sets ("" when none).
func lastSnapshot(ids string) string {
	parts := strings.Split(ids, ";")
	return strings.TrimSpace(parts[len(parts)-1])
}

func listSubTasks(in []subTaskJSON) []listSubTaskJSON {
	out := make([]listSubTaskJSON, 0, len(in))
	for _, st := range in {
		out = append(out, listSubTaskJSON{ID: st.ID, Name: st.Name, Progress: st.Progress, StartDate: st.StartDate, EndDate: st.EndDate})
	}
	return out
}

// targetDisksOut numbers the disks (TargetDisk.id) for output.
func targetDisksOut(in []targetDiskJSON) []targetDiskJSON {
	out := make([]targetDiskJSON, 0, len(in))
	for i, d := range in {
		id := int64(i)
		d.ID = &id
		out = append(out, d)
	}
	return out
}
