package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var _ resource.ResourceWithConfigure = (*smsTasksBatchDeleteResource)(nil)

// Limits of huaweicloud_sms_tasks_batch_delete.
const (
	// batchDeleteMaxIDs bounds one resource; every round lists all tasks
	// of the account, so a much larger set is better split up.
	batchDeleteMaxIDs = 10000
	// batchDeleteMaxChunk is the most ids the current API reference
	// accepts in one POST /v3/tasks/delete (older pages allowed more).
	batchDeleteMaxChunk      = 50
	batchDeleteCreateTimeout = 30 * time.Minute
)

// NewSMSTasksBatchDeleteResource is the constructor of
// huaweicloud_sms_tasks_batch_delete.
func NewSMSTasksBatchDeleteResource() resource.Resource { return &smsTasksBatchDeleteResource{} }

type smsTasksBatchDeleteResource struct {
	client *sms.Client
}

func (r *smsTasksBatchDeleteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_tasks_batch_delete"
}

func (r *smsTasksBatchDeleteResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long creating the resource may take: stopping busy tasks, deleting every task and waiting until all are gone "+
			"(a duration such as `1h`). Defaults to `%s`.", batchDeleteCreateTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for the create operation, the only one that calls the API."

	resp.Schema = schema.Schema{
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
					"Defaults to `%d`. Changing it only updates the state.", batchDeleteMaxChunk, smstask.DefaultChunkSize),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(smstask.DefaultChunkSize),
				Validators: []validator.Int64{int64validator.Between(1, batchDeleteMaxChunk)},
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

func (r *smsTasksBatchDeleteResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.client = pd.client
	}
}

func (r *smsTasksBatchDeleteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTasksBatchDeleteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, batchDeleteCreateTimeout)
	resp.Diagnostics.Append(diags...)
	var ids []string
	resp.Diagnostics.Append(plan.TaskIDs.ElementsAs(ctx, &ids, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sort.Strings(ids)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	res, err := smstask.DeleteMany(ctx, r.client, ids, smstask.BatchOptions{
		DeleteOptions: smstask.DeleteOptions{StopFirst: plan.StopRunning.ValueBool()},
		ChunkSize:     int(plan.ChunkSize.ValueInt64()),
	})

	// Saved even on failure: Terraform keeps a failed create as tainted, so
	// the state tells what was done and the next apply runs the batch again.
	plan.ID = types.StringValue(batchID(ids))
	plan.DeletedIDs = sortedStringList(res.Deleted)
	plan.SkippedIDs = sortedStringList(res.Skipped)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if err != nil {
		resp.Diagnostics.AddError("Error Deleting SMS Tasks", batchFailureDetail(len(ids), res, err))
	}
}

// batchFailureDetail names every task that was not deleted, grouped by why.
func batchFailureDetail(total int, res smstask.BatchResult, err error) string {
	var b strings.Builder
	b.WriteString(describeError(fmt.Sprintf("Deleting %d SMS migration tasks with POST /v3/tasks/delete", total), err))
	fmt.Fprintf(&b, "\n\n%d deleted, %d already gone (skipped), %d not deleted.", len(res.Deleted), len(res.Skipped), len(res.Failed))
	byReason := map[string][]string{}
	for id, reason := range res.Failed {
		byReason[reason] = append(byReason[reason], id)
	}
	reasons := make([]string, 0, len(byReason))
	for reason, ids := range byReason {
		sort.Strings(ids)
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(&b, "\n\nNot deleted: %s\nReason: %s", strings.Join(byReason[reason], ", "), reason)
	}
	b.WriteString("\n\nThe resource is saved as tainted; the next apply retries the tasks that remain and skips those already gone.")
	return b.String()
}

// Read calls no API and keeps the state as it is: the tasks are gone and nothing about them
// can drift. Not even decoding it: with thousands of ids, decoding the sets
// and encoding them again costs seconds per refresh.
func (r *smsTasksBatchDeleteResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Update only stores chunk_size and timeouts; everything else replaces.
func (r *smsTasksBatchDeleteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTasksBatchDeleteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.DeletedIDs, plan.SkippedIDs = state.ID, state.DeletedIDs, state.SkippedIDs
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete only forgets the resource: deleted tasks cannot be brought back.
func (r *smsTasksBatchDeleteResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// batchID names a set of ids independently of their order.
func batchID(sortedIDs []string) string {
	h := sha256.Sum256([]byte(strings.Join(sortedIDs, "\n")))
	return hex.EncodeToString(h[:8])
}

// sortedStringList turns ids into a sorted list value (empty, not null, for
// no ids).
func sortedStringList(ids []string) types.List {
	sorted := slices.Sorted(slices.Values(ids))
	elems := make([]attr.Value, 0, len(sorted))
	for _, id := range sorted {
		elems = append(elems, types.StringValue(id))
	}
	return types.ListValueMust(types.StringType, elems)
}

type smsTasksBatchDeleteModel struct {
	ID          types.String   `tfsdk:"id"`
	TaskIDs     types.Set      `tfsdk:"task_ids"`
	StopRunning types.Bool     `tfsdk:"stop_running"`
	ChunkSize   types.Int64    `tfsdk:"chunk_size"`
	DeletedIDs  types.List     `tfsdk:"deleted_ids"`
	SkippedIDs  types.List     `tfsdk:"skipped_ids"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}
