package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsTasksDataSource)(nil)

// NewSMSTasksDataSource lists migration tasks, optionally filtered.
func NewSMSTasksDataSource() datasource.DataSource { return &smsTasksDataSource{} }

type smsTasksDataSource struct {
	dataSourceWithConfigure
}

func (d *smsTasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_tasks"
}

// listTaskStates are the values the ListTasks state filter accepts.
var listTaskStates = []string{
	sms.TaskStateReady, sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateMigrateSuccess, sms.TaskStateMigrateFail,
	sms.TaskStateAborting, sms.TaskStateAbort, sms.TaskStateDeleting, sms.TaskStateSyncFRollbacking, sms.TaskStateSyncFRollbackSuccess,
}

func (d *smsTasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists SMS migration tasks, filtered by state, name, id, source server or enterprise project. All pages are read.",
		Attributes: map[string]schema.Attribute{
			"state": schema.StringAttribute{
				Description: "Only tasks in this state. One of " + quoteList(listTaskStates) + ".",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(listTaskStates...)},
			},
			"name": schema.StringAttribute{
				Description: "Only tasks with exactly this name (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"task_id": schema.StringAttribute{
				Description: "Only the task with this id (1 to 36 characters).",
				Optional:    true,
				Validators:  taskIDValidators(),
			},
			"source_server_id": schema.StringAttribute{
				Description: "Only the task of this source server (1 to 36 characters).",
				Optional:    true,
				Validators:  taskIDValidators(),
			},
			"enterprise_project_id": schema.StringAttribute{
				Description: enterpriseProjectFilterDescription,
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"tasks": schema.ListNestedAttribute{
				Description: "The matching tasks, in the order the API returns them.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                    schema.StringAttribute{Description: "Task id.", Computed: true},
					"name":                  schema.StringAttribute{Description: "Task name.", Computed: true},
					"type":                  schema.StringAttribute{Description: "Migration type, `MIGRATE_FILE` or `MIGRATE_BLOCK`.", Computed: true},
					"os_type":               schema.StringAttribute{Description: "Operating system type, `WINDOWS` or `LINUX`.", Computed: true},
					"state":                 schema.StringAttribute{Description: "Task state, for example `READY`, `RUNNING` or `MIGRATE_SUCCESS`.", Computed: true},
					"source_server_id":      schema.StringAttribute{Description: "Id of the source server.", Computed: true},
					"source_state":          schema.StringAttribute{Description: "State of the source server, lower case, for example `replicate`.", Computed: true},
					"progress":              schema.Int64Attribute{Description: "Progress of the current sub-task, 0 to 100 percent.", Computed: true},
					"migrate_speed":         schema.Float64Attribute{Description: "Migration speed in Mbit/s.", Computed: true},
					"create_date":           schema.StringAttribute{Description: "When the task was created, in RFC 3339 format (UTC).", Computed: true},
					"enterprise_project_id": schema.StringAttribute{Description: "Enterprise project id.", Computed: true},
				}},
			},
		},
	}
	// Every item carries the progress figures of a ListTasks item: no
	// start_date, finish_date or remain_seconds, and a clone_server of
	// vm_id and name only (TasksResponseBody, CloneServerBrief).
	items, _ := resp.Schema.Attributes["tasks"].(schema.ListNestedAttribute)
	maps.Copy(items.NestedObject.Attributes, smsTaskListedProgressAttributes())
	items.NestedObject.Attributes["clone_server"] = schema.SingleNestedAttribute{
		Description: "The clone made by operation `clone_test`, once it exists; null when there is none.",
		Computed:    true,
		Attributes: map[string]schema.Attribute{
			"vm_id": computedString("The ID of the clone server."),
			"name":  computedString("The name of the clone server."),
		},
	}
}

func (d *smsTasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m smsTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tasks, err := d.tasks.ListTasks(ctx, sms.ListTasksFilter{
		State:               m.State.ValueString(),
		Name:                m.Name.ValueString(),
		ID:                  m.TaskID.ValueString(),
		SourceServerID:      m.SourceServerID.ValueString(),
		EnterpriseProjectID: listingEnterpriseProject(m.EnterpriseProjectID, d.client.EnterpriseProjectID()),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing SMS Tasks", "Listing migration tasks", err)
		return
	}
	m.Tasks = make([]smsTaskItemModel, 0, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		// The one conversion of a task, of which an item shows a part.
		var d smsTaskData
		resp.Diagnostics.Append(d.fromRead(ctx, taskRead{task: t, listed: true})...)
		item := smsTaskItemModel{
			ID: d.ID, Name: d.Name, Type: d.Type, OSType: d.OSType, State: d.State,
			SourceServerID: d.SourceServerID, SourceState: d.SourceState, Progress: d.Progress, MigrateSpeed: d.MigrateSpeed,
			CreateDate: d.CreateDate, EnterpriseProjectID: d.EnterpriseProjectID,
			smsTaskListedProgressModel: listedProgressFromAPI(t),
		}
		if c := t.CloneServer; c != nil {
			item.CloneServer = &smsTaskCloneBriefModel{VMID: nullIfEmpty(c.VMID), Name: nullIfEmpty(c.Name)}
		}
		m.Tasks = append(m.Tasks, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type smsTasksModel struct {
	State               types.String       `tfsdk:"state"`
	Name                types.String       `tfsdk:"name"`
	TaskID              types.String       `tfsdk:"task_id"`
	SourceServerID      types.String       `tfsdk:"source_server_id"`
	EnterpriseProjectID types.String       `tfsdk:"enterprise_project_id"`
	Tasks               []smsTaskItemModel `tfsdk:"tasks"`
}

type smsTaskItemModel struct {
	ID                  types.String            `tfsdk:"id"`
	Name                types.String            `tfsdk:"name"`
	Type                types.String            `tfsdk:"type"`
	OSType              types.String            `tfsdk:"os_type"`
	State               types.String            `tfsdk:"state"`
	SourceServerID      types.String            `tfsdk:"source_server_id"`
	SourceState         types.String            `tfsdk:"source_state"`
	Progress            types.Int64             `tfsdk:"progress"`
	MigrateSpeed        types.Float64           `tfsdk:"migrate_speed"`
	CreateDate          types.String            `tfsdk:"create_date"`
	EnterpriseProjectID types.String            `tfsdk:"enterprise_project_id"`
	CloneServer         *smsTaskCloneBriefModel `tfsdk:"clone_server"`
	smsTaskListedProgressModel
}
