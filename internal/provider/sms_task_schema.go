package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// hhmmPattern is a time of day of a speed-limit period.
const hhmmPattern = `^([01][0-9]|2[0-3]):[0-5][0-9]$`

// notReadBack ends the description of an attribute the task's read does
// not return; the page's "What a refresh cannot see" section says the rest.
const notReadBack = "Not refreshed (see below)."

// createTimeBool is an option of CreateTask that UpdateTask cannot change:
// false by default, and changing it replaces the task.
func createTimeBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Description:   description,
		Optional:      true,
		Computed:      true,
		Default:       booldefault.StaticBool(false),
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
	}
}

// existServerFromVMID plans exist_server when the configuration leaves it
// out: true when target_server.vm_id is configured, else the prior value
// (false on create), so a vm_id the service fills in changes nothing.
type existServerFromVMID struct{}

func (existServerFromVMID) Description(context.Context) string {
	return "defaults to whether target_server.vm_id is configured"
}

func (m existServerFromVMID) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (existServerFromVMID) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var vmID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("target_server").AtName("vm_id"), &vmID)...)
	switch {
	case vmID.IsUnknown():
		resp.PlanValue = types.BoolUnknown()
	case !vmID.IsNull():
		resp.PlanValue = types.BoolValue(true)
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	default:
		resp.PlanValue = types.BoolValue(false)
	}
}

// resolveExistServer is exist_server once the plan is applied: a value left
// unknown at plan time (vm_id was unknown) follows the vm_id known now.
func resolveExistServer(m *smsTaskResourceModel) types.Bool {
	if !m.ExistServer.IsUnknown() {
		return m.ExistServer
	}
	return types.BoolValue(m.TargetServer != nil && knownString(m.TargetServer.VMID))
}

// replacingComputedString is an optional string of 1 to 255 characters that
// defaults to a value known only after create and replaces the task when
// changed (region, project and enterprise project).
func replacingComputedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Optional:      true,
		Computed:      true,
		Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
	}
}

// smsTaskSchema is the schema of huaweicloud_sms_task, version 1. Version 0
// had no create-time options, schedule, configurations or physical volumes
// (UpgradeState moves such states over).
func smsTaskSchema(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("Create time limit, such as `10m`. Defaults to `%s`.", smsTaskCreateTimeout),
		ReadDescription: fmt.Sprintf("How long a refresh goes on reading the task after failures that may pass (throttling, server errors, "+
			"lost connections, a 404 that is not SMS's own) before it fails. Defaults to `%s`.", smsTaskReadTimeout),
		UpdateDescription: fmt.Sprintf("Update time limit. Defaults to `%s`.", smsTaskUpdateTimeout),
		DeleteDescription: fmt.Sprintf("Stop-and-delete time limit. Defaults to `%s`.", smsTaskDeleteTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits."

	return schema.Schema{
		Version: 1,
		Description: "Manages one Server Migration Service (SMS) migration task, which copies a source server to a target server. " +
			"Creating it creates the task in state `READY` without starting the migration (use `huaweicloud_sms_task_action`). " +
			"Destroying it stops a running task first (see `stop_on_destroy`) and waits until the task is gone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The task ID.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description: "The name of the task: 1 to 64 letters, digits, Chinese characters, `_` or `-`. Defaults to `" + smsTaskDefaultName +
					"`, the name the official provider gives every task (a source server has one task at most). Updated in place.",
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(smsTaskDefaultName),
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 64),
					smsNameCharacters(),
				},
			},
			"type": schema.StringAttribute{
				Description:   "`MIGRATE_FILE` (file-level) or `MIGRATE_BLOCK` (block-level). Forces a new task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.TaskTypeMigrateFile, sms.TaskTypeMigrateBlock)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"os_type": schema.StringAttribute{
				Description:   "The source server's operating system: `WINDOWS` or `LINUX`. Forces a new task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.OSTypeWindows, sms.OSTypeLinux)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source_server_id": schema.StringAttribute{
				Description:   "The source server's ID (data source `huaweicloud_sms_source_server`); its agent must be connected. Forces a new task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"target_server": schema.SingleNestedAttribute{
				Description: "The target server. Required unless `vm_template_id` is set: the service then makes the target from the " +
					"template, as the official provider's tested tasks leave it out. Updated in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Object{requiredUnlessTemplate{what: "target_server"}},
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"vm_id": schema.StringAttribute{
						Description:   "The ID of an existing ECS server to migrate to; filled in by the service when it creates the target from `vm_template_id`.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"name": schema.StringAttribute{
						Description: "The target server's name. Required unless `vm_template_id` is set: the service then names the target " +
							"after the template, as the official provider's tested tasks leave it out.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.LengthBetween(1, 255), requiredUnlessTemplate{what: "target_server.name"}},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"disks": taskDisksSchema(),
				},
			},
			"migration_ip": schema.StringAttribute{
				Description:   "The IP address the source reaches the target at; filled in when the service creates the target. Updated in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{ipAddress()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"vm_template_id": schema.StringAttribute{
				Description: "The ID of the server template the service creates the target server from. Updated in place.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"start_target_server": schema.BoolAttribute{
				Description:   "Start the target server after the migration. Defaults to `true`. Forces a new task.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"use_public_ip": schema.BoolAttribute{
				Description: "Reach the target through its public IP address. Defaults to `true`. Updated in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"use_ipv6": schema.BoolAttribute{
				Description: "Migrate over IPv6. Defaults to `false`. Updated in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"syncing": schema.BoolAttribute{
				Description:   "Keep synchronizing changes after the full replication (state `SYNCING`). Defaults to `false`. Forces a new task. " + notReadBack,
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"exist_server": schema.BoolAttribute{
				Description:   "Whether the target server exists already. Defaults to whether `target_server.vm_id` is set. Updated in place. " + notReadBack,
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{existServerFromVMID{}},
			},
			"need_migration_test":       createTimeBool("Run a migration drill (operation `migration_test`) before the final migration. Defaults to `false`. Forces a new task."),
			"auto_start":                createTimeBool("Start the migration as soon as the task is created. Defaults to `false`. Forces a new task. " + notReadBack),
			"start_network_check":       createTimeBool("Check the migration network when the task is created. Defaults to `false`. Forces a new task. " + notReadBack),
			"is_need_consistency_check": createTimeBool("End the migration with a data consistency check. Defaults to `false`. Forces a new task. " + notReadBack),
			"over_speed_threshold": schema.Float64Attribute{
				Description:   "Over-speed protection in percent, 0 to 100. Forces a new task. " + notReadBack,
				Optional:      true,
				Validators:    []validator.Float64{percent()},
				PlanModifiers: []planmodifier.Float64{float64planmodifier.RequiresReplace()},
			},
			"speed_limit_schedule": schema.ListNestedAttribute{
				Description: fmt.Sprintf("Bandwidth limits by time of day: up to %d periods that do not overlap. "+
					"`[]` means none. Updated in place.", sms.MaxSpeedLimitPeriods),
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeAtMost(sms.MaxSpeedLimitPeriods)},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{speedPeriod()},
					Attributes: map[string]schema.Attribute{
						"start": schema.StringAttribute{
							Description: "Start, `HH:MM`.",
							Required:    true,
						},
						"end": schema.StringAttribute{
							Description: "End, `HH:MM`, after `start`.",
							Required:    true,
						},
						"speed": schema.Int64Attribute{
							Description: fmt.Sprintf("Limit in Mbit/s, 0 to %d.", sms.MaxPeriodSpeed),
							Required:    true,
						},
						"over_speed_threshold": schema.Float64Attribute{
							Description: "Over-speed protection in percent, 0 to 100.",
							Optional:    true,
						},
					},
				},
			},
			"configurations": schema.MapAttribute{
				Description: "Advanced settings by key (" + quoteList(sms.ConfigKeys) + "), values non-empty. " +
					"Only these keys are managed; a key removed is cleared. `{}` means none. Updated in place.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.OneOf(sms.ConfigKeys...)),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"speed_limit": schema.Int64Attribute{
				Description: "Bandwidth limit in Mbit/s, 0 (no limit, the default) to 10000. Updated in place.",
				Optional:    true,
				Computed:    true,
				Default:     int64default.StaticInt64(0),
				Validators:  []validator.Int64{int64validator.Between(0, 10000)},
			},
			"priority": schema.Int64Attribute{
				Description:   "`0` (low), `1` (standard, the default) or `2` (high). Forces a new task.",
				Optional:      true,
				Computed:      true,
				Default:       int64default.StaticInt64(1),
				Validators:    []validator.Int64{int64validator.Between(0, 2)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"region":     replacingComputedString("The target server's region. Defaults to the provider's region. Forces a new task."),
			"project_id": replacingComputedString("The target server's project ID. Defaults to the provider's project. Forces a new task."),
			"enterprise_project_id": schema.StringAttribute{
				Description:   "The task's enterprise project. Defaults to the provider's `enterprise_project_id`, else the source server's. Updated in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"stop_on_destroy": schema.BoolAttribute{
				Description: "Stop a running task before deleting it on destroy; when false, destroy waits. Defaults to `true`.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"state": schema.StringAttribute{
				Description: "The task's state, for example `READY`, `RUNNING`, `ABORT` or `MIGRATE_SUCCESS`.",
				Computed:    true,
			},
			"connected": schema.BoolAttribute{
				Description: "Whether the source's SMS agent is connected.",
				Computed:    true,
			},
			"source_state": schema.StringAttribute{
				Description: "The source server's state, for example `replicate` or `finished`.",
				Computed:    true,
			},
			"progress": schema.Int64Attribute{
				Description: "Progress of the current step, in percent.",
				Computed:    true,
			},
			"create_date": schema.StringAttribute{
				Description:   "Creation time, RFC 3339 (UTC).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"migrate_speed": schema.Float64Attribute{
				Description: "Current migration speed in Mbit/s.",
				Computed:    true,
			},
			"error_json": schema.StringAttribute{
				Description: "A failed migration's error (JSON), else null.",
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": tb,
		},
	}
}
