package provider

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The plan of a new huaweicloud_sms_task reads its source server once
// (smstask.Service.ReadSource: one listing serves many plans at once) and
// says there what the create would otherwise say only at apply:
//   - no source server has that id: an error on source_server_id;
//   - the source's agent is disconnected, or the source is unavailable:
//     CreateTask refuses it (a warning: the agent may be back by the apply);
//   - the source already has a task: the create adopts it, waits for it to
//     be deleted, or is refused (warnings: this apply may delete that task
//     first, which the plan of one resource cannot see).
//
// A Windows task with file-level migration is warned about without a call.
//
// The same read serves the create that follows in the same provider
// instance (the apply re-plans each resource just before creating it), so
// a task whose disks come from the source costs one read per plan and none
// more to create.

// planMemo is what the plans of one provider instance share.
type planMemo struct {
	mu sync.Mutex
	// sources are the source servers read by a create's plan, for the
	// create that follows it.
	sources map[string]plannedSource
	// managed are the ids of the tasks planned with a prior state: a
	// source's task among them is this configuration's own (a replacement
	// deletes it before creating the new one).
	managed map[string]bool
}

type plannedSource struct {
	src *sms.SourceServer
	at  time.Time
}

// plannedSourceTTL bounds how old a plan's read of a source may be for the
// create to use it; the apply plans a resource right before creating it.
const plannedSourceTTL = time.Minute

func newPlanMemo() *planMemo {
	return &planMemo{sources: map[string]plannedSource{}, managed: map[string]bool{}}
}

func (m *planMemo) manage(taskID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.managed[taskID] = true
}

func (m *planMemo) isManaged(taskID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.managed[taskID]
}

func (m *planMemo) keepSource(src *sms.SourceServer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sources[src.ID] = plannedSource{src: src, at: time.Now()}
}

// takeSource returns, once, the plan's read of source id if it is recent.
func (m *planMemo) takeSource(id string) *sms.SourceServer {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.sources[id]
	delete(m.sources, id)
	if !ok || time.Since(p.at) > plannedSourceTTL {
		return nil
	}
	return p.src
}

// memo is the provider instance's planMemo; a resource built without one
// (a test calling it directly) shares nothing.
func (r *smsTaskResource) memo() *planMemo {
	if r.plans == nil {
		r.plans = newPlanMemo()
	}
	return r.plans
}

// sourceForCreate is the source server a create takes its suggested disks
// from: the read its plan made moments ago, else a new one.
func (r *smsTaskResource) sourceForCreate(ctx context.Context, id string) (*sms.SourceServer, error) {
	if src := r.memo().takeSource(id); src != nil {
		return src, nil
	}
	return r.tasks.ReadSource(ctx, id)
}

// checkPlan runs after ModifyPlan (deferred there): the checks of a new
// task's source server; a task planned with a prior state is noted as this
// configuration's own.
func (r *smsTaskResource) checkPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.tasks == nil || resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		var id types.String
		if req.State.GetAttribute(ctx, path.Root("id"), &id); knownString(id) {
			r.memo().manage(id.ValueString())
		}
		return
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan smsTaskResourceModel
	if d := req.Plan.Get(ctx, &plan); d.HasError() {
		return
	}
	if plan.OSType.ValueString() == "WINDOWS" && plan.Type.ValueString() == "MIGRATE_FILE" {
		// The SDK's migrate_type values have no WINDOWS_MIGRATE_FILE.
		resp.Diagnostics.AddAttributeWarning(path.Root("type"), "No File-Level Migration for Windows",
			"SMS migrates Windows servers block by block only (MIGRATE_BLOCK); file-level migration (MIGRATE_FILE) is for Linux servers. "+
				"Set type = \"MIGRATE_BLOCK\" for this Windows source, or the service may refuse the task.")
	}
	if !knownString(plan.SourceServerID) {
		return // an id known only at apply is checked by the create
	}
	id := plan.SourceServerID.ValueString()
	src, err := r.tasks.ReadSource(ctx, id)
	switch {
	case sms.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("source_server_id"), "SMS Source Server Not Found",
			describeError(fmt.Sprintf("Reading source server %s", id), err)+"\n\n"+
				"No source server has this id, so the task cannot be created. A source server is registered by the SMS agent "+
				"installed on the server to migrate; take its id from the data source huaweicloud_sms_source_server (by name) "+
				"or huaweicloud_sms_source_servers, or from the SMS console.")
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Error Reading SMS Source Server",
			fmt.Sprintf("Reading source server %s to check that a task can be created for it", id), err)
		return
	}
	r.memo().keepSource(src)
	if !src.Connected || src.State == sms.SourceStateUnavailable {
		resp.Diagnostics.AddAttributeWarning(path.Root("source_server_id"), "SMS Source Server Not Ready",
			fmt.Sprintf("Source server %s (%q, %s) has connected = %t and state %s now: SMS refuses a task for a source whose agent "+
				"is disconnected or unavailable, so this create fails unless the agent is back by then. Start the SMS agent on the "+
				"source server (it must reach the SMS endpoint), check that the data source huaweicloud_sms_source_server shows "+
				"connected = true, then apply.", src.ID, src.Name, src.IP, src.Connected, src.State))
	}
	switch ct := src.CurrentTask; {
	case ct == nil || ct.ID == "":
	case r.memo().isManaged(ct.ID):
		tflog.Debug(ctx, "the source server's task is one this configuration manages: a replacement deletes it before the create",
			map[string]any{"source_server_id": id, "task_id": ct.ID})
	default:
		resp.Diagnostics.AddAttributeWarning(path.Root("source_server_id"), "SMS Source Server Already Has a Task",
			existingTaskPlanDetail(src, &plan, r.adoptExistingTasks))
	}
}

// existingTaskPlanDetail says what the create of plan will do about the task
// source already has, none of this configuration's resources holding it.
func existingTaskPlanDetail(src *sms.SourceServer, plan *smsTaskResourceModel, adopt bool) string {
	ct := src.CurrentTask
	what := fmt.Sprintf("Source server %s (%q) already has migration task %s (%q, %s, state %s), and a source server has one task at a time.",
		src.ID, src.Name, ct.ID, ct.Name, ct.Type, ct.State)
	matches := ct.Name == plan.Name.ValueString() && ct.Type == plan.Type.ValueString()
	switch {
	case ct.State == sms.TaskStateDeleting:
		return what + " It is being deleted (a destroy that was cut short, or someone else): the create waits until it is gone, " +
			"within the create timeout, then creates this task."
	case matches && adopt:
		return what + " It has this resource's name and type, so it is probably the task of an earlier apply that was interrupted " +
			"before Terraform recorded it: the apply adopts it instead of creating another (set adopt_existing_tasks = false in the provider block to refuse instead)."
	}
	why := " It has another name or type, so it is not this resource's."
	if matches {
		why = " It has this resource's name and type, but adopt_existing_tasks = false."
	}
	return what + why + " Unless this apply deletes it first, the create is refused.\n\n" + importHint(ct.ID)
}

// deleteTimeoutOf is the delete timeout of a task in the state: its
// timeouts block's, else the default.
func deleteTimeoutOf(ctx context.Context, state *smsTaskResourceModel) time.Duration {
	d, diags := state.Timeouts.Delete(ctx, smsTaskDeleteTimeout)
	if diags.HasError() {
		return smsTaskDeleteTimeout
	}
	return d
}

// importHint says how to bring task id under management. The provider does
// not know the resource's address; Terraform prints it with the diagnostic.
func importHint(id string) string {
	return fmt.Sprintf("To manage it here, import it: add an import block whose `to` is this resource's address, "+
		"the one Terraform prints with this message (\"with huaweicloud_sms_task....\"), and whose id is the task's:\n\n"+
		"import {\n  to = <the address printed above>\n  id = %q\n}\n\nthen plan again (or run terraform import with that address and id). "+
		"Or delete the task, then apply again.", id)
}

// destroyWaitDetail says how long the destroy of a busy task waits with
// stop_on_destroy = false, and what happens after.
func destroyWaitDetail(timeout time.Duration) string {
	return fmt.Sprintf(" With stop_on_destroy = false, destroy does not stop it: it waits until the task stops or finishes on its own, "+
		"for up to %s (the delete timeout: timeouts.delete, default %s), reading it now and then and printing nothing but \"Still destroying...\" meanwhile. "+
		"After that the destroy fails and the task stays in the state; a migration can run for hours. To end it now, set stop_on_destroy = true "+
		"and apply before destroying, or stop it with huaweicloud_sms_task_action (operation stop).", timeout, smsTaskDeleteTimeout)
}
