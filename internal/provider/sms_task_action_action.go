package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var (
	_ action.ActionWithConfigure      = (*smsTaskActionAction)(nil)
	_ action.ActionWithValidateConfig = (*smsTaskActionAction)(nil)
)

// NewSMSTaskActionAction is the huaweicloud_sms_task_action action
// (Terraform 1.14 and later): it sends one operation to a migration task each
// time it is invoked and waits for the operation's end state, keeping nothing
// in the state.
//
// Why it has the same type name as the resource: actions and resources are
// separate namespaces in Terraform (an action is addressed as
// action.huaweicloud_sms_task_action.<name>, a resource as
// huaweicloud_sms_task_action.<name>), and terraform 1.14.0 plans, applies
// and invokes a configuration holding both (TestAccSMSTaskActionAction_*
// declare both in one configuration). One name for one operation, whichever
// way it is run, is easier to find in the documentation than two.
func NewSMSTaskActionAction() action.Action { return &smsTaskActionAction{} }

type smsTaskActionAction struct {
	actionWithConfigure
}

func (a *smsTaskActionAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_action"
}

func (a *smsTaskActionAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Sends one operation (start, stop, restart, test, clone_test, network_check, clear, skip, migration_test) to an SMS migration task " +
			"every time it is invoked, and waits for its end state. While it waits it prints the task's state, progress and time left whenever they change, and about once a minute otherwise. " +
			"Nothing is kept in the Terraform state. Invoke it from the command line with `terraform apply -invoke=action.huaweicloud_sms_task_action.<name>`, " +
			"or from a resource's `lifecycle { action_trigger { ... } }` block. Requires Terraform 1.14 or later; " +
			"the resource of the same name does the same with earlier versions.",
		Attributes: map[string]schema.Attribute{
			"task_id": schema.StringAttribute{
				Description: descTaskID,
				Required:    true,
				Validators:  taskIDValidators(),
			},
			"operation": schema.StringAttribute{
				Description: descOperation,
				Required:    true,
				Validators:  operationValidators(),
			},
			"template_id": schema.StringAttribute{
				Description: descTemplateID,
				Optional:    true,
				Validators:  templateIDValidators(),
			},
			"switch_hce": schema.BoolAttribute{
				Description: descSwitchHCE,
				Optional:    true,
			},
			"is_need_consistency_check": schema.BoolAttribute{
				Description: descConsistencyCheck,
				Optional:    true,
			},
			"wait": schema.BoolAttribute{
				Description: descWait,
				Optional:    true,
			},
			"wait_for": schema.StringAttribute{
				Description: descWaitFor,
				Optional:    true,
				Validators:  waitForValidators(),
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: fmt.Sprintf("How long sending the operation and waiting for its end state may take, as a duration string such as `30s` or `2h45m` (units s, m, h). Defaults to `%s`.",
					shortDuration(defaultOperationTimeout)),
			}),
		},
	}
}

func (a *smsTaskActionAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m smsTaskActionActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.args().validate(&resp.Diagnostics)
}

func (a *smsTaskActionAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m smsTaskActionActionModel
	ctx, cancel, ok := a.invokeContext(ctx, &resp.Diagnostics, req.Config, &m, defaultOperationTimeout)
	defer cancel()
	if !ok {
		return
	}

	// The framework always sets SendProgress; a nil one (a direct call)
	// just means nobody listens.
	progress := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	args := m.args()
	op := args.Operation.ValueString()
	opts := args.runOptions(progress)
	started := time.Now()
	task, err := a.tasks.Run(ctx, args.TaskID.ValueString(), args.request(), opts)
	if err != nil {
		// After Ctrl-C, Terraform 1.16.4 shows the action's diagnostics, or
		// ends the -invoke with "Apply complete!" without them, depending on
		// when the interrupt lands: the log always says it.
		var oe *smstask.OperationError
		if errors.As(err, &oe) && oe.Cancelled {
			tflog.Warn(ctx, describeError(args.attempted(), err))
		}
		addOperationError(&resp.Diagnostics, args, err, false)
		return
	}
	if !opts.Wait {
		progress(fmt.Sprintf("SMS task %s, operation %s accepted (not waited for): state %s, source server %s, elapsed %s",
			args.TaskID.ValueString(), op, task.State, task.SourceServer.State, time.Since(started).Round(time.Second)))
	}
}

// smsTaskActionActionModel is the action's configuration.
type smsTaskActionActionModel struct {
	TaskID                 types.String   `tfsdk:"task_id"`
	Operation              types.String   `tfsdk:"operation"`
	TemplateID             types.String   `tfsdk:"template_id"`
	SwitchHCE              types.Bool     `tfsdk:"switch_hce"`
	IsNeedConsistencyCheck types.Bool     `tfsdk:"is_need_consistency_check"`
	Wait                   types.Bool     `tfsdk:"wait"`
	WaitFor                types.String   `tfsdk:"wait_for"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskActionActionModel) args() operationArgs {
	return operationArgs{
		TaskID: m.TaskID, Operation: m.Operation, TemplateID: m.TemplateID, SwitchHCE: m.SwitchHCE,
		IsNeedConsistencyCheck: m.IsNeedConsistencyCheck, Wait: m.Wait, WaitFor: m.WaitFor,
	}
}
