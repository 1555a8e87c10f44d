package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ resource.ResourceWithConfigure = (*dcsBackgroundTaskDeleteResource)(nil)

const dcsBackgroundTaskDeleteTimeout = 5 * time.Minute

// dcsIDPattern is what DCS instance, task and project ids look like (UUIDs
// or 32 hex digits); it stops path-breaking input at plan time.
const dcsIDPattern = `^[0-9A-Za-z-]{1,64}$`

// dcsIDValidators check a DCS id attribute.
func dcsIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(schemaPattern(dcsIDPattern), "must be 1 to 64 letters, digits or hyphens")}
}

// NewDCSBackgroundTaskDeleteResource is the constructor of
// huaweicloud_dcs_background_task_delete.
func NewDCSBackgroundTaskDeleteResource() resource.Resource {
	return &dcsBackgroundTaskDeleteResource{withTimeouts: withTimeouts{createTimeout: dcsBackgroundTaskDeleteTimeout}}
}

type dcsBackgroundTaskDeleteResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *dcsBackgroundTaskDeleteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dcs_background_task_delete"
}

func (r *dcsBackgroundTaskDeleteResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long the delete call may take, retries after throttling or server errors included "+
			"(a duration such as `10m`). Defaults to `%s`.", dcsBackgroundTaskDeleteTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for the create operation, the only one that calls the API."

	resp.Schema = schema.Schema{
		Description: "Deletes the record of one background task of a Distributed Cache Service (DCS) instance " +
			"(`DELETE /v2/{project_id}/instances/{instance_id}/tasks/{task_id}`). It is a one-shot operation: creating the resource deletes the task. " +
			"A task that is already gone (HTTP 404) gives a warning, not an error; a missing instance is an error. The API reference states no rule on the task's status; " +
			"if the service refuses a task that is still `CREATED`, `WAITING` or `EXECUTING` (its error table has `DCS.4957`, operation not allowed in the task's current state), the apply fails with that error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The ID of the deleted background task (the same as `task_id`).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_id": schema.StringAttribute{
				Description:   "The ID of the DCS instance the task belongs to: 1 to 64 letters, digits or hyphens. Changing it replaces the resource.",
				Required:      true,
				Validators:    dcsIDValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"task_id": schema.StringAttribute{
				Description:   "The ID of the background task to delete: 1 to 64 letters, digits or hyphens. Changing it replaces the resource.",
				Required:      true,
				Validators:    dcsIDValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"project_id": schema.StringAttribute{
				Description: "The ID of the project the instance is in (1 to 64 letters, digits or hyphens). " +
					"Defaults to the provider's project ID (its `project_id` argument, or the one discovered for its region). Changing it replaces the resource.",
				Optional:      true,
				Computed:      true,
				Validators:    dcsIDValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": tb,
		},
	}
}

func (r *dcsBackgroundTaskDeleteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dcsBackgroundTaskDeleteModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	ctx, pid, ok := projectContext(ctx, r.client, plan.ProjectID, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ProjectID = types.StringValue(pid)
	inst, task := plan.InstanceID.ValueString(), plan.TaskID.ValueString()
	attempted := fmt.Sprintf("Deleting background task %s of DCS instance %s in project %s", task, inst, pid)

	err := r.client.DeleteBackgroundTask(ctx, inst, task)
	switch {
	case err == nil:
	case sms.IsDCSTaskNotFound(err):
		resp.Diagnostics.AddWarning("DCS Background Task Already Gone", describeError(attempted, err)+
			" The task does not exist, so there is nothing to delete; the resource is recorded anyway.")
	case sms.IsDCSNotFoundBeyondTask(err):
		// A missing instance is a wrong instance_id (or project), not a
		// task that is already gone.
		addAPIError(&resp.Diagnostics, "Error Deleting DCS Background Task", attempted+" (the instance was not found: check instance_id and project_id)", err)
		return
	default:
		addAPIError(&resp.Diagnostics, "Error Deleting DCS Background Task", attempted, err)
		return
	}
	plan.ID = types.StringValue(task)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// projectContext applies an optional project_id override to ctx and returns
// the project the calls will use.
func projectContext(ctx context.Context, c *sms.Client, projectID types.String, diags *diag.Diagnostics) (context.Context, string, bool) {
	if knownString(projectID) {
		ctx = sms.WithProjectID(ctx, projectID.ValueString())
	}
	pid, err := c.ProjectID(ctx)
	if err != nil {
		addAPIError(diags, "Error Finding Project ID", fmt.Sprintf("Looking up the project ID of region %s", c.Region()), err)
		return ctx, "", false
	}
	return ctx, pid, true
}

// Read calls no API and keeps the state as it is: the task was deleted and
// cannot be read back.
func (r *dcsBackgroundTaskDeleteResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Update only stores new timeouts; every other argument replaces.
func (r *dcsBackgroundTaskDeleteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dcsBackgroundTaskDeleteModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() { plan.ID, plan.ProjectID = state.ID, state.ProjectID })
}

// Delete only forgets the resource.
func (r *dcsBackgroundTaskDeleteResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

type dcsBackgroundTaskDeleteModel struct {
	ID         types.String   `tfsdk:"id"`
	InstanceID types.String   `tfsdk:"instance_id"`
	TaskID     types.String   `tfsdk:"task_id"`
	ProjectID  types.String   `tfsdk:"project_id"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}
