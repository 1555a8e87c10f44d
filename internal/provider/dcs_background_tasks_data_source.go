package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ datasource.DataSourceWithConfigure      = (*dcsBackgroundTasksDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*dcsBackgroundTasksDataSource)(nil)
)

// dcsTimeLayout is the API's start_time/end_time format, yyyyMMddHHmmss in UTC.
const dcsTimeLayout = "20060102150405"

// NewDCSBackgroundTasksDataSource lists the background tasks of a DCS instance.
func NewDCSBackgroundTasksDataSource() datasource.DataSource { return &dcsBackgroundTasksDataSource{} }

type dcsBackgroundTasksDataSource struct {
	dataSourceWithConfigure
}

func (d *dcsBackgroundTasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dcs_background_tasks"
}

func (d *dcsBackgroundTasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeValidators := []validator.String{
		stringvalidator.RegexMatches(schemaPattern(`^[0-9]{14}$`), "must be a UTC time written yyyyMMddHHmmss, for example 20260609160000"),
	}
	resp.Schema = schema.Schema{
		Description: "Lists the background tasks of a Distributed Cache Service (DCS) instance (`GET /v2/{project_id}/instances/{instance_id}/tasks`), " +
			"newest first, optionally only those created in a time window. All pages are read.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The ID of the DCS instance (the same as `instance_id`).",
				Computed:    true,
			},
			"instance_id": schema.StringAttribute{
				Description: "The ID of the DCS instance: 1 to 64 letters, digits or hyphens.",
				Required:    true,
				Validators:  dcsIDValidators(),
			},
			"project_id": schema.StringAttribute{
				Description: "The ID of the project the instance is in (1 to 64 letters, digits or hyphens). Defaults to the provider's project ID.",
				Optional:    true,
				Computed:    true,
				Validators:  dcsIDValidators(),
			},
			"start_time": schema.StringAttribute{
				Description: "Only tasks created at or after this time: UTC, written `yyyyMMddHHmmss` (for example `20260609160000`). No lower bound when left out.",
				Optional:    true,
				Validators:  timeValidators,
			},
			"end_time": schema.StringAttribute{
				Description: "Only tasks created at or before this time: UTC, written `yyyyMMddHHmmss`; not before `start_time`. No upper bound when left out.",
				Optional:    true,
				Validators:  timeValidators,
			},
			"tasks": schema.ListNestedAttribute{
				Description: "The matching background tasks, newest first.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Description: "The ID of the background task.", Computed: true},
					"name":        schema.StringAttribute{Description: "What the task does, for example `EXTEND`, `BindEip`, `AddReplica` or `modify`.", Computed: true},
					"status":      schema.StringAttribute{Description: "The status of the task, for example `SUCCESS`, `FAILED`, `EXECUTING`, `CREATED` or `WAITING`.", Computed: true},
					"user_name":   schema.StringAttribute{Description: "The name of the user who started the task.", Computed: true},
					"user_id":     schema.StringAttribute{Description: "The ID of the user who started the task.", Computed: true},
					"params":      schema.StringAttribute{Description: "The parameters of the task, a JSON document as the API returns it.", Computed: true},
					"details":     schema.StringAttribute{Description: "What the task changed (for example old and new capacity), a JSON object whose fields depend on `name`; use `jsondecode` to read it.", Computed: true},
					"created_at":  schema.StringAttribute{Description: "When the task was created, UTC, for example `2026-06-17T07:38:42.503Z`.", Computed: true},
					"updated_at":  schema.StringAttribute{Description: "When the task was last updated, in the same format as `created_at`.", Computed: true},
					"enable_show": schema.BoolAttribute{Description: "Whether the console shows the task.", Computed: true},
				}},
			},
		},
	}
}

// ValidateConfig rejects a time that does not exist (month 13) and a window
// that ends before it starts, before any API call.
func (d *dcsBackgroundTasksDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m dcsBackgroundTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		m.window(&resp.Diagnostics)
	}
}

// window turns start_time and end_time into a filter; unset or unknown
// values stay zero (no bound).
func (m *dcsBackgroundTasksModel) window(diags *diag.Diagnostics) sms.BackgroundTaskFilter {
	var f sms.BackgroundTaskFilter
	for _, p := range []struct {
		attr string
		v    types.String
		dst  *time.Time
	}{{"start_time", m.StartTime, &f.StartTime}, {"end_time", m.EndTime, &f.EndTime}} {
		if !knownString(p.v) {
			continue
		}
		t, err := time.ParseInLocation(dcsTimeLayout, p.v.ValueString(), time.UTC)
		if err != nil {
			diags.AddAttributeError(path.Root(p.attr), "Invalid Time",
				fmt.Sprintf("%s must be a valid UTC time written yyyyMMddHHmmss, got %q.", p.attr, p.v.ValueString()))
			continue
		}
		*p.dst = t
	}
	if !f.StartTime.IsZero() && !f.EndTime.IsZero() && f.EndTime.Before(f.StartTime) {
		diags.AddAttributeError(path.Root("end_time"), "Invalid Time Window",
			fmt.Sprintf("end_time %s is before start_time %s.", m.EndTime.ValueString(), m.StartTime.ValueString()))
	}
	return f
}

func (d *dcsBackgroundTasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dcsBackgroundTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := m.window(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, pid, ok := projectContext(ctx, d.client, m.ProjectID, &resp.Diagnostics)
	if !ok {
		return
	}
	inst := m.InstanceID.ValueString()
	tasks, err := d.client.ListBackgroundTasks(ctx, inst, f)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing DCS Background Tasks",
			fmt.Sprintf("Listing the background tasks of DCS instance %s in project %s", inst, pid), err)
		return
	}
	m.ID = types.StringValue(inst)
	m.ProjectID = types.StringValue(pid)
	m.Tasks = make([]dcsBackgroundTaskModel, 0, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		details, err := json.Marshal(t.Details)
		if err != nil {
			resp.Diagnostics.AddError("Error Encoding Task Details", fmt.Sprintf("Encoding the details of background task %s: %v", t.ID, err))
			return
		}
		m.Tasks = append(m.Tasks, dcsBackgroundTaskModel{
			ID:         types.StringValue(t.ID),
			Name:       types.StringValue(t.Name),
			Status:     types.StringValue(t.Status),
			UserName:   types.StringValue(t.UserName),
			UserID:     types.StringValue(t.UserID),
			Params:     types.StringValue(t.Params),
			Details:    types.StringValue(string(details)),
			CreatedAt:  types.StringValue(t.CreatedAt),
			UpdatedAt:  types.StringValue(t.UpdatedAt),
			EnableShow: types.BoolValue(t.EnableShow),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type dcsBackgroundTasksModel struct {
	ID         types.String             `tfsdk:"id"`
	InstanceID types.String             `tfsdk:"instance_id"`
	ProjectID  types.String             `tfsdk:"project_id"`
	StartTime  types.String             `tfsdk:"start_time"`
	EndTime    types.String             `tfsdk:"end_time"`
	Tasks      []dcsBackgroundTaskModel `tfsdk:"tasks"`
}

type dcsBackgroundTaskModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	Status     types.String `tfsdk:"status"`
	UserName   types.String `tfsdk:"user_name"`
	UserID     types.String `tfsdk:"user_id"`
	Params     types.String `tfsdk:"params"`
	Details    types.String `tfsdk:"details"`
	CreatedAt  types.String `tfsdk:"created_at"`
	UpdatedAt  types.String `tfsdk:"updated_at"`
	EnableShow types.Bool   `tfsdk:"enable_show"`
}
