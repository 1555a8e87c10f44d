package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The models of an SMS task and their conversions to and from the API,
// shared by the huaweicloud_sms_task resource and data sources.

// smsTaskData is what the API tells about a task; the resource and the
// data source share it.
type smsTaskData struct {
	ID                  types.String        `tfsdk:"id"`
	Name                types.String        `tfsdk:"name"`
	Type                types.String        `tfsdk:"type"`
	OSType              types.String        `tfsdk:"os_type"`
	SourceServerID      types.String        `tfsdk:"source_server_id"`
	TargetServer        *smsTaskTargetModel `tfsdk:"target_server"`
	MigrationIP         types.String        `tfsdk:"migration_ip"`
	VMTemplateID        types.String        `tfsdk:"vm_template_id"`
	StartTargetServer   types.Bool          `tfsdk:"start_target_server"`
	NeedMigrationTest   types.Bool          `tfsdk:"need_migration_test"`
	SpeedLimit          types.Int64         `tfsdk:"speed_limit"`
	Priority            types.Int64         `tfsdk:"priority"`
	Region              types.String        `tfsdk:"region"`
	ProjectID           types.String        `tfsdk:"project_id"`
	EnterpriseProjectID types.String        `tfsdk:"enterprise_project_id"`
	State               types.String        `tfsdk:"state"`
	Connected           types.Bool          `tfsdk:"connected"`
	SourceState         types.String        `tfsdk:"source_state"`
	Progress            types.Int64         `tfsdk:"progress"`
	CreateDate          types.String        `tfsdk:"create_date"`
	MigrateSpeed        types.Float64       `tfsdk:"migrate_speed"`
	ErrorJSON           types.String        `tfsdk:"error_json"`
}

type smsTaskTargetModel struct {
	VMID  types.String `tfsdk:"vm_id"`
	Name  types.String `tfsdk:"name"`
	Disks types.List   `tfsdk:"disks"`
}

type smsTaskDiskModel struct {
	Name            types.String `tfsdk:"name"`
	DeviceUse       types.String `tfsdk:"device_use"`
	Size            types.Int64  `tfsdk:"size"`
	UsedSize        types.Int64  `tfsdk:"used_size"`
	DiskID          types.String `tfsdk:"disk_id"`
	PhysicalVolumes types.List   `tfsdk:"physical_volumes"`
}

type smsTaskVolumeModel struct {
	Name       types.String `tfsdk:"name"`
	DeviceUse  types.String `tfsdk:"device_use"`
	FileSystem types.String `tfsdk:"file_system"`
	MountPoint types.String `tfsdk:"mount_point"`
	Index      types.Int64  `tfsdk:"index"`
	Size       types.Int64  `tfsdk:"size"`
	UsedSize   types.Int64  `tfsdk:"used_size"`
	UUID       types.String `tfsdk:"uuid"`
}

// The object types of the task's nested lists come from the schema, so the
// models above and the schema cannot drift apart; built once, on first use.
var smsTaskNestedTypes = sync.OnceValue(func() (t struct{ disk, volume, period types.ObjectType }) {
	s := smsTaskSchema(context.Background())
	elem := func(a schema.Attribute) types.ObjectType {
		return a.GetType().(types.ListType).ElemType.(types.ObjectType)
	}
	disks := s.Attributes["target_server"].(schema.SingleNestedAttribute).Attributes["disks"]
	t.disk = elem(disks)
	t.volume = elem(disks.(schema.ListNestedAttribute).NestedObject.Attributes["physical_volumes"])
	t.period = elem(s.Attributes["speed_limit_schedule"])
	return t
})

func smsTaskDiskType() types.ObjectType   { return smsTaskNestedTypes().disk }
func smsTaskVolumeType() types.ObjectType { return smsTaskNestedTypes().volume }
func smsTaskPeriodType() types.ObjectType { return smsTaskNestedTypes().period }

// smsTaskResourceModel is huaweicloud_sms_task: the task as the API shows it,
// the create-time options ShowTask does not return (kept as configured), the
// sub-resources read only when set, and provider-side settings.
type smsTaskResourceModel struct {
	smsTaskData
	// Sent on create and update but never returned by ShowTask: state keeps
	// the configured value (import takes the documented default).
	UsePublicIP            types.Bool     `tfsdk:"use_public_ip"`
	UseIPv6                types.Bool     `tfsdk:"use_ipv6"`
	Syncing                types.Bool     `tfsdk:"syncing"`
	ExistServer            types.Bool     `tfsdk:"exist_server"`
	AutoStart              types.Bool     `tfsdk:"auto_start"`
	StartNetworkCheck      types.Bool     `tfsdk:"start_network_check"`
	IsNeedConsistencyCheck types.Bool     `tfsdk:"is_need_consistency_check"`
	OverSpeedThreshold     types.Float64  `tfsdk:"over_speed_threshold"`
	SpeedLimitSchedule     types.List     `tfsdk:"speed_limit_schedule"`
	Configurations         types.Map      `tfsdk:"configurations"`
	StopOnDestroy          types.Bool     `tfsdk:"stop_on_destroy"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

// taskRead is what one read knows of a task: ShowTask's answer, or a
// ListTasks item (listed: it lacks the fields keepUnlisted names, but has
// syncing); and, when it was read, the task's source server (connected, and
// its current_task's settings).
type taskRead struct {
	task   *sms.Task
	listed bool
	source *sms.SourceServer
}

// fromRead is the one conversion of a task read into what every place that
// shows a task holds (the resource, the data sources, the list resource,
// import). Optional strings the API leaves empty become null. What the read
// does not know keeps m's value: the prior state on a refresh, null in a
// model that has none; the source's current_task fills region, project and
// vm_template_id only where m has none, and connected where the read has
// none, so a refresh keeps what it knew instead of trading it for what one
// of two read paths shows.
func (m *smsTaskData) fromRead(ctx context.Context, r taskRead) diag.Diagnostics {
	t, kept := r.task, *m
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.Type = types.StringValue(t.Type)
	m.OSType = types.StringValue(t.OsType)
	m.SourceServerID = types.StringValue(t.SourceServer.ID)
	m.MigrationIP = nullIfEmpty(t.MigrationIP)
	m.VMTemplateID = nullIfEmpty(t.VMTemplateID)
	m.StartTargetServer = types.BoolValue(t.StartTargetServer)
	m.NeedMigrationTest = types.BoolValue(t.NeedMigrationTest)
	m.SpeedLimit = types.Int64Value(int64(t.SpeedLimit))
	m.Priority = types.Int64Value(int64(t.Priority))
	m.Region = nullIfEmpty(t.RegionName)
	m.ProjectID = nullIfEmpty(t.ProjectID)
	m.EnterpriseProjectID = nullIfEmpty(t.EnterpriseProjectID)
	m.State = types.StringValue(t.State)
	m.Connected = types.BoolValue(t.Connected)
	m.SourceState = nullIfEmpty(t.SourceServer.State)
	m.Progress = types.Int64Value(int64(t.Progress()))
	m.CreateDate = epochMillisString(t.CreateDate)
	m.MigrateSpeed = types.Float64Value(t.MigrateSpeed)
	m.ErrorJSON = nullIfEmpty(t.ErrorJSON)

	var diags diag.Diagnostics
	disks := make([]smsTaskDiskModel, 0, len(t.TargetServer.Disks))
	for _, d := range t.TargetServer.Disks {
		vols, dd := volumesValue(ctx, d.PhysicalVolumes)
		diags.Append(dd...)
		disks = append(disks, smsTaskDiskModel{
			Name:            types.StringValue(d.Name),
			DeviceUse:       types.StringValue(d.DeviceUse),
			Size:            types.Int64Value(d.Size),
			UsedSize:        types.Int64Value(d.UsedSize),
			DiskID:          nullIfEmpty(d.DiskID),
			PhysicalVolumes: vols,
		})
	}
	list, dd := types.ListValueFrom(ctx, smsTaskDiskType(), disks)
	diags.Append(dd...)
	m.TargetServer = &smsTaskTargetModel{
		VMID:  nullIfEmpty(t.TargetServer.VMID),
		Name:  types.StringValue(t.TargetServer.Name),
		Disks: list,
	}
	if r.listed {
		m.keepUnlisted(&kept)
	}
	if r.source != nil && m.Connected.IsNull() {
		m.Connected = types.BoolValue(r.source.Connected)
	}
	if ct := currentTaskOf(r); ct != nil {
		unsetString := func(v *types.String, s string) {
			if v.IsNull() {
				*v = nullIfEmpty(s)
			}
		}
		unsetString(&m.VMTemplateID, ct.VMTemplateID)
		unsetString(&m.Region, ct.RegionID) // the provider creates tasks with region_id = region_name
		unsetString(&m.ProjectID, ct.ProjectID)
	}
	return diags
}

// currentTaskOf is the current_task of the read's source server when it is
// the task read; nil otherwise.
func currentTaskOf(r taskRead) *sms.SourceCurrentTask {
	if r.source == nil || r.source.CurrentTask == nil || r.source.CurrentTask.ID != r.task.ID {
		return nil
	}
	return r.source.CurrentTask
}

// keepUnlisted gives back the values of kept that a ListTasks item lacks
// (sms.Task.CopyUnlisted names them): the region, project, vm_template_id,
// connected and the target disks (null where kept has none).
func (m *smsTaskData) keepUnlisted(kept *smsTaskData) {
	disks := types.ListNull(smsTaskDiskType())
	if kept.TargetServer != nil && !kept.TargetServer.Disks.IsNull() && !kept.TargetServer.Disks.IsUnknown() {
		disks = kept.TargetServer.Disks
	}
	m.Region, m.ProjectID, m.VMTemplateID = kept.Region, kept.ProjectID, kept.VMTemplateID
	m.Connected = kept.Connected
	m.TargetServer.Disks = disks
}

// fromRead converts a task read into the resource model: the task as
// smsTaskData.fromRead has it, and the settings ShowTask does not return,
// taken from the listing (syncing) or the source's current_task
// (use_public_ip, exist_server) only where m has none, so a refresh keeps
// the configured value.
func (m *smsTaskResourceModel) fromRead(ctx context.Context, r taskRead) diag.Diagnostics {
	diags := m.smsTaskData.fromRead(ctx, r)
	if r.listed && m.Syncing.IsNull() {
		m.Syncing = types.BoolValue(r.task.Syncing)
	}
	if ct := currentTaskOf(r); ct != nil {
		if m.UsePublicIP.IsNull() {
			m.UsePublicIP = types.BoolPointerValue(ct.UsePublicIP)
		}
		if m.ExistServer.IsNull() {
			m.ExistServer = types.BoolPointerValue(ct.ExistServer)
		}
	}
	return diags
}

// volumesValue is the physical_volumes of a disk; null when it has none.
func volumesValue(ctx context.Context, in []sms.PhysicalVolume) (types.List, diag.Diagnostics) {
	if len(in) == 0 {
		return types.ListNull(smsTaskVolumeType()), nil
	}
	out := make([]smsTaskVolumeModel, 0, len(in))
	for _, v := range in {
		out = append(out, smsTaskVolumeModel{
			Name:       types.StringValue(v.Name),
			DeviceUse:  nullIfEmpty(v.DeviceUse),
			FileSystem: nullIfEmpty(v.FileSystem),
			MountPoint: nullIfEmpty(v.MountPoint),
			Index:      types.Int64Value(int64(v.Index)),
			Size:       types.Int64Value(v.Size),
			UsedSize:   types.Int64Value(v.UsedSize),
			UUID:       nullIfEmpty(v.UUID),
		})
	}
	return types.ListValueFrom(ctx, smsTaskVolumeType(), out)
}

// disksFromList turns target_server.disks into API disks, with their
// physical volumes.
func disksFromList(ctx context.Context, l types.List) ([]sms.Disk, diag.Diagnostics) {
	var in []smsTaskDiskModel
	diags := l.ElementsAs(ctx, &in, false)
	out := make([]sms.Disk, 0, len(in))
	for _, d := range in {
		disk := sms.Disk{
			Name:      d.Name.ValueString(),
			DeviceUse: d.DeviceUse.ValueString(),
			Size:      d.Size.ValueInt64(),
			UsedSize:  d.UsedSize.ValueInt64(),
			DiskID:    d.DiskID.ValueString(),
		}
		if !d.PhysicalVolumes.IsNull() && !d.PhysicalVolumes.IsUnknown() {
			var vols []smsTaskVolumeModel
			diags.Append(d.PhysicalVolumes.ElementsAs(ctx, &vols, false)...)
			for _, v := range vols {
				disk.PhysicalVolumes = append(disk.PhysicalVolumes, sms.PhysicalVolume{
					Name:       v.Name.ValueString(),
					DeviceUse:  v.DeviceUse.ValueString(),
					FileSystem: v.FileSystem.ValueString(),
					MountPoint: v.MountPoint.ValueString(),
					Index:      int(v.Index.ValueInt64()),
					Size:       v.Size.ValueInt64(),
					UsedSize:   v.UsedSize.ValueInt64(),
					UUID:       v.UUID.ValueString(),
				})
			}
		}
		out = append(out, disk)
	}
	return out, diags
}

// epochMillisString renders an API date (epoch milliseconds) as RFC 3339;
// null when the API has none.
func epochMillisString(ms int64) types.String {
	if ms <= 0 {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(ms).UTC().Format(time.RFC3339))
}
