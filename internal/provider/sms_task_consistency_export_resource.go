package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var (
	_ resource.ResourceWithConfigure      = (*smsTaskConsistencyExportResource)(nil)
	_ resource.ResourceWithValidateConfig = (*smsTaskConsistencyExportResource)(nil)
)

// NewSMSTaskConsistencyExportResource is the
// huaweicloud_sms_task_consistency_export resource: it exports consistency
// check results to a local file when created (and again when replaced, or
// when the file is gone or changed).
func NewSMSTaskConsistencyExportResource() resource.Resource {
	return &smsTaskConsistencyExportResource{withTimeouts: withTimeouts{createTimeout: defaultExportTimeout}}
}

type smsTaskConsistencyExportResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsTaskConsistencyExportResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_consistency_export"
}

func (r *smsTaskConsistencyExportResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	const rerunText = " Changing it exports again."
	resp.Schema = schema.Schema{
		Description: "Exports the data consistency check results of up to 200 migration tasks (ExportConsistencyResults, one call) to a file on the machine running Terraform when created. " +
			"Changing `task_ids`, `output_path` or any value in `triggers` exports again (the resource is replaced), and so does a file that is gone or changed when the plan refreshes. " +
			"Destroying it only removes it from the Terraform state; the file is left. With Terraform 1.14 or later, the action of the same name exports without keeping anything in the state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The SHA-256 of the exported file, as `id`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_ids": schema.ListAttribute{
				Description: descExportTaskIDs + rerunText, Required: true, ElementType: types.StringType, Validators: exportTaskIDsValidators(),
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
			},
			"output_path": schema.StringAttribute{
				Description: descExportPath + rerunText, Required: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				Description:   "Arbitrary map of strings; any change to it exports again, for example after a new consistency check. Not sent to the API. Optional, no default.",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"sha256": schema.StringAttribute{
				Description:   "The SHA-256 of the exported file, hex-encoded.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"size": schema.Int64Attribute{
				Description: "The size of the exported file in bytes.",
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: fmt.Sprintf("How long the export may take, as a duration string such as `30s` or `10m` (units s, m, h). Defaults to `%s`. Changing it only updates the Terraform state.",
					shortDuration(defaultExportTimeout)),
			}),
		},
	}
}

func (r *smsTaskConsistencyExportResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m smsTaskConsistencyExportResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.args().validate(&resp.Diagnostics)
}

func (r *smsTaskConsistencyExportResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTaskConsistencyExportResourceModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	sum, size, diags := exportConsistency(ctx, r.tasks, plan.args())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.SHA256, plan.Size = types.StringValue(sum), types.StringValue(sum), types.Int64Value(size)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read calls no API: a file that is gone or no longer the export takes the
// resource out of the state, and the next apply exports again.
func (r *smsTaskConsistencyExportResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsTaskConsistencyExportResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if fileSHA256(state.OutputPath.ValueString()) != state.SHA256.ValueString() {
		tflog.Warn(ctx, "The exported consistency results file is gone or changed; it is exported again on the next apply", map[string]any{"output_path": state.OutputPath.ValueString()})
		resp.State.RemoveResource(ctx)
	}
}

// Update only stores the timeouts: every other argument replaces the
// resource.
func (r *smsTaskConsistencyExportResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTaskConsistencyExportResourceModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() { plan.ID, plan.SHA256, plan.Size = state.ID, state.SHA256, state.Size })
}

// Delete forgets the export; the file is left where it is.
func (r *smsTaskConsistencyExportResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

type smsTaskConsistencyExportResourceModel struct {
	ID         types.String   `tfsdk:"id"`
	TaskIDs    types.List     `tfsdk:"task_ids"`
	OutputPath types.String   `tfsdk:"output_path"`
	Triggers   types.Map      `tfsdk:"triggers"`
	SHA256     types.String   `tfsdk:"sha256"`
	Size       types.Int64    `tfsdk:"size"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskConsistencyExportResourceModel) args() exportArgs {
	return exportArgs{TaskIDs: m.TaskIDs, OutputPath: m.OutputPath}
}
