package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsTaskDataSource)(nil)

// NewSMSTaskDataSource is the constructor of data source huaweicloud_sms_task.
func NewSMSTaskDataSource() datasource.DataSource { return &smsTaskDataSource{} }

type smsTaskDataSource struct {
	dataSourceWithConfigure
}

func (d *smsTaskDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task"
}

func (d *smsTaskDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {

	resp.Schema = schema.Schema{
		Description: "Reads one Server Migration Service (SMS v3) migration task by its ID, with its settings and its current state and progress.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The ID of the migration task to read (1 to 36 characters).",
				Required:    true,
				Validators:  taskIDValidators(),
			},
			"name":             computedString("The name of the task."),
			"type":             computedString("The migration type: `MIGRATE_FILE` (file-level) or `MIGRATE_BLOCK` (block-level)."),
			"os_type":          computedString("The operating system of the source server: `WINDOWS` or `LINUX`."),
			"source_server_id": computedString("The ID of the source server being migrated."),
			"target_server": schema.SingleNestedAttribute{
				Description: "The target server the source is migrated to.",
				Computed:    true,
				Attributes: map[string]schema.Attribute{
					"vm_id": computedString("The ID of the target ECS server; null when the service creates the target from a template."),
					"name":  computedString("The name of the target server."),
					"disks": readDisksSchema(false),
				},
			},
			"migration_ip":          computedString("The IP address the source server uses to reach the target server; null when not set."),
			"vm_template_id":        computedString("The ID of the server template used to create the target server; null when not set."),
			"start_target_server":   computedBool("Whether the target server is started after the migration."),
			"need_migration_test":   computedBool("Whether the task runs a migration drill (operation `migration_test`) before the final migration."),
			"speed_limit":           computedInt64("The migration bandwidth limit in Mbit/s, from 0 to 10000; 0 means no limit."),
			"priority":              computedInt64("The priority of the task: `0` (low), `1` (standard) or `2` (high)."),
			"region":                computedString("The region of the target server."),
			"project_id":            computedString("The ID of the project of the target server."),
			"enterprise_project_id": computedString("The ID of the enterprise project the task belongs to (`0` is the default project)."),
			"state":                 computedString("The state of the task, for example `READY`, `RUNNING`, `SYNCING`, `ABORTING`, `ABORT` (stopped), `MIGRATE_SUCCESS`, `MIGRATE_FAIL` or `DELETING`."),
			"connected":             computedBool("Whether the SMS agent on the source server is connected to the service."),
			"source_state":          computedString("The state of the source server as the task reports it (lower case), for example `waiting`, `replicate`, `stopped` or `finished`."),
			"progress":              computedInt64("The progress of the current step of the migration in percent, from 0 to 100."),
			"create_date":           computedString("When the task was created, in RFC 3339 format (UTC)."),
			"migrate_speed": schema.Float64Attribute{
				Description: "The current migration speed in Mbit/s; 0 when the task is not replicating.",
				Computed:    true,
			},
			"error_json": computedString("The error of a failed migration as the service reports it (a JSON document); null when there is none."),
		},
	}
	maps.Copy(resp.Schema.Attributes, smsTaskProgressAttributes())
}

func (d *smsTaskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsTaskDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	task, err := d.tasks.ShowTaskOnce(ctx, id)
	if err != nil {
		summary := "Error Reading SMS Task"
		if sms.IsNotFound(err) {
			summary = "SMS Task Not Found"
		}
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Reading SMS migration task %s", id), err)
		return
	}
	resp.Diagnostics.Append(cfg.fromRead(ctx, taskRead{task: task})...)
	cfg.smsTaskProgressModel = progressFromAPI(task)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// smsTaskDataSourceModel is data source huaweicloud_sms_task: the task and
// its progress.
type smsTaskDataSourceModel struct {
	smsTaskData
	smsTaskProgressModel
}

// smsTaskProgressAttributes are the read-only progress figures of
// huaweicloud_sms_task (smsTaskProgressModel): ShowTask's.
func smsTaskProgressAttributes() map[string]schema.Attribute {
	attrs := smsTaskListedProgressAttributes()
	attrs["start_date"] = computedString("When the migration started, in RFC 3339 format (UTC); null before it starts.")
	attrs["finish_date"] = computedString("When the migration finished, in RFC 3339 format (UTC); null before it finishes.")
	attrs["remain_seconds"] = schema.Int64Attribute{Description: "The estimated time left of the migration in seconds; 0 when the service gives no estimate.", Computed: true}
	attrs["clone_server"] = schema.SingleNestedAttribute{
		Description: "The clone made by operation `clone_test`; null when there is none.",
		Computed:    true,
		Attributes: map[string]schema.Attribute{
			"vm_id":       computedString("The ID of the clone server."),
			"name":        computedString("The name of the clone server."),
			"clone_state": computedString("The state of the clone: `NOT_READY`, `READY`, `PREPARING`, `CREATING`, `ERROR` or `FINISHED`."),
			"error_msg":   computedString("Why cloning failed; null when it did not."),
		},
	}
	return attrs
}

// smsTaskListedProgressAttributes are the progress figures a ListTasks item
// carries too (smsTaskListedProgressModel); it has no start_date,
// finish_date or remain_seconds, and its clone_server only vm_id and name.
func smsTaskListedProgressAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"estimate_complete_time": computedString("When the migration is estimated to complete, in RFC 3339 format (UTC); null when the service gives no estimate."),
		"sub_tasks": schema.ListNestedAttribute{
			Description: "The steps of the migration, in order.",
			Computed:    true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":       computedString("The step, for example `CREATE_CLOUD_SERVER`, `MIGRATE_LINUX_BLOCK` or `CONFIGURE_LINUX_BLOCK`."),
				"progress":   schema.Int64Attribute{Description: "The progress of the step in percent, from 0 to 100.", Computed: true},
				"start_date": computedString("When the step started, in RFC 3339 format (UTC); null before it starts."),
				"end_date":   computedString("When the step ended, in RFC 3339 format (UTC); null before it ends."),
			}},
		},
		"network_check_info": schema.SingleNestedAttribute{
			Description: "The result of the last network check (operation `network_check` or `start_network_check`); null when none has run.",
			Computed:    true,
			Attributes: map[string]schema.Attribute{
				"domain_connectivity":      computedBool("Whether the source reaches the service's domain names."),
				"destination_connectivity": computedBool("Whether the source reaches the target server."),
				"network_delay":            computedFloat64("The network latency in milliseconds."),
				"network_jitter":           computedFloat64("The network jitter in milliseconds."),
				"migration_speed":          computedFloat64("The measured bandwidth in Mbit/s."),
				"loss_percentage":          computedFloat64("The packet loss in percent."),
				"cpu_usage":                computedFloat64("The CPU usage of the source server in percent."),
				"mem_usage":                computedFloat64("The memory usage of the source server in percent."),
				"evaluation_result":        computedString("The service's verdict on the network, for example `GOOD`."),
			},
		},
		"total_cpu_usage": computedFloat64("The CPU usage of the source server in percent, as the agent reports it."),
		"agent_cpu_usage": computedFloat64("The CPU usage of the SMS agent in percent."),
		"total_mem_usage": computedFloat64("The memory used on the source server in MB."),
		"agent_mem_usage": computedFloat64("The memory used by the SMS agent in MB."),
		"total_disk_io":   computedFloat64("The disk I/O of the source server in Mbit/s."),
		"agent_disk_io":   computedFloat64("The disk I/O of the SMS agent in Mbit/s."),
	}
}
