package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ resource.ResourceWithConfigure = (*smsTaskLogUploadResource)(nil)

// NewSMSTaskLogUploadResource is the huaweicloud_sms_task_log_upload
// resource: it uploads a task's logs when created (and again when
// replaced).
func NewSMSTaskLogUploadResource() resource.Resource {
	return &smsTaskLogUploadResource{withTimeouts: withTimeouts{createTimeout: defaultLogUploadTimeout}}
}

type smsTaskLogUploadResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsTaskLogUploadResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_log_upload"
}

func (r *smsTaskLogUploadResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	rerun := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	const rerunText = " Changing it uploads the logs again."
	resp.Schema = schema.Schema{
		Description: "Has the SMS agent upload a migration task's logs to an OBS bucket (CollectLog) when created, and waits until the upload has finished. " +
			"Changing `task_id`, `log_bucket` or any value in `triggers` uploads again (the resource is replaced). Destroying it only removes it from the Terraform state. " +
			"With Terraform 1.14 or later, the action of the same name does the same without keeping anything in the state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Identifier of this upload: `<task_id>/<time the upload was sent, RFC 3339 in UTC>`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_id":    schema.StringAttribute{Description: descLogTaskID + rerunText, Required: true, Validators: taskIDValidators(), PlanModifiers: rerun},
			"log_bucket": schema.StringAttribute{Description: descLogBucket + rerunText, Required: true, Validators: logBucketValidators(), PlanModifiers: rerun},
			"triggers": schema.MapAttribute{
				Description:   "Arbitrary map of strings; any change to it uploads the logs again, for example after each failed run. Not sent to the API. Optional, no default.",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"wait": schema.BoolAttribute{
				Description: descLogWait + " Changing it later only updates the Terraform state.",
				Optional:    true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"log_collect_status": schema.StringAttribute{
				Description: "The task's log collection status (`INIT`, `UPLOADING`, `UPLOAD_FAIL` or `UPLOADED`) when the upload finished (empty with `wait = false`), then as refreshed on every plan; a refresh never uploads again.",
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: fmt.Sprintf("How long sending the upload and waiting for it may take, as a duration string such as `30s` or `1h` (units s, m, h). Defaults to `%s`. Changing it only updates the Terraform state.",
					shortDuration(defaultLogUploadTimeout)),
			}),
		},
	}
}

func (r *smsTaskLogUploadResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTaskLogUploadResourceModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	args := plan.args()
	sent := time.Now().UTC()
	status, err := uploadLogs(ctx, r.tasks, r.client.Poll(), args, func(msg string) { tflog.Info(ctx, msg) })
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Uploading SMS Task Logs", args.attempted()+logStatusSuffix(status), err)
		return
	}
	plan.ID = types.StringValue(args.TaskID.ValueString() + "/" + sent.Format(time.RFC3339Nano))
	plan.LogCollectStatus = types.StringValue(status) // empty when not waited for; the next refresh reads it
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read refreshes the status; it never uploads again. A task that is gone
// (its own 404) takes the upload out of the state.
func (r *smsTaskLogUploadResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsTaskLogUploadResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	status, err := logCollectStatus(ctx, r.tasks, state.TaskID.ValueString())
	if sms.IsNotFound(err) {
		tflog.Warn(ctx, "SMS task no longer exists; removing the log upload from the state", map[string]any{"task_id": state.TaskID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task Log Upload", "Reading the log upload status of SMS task "+state.TaskID.ValueString(), err)
		return
	}
	state.LogCollectStatus = types.StringValue(status)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only stores wait and timeouts: every other argument replaces the
// resource.
func (r *smsTaskLogUploadResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTaskLogUploadResourceModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() { plan.ID, plan.LogCollectStatus = state.ID, state.LogCollectStatus })
}

// Delete forgets the upload; the uploaded logs stay in the bucket.
func (r *smsTaskLogUploadResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

type smsTaskLogUploadResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	TaskID           types.String   `tfsdk:"task_id"`
	LogBucket        types.String   `tfsdk:"log_bucket"`
	Triggers         types.Map      `tfsdk:"triggers"`
	Wait             types.Bool     `tfsdk:"wait"`
	LogCollectStatus types.String   `tfsdk:"log_collect_status"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskLogUploadResourceModel) args() logUploadArgs {
	return logUploadArgs{TaskID: m.TaskID, LogBucket: m.LogBucket, Wait: m.Wait}
}
