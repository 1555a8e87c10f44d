package provider

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

// smsTaskPeriodModel is one period of speed_limit_schedule.
type smsTaskPeriodModel struct {
	Start              types.String  `tfsdk:"start"`
	End                types.String  `tfsdk:"end"`
	Speed              types.Int64   `tfsdk:"speed"`
	OverSpeedThreshold types.Float64 `tfsdk:"over_speed_threshold"`
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

// scheduleToAPI turns speed_limit_schedule into API periods; null is none.
func scheduleToAPI(ctx context.Context, l types.List) ([]sms.SpeedLimitPeriod, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	var in []smsTaskPeriodModel
	diags := l.ElementsAs(ctx, &in, false)
	out := make([]sms.SpeedLimitPeriod, 0, len(in))
	for _, p := range in {
		out = append(out, sms.SpeedLimitPeriod{
			Start:              p.Start.ValueString(),
			End:                p.End.ValueString(),
			Speed:              intPtr(p.Speed),
			OverSpeedThreshold: p.OverSpeedThreshold.ValueFloat64Pointer(),
		})
	}
	return out, diags
}

// scheduleValue is speed_limit_schedule as the API returned it; null when
// the task has no schedule.
func scheduleValue(ctx context.Context, in []sms.SpeedLimitPeriod) (types.List, diag.Diagnostics) {
	if len(in) == 0 {
		return types.ListNull(smsTaskPeriodType()), nil
	}
	out := make([]smsTaskPeriodModel, 0, len(in))
	for _, p := range in {
		m := smsTaskPeriodModel{
			Start:              types.StringValue(p.Start),
			End:                types.StringValue(p.End),
			Speed:              types.Int64Null(),
			OverSpeedThreshold: types.Float64PointerValue(p.OverSpeedThreshold),
		}
		if p.Speed != nil {
			m.Speed = types.Int64Value(int64(*p.Speed))
		}
		out = append(out, m)
	}
	return types.ListValueFrom(ctx, smsTaskPeriodType(), out)
}

// inPriorOrder is read (a task's periods as the API listed them) in the order
// of prior (the schedule in state) when both hold the same periods: the
// periods never overlap, so their order means nothing to the service, and a
// schedule read back in another order (as the official provider's sets are
// sent, in hash order) is no change. Otherwise read as it is.
func inPriorOrder(ctx context.Context, prior types.List, read []sms.SpeedLimitPeriod) []sms.SpeedLimitPeriod {
	held, diags := scheduleToAPI(ctx, prior)
	if diags.HasError() || len(held) != len(read) {
		return read
	}
	key := func(p sms.SpeedLimitPeriod) string {
		return fmt.Sprintf("%s-%s/%v/%v", p.Start, p.End, intValue(p.Speed), floatValue(p.OverSpeedThreshold))
	}
	byKey := make(map[string]sms.SpeedLimitPeriod, len(read))
	for _, p := range read {
		byKey[key(p)] = p
	}
	out := make([]sms.SpeedLimitPeriod, 0, len(read))
	for _, p := range held {
		q, ok := byKey[key(p)]
		if !ok {
			return read
		}
		delete(byKey, key(p))
		out = append(out, q)
	}
	return out
}

// intValue and floatValue print an optional API number ("<nil>" when unset).
func intValue(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatValue(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// configurationsToAPI is the POST configuration-setting body that takes a
// task from the configurations in state to those in plan: every planned key
// with its value, and every key no longer planned with an empty value (which
// removes it). Nothing to send is nil.
func configurationsToAPI(plan, state types.Map) []sms.ConfigItem {
	want, have := stringMap(plan), stringMap(state)
	var out []sms.ConfigItem
	for _, k := range sms.ConfigKeys { // a stable order
		v, planned := want[k]
		old, held := have[k]
		switch {
		case planned && (!held || old != v):
			out = append(out, sms.ConfigItem{ConfigKey: k, ConfigValue: v})
		case !planned && held:
			out = append(out, sms.ConfigItem{ConfigKey: k, ConfigValue: ""})
		}
	}
	return out
}

// configurationsValue keeps the keys of managed (the configurations in
// state) with the values the API returned; keys the API no longer has, or
// has with an empty value, are dropped, and keys nobody manages here are
// left out. Null when none is left. (Whether an empty config_value removes
// a key or is stored is undocumented; either way it reads as unset.)
func configurationsValue(managed types.Map, items []sms.ConfigItem) types.Map {
	keep := stringMap(managed)
	out := map[string]attr.Value{}
	for _, it := range items {
		if _, ok := keep[it.ConfigKey]; ok && it.ConfigValue != "" {
			out[it.ConfigKey] = types.StringValue(it.ConfigValue)
		}
	}
	if len(out) == 0 {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, out)
}

// stringMap is the known entries of a map of strings.
func stringMap(m types.Map) map[string]string {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out[k] = s.ValueString()
		}
	}
	return out
}

// epochMillisString renders an API date (epoch milliseconds) as RFC 3339;
// null when the API has none.
func epochMillisString(ms int64) types.String {
	if ms <= 0 {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(ms).UTC().Format(time.RFC3339))
}

// smsTaskProgressModel is the read-only progress of a task that
// huaweicloud_sms_task exports, from ShowTask.
type smsTaskProgressModel struct {
	StartDate     types.String       `tfsdk:"start_date"`
	FinishDate    types.String       `tfsdk:"finish_date"`
	RemainSeconds types.Int64        `tfsdk:"remain_seconds"`
	CloneServer   *smsTaskCloneModel `tfsdk:"clone_server"`
	smsTaskListedProgressModel
}

// smsTaskListedProgressModel is the part of the progress a ListTasks item
// carries as well.
type smsTaskListedProgressModel struct {
	EstimateCompleteTime types.String          `tfsdk:"estimate_complete_time"`
	SubTasks             []smsTaskSubTaskModel `tfsdk:"sub_tasks"`
	NetworkCheckInfo     *smsTaskNetCheckModel `tfsdk:"network_check_info"`
	TotalCPUUsage        types.Float64         `tfsdk:"total_cpu_usage"`
	AgentCPUUsage        types.Float64         `tfsdk:"agent_cpu_usage"`
	TotalMemUsage        types.Float64         `tfsdk:"total_mem_usage"`
	AgentMemUsage        types.Float64         `tfsdk:"agent_mem_usage"`
	TotalDiskIO          types.Float64         `tfsdk:"total_disk_io"`
	AgentDiskIO          types.Float64         `tfsdk:"agent_disk_io"`
}

type smsTaskSubTaskModel struct {
	Name      types.String `tfsdk:"name"`
	Progress  types.Int64  `tfsdk:"progress"`
	StartDate types.String `tfsdk:"start_date"`
	EndDate   types.String `tfsdk:"end_date"`
}

type smsTaskNetCheckModel struct {
	DomainConnectivity      types.Bool    `tfsdk:"domain_connectivity"`
	DestinationConnectivity types.Bool    `tfsdk:"destination_connectivity"`
	NetworkDelay            types.Float64 `tfsdk:"network_delay"`
	NetworkJitter           types.Float64 `tfsdk:"network_jitter"`
	MigrationSpeed          types.Float64 `tfsdk:"migration_speed"`
	LossPercentage          types.Float64 `tfsdk:"loss_percentage"`
	CPUUsage                types.Float64 `tfsdk:"cpu_usage"`
	MemUsage                types.Float64 `tfsdk:"mem_usage"`
	EvaluationResult        types.String  `tfsdk:"evaluation_result"`
}

type smsTaskCloneModel struct {
	VMID       types.String `tfsdk:"vm_id"`
	Name       types.String `tfsdk:"name"`
	CloneState types.String `tfsdk:"clone_state"`
	ErrorMsg   types.String `tfsdk:"error_msg"`
}

// smsTaskCloneBriefModel is a ListTasks item's clone_server
// (CloneServerBrief).
type smsTaskCloneBriefModel struct {
	VMID types.String `tfsdk:"vm_id"`
	Name types.String `tfsdk:"name"`
}

// progressFromAPI copies the progress figures of a task read with ShowTask.
// Dates are RFC 3339 like create_date; figures the API leaves out are null.
func progressFromAPI(t *sms.Task) smsTaskProgressModel {
	m := smsTaskProgressModel{
		StartDate:                  epochMillisString(t.StartDate),
		FinishDate:                 epochMillisString(t.FinishDate),
		RemainSeconds:              types.Int64Value(t.RemainSeconds),
		smsTaskListedProgressModel: listedProgressFromAPI(t),
	}
	if c := t.CloneServer; c != nil {
		m.CloneServer = &smsTaskCloneModel{
			VMID:       nullIfEmpty(c.VMID),
			Name:       nullIfEmpty(c.Name),
			CloneState: nullIfEmpty(c.CloneState),
			ErrorMsg:   nullIfEmpty(c.ErrorMsg),
		}
	}
	return m
}

// listedProgressFromAPI copies the progress figures a ListTasks item has.
func listedProgressFromAPI(t *sms.Task) smsTaskListedProgressModel {
	m := smsTaskListedProgressModel{
		EstimateCompleteTime: epochMillisString(t.EstimateCompleteTime),
		SubTasks:             make([]smsTaskSubTaskModel, 0, len(t.SubTasks)),
		TotalCPUUsage:        types.Float64Value(t.TotalCPUUsage),
		AgentCPUUsage:        types.Float64Value(t.AgentCPUUsage),
		TotalMemUsage:        types.Float64Value(t.TotalMemUsage),
		AgentMemUsage:        types.Float64Value(t.AgentMemUsage),
		TotalDiskIO:          types.Float64Value(t.TotalDiskIO),
		AgentDiskIO:          types.Float64Value(t.AgentDiskIO),
	}
	for _, st := range t.SubTasks {
		m.SubTasks = append(m.SubTasks, smsTaskSubTaskModel{
			Name:      types.StringValue(st.Name),
			Progress:  types.Int64Value(int64(max(st.Progress, 0))),
			StartDate: epochMillisString(st.StartDate),
			EndDate:   epochMillisString(st.EndDate),
		})
	}
	if n := t.NetworkCheckInfo; n != nil {
		m.NetworkCheckInfo = &smsTaskNetCheckModel{
			DomainConnectivity:      types.BoolValue(n.DomainConnectivity),
			DestinationConnectivity: types.BoolValue(n.DestinationConnectivity),
			NetworkDelay:            types.Float64Value(n.NetworkDelay),
			NetworkJitter:           types.Float64Value(n.NetworkJitter),
			MigrationSpeed:          types.Float64Value(n.MigrationSpeed),
			LossPercentage:          types.Float64Value(n.LossPercentage),
			CPUUsage:                types.Float64Value(n.CPUUsage),
			MemUsage:                types.Float64Value(n.MemUsage),
			EvaluationResult:        nullIfEmpty(n.EvaluationResult),
		}
	}
	return m
}
