package sms

// CreateTaskRequest is the body of POST /v3/tasks (PostTask). Optional
// fields are pointers or omitempty so that unset ones are left out and the
// service applies its own defaults (start_target_server and use_public_ip
// default to true server-side, which a plain false would override).
type CreateTaskRequest struct {
	Name                   string          `json:"name"`
	Type                   string          `json:"type"` // TaskTypeMigrateFile or TaskTypeMigrateBlock
	OsType                 string          `json:"os_type,omitempty"`
	SourceServer           SourceServerRef `json:"source_server"`
	TargetServer           NewTargetServer `json:"target_server"`
	RegionName             string          `json:"region_name"`
	RegionID               string          `json:"region_id"`
	ProjectName            string          `json:"project_name"`
	ProjectID              string          `json:"project_id"`
	MigrationIP            string          `json:"migration_ip,omitempty"`
	Priority               *int            `json:"priority,omitempty"`
	VMTemplateID           string          `json:"vm_template_id,omitempty"`
	StartTargetServer      *bool           `json:"start_target_server,omitempty"`
	AutoStart              *bool           `json:"auto_start,omitempty"`
	UsePublicIP            *bool           `json:"use_public_ip,omitempty"`
	UseIPv6                *bool           `json:"use_ipv6,omitempty"`
	Syncing                *bool           `json:"syncing,omitempty"`
	ExistServer            *bool           `json:"exist_server,omitempty"`
	StartNetworkCheck      *bool           `json:"start_network_check,omitempty"`
	SpeedLimit             *int            `json:"speed_limit,omitempty"` // Mbit/s, 0-10000
	OverSpeedThreshold     *float64        `json:"over_speed_threshold,omitempty"`
	IsNeedConsistencyCheck *bool           `json:"is_need_consistency_check,omitempty"`
	NeedMigrationTest      *bool           `json:"need_migration_test,omitempty"`
}

// SourceServerRef names the source server of a new task.
type SourceServerRef struct {
	ID string `json:"id"`
}

// NewTargetServer is the target of a new task (TargetServerByTask): name
// and vm_id are required, vm_id empty when the service creates the server
// from vm_template_id.
type NewTargetServer struct {
	VMID         string        `json:"vm_id"`
	Name         string        `json:"name"`
	Disks        []Disk        `json:"disks,omitempty"`
	VolumeGroups []VolumeGroup `json:"volume_groups,omitempty"`
}

// TargetServerSpec describes the target of an updated task. VMID and Name
// are left out when empty, so an update never clears them.
type TargetServerSpec struct {
	VMID         string        `json:"vm_id,omitempty"`
	Name         string        `json:"name,omitempty"`
	Disks        []Disk        `json:"disks,omitempty"`
	VolumeGroups []VolumeGroup `json:"volume_groups,omitempty"`
}

// Disk is a disk as the SMS API describes it in task requests, task
// responses and source servers (init_target_server.disks, disks). Sizes are
// bytes. One type for all of them lets a source's suggested disks be sent
// back unchanged as a task's target disks.
type Disk struct {
	ID              int64            `json:"id,omitempty"`
	Name            string           `json:"name,omitempty"`
	DeviceUse       string           `json:"device_use,omitempty"` // DeviceUseNormal, DeviceUseOS, DeviceUseBoot
	DiskID          string           `json:"disk_id,omitempty"`
	Size            int64            `json:"size"`
	UsedSize        int64            `json:"used_size,omitempty"`
	PhysicalVolumes []PhysicalVolume `json:"physical_volumes,omitempty"`
	DiskIndex       string           `json:"disk_index,omitempty"`
	OsDisk          bool             `json:"os_disk,omitempty"`
	PartitionStyle  string           `json:"partition_style,omitempty"` // MBR or GPT
	RelationName    string           `json:"relation_name,omitempty"`
	InodeSize       int64            `json:"inode_size,omitempty"`
}

// PhysicalVolume is a partition of a Disk. Sizes are bytes.
type PhysicalVolume struct {
	ID           int64  `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	DeviceUse    string `json:"device_use,omitempty"`
	FileSystem   string `json:"file_system,omitempty"`
	Index        int    `json:"index"`
	MountPoint   string `json:"mount_point,omitempty"`
	Size         int64  `json:"size"`
	UsedSize     int64  `json:"used_size"`
	FreeSize     int64  `json:"free_size,omitempty"`
	InodeSize    int64  `json:"inode_size,omitempty"`
	InodeNums    int64  `json:"inode_nums,omitempty"`
	UUID         string `json:"uuid,omitempty"`
	RelationName string `json:"relation_name,omitempty"`
}

// VolumeGroup is an LVM volume group. Sizes are bytes.
type VolumeGroup struct {
	Name           string          `json:"name,omitempty"`
	Components     string          `json:"components,omitempty"`
	Size           int64           `json:"size,omitempty"`
	FreeSize       int64           `json:"free_size,omitempty"`
	LogicalVolumes []LogicalVolume `json:"logical_volumes,omitempty"`
}

// LogicalVolume is an LVM logical volume. Sizes are bytes.
type LogicalVolume struct {
	Name       string `json:"name,omitempty"`
	DeviceUse  string `json:"device_use,omitempty"`
	FileSystem string `json:"file_system,omitempty"`
	MountPoint string `json:"mount_point,omitempty"`
	BlockCount int64  `json:"block_count,omitempty"`
	BlockSize  int64  `json:"block_size,omitempty"`
	InodeSize  int64  `json:"inode_size,omitempty"`
	InodeNums  int64  `json:"inode_nums,omitempty"`
	Size       int64  `json:"size"`
	UsedSize   int64  `json:"used_size"`
	FreeSize   int64  `json:"free_size,omitempty"`
}

// UpdateTaskRequest is the body of PUT /v3/tasks/{id} (PutTaskReq). Every
// field is optional; nil fields are not sent and stay unchanged.
type UpdateTaskRequest struct {
	Name                 *string           `json:"name,omitempty"`
	Type                 *string           `json:"type,omitempty"`
	RegionID             *string           `json:"region_id,omitempty"`
	RegionName           *string           `json:"region_name,omitempty"`
	ProjectName          *string           `json:"project_name,omitempty"`
	ProjectID            *string           `json:"project_id,omitempty"`
	EnterpriseProject    *string           `json:"enterprise_project,omitempty"`
	ExistServer          *bool             `json:"exist_server,omitempty"`
	MigrationIP          *string           `json:"migration_ip,omitempty"`
	UsePublicIP          *bool             `json:"use_public_ip,omitempty"`
	UseIPv6              *bool             `json:"use_ipv6,omitempty"`
	SpeedLimit           *int              `json:"speed_limit,omitempty"`
	ImageDiskID          *string           `json:"image_disk_id,omitempty"`
	VMTemplateID         *string           `json:"vm_template_id,omitempty"`
	TargetDiskIDs        *string           `json:"target_disk_ids,omitempty"` // space separated
	SnapshotIDs          *string           `json:"snapshot_ids,omitempty"`    // ";" separated
	CutoveredSnapshotIDs *string           `json:"cutovered_snapshot_ids,omitempty"`
	TargetServer         *TargetServerSpec `json:"target_server,omitempty"`
	CloneServer          *CloneServer      `json:"clone_server,omitempty"`
}

// TaskActionRequest is the body of POST /v3/tasks/{id}/action.
type TaskActionRequest struct {
	Operation              string `json:"operation"`             // one of the Operation* constants
	TemplateID             string `json:"template_id,omitempty"` // for OperationCloneTest
	SwitchHCE              *bool  `json:"switch_hce,omitempty"`
	IsNeedConsistencyCheck *bool  `json:"is_need_consistency_check,omitempty"`
}

// Task is a migration task as returned by ShowTask and ListTasks (the list
// items are a subset of the same fields). Dates are epoch milliseconds.
type Task struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Type                 string            `json:"type"`
	OsType               string            `json:"os_type"`
	State                string            `json:"state"`
	Priority             int               `json:"priority"`    // 0 low, 1 standard, 2 high
	SpeedLimit           int               `json:"speed_limit"` // Mbit/s
	RegionID             string            `json:"region_id"`
	RegionName           string            `json:"region_name"`
	ProjectID            string            `json:"project_id"`
	ProjectName          string            `json:"project_name"`
	EnterpriseProjectID  string            `json:"enterprise_project_id"`
	StartTargetServer    bool              `json:"start_target_server"`
	MigrationIP          string            `json:"migration_ip"`
	VMTemplateID         string            `json:"vm_template_id"`
	Connected            bool              `json:"connected"`
	CreateDate           int64             `json:"create_date"`
	StartDate            int64             `json:"start_date"`
	FinishDate           int64             `json:"finish_date"`
	MigrateSpeed         float64           `json:"migrate_speed"` // Mbit/s
	CompressRate         float64           `json:"compress_rate"`
	ErrorJSON            string            `json:"error_json"`
	TotalTime            int64             `json:"total_time"`
	RemainSeconds        int64             `json:"remain_seconds"`
	EstimateCompleteTime int64             `json:"estimate_complete_time"`
	FloatIP              string            `json:"float_ip,omitempty"`
	TargetSnapshotID     string            `json:"target_snapshot_id,omitempty"`
	Syncing              bool              `json:"syncing"` // ListTasks items only; ShowTask has no syncing
	NeedMigrationTest    bool              `json:"need_migration_test"`
	LogCollectStatus     string            `json:"log_collect_status"`
	SubtaskInfo          string            `json:"subtask_info,omitempty"`
	SourceServer         TaskSourceServer  `json:"source_server"`
	TargetServer         TaskTargetServer  `json:"target_server"`
	CloneServer          *CloneServer      `json:"clone_server,omitempty"`
	SubTasks             []SubTask         `json:"sub_tasks"`
	NetworkCheckInfo     *NetworkCheckInfo `json:"network_check_info,omitempty"`
	SpecialConfig        []ConfigItem      `json:"special_config,omitempty"`
	TotalCPUUsage        float64           `json:"total_cpu_usage,omitempty"` // percent
	AgentCPUUsage        float64           `json:"agent_cpu_usage,omitempty"` // percent
	TotalMemUsage        float64           `json:"total_mem_usage,omitempty"` // MB
	AgentMemUsage        float64           `json:"agent_mem_usage,omitempty"` // MB
	TotalDiskIO          float64           `json:"total_disk_io,omitempty"`   // Mbit/s
	AgentDiskIO          float64           `json:"agent_disk_io,omitempty"`   // Mbit/s
}

// CopyUnlisted copies into t, a ListTasks item, the fields such an item
// lacks and ShowTask has, from full: the region and project (ids and
// names), vm_template_id, connected and the target disks with their volume
// groups. It is the one list of what a listing lacks. (use_public_ip,
// use_ipv6 and exist_server are in neither read.)
func (t *Task) CopyUnlisted(full *Task) {
	t.RegionID, t.RegionName = full.RegionID, full.RegionName
	t.ProjectID, t.ProjectName = full.ProjectID, full.ProjectName
	t.VMTemplateID = full.VMTemplateID
	t.Connected = full.Connected
	t.TargetServer.Disks = full.TargetServer.Disks
	t.TargetServer.VolumeGroups = full.TargetServer.VolumeGroups
}

// TaskSourceServer is the source server embedded in a task.
type TaskSourceServer struct {
	ID             string `json:"id"`
	IP             string `json:"ip"`
	Name           string `json:"name"`
	OsType         string `json:"os_type"`
	OsVersion      string `json:"os_version"`
	OemSystem      bool   `json:"oem_system,omitempty"`
	State          string `json:"state"`           // a SourceState* constant
	MigrationCycle string `json:"migration_cycle"` // a MigrationCycle* constant
}

// TaskTargetServer is the target server embedded in a task.
type TaskTargetServer struct {
	ID                   string        `json:"id"`
	VMID                 string        `json:"vm_id"`
	Name                 string        `json:"name"`
	IP                   string        `json:"ip"`
	OsType               string        `json:"os_type,omitempty"`
	OsVersion            string        `json:"os_version,omitempty"`
	SystemDir            string        `json:"system_dir,omitempty"`
	Disks                []Disk        `json:"disks"`
	VolumeGroups         []VolumeGroup `json:"volume_groups,omitempty"`
	BtrfsList            []string      `json:"btrfs_list,omitempty"`
	ImageDiskID          string        `json:"image_disk_id,omitempty"`
	CutoveredSnapshotIDs string        `json:"cutovered_snapshot_ids,omitempty"`
}

// CloneServer is the clone made by a clone_test operation.
type CloneServer struct {
	VMID       string `json:"vm_id,omitempty"`
	Name       string `json:"name,omitempty"`
	CloneState string `json:"clone_state,omitempty"` // NOT_READY, READY, PREPARING, CREATING, ERROR, FINISHED
	CloneError string `json:"clone_error,omitempty"`
	ErrorMsg   string `json:"error_msg,omitempty"`
}

// SubTask is one step of a task (progress 0-100).
type SubTask struct {
	ID           int64   `json:"id"`
	Name         string  `json:"name"`
	Progress     int     `json:"progress"`
	StartDate    int64   `json:"start_date"`
	EndDate      int64   `json:"end_date"`
	MigrateSpeed float64 `json:"migrate_speed,omitempty"`
	UserOp       string  `json:"user_op,omitempty"`
	ProcessTrace string  `json:"process_trace,omitempty"`
}

// NetworkCheckInfo is the result of a network_check operation.
type NetworkCheckInfo struct {
	DomainConnectivity      bool    `json:"domain_connectivity"`
	DestinationConnectivity bool    `json:"destination_connectivity"`
	NetworkDelay            float64 `json:"network_delay"`   // ms
	NetworkJitter           float64 `json:"network_jitter"`  // ms
	MigrationSpeed          float64 `json:"migration_speed"` // Mbit/s
	LossPercentage          float64 `json:"loss_percentage"`
	CPUUsage                float64 `json:"cpu_usage"`
	MemUsage                float64 `json:"mem_usage"`
	EvaluationResult        string  `json:"evaluation_result"`
}

// ConfigItem is one advanced migration setting of a task.
type ConfigItem struct {
	ConfigKey    string `json:"config_key"`
	ConfigValue  string `json:"config_value"`
	ConfigStatus string `json:"config_status,omitempty"`
}

// TaskPage is one page of ListTasks. Count is the total number of matching
// tasks, regardless of paging.
type TaskPage struct {
	Count int    `json:"count"`
	Tasks []Task `json:"tasks"`
}

// Progress returns the progress of the sub-task currently running: the
// highest progress below 100, 100 when every sub-task is done, 0 when the
// task has no sub-tasks yet.
func (t *Task) Progress() int {
	if t == nil || len(t.SubTasks) == 0 {
		return 0
	}
	running := -1
	for _, s := range t.SubTasks {
		p := max(s.Progress, 0) // a negative value is bad data: not started
		if p < 100 && p > running {
			running = p
		}
	}
	if running < 0 {
		return 100
	}
	return running
}
