package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ action.ActionWithConfigure      = (*smsTaskConsistencyExportAction)(nil)
	_ action.ActionWithValidateConfig = (*smsTaskConsistencyExportAction)(nil)
)

// NewSMSTaskConsistencyExportAction is the
// huaweicloud_sms_task_consistency_export action (Terraform 1.14 and
// later): it exports consistency check results to a local file each time it
// is invoked, keeping nothing in the state.
func NewSMSTaskConsistencyExportAction() action.Action { return &smsTaskConsistencyExportAction{} }

type smsTaskConsistencyExportAction struct {
	actionWithConfigure
}

func (a *smsTaskConsistencyExportAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_consistency_export"
}

func (a *smsTaskConsistencyExportAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Exports the data consistency check results of up to 200 migration tasks (ExportConsistencyResults, one call) to a file on the machine running Terraform, " +
			"every time it is invoked. Nothing is kept in the Terraform state. Invoke it with `terraform apply -invoke=action.huaweicloud_sms_task_consistency_export.<name>`, " +
			"or from a resource's `lifecycle { action_trigger { ... } }` block. Requires Terraform 1.14 or later; the resource of the same name does the same with earlier versions. " +
			"To read the results in the configuration instead, use the `huaweicloud_sms_task_consistency_results` data source.",
		Attributes: map[string]schema.Attribute{
			"task_ids":    schema.ListAttribute{Description: descExportTaskIDs, Required: true, ElementType: types.StringType, Validators: exportTaskIDsValidators()},
			"output_path": schema.StringAttribute{Description: descExportPath, Required: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: fmt.Sprintf("How long the export may take, as a duration string such as `30s` or `10m` (units s, m, h). Defaults to `%s`.",
					shortDuration(defaultExportTimeout)),
			}),
		},
	}
}

func (a *smsTaskConsistencyExportAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m smsTaskConsistencyExportActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.args().validate(&resp.Diagnostics)
}

func (a *smsTaskConsistencyExportAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m smsTaskConsistencyExportActionModel
	ctx, cancel, ok := a.invokeContext(ctx, &resp.Diagnostics, req.Config, &m, defaultExportTimeout)
	defer cancel()
	if !ok {
		return
	}

	args := m.args()
	sum, size, diags := exportConsistency(ctx, a.tasks, args)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() && resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Exported the consistency check results of %d SMS task(s) to %s: %d bytes, SHA-256 %s",
			len(args.TaskIDs.Elements()), args.OutputPath.ValueString(), size, sum)})
	}
}

type smsTaskConsistencyExportActionModel struct {
	TaskIDs    types.List     `tfsdk:"task_ids"`
	OutputPath types.String   `tfsdk:"output_path"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (m smsTaskConsistencyExportActionModel) args() exportArgs {
	return exportArgs{TaskIDs: m.TaskIDs, OutputPath: m.OutputPath}
}
