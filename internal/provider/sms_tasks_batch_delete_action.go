package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var (
	_ action.ActionWithConfigure        = (*smsTasksBatchDeleteAction)(nil)
	_ action.ActionWithConfigValidators = (*smsTasksBatchDeleteAction)(nil)
	_ action.ActionWithValidateConfig   = (*smsTasksBatchDeleteAction)(nil)
	_ action.ActionWithModifyPlan       = (*smsTasksBatchDeleteAction)(nil)
)

// NewSMSTasksBatchDeleteAction is the huaweicloud_sms_tasks_batch_delete
// action (Terraform 1.14 and later): a one-off cleanup that deletes the tasks
// given by ID or selected by a filter each time it is invoked, keeping
// nothing in the state. Same name as the resource, as with
// huaweicloud_sms_task_action: one name for one job, whichever way it runs.
func NewSMSTasksBatchDeleteAction() action.Action { return &smsTasksBatchDeleteAction{} }

type smsTasksBatchDeleteAction struct {
	actionWithConfigure
}

func (a *smsTasksBatchDeleteAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_tasks_batch_delete"
}

func (a *smsTasksBatchDeleteAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Deletes many SMS v3 migration tasks with the batch API (`POST /v3/tasks/delete`) every time it is invoked, and waits until every one is gone: " +
			"the tasks listed in `task_ids`, or those `filter` selects at that moment. Nothing is kept in the Terraform state. " +
			"For one-off cleanups: `terraform apply -invoke=action.huaweicloud_sms_tasks_batch_delete.<name>`. " +
			"The plan names the tasks an invocation deletes in a warning (read by ID, or selected by the filter, at plan time) and warns about IDs of no task. Requires Terraform 1.14 or later; " +
			"the resource of the same name does the same with earlier versions and records what it deleted.",
		Attributes: map[string]schema.Attribute{
			"task_ids": schema.ListAttribute{
				Description: fmt.Sprintf("The IDs of the migration tasks to delete: up to %d IDs, each 1 to 36 characters; an empty list deletes nothing. "+
					"Exactly one of `task_ids` and `filter` is required.", batchDeleteMaxIDs),
				Optional:    true,
				ElementType: types.StringType,
				Validators:  batchTaskIDsValidators(),
			},
			"filter": schema.SingleNestedAttribute{
				Description: "Selects the tasks to delete when the action is invoked: the tasks matching every condition given. " +
					"Exactly one of `task_ids` and `filter` is required.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"state":             schema.StringAttribute{Description: fmt.Sprintf(descFilterState, quoteList(listTaskStates)), Optional: true, Validators: filterStateValidators()},
					"name_regex":        schema.StringAttribute{Description: descFilterNameRegex, Optional: true, Validators: filterNameRegexValidators()},
					"source_server_ids": schema.SetAttribute{Description: descFilterSources, Optional: true, ElementType: types.StringType, Validators: filterSourcesValidators()},
					"older_than":        schema.StringAttribute{Description: descFilterOlderThan, Optional: true},
				},
			},
			"stop_running": schema.BoolAttribute{
				Description: "Whether to stop a running task first (operation `stop`) when the service refuses to delete it because it is migrating or synchronizing with its agent connected. Defaults to `true`.",
				Optional:    true,
			},
			"chunk_size": schema.Int64Attribute{
				Description: fmt.Sprintf("How many task IDs go into one `POST /v3/tasks/delete` call, from 1 to %d. Defaults to `%d`.", smstask.MaxChunkSize, smstask.MaxChunkSize),
				Optional:    true,
				Validators:  chunkSizeValidators(),
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: fmt.Sprintf("How long deleting the tasks may take (a duration such as `1h`). Defaults to `%s`.", shortDuration(batchDeleteCreateTimeout)),
			}),
		},
	}
}

func (a *smsTasksBatchDeleteAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.ExactlyOneOf(path.MatchRoot("task_ids"), path.MatchRoot("filter"))}
}

func (a *smsTasksBatchDeleteAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var f *batchDeleteFilterModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &f)...)
	if resp.Diagnostics.HasError() || f == nil {
		return
	}
	resp.Diagnostics.Append(f.validate()...)
}

// ModifyPlan says in the plan which tasks an invocation will delete, as the
// resource does: the tasks of task_ids read by ID (or from one listing when
// cheaper), with a warning for IDs that do not exist, or those filter selects
// now (it is resolved again when invoked).
func (a *smsTasksBatchDeleteAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.tasks == nil {
		return
	}
	var m smsTasksBatchDeleteActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.TaskIDs.IsUnknown() || slices.ContainsFunc(m.TaskIDs.Elements(), attr.Value.IsUnknown) ||
		m.StopRunning.IsUnknown() || (m.Filter != nil && !m.Filter.known()) {
		return
	}
	stopRunning := m.StopRunning.IsNull() || m.StopRunning.ValueBool()
	var preview batchPreview
	var err error
	if m.Filter != nil {
		preview.Found, err = resolveFilter(ctx, a.tasks, m.Filter, time.Now())
	} else {
		var ids []string
		resp.Diagnostics.Append(m.TaskIDs.ElementsAs(ctx, &ids, false)...)
		preview, err = previewTasks(ctx, a.tasks, slices.Compact(slices.Sorted(slices.Values(ids))))
	}
	if err != nil {
		resp.Diagnostics.AddWarning("Could Not Read the SMS Tasks to Delete",
			describeError("Reading the SMS migration tasks the action deletes, at plan time", err))
		return
	}
	addPreviewWarnings(&resp.Diagnostics, preview, stopRunning, "Invoking this action")
}

func (a *smsTasksBatchDeleteAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m smsTasksBatchDeleteActionModel
	ctx, cancel, ok := a.invokeContext(ctx, &resp.Diagnostics, req.Config, &m, batchDeleteCreateTimeout)
	defer cancel()
	if !ok {
		return
	}
	var ids []string
	if !m.TaskIDs.IsNull() {
		resp.Diagnostics.Append(m.TaskIDs.ElementsAs(ctx, &ids, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	progress := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	if m.Filter != nil {
		matched, err := resolveFilter(ctx, a.tasks, m.Filter, time.Now())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Error Listing SMS Tasks", "Listing the SMS migration tasks that filter selects", err)
			return
		}
		ids = idsOf(matched)
		progress(fmt.Sprintf("filter matched %d SMS tasks", len(ids)))
	}
	if len(ids) == 0 {
		progress("no SMS task to delete")
		return
	}
	chunk := smstask.MaxChunkSize
	if !m.ChunkSize.IsNull() {
		chunk = int(m.ChunkSize.ValueInt64())
	}
	progress(fmt.Sprintf("deleting %d SMS tasks", len(ids)))
	res, err := a.tasks.DeleteMany(ctx, ids, smstask.BatchOptions{
		DeleteOptions: smstask.DeleteOptions{StopRunning: m.StopRunning.IsNull() || m.StopRunning.ValueBool()},
		ChunkSize:     chunk,
	})
	if err != nil {
		resp.Diagnostics.AddError("Error Deleting SMS Tasks", batchFailureDetail(len(ids), res, err, batchRetryAction))
		return
	}
	progress(fmt.Sprintf("%d SMS tasks deleted, %d already gone", len(res.Deleted), len(res.Skipped)))
}

type smsTasksBatchDeleteActionModel struct {
	TaskIDs     types.List              `tfsdk:"task_ids"`
	Filter      *batchDeleteFilterModel `tfsdk:"filter"`
	StopRunning types.Bool              `tfsdk:"stop_running"`
	ChunkSize   types.Int64             `tfsdk:"chunk_size"`
	Timeouts    timeouts.Value          `tfsdk:"timeouts"`
}
