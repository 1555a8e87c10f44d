package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// UpgradeState moves states of older schema versions to the current one.
// The framework reads a stored state with the prior schema before the
// upgrader sees it.
func (r *smsTaskResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	v0 := smsTaskSchemaV0(ctx)
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: &v0, StateUpgrader: upgradeSMSTaskStateV0},
	}
}

// smsTaskSchemaV0 is the schema of huaweicloud_sms_task, version 0, as it
// was before version 1 added the create-time options (need_migration_test,
// auto_start, start_network_check, is_need_consistency_check,
// over_speed_threshold), speed_limit_schedule, configurations and the disks'
// physical_volumes. Kept as it was: it decodes the states version 0 wrote.
func smsTaskSchemaV0(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the task to be created (a duration such as `10m`). Defaults to `%s`.", smsTaskCreateTimeout),
		UpdateDescription: fmt.Sprintf("How long to wait for the task to be updated (a duration such as `10m`). Defaults to `%s`.", smsTaskUpdateTimeout),
		DeleteDescription: fmt.Sprintf("How long to wait for the task to be stopped (when `stop_on_destroy` is true) and deleted (a duration such as `30m`). Defaults to `%s`.", smsTaskDeleteTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."

	return schema.Schema{
		Description: "Manages one Server Migration Service (SMS v3) migration task, which copies a source server registered by the SMS agent to a target server. " +
			"Creating the resource creates the task in state `READY`; it does not start the migration. " +
			"Destroying it stops a running task first (see `stop_on_destroy`) and waits until the task is gone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The ID of the migration task, assigned by the service.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description: "The name of the task: 1 to 64 characters, each a letter, a digit, a Chinese character, an underscore (`_`) or a hyphen (`-`). It can be changed in place.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 64),
					stringvalidator.RegexMatches(schemaPattern(smsNamePattern), "must contain only letters, digits, Chinese characters, underscores (_) and hyphens (-)"),
				},
			},
			"type": schema.StringAttribute{
				Description:   "The migration type: `MIGRATE_FILE` (file-level) or `MIGRATE_BLOCK` (block-level). Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.TaskTypeMigrateFile, sms.TaskTypeMigrateBlock)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"os_type": schema.StringAttribute{
				Description:   "The operating system of the source server: `WINDOWS` or `LINUX`. Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.OSTypeWindows, sms.OSTypeLinux)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source_server_id": schema.StringAttribute{
				Description: "The ID of the source server to migrate (1 to 255 characters), as registered by the SMS agent. " +
					"The source must be connected and must not have a task yet. Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"target_server": schema.SingleNestedAttribute{
				Description: "The target server the source is migrated to. It can be changed in place.",
				Required:    true,
				Attributes: map[string]schema.Attribute{
					"vm_id": schema.StringAttribute{
						Description: "The ID of an existing ECS server to migrate to (1 to 255 characters). Leave it out when the service creates the target from `vm_template_id`.",
						Optional:    true,
						Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
					},
					"name": schema.StringAttribute{
						Description: "The name of the target server (1 to 255 characters).",
						Required:    true,
						Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
					},
					"disks": schema.ListNestedAttribute{
						Description: "The disks of the target server. When left out, the disk layout the service suggests for the source server " +
							"(`init_target_server.disks` of the source) is used and recorded here.",
						Optional:      true,
						Computed:      true,
						PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
						NestedObject: schema.NestedAttributeObject{
							Attributes: map[string]schema.Attribute{
								"name": schema.StringAttribute{
									Description: "The device name of the disk, for example `/dev/vda` or `Disk 0` (1 to 255 characters).",
									Required:    true,
									Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
								},
								"device_use": schema.StringAttribute{
									Description: "What the disk holds: `BOOT` (boot disk), `OS` (system disk) or `NORMAL` (data disk).",
									Required:    true,
									Validators:  []validator.String{stringvalidator.OneOf(sms.DeviceUseNormal, sms.DeviceUseOS, sms.DeviceUseBoot)},
								},
								"size": schema.Int64Attribute{
									Description: "The size of the disk in bytes; at least 1.",
									Required:    true,
									Validators:  []validator.Int64{int64validator.AtLeast(1)},
								},
								"used_size": schema.Int64Attribute{
									Description:   "The used space on the disk in bytes; 0 or more. Computed when not set.",
									Optional:      true,
									Computed:      true,
									Validators:    []validator.Int64{int64validator.AtLeast(0)},
									PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
								},
								"disk_id": schema.StringAttribute{
									Description:   "The ID of an existing EVS disk of the target server to use for this disk (1 to 255 characters). Computed when not set.",
									Optional:      true,
									Computed:      true,
									Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
									PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
								},
							},
						},
					},
				},
			},
			"migration_ip": schema.StringAttribute{
				Description: "The IP address the source server uses to reach the target server: an IPv4 address, or an IPv6 address when `use_ipv6` is true. " +
					"Not needed when the service creates the target server. It can be changed in place.",
				Optional:   true,
				Validators: []validator.String{ipAddress()},
			},
			"vm_template_id": schema.StringAttribute{
				Description: "The ID of the server template the service uses to create the target server (1 to 255 characters). It can be changed in place.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"start_target_server": schema.BoolAttribute{
				Description:   "Whether the target server is started after the migration. Defaults to `true`. Changing it replaces the task.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"use_public_ip": schema.BoolAttribute{
				Description: "Whether the source reaches the target server through its public IP address. Defaults to `true`. It can be changed in place.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"use_ipv6": schema.BoolAttribute{
				Description: "Whether the migration network uses IPv6. Defaults to `false`. It can be changed in place.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"syncing": schema.BoolAttribute{
				Description:   "Whether the task keeps synchronizing changes after the full replication (state `SYNCING`) instead of finishing. Defaults to `false`. Changing it replaces the task.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"exist_server": schema.BoolAttribute{
				Description: "Whether the target is an existing server (`target_server.vm_id`) rather than one the service creates. Defaults to `false`. It can be changed in place.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"speed_limit": schema.Int64Attribute{
				Description: "The migration bandwidth limit in Mbit/s, from 0 to 10000; 0 means no limit. Defaults to `0`. It can be changed in place.",
				Optional:    true,
				Computed:    true,
				Default:     int64default.StaticInt64(0),
				Validators:  []validator.Int64{int64validator.Between(0, 10000)},
			},
			"priority": schema.Int64Attribute{
				Description:   "The priority of the task: `0` (low), `1` (standard) or `2` (high). Defaults to `1`. Changing it replaces the task.",
				Optional:      true,
				Computed:      true,
				Default:       int64default.StaticInt64(1),
				Validators:    []validator.Int64{int64validator.Between(0, 2)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"region": replacingComputedString("The region of the target server (1 to 255 characters), sent as the task's region name and region ID. " +
				"Defaults to the provider's region. Changing it replaces the task."),
			"project_id": replacingComputedString("The ID of the project of the target server (1 to 255 characters). " +
				"Defaults to the provider's project ID (its `project_id` argument, or the one discovered for its region). Changing it replaces the task."),
			"enterprise_project_id": replacingComputedString("The ID of the enterprise project the task belongs to (1 to 255 characters). " +
				"Defaults to the source server's enterprise project (`0`, the default project, when it has none). Changing it replaces the task."),
			"stop_on_destroy": schema.BoolAttribute{
				Description: "Whether destroying the resource first stops a running migration (operation `stop`), which the service requires before it deletes a task whose source agent is connected and busy. " +
					"When false, destroy waits for the task to become deletable on its own until the delete timeout. Defaults to `true`. Changing it does not call the API.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"state": schema.StringAttribute{
				Description: "The state of the task, for example `READY`, `RUNNING`, `SYNCING`, `ABORTING`, `ABORT` (stopped), `MIGRATE_SUCCESS`, `MIGRATE_FAIL` or `DELETING`.",
				Computed:    true,
			},
			"connected": schema.BoolAttribute{
				Description: "Whether the SMS agent on the source server is connected to the service.",
				Computed:    true,
			},
			"source_state": schema.StringAttribute{
				Description: "The state of the source server as the task reports it (lower case), for example `waiting`, `initialize`, `replicate`, `syncing`, `stopping`, `stopped`, `finished` or `error`.",
				Computed:    true,
			},
			"progress": schema.Int64Attribute{
				Description: "The progress of the current step of the migration in percent, from 0 to 100.",
				Computed:    true,
			},
			"create_date": schema.StringAttribute{
				Description:   "When the task was created, in RFC 3339 format (UTC).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"migrate_speed": schema.Float64Attribute{
				Description: "The current migration speed in Mbit/s; 0 when the task is not replicating.",
				Computed:    true,
			},
			"error_json": schema.StringAttribute{
				Description: "The error of a failed migration as the service reports it (a JSON document); null when there is none.",
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": tb,
		},
	}
}

// smsTaskResourceModelV0 is a version 0 state of huaweicloud_sms_task.
type smsTaskResourceModelV0 struct {
	ID                  types.String          `tfsdk:"id"`
	Name                types.String          `tfsdk:"name"`
	Type                types.String          `tfsdk:"type"`
	OSType              types.String          `tfsdk:"os_type"`
	SourceServerID      types.String          `tfsdk:"source_server_id"`
	TargetServer        *smsTaskTargetModelV0 `tfsdk:"target_server"`
	MigrationIP         types.String          `tfsdk:"migration_ip"`
	VMTemplateID        types.String          `tfsdk:"vm_template_id"`
	StartTargetServer   types.Bool            `tfsdk:"start_target_server"`
	UsePublicIP         types.Bool            `tfsdk:"use_public_ip"`
	UseIPv6             types.Bool            `tfsdk:"use_ipv6"`
	Syncing             types.Bool            `tfsdk:"syncing"`
	ExistServer         types.Bool            `tfsdk:"exist_server"`
	SpeedLimit          types.Int64           `tfsdk:"speed_limit"`
	Priority            types.Int64           `tfsdk:"priority"`
	Region              types.String          `tfsdk:"region"`
	ProjectID           types.String          `tfsdk:"project_id"`
	EnterpriseProjectID types.String          `tfsdk:"enterprise_project_id"`
	StopOnDestroy       types.Bool            `tfsdk:"stop_on_destroy"`
	State               types.String          `tfsdk:"state"`
	Connected           types.Bool            `tfsdk:"connected"`
	SourceState         types.String          `tfsdk:"source_state"`
	Progress            types.Int64           `tfsdk:"progress"`
	CreateDate          types.String          `tfsdk:"create_date"`
	MigrateSpeed        types.Float64         `tfsdk:"migrate_speed"`
	ErrorJSON           types.String          `tfsdk:"error_json"`
	Timeouts            timeouts.Value        `tfsdk:"timeouts"`
}

type smsTaskTargetModelV0 struct {
	VMID  types.String `tfsdk:"vm_id"`
	Name  types.String `tfsdk:"name"`
	Disks types.List   `tfsdk:"disks"`
}

// smsTaskDiskModelV0 is a disk of version 0: no physical_volumes.
type smsTaskDiskModelV0 struct {
	Name      types.String `tfsdk:"name"`
	DeviceUse types.String `tfsdk:"device_use"`
	Size      types.Int64  `tfsdk:"size"`
	UsedSize  types.Int64  `tfsdk:"used_size"`
	DiskID    types.String `tfsdk:"disk_id"`
}

// upgradeSMSTaskStateV0 moves a version 0 state to version 1. Every old
// value is kept; the disks get physical_volumes null; the added settings are
// null, and the create-time flags get the defaults a task created then was
// created with (need_migration_test false: version 0 could not set it).
func upgradeSMSTaskStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old smsTaskResourceModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var target *smsTaskTargetModel
	if ts := old.TargetServer; ts != nil {
		disks := types.ListNull(smsTaskDiskType())
		if !ts.Disks.IsNull() {
			var in []smsTaskDiskModelV0
			resp.Diagnostics.Append(ts.Disks.ElementsAs(ctx, &in, false)...)
			out := make([]smsTaskDiskModel, 0, len(in))
			for _, d := range in {
				out = append(out, smsTaskDiskModel{
					Name:            d.Name,
					DeviceUse:       d.DeviceUse,
					Size:            d.Size,
					UsedSize:        d.UsedSize,
					DiskID:          d.DiskID,
					PhysicalVolumes: types.ListNull(smsTaskVolumeType()),
				})
			}
			var dd diag.Diagnostics
			disks, dd = types.ListValueFrom(ctx, smsTaskDiskType(), out)
			resp.Diagnostics.Append(dd...)
		}
		target = &smsTaskTargetModel{VMID: ts.VMID, Name: ts.Name, Disks: disks}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	m := smsTaskResourceModel{
		smsTaskData: smsTaskData{
			ID:                  old.ID,
			Name:                old.Name,
			Type:                old.Type,
			OSType:              old.OSType,
			SourceServerID:      old.SourceServerID,
			TargetServer:        target,
			MigrationIP:         old.MigrationIP,
			VMTemplateID:        old.VMTemplateID,
			StartTargetServer:   old.StartTargetServer,
			NeedMigrationTest:   types.BoolValue(false),
			SpeedLimit:          old.SpeedLimit,
			Priority:            old.Priority,
			Region:              old.Region,
			ProjectID:           old.ProjectID,
			EnterpriseProjectID: old.EnterpriseProjectID,
			State:               old.State,
			Connected:           old.Connected,
			SourceState:         old.SourceState,
			Progress:            old.Progress,
			CreateDate:          old.CreateDate,
			MigrateSpeed:        old.MigrateSpeed,
			ErrorJSON:           old.ErrorJSON,
		},
		UsePublicIP:            old.UsePublicIP,
		UseIPv6:                old.UseIPv6,
		Syncing:                old.Syncing,
		ExistServer:            old.ExistServer,
		AutoStart:              types.BoolNull(),
		StartNetworkCheck:      types.BoolNull(),
		IsNeedConsistencyCheck: types.BoolNull(),
		OverSpeedThreshold:     types.Float64Null(),
		SpeedLimitSchedule:     types.ListNull(smsTaskPeriodType()),
		Configurations:         types.MapNull(types.StringType),
		StopOnDestroy:          old.StopOnDestroy,
		Timeouts:               currentTimeouts(ctx, old.Timeouts),
	}
	m.defaultUnreadSettings()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// currentTimeouts carries the time limits of an older state over to the
// current timeouts block, whose attributes it lacks (read) are null.
func currentTimeouts(ctx context.Context, old timeouts.Value) timeouts.Value {
	var values map[string]attr.Value
	if !old.IsNull() && !old.IsUnknown() {
		values = old.Attributes()
	}
	return timeoutsOf(timeoutTypes(smsTaskSchema(ctx)), values)
}
