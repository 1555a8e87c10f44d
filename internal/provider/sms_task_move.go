package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ resource.ResourceWithMoveState = (*smsTaskResource)(nil)

// MoveState takes a huaweicloud_sms_task of the official provider over
// (moved block, Terraform 1.8 and later).
func (r *smsTaskResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{officialMove("huaweicloud_sms_task", moveOfficialTask)}
}

// bytesPerMB converts the official provider's disk sizes (MB, rounded down
// from the API's bytes) to this provider's (bytes, as the API has them).
const bytesPerMB = 1 << 20

// officialTask is the state of the official huaweicloud_sms_task, schema
// version 0: every attribute it holds.
type officialTask struct {
	ID                     string                `json:"id"`
	Type                   string                `json:"type"`
	OSType                 string                `json:"os_type"`
	SourceServerID         string                `json:"source_server_id"`
	Region                 *string               `json:"region"`
	ProjectID              *string               `json:"project_id"`
	TargetServerID         *string               `json:"target_server_id"`
	TargetServerName       *string               `json:"target_server_name"`
	VMTemplateID           *string               `json:"vm_template_id"`
	TargetServerDisks      []officialTaskDisk    `json:"target_server_disks"`
	MigrationIP            *string               `json:"migration_ip"`
	StartTargetServer      *bool                 `json:"start_target_server"`
	UsePublicIP            *bool                 `json:"use_public_ip"`
	Syncing                *bool                 `json:"syncing"`
	AutoStart              *bool                 `json:"auto_start"`
	UseIPv6                *bool                 `json:"use_ipv6"`
	StartNetworkCheck      *bool                 `json:"start_network_check"`
	IsNeedConsistencyCheck *bool                 `json:"is_need_consistency_check"`
	NeedMigrationTest      *bool                 `json:"need_migration_test"`
	MigrateSpeedLimit      *int                  `json:"migrate_speed_limit"`
	OverSpeedThreshold     *float64              `json:"over_speed_threshold"`
	SpeedLimit             []officialTaskPeriod  `json:"speed_limit"`
	Configurations         []officialTaskSetting `json:"configurations"`
	State                  *string               `json:"state"`
	EnterpriseProjectID    *string               `json:"enterprise_project_id"`
	MigrateSpeed           *float64              `json:"migrate_speed"`
	Timeouts               *officialTimeouts     `json:"timeouts"`
	// Known, and left behind: the official in-resource start/stop (here
	// huaweicloud_sms_task_action), its replace-or-update switch, a secret
	// this provider never stores (the ephemeral
	// huaweicloud_sms_task_certificate returns it) and a value that follows
	// from type and os_type.
	Action         *string `json:"action"`
	EnableForceNew *string `json:"enable_force_new"`
	Passphrase     *string `json:"passphrase"`
	MigrateType    *string `json:"migrate_type"`
}

type officialTaskDisk struct {
	Name            string               `json:"name"`
	DeviceType      string               `json:"device_type"`
	Size            int64                `json:"size"`
	DiskID          *string              `json:"disk_id"`
	UsedSize        *int64               `json:"used_size"`
	PhysicalVolumes []officialTaskVolume `json:"physical_volumes"`
}

type officialTaskVolume struct {
	Name       string  `json:"name"`
	DeviceType string  `json:"device_type"`
	Size       int64   `json:"size"`
	FileSystem *string `json:"file_system"`
	MountPoint *string `json:"mount_point"`
	Index      int     `json:"index"`
	UsedSize   *int64  `json:"used_size"`
	UUID       *string `json:"uuid"`
}

type officialTaskPeriod struct {
	Start              string   `json:"start"`
	End                string   `json:"end"`
	Speed              *int     `json:"speed"`
	OverSpeedThreshold *float64 `json:"over_speed_threshold"`
}

type officialTaskSetting struct {
	ConfigKey    string  `json:"config_key"`
	ConfigValue  string  `json:"config_value"`
	ConfigStatus *string `json:"config_status"` // a reserved field of the API, not modeled here
}

// moveOfficialTask writes this provider's state of the task the official
// state describes. What the official provider read from the API goes through
// the conversion of a read (fromAPI), disk sizes back in bytes; the
// create-time options no answer carries (auto_start, start_network_check,
// ...) are the ones it recorded. What it lacks (connected, progress,
// create_date, ...) stays null until the refresh that follows the move reads
// the task, which also replaces the sizes the official provider rounded down
// to whole MB (unless the task listing serves a large refresh: it has no
// disks, and they stay as converted).
func moveOfficialTask(ctx context.Context, o *officialTask, resp *resource.MoveStateResponse) {
	task := &sms.Task{
		ID: o.ID, Name: smsTaskDefaultName, Type: o.Type, OsType: o.OSType,
		State: officialString(o.State), Priority: 1, // the official provider creates every task with priority 1
		RegionName: officialString(o.Region), ProjectID: officialString(o.ProjectID),
		EnterpriseProjectID: officialString(o.EnterpriseProjectID),
		StartTargetServer:   officialBool(o.StartTargetServer, true),
		MigrationIP:         officialString(o.MigrationIP), VMTemplateID: officialString(o.VMTemplateID),
		NeedMigrationTest: officialBool(o.NeedMigrationTest, false),
		SourceServer:      sms.TaskSourceServer{ID: o.SourceServerID},
		TargetServer:      sms.TaskTargetServer{VMID: officialString(o.TargetServerID), Name: officialString(o.TargetServerName)},
	}
	if o.MigrateSpeedLimit != nil {
		task.SpeedLimit = *o.MigrateSpeedLimit
	}
	if o.MigrateSpeed != nil {
		task.MigrateSpeed = *o.MigrateSpeed
	}
	for _, d := range o.TargetServerDisks {
		disk := sms.Disk{Name: d.Name, DeviceUse: d.DeviceType, Size: d.Size * bytesPerMB, DiskID: officialString(d.DiskID)}
		if d.UsedSize != nil {
			disk.UsedSize = *d.UsedSize * bytesPerMB
		}
		for _, v := range d.PhysicalVolumes {
			vol := sms.PhysicalVolume{Name: v.Name, DeviceUse: v.DeviceType, Size: v.Size * bytesPerMB, Index: v.Index,
				FileSystem: officialString(v.FileSystem), MountPoint: officialString(v.MountPoint), UUID: officialString(v.UUID)}
			if v.UsedSize != nil {
				vol.UsedSize = *v.UsedSize * bytesPerMB
			}
			disk.PhysicalVolumes = append(disk.PhysicalVolumes, vol)
		}
		task.TargetServer.Disks = append(task.TargetServer.Disks, disk)
	}

	var m smsTaskResourceModel
	resp.Diagnostics.Append(m.fromRead(ctx, taskRead{task: task})...)
	// Not in the official state: the refresh reads them.
	m.Connected, m.Progress = types.BoolNull(), types.Int64Null()
	m.UsePublicIP = types.BoolValue(officialBool(o.UsePublicIP, true))
	m.UseIPv6 = types.BoolValue(officialBool(o.UseIPv6, false))
	m.Syncing = types.BoolValue(officialBool(o.Syncing, false))
	// The official schema takes exactly one of target_server_id (an
	// existing server) and vm_template_id (a server to create).
	m.ExistServer = types.BoolValue(task.VMTemplateID == "")
	m.AutoStart = types.BoolValue(officialBool(o.AutoStart, false))
	m.StartNetworkCheck = types.BoolValue(officialBool(o.StartNetworkCheck, false))
	m.IsNeedConsistencyCheck = types.BoolValue(officialBool(o.IsNeedConsistencyCheck, false))
	// The official provider leaves a zero threshold out of the request: unset.
	m.OverSpeedThreshold = types.Float64Null()
	if o.OverSpeedThreshold != nil && *o.OverSpeedThreshold != 0 {
		m.OverSpeedThreshold = types.Float64Value(*o.OverSpeedThreshold)
	}
	schedule, diags := scheduleValue(ctx, officialSchedule(o.SpeedLimit))
	resp.Diagnostics.Append(diags...)
	m.SpeedLimitSchedule = schedule
	m.Configurations = officialConfigurations(o.Configurations)
	m.StopOnDestroy = types.BoolValue(true)
	m.Timeouts = o.Timeouts.value(timeoutTypes(smsTaskSchema(ctx)))
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

// officialSchedule is the official speed_limit set as the API's periods, in
// the order of their start times (a set has none; the refresh reads the
// task's own).
func officialSchedule(in []officialTaskPeriod) []sms.SpeedLimitPeriod {
	out := make([]sms.SpeedLimitPeriod, 0, len(in))
	for _, p := range in {
		period := sms.SpeedLimitPeriod{Start: p.Start, End: p.End, Speed: p.Speed}
		if p.OverSpeedThreshold != nil && *p.OverSpeedThreshold != 0 {
			period.OverSpeedThreshold = p.OverSpeedThreshold
		}
		out = append(out, period)
	}
	slices.SortFunc(out, func(a, b sms.SpeedLimitPeriod) int { return strings.Compare(a.Start, b.Start) })
	return out
}

// officialConfigurations is the official configurations set as a map of
// key to value; keys without a value are unset. Null when none is left.
func officialConfigurations(in []officialTaskSetting) types.Map {
	out := map[string]attr.Value{}
	for _, c := range in {
		if c.ConfigValue != "" {
			out[c.ConfigKey] = types.StringValue(c.ConfigValue)
		}
	}
	if len(out) == 0 {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, out)
}
