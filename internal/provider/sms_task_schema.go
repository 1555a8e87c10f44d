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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// smsTaskNamePattern is what the API accepts as a task name: Chinese
// characters, letters, digits, underscores and hyphens (length is checked
// separately, in characters).
const smsTaskNamePattern = `^[\p{Han}A-Za-z0-9_-]+$`

// hhmmPattern is a time of day of a speed-limit period.
const hhmmPattern = `^([01][0-9]|2[0-3]):[0-5][0-9]$`

// notReadBack ends the description of an attribute ShowTask does not return.
const notReadBack = "ShowTask does not return it, so a refresh keeps the configured value in the state and drift is not detected; an import reads it from the task and source listings where they carry it, else it takes its default."

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
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the task to be created (a duration such as `10m`). Defaults to `%s`.", smsTaskCreateTimeout),
		UpdateDescription: fmt.Sprintf("How long to wait for the task to be updated (a duration such as `10m`). Defaults to `%s`.", smsTaskUpdateTimeout),
		DeleteDescription: fmt.Sprintf("How long to wait for the task to be stopped (when `stop_on_destroy` is true) and deleted (a duration such as `30m`). Defaults to `%s`.", smsTaskDeleteTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."

	return schema.Schema{
		Version: 1,
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
					nameCharacters(smsTaskNamePattern, "must contain only letters, digits, Chinese characters, underscores (_) and hyphens (-)"),
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
						Description: "The ID of an existing ECS server to migrate to (1 to 255 characters). Leave it out when the service creates the target from `vm_template_id`: " +
							"the service then fills it in once it has created the server, and it is recorded here.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
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
								"physical_volumes": smsTaskVolumesSchema(),
							},
						},
					},
				},
			},
			"migration_ip": schema.StringAttribute{
				Description: "The IP address the source server uses to reach the target server: an IPv4 address, or an IPv6 address when `use_ipv6` is true. " +
					"Not needed when the service creates the target server, which then fills it in (recorded here). It can be changed in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{ipAddress()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
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
				Description: "Whether the source reaches the target server through its public IP address. Defaults to `true`. It can be changed in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"use_ipv6": schema.BoolAttribute{
				Description: "Whether the migration network uses IPv6. Defaults to `false`. It can be changed in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"syncing": schema.BoolAttribute{
				Description:   "Whether the task keeps synchronizing changes after the full replication (state `SYNCING`) instead of finishing. Defaults to `false`. Changing it replaces the task. " + notReadBack,
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"exist_server": schema.BoolAttribute{
				Description: "Whether the target is an existing server (`target_server.vm_id`) rather than one the service creates. " +
					"Defaults to whether `target_server.vm_id` is set in the configuration (a vm_id the service fills in does not count). It can be changed in place. " + notReadBack,
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{existServerFromVMID{}},
			},
			"need_migration_test":       createTimeBool("Whether the task runs a migration drill (operation `migration_test`) before the final migration. Defaults to `false`. Changing it replaces the task."),
			"auto_start":                createTimeBool("Whether the service starts the migration as soon as the task is created. Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"start_network_check":       createTimeBool("Whether the service checks the migration network (latency, jitter, packet loss, bandwidth) when the task is created; the result is in the data source's `network_check_info`. Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"is_need_consistency_check": createTimeBool("Whether the migration ends with a data consistency check (which operation `skip` skips). Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"over_speed_threshold": schema.Float64Attribute{
				Description:   "The over-speed protection of the task in percent, from 0 to 100: the service pauses the migration when it runs this much faster than the speed limit. Changing it replaces the task. " + notReadBack,
				Optional:      true,
				Validators:    []validator.Float64{percent()},
				PlanModifiers: []planmodifier.Float64{float64planmodifier.RequiresReplace()},
			},
			"speed_limit_schedule": schema.ListNestedAttribute{
				Description: fmt.Sprintf("A bandwidth limit by time of day: 1 to %d periods that do not overlap, each from `start` to `end` (`HH:MM`, start before end). "+
					"Set through the task's speed-limit endpoint; it is read back on refresh only while it is set here. Removing it removes the schedule. It can be changed in place.", sms.MaxSpeedLimitPeriods),
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeAtMost(sms.MaxSpeedLimitPeriods)},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{speedPeriod()},
					Attributes: map[string]schema.Attribute{
						"start": schema.StringAttribute{
							Description: "When the period starts, `HH:MM` (00:00 to 23:59).",
							Required:    true,
						},
						"end": schema.StringAttribute{
							Description: "When the period ends, `HH:MM` (00:00 to 23:59), after `start`.",
							Required:    true,
						},
						"speed": schema.Int64Attribute{
							Description: fmt.Sprintf("The bandwidth limit of the period in Mbit/s, from 0 to %d.", sms.MaxPeriodSpeed),
							Required:    true,
						},
						"over_speed_threshold": schema.Float64Attribute{
							Description: "The over-speed protection of the period in percent, from 0 to 100.",
							Optional:    true,
						},
					},
				},
			},
			"configurations": schema.MapAttribute{
				Description: "Advanced migration settings, by key: one of " + quoteList(sms.ConfigKeys) + ", each with a non-empty value " +
					"(for example `MIGRATE_EXCLUDE_DIR = \"/tmp,/var/cache\"`). Set through the task's configuration-setting endpoint; only the keys set here are managed and read back on refresh, " +
					"and a key removed here is cleared on the task (sent with an empty value; the service may keep the key with that empty value, which reads as unset). It can be changed in place.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.OneOf(sms.ConfigKeys...)),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
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
			"enterprise_project_id": schema.StringAttribute{
				Description: "The ID of the enterprise project the task belongs to (1 to 255 characters). " +
					"Defaults to the provider's `enterprise_project_id`, else to the source server's enterprise project (`0`, the default project, when it has none), which the service assigns: CreateTask has no such field, so a configured value is applied with UpdateTask right after the task is created. " +
					"Changing it moves the task in place (UpdateTask's `enterprise_project`).",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"stop_on_destroy": schema.BoolAttribute{
				Description: "Whether destroying the resource stops a running task first (operation `stop`), which the service requires before it deletes a task whose source agent is connected and busy. " +
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

// smsTaskVolumesSchema is target_server.disks[*].physical_volumes.
func smsTaskVolumesSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Description: "The partitions of the disk. When left out, those of the suggested layout (or none) are used and recorded here. " +
			"They are sent again with the disks whenever the disks change.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Description: "The partition: a drive letter on Windows (`C:`), a device on Linux (`/dev/vda1`); 1 to 255 characters.",
					Required:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"device_use": schema.StringAttribute{
					Description: "What the partition holds: `BOOT`, `OS` or `NORMAL`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.OneOf(sms.DeviceUseNormal, sms.DeviceUseOS, sms.DeviceUseBoot)},
				},
				"file_system": schema.StringAttribute{
					Description: "The file system, for example `ext4` or `NTFS`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"mount_point": schema.StringAttribute{
					Description: "Where the partition is mounted, for example `/boot`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"index": schema.Int64Attribute{
					Description: "The position of the partition on the disk; 0 or more.",
					Required:    true,
					Validators:  []validator.Int64{int64validator.AtLeast(0)},
				},
				"size": schema.Int64Attribute{
					Description: "The size of the partition in bytes; at least 1.",
					Required:    true,
					Validators:  []validator.Int64{int64validator.AtLeast(1)},
				},
				"used_size": schema.Int64Attribute{
					Description:   "The used space in bytes; 0 or more. Computed when not set.",
					Optional:      true,
					Computed:      true,
					Validators:    []validator.Int64{int64validator.AtLeast(0)},
					PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				},
				"uuid": schema.StringAttribute{
					Description:   "The GUID of the partition, as the source server reports it. Computed when not set.",
					Optional:      true,
					Computed:      true,
					Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
					PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				},
			},
		},
	}
}
