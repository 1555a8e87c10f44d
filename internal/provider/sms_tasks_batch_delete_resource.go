package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var (
	_ resource.ResourceWithConfigure        = (*smsTasksBatchDeleteResource)(nil)
	_ resource.ResourceWithConfigValidators = (*smsTasksBatchDeleteResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*smsTasksBatchDeleteResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*smsTasksBatchDeleteResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*smsTasksBatchDeleteResource)(nil)
)

// Limits of huaweicloud_sms_tasks_batch_delete.
const (
	// batchDeleteMaxIDs bounds one resource; every round lists all tasks
	// of the account, so a much larger set is better split up.
	batchDeleteMaxIDs        = 10000
	batchDeleteCreateTimeout = 30 * time.Minute
)

// NewSMSTasksBatchDeleteResource is the constructor of
// huaweicloud_sms_tasks_batch_delete.
func NewSMSTasksBatchDeleteResource() resource.Resource {
	return &smsTasksBatchDeleteResource{withTimeouts: withTimeouts{createTimeout: batchDeleteCreateTimeout}}
}

type smsTasksBatchDeleteResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsTasksBatchDeleteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_tasks_batch_delete"
}

func (r *smsTasksBatchDeleteResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long deleting the tasks may take, on create and on an update that deletes newly listed tasks: "+
			"stopping busy tasks, deleting every task and waiting until all are gone (a duration such as `1h`). Defaults to `%s`.", batchDeleteCreateTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for deleting the tasks (the `create` value also bounds an update that deletes newly listed tasks)."

	resp.Schema = schema.Schema{
		Description: "Deletes many SMS v3 migration tasks at once with the batch API (`POST /v3/tasks/delete`), in chunks, and waits until every one is gone. " +
			"Creating the resource deletes the tasks listed in `task_ids`; tasks that are already gone are skipped. " +
			"When `stop_running` is true, the provider stops a running task first if the service refuses to delete it (agent connected while migrating or synchronizing), " +
			"then deletes it once it has stopped; otherwise they are retried until they become deletable or the create timeout ends.\n\n" +
			"`task_ids` is write-only (Terraform 1.11 or later): it is not stored, so it may come from a data source whose result shrinks as the tasks go. " +
			"On every plan, the IDs in `task_ids` that this resource has neither deleted nor skipped yet are deleted by an in-place update; " +
			"IDs that disappear from `task_ids` are ignored, and an empty `task_ids` deletes nothing. So " +
			"`task_ids = data.huaweicloud_sms_tasks.done.tasks[*].id` plans nothing once those tasks are gone, and deletes the tasks that finish later.\n\n" +
			"**What the plan shows:** the IDs not handled yet are read at plan time (one `GET /v3/tasks/{id}` each, or one listing when that costs fewer calls). " +
			"A warning names each task to delete with its name and state, another the IDs of no task (HTTP 404), and `deleted_ids` and `skipped_ids` are planned " +
			"with them, so the plan says what the apply does. A task deleted by someone else between the plan and the apply makes the apply stop; the next plan " +
			"lists it as skipped. A `filter` is resolved at plan time for the warning only.\n\n" +
			"When some tasks cannot be deleted, the apply fails with an error naming each of them and why; the resource keeps the IDs deleted so far " +
			"(and Terraform marks a resource whose create failed as tainted, to be replaced), so the next apply deletes the remaining tasks and skips the gone ones.",
		Version: 1,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "An identifier of this batch, derived from the sorted task IDs (a SHA-256 prefix).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_ids": schema.ListAttribute{
				Description: fmt.Sprintf("The IDs of the migration tasks to delete: up to %d IDs, each 1 to 36 characters; duplicates count once and "+
					"an empty list deletes nothing. IDs of tasks that no longer exist are allowed: the plan warns about them and they end up in `skipped_ids`. "+
					"Write-only: not stored in the state. IDs added later are deleted by an in-place update; removing IDs does nothing. "+
					"Exactly one of `task_ids` and `filter` is required.", batchDeleteMaxIDs),
				Optional:    true,
				WriteOnly:   true,
				ElementType: types.StringType,
				Validators:  batchTaskIDsValidators(),
			},
			"filter": schema.SingleNestedAttribute{
				Description: "Selects the tasks to delete when the resource is created, instead of `task_ids`: the tasks matching every condition given. " +
					"It is resolved when the resource is created, and the IDs it matched are recorded in `matched_ids`; tasks that match later are not deleted " +
					"(the plan resolves it too, to name the tasks in a warning). " +
					"Changing it replaces the resource, which resolves it again. Exactly one of `task_ids` and `filter` is required.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"state":             schema.StringAttribute{Description: fmt.Sprintf(descFilterState, quoteList(listTaskStates)), Optional: true, Validators: filterStateValidators()},
					"name_regex":        schema.StringAttribute{Description: descFilterNameRegex, Optional: true, Validators: filterNameRegexValidators()},
					"source_server_ids": schema.SetAttribute{Description: descFilterSources, Optional: true, ElementType: types.StringType, Validators: filterSourcesValidators()},
					"older_than":        schema.StringAttribute{Description: descFilterOlderThan, Optional: true},
				},
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplace()},
			},
			"matched_ids": schema.ListAttribute{
				Description:   "The IDs `filter` matched when it was resolved, sorted; empty with `task_ids`.",
				Computed:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"stop_running": schema.BoolAttribute{
				Description: "Whether to stop a running task first (operation `stop`) when the service refuses to delete it because it is migrating or synchronizing " +
					"with its agent connected; it is deleted once stopped. When false, such a task is retried until it becomes deletable on its own or the create timeout ends. " +
					"Defaults to `true`. Changing it replaces the resource.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"chunk_size": schema.Int64Attribute{
				Description: fmt.Sprintf("How many task IDs go into one `POST /v3/tasks/delete` call, from 1 to %d (the most the API reference allows per call). "+
					"Defaults to `%d`. Changing it only updates the state.", smstask.MaxChunkSize, smstask.MaxChunkSize),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(smstask.MaxChunkSize),
				Validators: chunkSizeValidators(),
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

func (r *smsTasksBatchDeleteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTasksBatchDeleteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ids := configTaskIDs(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := plan
	plan.MatchedIDs = sortedStringList(nil)
	if plan.Filter != nil {
		matched, err := resolveFilter(ctx, r.tasks, plan.Filter, time.Now())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Error Listing SMS Tasks", "Listing the SMS migration tasks that filter selects", err)
			return
		}
		ids = idsOf(matched)
		plan.MatchedIDs = sortedStringList(ids)
	}
	plan.ID = types.StringValue(batchID(ids))
	plan.DeletedIDs = sortedStringList(nil)
	plan.SkippedIDs = sortedStringList(nil)
	r.deleteAndSave(ctx, &plan, &planned, ids, &resp.State, &resp.Diagnostics)
}

// ConfigValidators: the tasks come from task_ids or from filter.
func (r *smsTasksBatchDeleteResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("task_ids"), path.MatchRoot("filter")),
	}
}

// ValidateConfig checks the filter beyond its schema (see validate).
func (r *smsTasksBatchDeleteResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var f *batchDeleteFilterModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &f)...)
	if resp.Diagnostics.HasError() || f == nil {
		return
	}
	resp.Diagnostics.Append(f.validate()...)
}

// deleteAndSave deletes ids and records them in m, then saves m. It is saved
// even on failure: Terraform keeps a failed create as tainted and a failed
// update as it is, so the state tells what was done and the next apply
// deletes what remains. planned is what the plan said m would hold.
func (r *smsTasksBatchDeleteResource) deleteAndSave(ctx context.Context, m, planned *smsTasksBatchDeleteModel, ids []string, st stateSetter, diags *diag.Diagnostics) {
	dctx, cancel, ok := limitContext(ctx, m.Timeouts.Create, r.createTimeout, diags)
	defer cancel()
	if !ok {
		return
	}
	var res smstask.BatchResult
	var err error
	if len(ids) > 0 {
		res, err = r.tasks.DeleteMany(dctx, ids, smstask.BatchOptions{
			DeleteOptions: smstask.DeleteOptions{StopRunning: m.StopRunning.ValueBool()},
			ChunkSize:     int(m.ChunkSize.ValueInt64()),
		})
	}
	m.DeletedIDs = sortedStringList(append(stringsOf(m.DeletedIDs), res.Deleted...))
	m.SkippedIDs = sortedStringList(append(stringsOf(m.SkippedIDs), res.Skipped...))
	diags.Append(st.Set(ctx, m)...)
	if err != nil {
		diags.AddError("Error Deleting SMS Tasks", batchFailureDetail(len(ids), res, err, batchRetryResource))
		return
	}
	if raced := notIn(stringsOf(planned.DeletedIDs), m.DeletedIDs); !planned.DeletedIDs.IsUnknown() && len(raced) > 0 {
		// The plan listed them as deleted by this apply; saying otherwise
		// silently would be an inconsistent result.
		diags.AddError("SMS Tasks Gone Before Deletion",
			fmt.Sprintf("The plan read %d task(s) that this apply was to delete, but they were gone before it deleted them "+
				"(someone else deleted them after the plan): %s. They are recorded in skipped_ids; nothing is left to delete.",
				len(raced), strings.Join(raced, ", ")))
	}
}

// notIn returns the ids not in l.
func notIn(ids []string, l types.List) []string {
	have := stringsOf(l)
	return slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(have, id) })
}

// stateSetter is the part of tfsdk.State that deleteAndSave needs.
type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// configTaskIDs reads the write-only task_ids from the configuration
// (the plan never holds it), sorted and without duplicates.
func configTaskIDs(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) []string {
	var l types.List
	diags.Append(cfg.GetAttribute(ctx, path.Root("task_ids"), &l)...)
	if diags.HasError() || l.IsNull() || l.IsUnknown() {
		return nil
	}
	var ids []string
	diags.Append(l.ElementsAs(ctx, &ids, false)...)
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}

// pendingIDs are the ids this resource has neither deleted nor skipped.
func pendingIDs(ids []string, m *smsTasksBatchDeleteModel) []string {
	done := map[string]bool{}
	for _, id := range stringsOf(m.DeletedIDs) {
		done[id] = true
	}
	for _, id := range stringsOf(m.SkippedIDs) {
		done[id] = true
	}
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return done[id] })
}

// Read calls no API and keeps the state as it is: the tasks are gone and nothing about them
// can drift. Not even decoding it: with thousands of ids, decoding the sets
// and encoding them again costs seconds per refresh.
func (r *smsTasksBatchDeleteResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// ModifyPlan says what the apply will delete. task_ids is write-only, so
// without this a new ID would never show in the plan: the IDs not handled yet
// are read at plan time (by ID, or from one listing when that is cheaper),
// named in a warning with their names and states, and planned into
// deleted_ids, or into skipped_ids with a warning for those that do not
// exist. A filter is resolved at plan time for its warning only: it is
// resolved again when applied.
func (r *smsTasksBatchDeleteResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.tasks == nil || len(resp.RequiresReplace) > 0 {
		return // a replacement is planned again as a create, which previews
	}
	creating := req.State.Raw.IsNull()
	var plan, state smsTasksBatchDeleteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	var l types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("task_ids"), &l)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Filter != nil {
		if creating && plan.Filter.known() {
			r.previewFilter(ctx, plan.Filter, plan.StopRunning.ValueBool(), &resp.Diagnostics)
		}
		return
	}
	if l.IsUnknown() || slices.ContainsFunc(l.Elements(), attr.Value.IsUnknown) {
		if !creating {
			// Known at apply only: whatever it lists may be deleted.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deleted_ids"), types.ListUnknown(types.StringType))...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("skipped_ids"), types.ListUnknown(types.StringType))...)
		}
		return
	}
	ids := configTaskIDs(ctx, req.Config, &resp.Diagnostics)
	pending := pendingIDs(ids, &state)
	if !creating && len(pending) == 0 {
		return
	}
	var preview batchPreview
	if len(pending) > 0 {
		var err error
		if preview, err = previewTasks(ctx, r.tasks, pending); err != nil {
			resp.Diagnostics.AddWarning("Could Not Read the SMS Tasks to Delete",
				describeError("Reading the SMS migration tasks of task_ids at plan time", err)+
					"\n\nThe plan cannot say which of them exist; the apply deletes those that do.")
			if !creating {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deleted_ids"), types.ListUnknown(types.StringType))...)
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("skipped_ids"), types.ListUnknown(types.StringType))...)
			}
			return
		}
		addPreviewWarnings(&resp.Diagnostics, preview, plan.StopRunning.ValueBool(), "Applying this plan")
	}
	if creating {
		plan.ID = types.StringValue(batchID(ids))
		plan.MatchedIDs = sortedStringList(nil)
	}
	plan.DeletedIDs = sortedStringList(append(stringsOf(state.DeletedIDs), idsOf(preview.Found)...))
	plan.SkippedIDs = sortedStringList(append(stringsOf(state.SkippedIDs), preview.NotFound...))
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// previewFilter warns which tasks a filter selects now.
func (r *smsTasksBatchDeleteResource) previewFilter(ctx context.Context, f *batchDeleteFilterModel, stopRunning bool, diags *diag.Diagnostics) {
	matched, err := resolveFilter(ctx, r.tasks, f, time.Now())
	if err != nil {
		diags.AddWarning("Could Not Read the SMS Tasks to Delete",
			describeError("Listing the SMS migration tasks that filter selects at plan time", err))
		return
	}
	if len(matched) == 0 {
		diags.AddWarning("No SMS Task to Delete", "filter selects no task now; it is resolved again when the plan is applied.")
		return
	}
	addPreviewWarnings(diags, batchPreview{Found: matched}, stopRunning, "Resolved now, filter")
}

// Update deletes the IDs of task_ids not handled yet, and stores chunk_size
// and timeouts.
func (r *smsTasksBatchDeleteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTasksBatchDeleteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids := configTaskIDs(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := plan
	plan.ID, plan.DeletedIDs, plan.SkippedIDs, plan.MatchedIDs = state.ID, state.DeletedIDs, state.SkippedIDs, state.MatchedIDs
	r.deleteAndSave(ctx, &plan, &planned, pendingIDs(ids, &state), &resp.State, &resp.Diagnostics)
}

// Delete only forgets the resource: deleted tasks cannot be brought back.
func (r *smsTasksBatchDeleteResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// batchID names a set of ids independently of their order.
func batchID(sortedIDs []string) string {
	h := sha256.Sum256([]byte(strings.Join(sortedIDs, "\n")))
	return hex.EncodeToString(h[:8])
}

// stringsOf returns the elements of a known list of strings (none for a
// null or unknown one).
func stringsOf(l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	out := make([]string, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		if s, ok := e.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// sortedStringList turns ids into a sorted list value (empty, not null, for
// no ids).
func sortedStringList(ids []string) types.List {
	sorted := slices.Compact(slices.Sorted(slices.Values(ids)))
	elems := make([]attr.Value, 0, len(sorted))
	for _, id := range sorted {
		elems = append(elems, types.StringValue(id))
	}
	return types.ListValueMust(types.StringType, elems)
}

type smsTasksBatchDeleteModel struct {
	ID          types.String            `tfsdk:"id"`
	TaskIDs     types.List              `tfsdk:"task_ids"` // write-only: always null here
	Filter      *batchDeleteFilterModel `tfsdk:"filter"`
	MatchedIDs  types.List              `tfsdk:"matched_ids"`
	StopRunning types.Bool              `tfsdk:"stop_running"`
	ChunkSize   types.Int64             `tfsdk:"chunk_size"`
	DeletedIDs  types.List              `tfsdk:"deleted_ids"`
	SkippedIDs  types.List              `tfsdk:"skipped_ids"`
	Timeouts    timeouts.Value          `tfsdk:"timeouts"`
}
