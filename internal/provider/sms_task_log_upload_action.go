package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ action.ActionWithConfigure = (*smsTaskLogUploadAction)(nil)

// NewSMSTaskLogUploadAction is the huaweicloud_sms_task_log_upload action
// (Terraform 1.14 and later): it uploads a task's logs to an OBS bucket each
// time it is invoked, keeping nothing in the state. The resource of the same
// name does it on earlier versions (see sms_task_action_action.go for why
// the names are shared).
func NewSMSTaskLogUploadAction() action.Action { return &smsTaskLogUploadAction{} }

type smsTaskLogUploadAction struct {
	actionWithConfigure
}

func (a *smsTaskLogUploadAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_log_upload"
}

func (a *smsTaskLogUploadAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Has the SMS agent upload a migration task's logs to an OBS bucket (CollectLog) every time it is invoked, and waits until the upload has finished, " +
			"printing the upload's status as it changes. Nothing is kept in the Terraform state. Invoke it with `terraform apply -invoke=action.huaweicloud_sms_task_log_upload.<name>`, " +
			"or from a resource's `lifecycle { action_trigger { ... } }` block. Requires Terraform 1.14 or later; the resource of the same name does the same with earlier versions.",
		Attributes: map[string]schema.Attribute{
			"task_id":    schema.StringAttribute{Description: descLogTaskID, Required: true, Validators: taskIDValidators()},
			"log_bucket": schema.StringAttribute{Description: descLogBucket, Required: true, Validators: logBucketValidators()},
			"wait":       schema.BoolAttribute{Description: descLogWait, Optional: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: fmt.Sprintf("How long sending the upload and waiting for it may take, as a duration string such as `30s` or `1h` (units s, m, h). Defaults to `%s`.",
					shortDuration(defaultLogUploadTimeout)),
			}),
		},
	}
}

func (a *smsTaskLogUploadAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m smsTaskLogUploadActionModel
	ctx, cancel, ok := a.invokeContext(ctx, &resp.Diagnostics, req.Config, &m, defaultLogUploadTimeout)
	defer cancel()
	if !ok {
		return
	}

	args := m.args()
	status, err := uploadLogs(ctx, a.tasks, a.client.Poll(), args, func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Uploading SMS Task Logs", args.attempted()+logStatusSuffix(status), err)
	}
}

// logStatusSuffix names the last status seen in a failure.
func logStatusSuffix(status string) string {
	if status == "" {
		return ""
	}
	return " (last log upload status " + status + ")"
}

type smsTaskLogUploadActionModel struct {
	TaskID    types.String   `tfsdk:"task_id"`
	LogBucket types.String   `tfsdk:"log_bucket"`
	Wait      types.Bool     `tfsdk:"wait"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskLogUploadActionModel) args() logUploadArgs {
	return logUploadArgs{TaskID: m.TaskID, LogBucket: m.LogBucket, Wait: m.Wait}
}
