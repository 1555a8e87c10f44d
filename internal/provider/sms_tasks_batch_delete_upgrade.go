package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// UpgradeState moves states of older schema versions to the current one.
// The framework reads a stored state with the prior schema before the
// upgrader sees it.
func (r *smsTasksBatchDeleteResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	v0 := smsTasksBatchDeleteSchemaV0(ctx)
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: &v0, StateUpgrader: upgradeSMSTasksBatchDeleteStateV0},
	}
}

// smsTasksBatchDeleteSchemaV0 is the schema of
// huaweicloud_sms_tasks_batch_delete, version 0, as it was before version 1
// made task_ids a write-only list (it was a stored, required set that
// replaced the resource). filter and matched_ids came later still. Kept as
// it was: it decodes the states version 0 wrote.
func smsTasksBatchDeleteSchemaV0(ctx context.Context) schema.Schema {
	// Version 0's batchDeleteMaxChunk and smstask.DefaultChunkSize, both
	// gone since (smstask.MaxChunkSize).
	const maxChunk = 50
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long creating the resource may take: stopping busy tasks, deleting every task and waiting until all are gone "+
			"(a duration such as `1h`). Defaults to `%s`.", batchDeleteCreateTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for the create operation, the only one that calls the API."

	return schema.Schema{
		Description: "Deletes many SMS v3 migration tasks at once with the batch API (`POST /v3/tasks/delete`), in chunks, and waits until every one is gone. " +
			"It is a one-shot operation: creating the resource performs the deletion, and tasks that are already gone are skipped. " +
			"Tasks the service refuses to delete (agent connected while migrating or synchronizing) are stopped first when `stop_running` is true, " +
			"then deleted once they have stopped; otherwise they are retried until they become deletable or the create timeout ends.\n\n" +
			"When some tasks cannot be deleted, the apply fails with an error naming each of them and why; the resource is saved as tainted with the " +
			"ids deleted so far, so the next apply runs the batch again, deleting the remaining tasks and skipping the gone ones.\n\n" +
			"**How destroy behaves:** destroying the resource only removes it from the Terraform state. It calls no API and cannot bring deleted tasks back. " +
			"Changing `task_ids` or `stop_running` replaces the resource, which runs the batch again for the new set. " +
			"So give `task_ids` as a fixed list: IDs read from a data source change once the tasks are gone, which would replace the resource on every later apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "An identifier of this batch, derived from the sorted task IDs (a SHA-256 prefix).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_ids": schema.SetAttribute{
				Description: fmt.Sprintf("The IDs of the migration tasks to delete: 1 to %d IDs, each 1 to 255 characters. "+
					"IDs of tasks that no longer exist are allowed and end up in `skipped_ids`. Changing it replaces the resource, which deletes the new set.", batchDeleteMaxIDs),
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, batchDeleteMaxIDs),
					setvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, 255)),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"stop_running": schema.BoolAttribute{
				Description: "Whether a task the service refuses to delete because it is migrating or synchronizing with its agent connected is stopped first " +
					"(operation `stop`) and deleted once stopped. When false, such a task is retried until it becomes deletable on its own or the create timeout ends. " +
					"Defaults to `true`. Changing it replaces the resource.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"chunk_size": schema.Int64Attribute{
				Description: fmt.Sprintf("How many task IDs go into one `POST /v3/tasks/delete` call, from 1 to %d (the most the API reference allows per call). "+
					"Defaults to `%d`. Changing it only updates the state.", maxChunk, maxChunk),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(maxChunk),
				Validators: []validator.Int64{int64validator.Between(1, maxChunk)},
			},
			"deleted_ids": schema.ListAttribute{
				Description:   "The IDs of the tasks this resource deleted and saw gone, sorted. (A list rather than a set: the framework handles large sets slowly.)",
				Computed:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"skipped_ids": schema.ListAttribute{
				Description: "The IDs of the tasks that disappeared without a delete from this resource: already gone when it ran " +
					"(for example deleted by an earlier, failed run of it) or deleted by someone else meanwhile; sorted.",
				Computed:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": tb,
		},
	}
}

// smsTasksBatchDeleteModelV0 is a version 0 state of
// huaweicloud_sms_tasks_batch_delete.
type smsTasksBatchDeleteModelV0 struct {
	ID          types.String   `tfsdk:"id"`
	TaskIDs     types.Set      `tfsdk:"task_ids"`
	StopRunning types.Bool     `tfsdk:"stop_running"`
	ChunkSize   types.Int64    `tfsdk:"chunk_size"`
	DeletedIDs  types.List     `tfsdk:"deleted_ids"`
	SkippedIDs  types.List     `tfsdk:"skipped_ids"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

// upgradeSMSTasksBatchDeleteStateV0 moves a version 0 state to the current
// version: the stored task_ids is dropped (write-only now), the batch was
// not made with a filter (null) and so matched nothing (an empty
// matched_ids); the rest is kept.
func upgradeSMSTasksBatchDeleteStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old smsTasksBatchDeleteModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m := smsTasksBatchDeleteModel{
		ID:          old.ID,
		TaskIDs:     types.ListNull(types.StringType),
		Filter:      nil,
		MatchedIDs:  sortedStringList(nil),
		StopRunning: old.StopRunning,
		ChunkSize:   old.ChunkSize,
		DeletedIDs:  old.DeletedIDs,
		SkippedIDs:  old.SkippedIDs,
		Timeouts:    old.Timeouts,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
