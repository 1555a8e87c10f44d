package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ resource.ResourceWithConfigure      = (*smsTaskActionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*smsTaskActionResource)(nil)
)

// NewSMSTaskActionResource is the huaweicloud_sms_task_action resource: it
// sends one operation to a migration task when created (and again when
// replaced), and waits for the operation's end state.
func NewSMSTaskActionResource() resource.Resource {
	return &smsTaskActionResource{withTimeouts: withTimeouts{createTimeout: defaultOperationTimeout}}
}

type smsTaskActionResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsTaskActionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_action"
}

func (r *smsTaskActionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	// Changing an argument of the operation replaces the resource, which is
	// how the operation runs again.
	rerun := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	rerunBool := []planmodifier.Bool{boolplanmodifier.RequiresReplace()}
	const rerunText = " Changing it runs the operation again."
	const stateOnlyText = " Changing it later only updates the Terraform state; the operation is not run again."
	resp.Schema = schema.Schema{
		Description: "Runs one operation (start, stop, restart, test, clone_test, network_check, clear, skip, migration_test) on an SMS migration task " +
			"when created, and waits for its end state. Changing any argument except `wait`, `wait_for` and `timeouts`, or any value in `triggers`, runs the operation again " +
			"(the resource is replaced). Destroying it only removes it from the Terraform state: the operation is not undone. " +
			"With Terraform 1.14 or later, the action of the same name does the same without keeping anything in the state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Identifier of this run of the operation: `<task_id>/<operation>/<time the operation was sent, RFC 3339 in UTC>`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"task_id": schema.StringAttribute{
				Description:   descTaskID + rerunText,
				Required:      true,
				Validators:    taskIDValidators(),
				PlanModifiers: rerun,
			},
			"operation": schema.StringAttribute{
				Description:   descOperation + rerunText,
				Required:      true,
				Validators:    operationValidators(),
				PlanModifiers: rerun,
			},
			"template_id": schema.StringAttribute{
				Description:   descTemplateID + rerunText,
				Optional:      true,
				Validators:    templateIDValidators(),
				PlanModifiers: rerun,
			},
			"switch_hce": schema.BoolAttribute{
				Description:   descSwitchHCE + rerunText,
				Optional:      true,
				PlanModifiers: rerunBool,
			},
			"is_need_consistency_check": schema.BoolAttribute{
				Description:   descConsistencyCheck + rerunText,
				Optional:      true,
				PlanModifiers: rerunBool,
			},
			"triggers": schema.MapAttribute{
				Description:   "Arbitrary map of strings; any change to it (a key or a value) runs the operation again, for example to restart a task whenever a version number changes. Not sent to the API. Optional, no default.",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"wait": schema.BoolAttribute{
				Description: descWait + stateOnlyText,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"wait_for": schema.StringAttribute{
				Description: descWaitFor + stateOnlyText,
				Optional:    true,
				Validators:  waitForValidators(),
			},
			"task_state": schema.StringAttribute{
				Description:   "State of the task (upper case, for example RUNNING, MIGRATE_SUCCESS, ABORT) when the operation finished, then as refreshed from the API on every plan; the operation is never run again by a refresh.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"source_state": schema.StringAttribute{
				Description:   "State of the task's source server (lower case, for example replicate, finished, cleared, premiged) when the operation finished, then as refreshed from the API on every plan.",
				Computed:      true,
				PlanModifiers: keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: fmt.Sprintf("How long sending the operation and waiting for its end state may take, as a duration string such as `30s` or `2h45m` (units s, m, h). Defaults to `%s`. Changing it only updates the Terraform state.",
					shortDuration(defaultOperationTimeout)),
			}),
		},
	}
}

func (r *smsTaskActionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m smsTaskActionResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.args().validate(&resp.Diagnostics)
}

func (r *smsTaskActionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTaskActionResourceModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	args := plan.args()
	sent := time.Now().UTC()
	task, err := r.tasks.Run(ctx, args.TaskID.ValueString(), args.request(), args.runOptions(func(msg string) { tflog.Info(ctx, msg) }))
	if err != nil {
		addOperationError(&resp.Diagnostics, args, err, true)
		return
	}
	plan.ID = types.StringValue(fmt.Sprintf("%s/%s/%s", args.TaskID.ValueString(), args.Operation.ValueString(), sent.Format(time.RFC3339Nano)))
	plan.TaskState = types.StringValue(task.State)
	plan.SourceState = types.StringValue(task.SourceServer.State)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read refreshes the task's states; it never sends the operation again.
func (r *smsTaskActionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsTaskActionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The run is gone with its task.
	tasks := apiObject[sms.Task]{client: r.client, title: "SMS Task", noun: "SMS task", show: r.tasks.ShowTask}
	if tasks.readOrRemove(ctx, resp, state.TaskID.ValueString(), func(t *sms.Task) {
		state.TaskState = types.StringValue(t.State)
		state.SourceState = types.StringValue(t.SourceServer.State)
	}) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// Update only stores wait, wait_for and timeouts: every other argument replaces the
// resource, so there is nothing to send.
func (r *smsTaskActionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTaskActionResourceModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() {})
}

// Delete forgets the run; an operation cannot be undone.
func (r *smsTaskActionResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state smsTaskActionResourceModel
	if diags := req.State.Get(ctx, &state); !diags.HasError() {
		tflog.Info(ctx, "Removing the SMS task operation run from the state; the task itself is left as it is", map[string]any{"id": state.ID.ValueString()})
	}
}

type smsTaskActionResourceModel struct {
	ID                     types.String   `tfsdk:"id"`
	TaskID                 types.String   `tfsdk:"task_id"`
	Operation              types.String   `tfsdk:"operation"`
	TemplateID             types.String   `tfsdk:"template_id"`
	SwitchHCE              types.Bool     `tfsdk:"switch_hce"`
	IsNeedConsistencyCheck types.Bool     `tfsdk:"is_need_consistency_check"`
	Triggers               types.Map      `tfsdk:"triggers"`
	Wait                   types.Bool     `tfsdk:"wait"`
	WaitFor                types.String   `tfsdk:"wait_for"`
	TaskState              types.String   `tfsdk:"task_state"`
	SourceState            types.String   `tfsdk:"source_state"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskActionResourceModel) args() operationArgs {
	return operationArgs{
		TaskID: m.TaskID, Operation: m.Operation, TemplateID: m.TemplateID, SwitchHCE: m.SwitchHCE,
		IsNeedConsistencyCheck: m.IsNeedConsistencyCheck, Wait: m.Wait, WaitFor: m.WaitFor,
	}
}
