package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsTaskDataSource)(nil)

// NewSMSTaskDataSource is the constructor of data source huaweicloud_sms_task.
func NewSMSTaskDataSource() datasource.DataSource { return &smsTaskDataSource{} }

type smsTaskDataSource struct {
	client *sms.Client
}

func (d *smsTaskDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task"
}

func (d *smsTaskDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	computedBool := func(desc string) schema.BoolAttribute { return schema.BoolAttribute{Description: desc, Computed: true} }
	computedInt64 := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Description: desc, Computed: true}
	}

	resp.Schema = schema.Schema{
		Description: "Reads one Server Migration Service (SMS v3) migration task by its ID, with its settings and its current state and progress.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The ID of the migration task to read (1 to 255 characters).",
				Required:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
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
					"disks": schema.ListNestedAttribute{
						Description: "The disks of the target server.",
						Computed:    true,
						NestedObject: schema.NestedAttributeObject{
							Attributes: map[string]schema.Attribute{
								"name":       computedString("The device name of the disk, for example `/dev/vda` or `Disk 0`."),
								"device_use": computedString("What the disk holds: `BOOT` (boot disk), `OS` (system disk) or `NORMAL` (data disk)."),
								"size":       computedInt64("The size of the disk in bytes."),
								"used_size":  computedInt64("The used space on the disk in bytes."),
								"disk_id":    computedString("The ID of the EVS disk of the target server used for this disk; null when not set."),
							},
						},
					},
				},
			},
			"migration_ip":          computedString("The IP address the source server uses to reach the target server; null when not set."),
			"vm_template_id":        computedString("The ID of the server template used to create the target server; null when not set."),
			"start_target_server":   computedBool("Whether the target server is started after the migration."),
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
}

func (d *smsTaskDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		d.client = pd.client
	}
}

func (d *smsTaskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsTaskData
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	task, err := d.client.ShowTask(ctx, id)
	if err != nil {
		summary := "Error Reading SMS Task"
		if sms.IsNotFound(err) {
			summary = "SMS Task Not Found"
		}
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Reading SMS migration task %s", id), err)
		return
	}
	resp.Diagnostics.Append(cfg.fromAPI(ctx, task)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
