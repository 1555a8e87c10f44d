package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var (
	_ resource.ResourceWithConfigure    = (*smsTaskResource)(nil)
	_ resource.ResourceWithImportState  = (*smsTaskResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*smsTaskResource)(nil)
	_ resource.ResourceWithUpgradeState = (*smsTaskResource)(nil)
)

// NewSMSTaskResource is the constructor of huaweicloud_sms_task.
func NewSMSTaskResource() resource.Resource {
	return &smsTaskResource{withTimeouts: withTimeouts{createTimeout: smsTaskCreateTimeout, readTimeout: smsTaskReadTimeout, updateTimeout: smsTaskUpdateTimeout, deleteTimeout: smsTaskDeleteTimeout}}
}

type smsTaskResource struct {
	resourceWithConfigure
	withTimeouts
}

// Default timeouts of huaweicloud_sms_task. Creating and updating are a few
// API calls; deleting may have to stop a running migration first.
// smsTaskDefaultName is the name of a task whose configuration gives none:
// the name the official provider gives every task it creates (it has no
// argument for it), so a task moved from it keeps its name.
const smsTaskDefaultName = "MigrationTask"

const (
	smsTaskCreateTimeout = 5 * time.Minute
	smsTaskReadTimeout   = 2 * time.Minute
	smsTaskUpdateTimeout = 5 * time.Minute
	smsTaskDeleteTimeout = 10 * time.Minute
)

func (r *smsTaskResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task"
}

func (r *smsTaskResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = smsTaskSchema(ctx)
}

func (r *smsTaskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTaskResourceModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}
	// Creates running at the same time share their source look-ups and the
	// read after the POST (smstask.BeginCreate).
	ticket := r.tasks.BeginCreate()
	defer ticket.Done()

	body, diags := r.createRequest(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, adopted, err := r.tasks.CreateTask(ctx, body, smstask.CreateOptions{AdoptExisting: r.adoptExistingTasks})
	var existing *smstask.ExistingTaskError
	switch {
	case errors.As(err, &existing):
		resp.Diagnostics.AddError("SMS Source Server Already Has a Task", existingTaskDetail(existing))
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Error Creating SMS Task",
			fmt.Sprintf("Creating SMS migration task %q for source server %s", body.Name, body.SourceServer.ID), err)
		return
	case adopted:
		resp.Diagnostics.AddWarning("Adopted an Existing SMS Task",
			fmt.Sprintf("Source server %s already had task %s with this name (%q) and type: the task of an earlier apply that "+
				"was interrupted before Terraform recorded it. It is now managed here; set adopt_existing_tasks = false in the "+
				"provider block to refuse instead.", body.SourceServer.ID, id, body.Name))
	}

	// The schedule and the configurations have their own endpoints, called
	// last: until they are set, the state holds none.
	plan.ID = types.StringValue(id)
	schedule, configs := plan.SpeedLimitSchedule, plan.Configurations
	plan.SpeedLimitSchedule, plan.Configurations = types.ListNull(smsTaskPeriodType()), types.MapNull(types.StringType)
	resp.Diagnostics.Append(keepWritten(ctx, &resp.State, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	readCreated := func(ctx context.Context, id string) (*sms.Task, error) { return ticket.ReadCreated(ctx, id, body) }
	if adopted {
		// Its settings are the earlier apply's, not necessarily body's.
		ticket.Done()
		readCreated = r.tasks.ShowTaskOnce
	}
	planned := plan.EnterpriseProjectID
	var read *sms.Task
	convert := func(t *taskRead) {
		read = t.task
		resp.Diagnostics.Append(plan.fromRead(ctx, *t)...)
	}
	r.taskObject(readTask(readCreated), "after creating it").readBack(ctx, created(resp), &plan, id, "created", convert)
	if resp.Diagnostics.HasError() {
		return
	}
	if knownString(planned) && planned.ValueString() != read.EnterpriseProjectID {
		// CreateTask cannot carry it; UpdateTask's enterprise_project can.
		// Should the move fail, the state holds the task as read.
		v := planned.ValueString()
		if err := r.tasks.UpdateTask(ctx, id, &sms.UpdateTaskRequest{EnterpriseProject: &v}); err != nil {
			addAPIError(&resp.Diagnostics, "Error Updating SMS Task",
				fmt.Sprintf("Moving the new SMS migration task %s to enterprise project %s", id, v), err)
			return
		}
		r.taskObject(readTask(r.tasks.ShowTaskOnce), "after creating it").readBack(ctx, created(resp), &plan, id, "moved to enterprise project "+v, convert)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	// A task whose settings failed is saved with those that were set (and
	// tainted by the error).
	resp.Diagnostics.Append(r.applySettings(ctx, id, &plan, schedule, configs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// existingTaskDetail explains a create refused because the source server
// already has a task, with the import block that brings it under management.
func existingTaskDetail(e *smstask.ExistingTaskError) string {
	why := fmt.Sprintf("Source server %s already has migration task %s (%q, %s, state %s), and a source server can have only one.",
		e.Task.SourceServer.ID, e.Task.ID, e.Task.Name, e.Task.Type, e.Task.State)
	if e.Matches {
		why += " It has this resource's name and type, so it is probably the task of an earlier apply that was interrupted; " +
			"adopt_existing_tasks = false in the provider block keeps it from being adopted."
	} else {
		why += " It has another name or type, so it is not this resource's."
	}
	return why + "\n\n" + importHint(e.Task.ID)
}

// createRequest builds the CreateTask body from the plan, filling in the
// region and project from the provider and the disks from the source server.
func (r *smsTaskResource) createRequest(ctx context.Context, plan *smsTaskResourceModel) (*sms.CreateTaskRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !knownString(plan.Region) {
		plan.Region = types.StringValue(r.client.Region())
	}
	if !knownString(plan.ProjectID) {
		pid, err := r.client.ProjectID(ctx)
		if err != nil {
			addAPIError(&diags, "Error Finding Project ID",
				fmt.Sprintf("Looking up the project ID of region %s for the new SMS task", r.client.Region()), err)
			return nil, diags
		}
		plan.ProjectID = types.StringValue(pid)
	}
	plan.ExistServer = resolveExistServer(plan)
	body := &sms.CreateTaskRequest{
		Name:                   plan.Name.ValueString(),
		Type:                   plan.Type.ValueString(),
		OsType:                 plan.OSType.ValueString(),
		SourceServer:           sms.SourceServerRef{ID: plan.SourceServerID.ValueString()},
		RegionName:             plan.Region.ValueString(),
		RegionID:               plan.Region.ValueString(),
		ProjectName:            plan.Region.ValueString(),
		ProjectID:              plan.ProjectID.ValueString(),
		MigrationIP:            plan.MigrationIP.ValueString(),
		VMTemplateID:           plan.VMTemplateID.ValueString(),
		Priority:               intPtr(plan.Priority),
		StartTargetServer:      boolPtr(plan.StartTargetServer),
		UsePublicIP:            boolPtr(plan.UsePublicIP),
		UseIPv6:                boolPtr(plan.UseIPv6),
		Syncing:                boolPtr(plan.Syncing),
		ExistServer:            boolPtr(plan.ExistServer),
		SpeedLimit:             intPtr(plan.SpeedLimit),
		AutoStart:              boolPtr(plan.AutoStart),
		StartNetworkCheck:      boolPtr(plan.StartNetworkCheck),
		IsNeedConsistencyCheck: boolPtr(plan.IsNeedConsistencyCheck),
		NeedMigrationTest:      boolPtr(plan.NeedMigrationTest),
		OverSpeedThreshold:     plan.OverSpeedThreshold.ValueFloat64Pointer(),
	}
	if ts := plan.TargetServer; ts != nil {
		body.TargetServer.VMID = ts.VMID.ValueString()
		body.TargetServer.Name = ts.Name.ValueString()
		if !ts.Disks.IsNull() && !ts.Disks.IsUnknown() {
			disks, d := disksFromList(ctx, ts.Disks)
			diags.Append(d...)
			body.TargetServer.Disks = disks
		}
	}
	if body.TargetServer.Disks == nil {
		// Like the console and the official provider: without a disk layout,
		// take the one the service suggests for this source.
		src, err := r.sourceForCreate(ctx, body.SourceServer.ID)
		if err != nil {
			addAPIError(&diags, "Error Reading SMS Source Server",
				fmt.Sprintf("Reading source server %s for the suggested target disks (set target_server.disks to skip this)", body.SourceServer.ID), err)
			return nil, diags
		}
		body.TargetServer.Disks = src.InitTargetServer.Disks
		body.TargetServer.VolumeGroups = src.InitTargetServer.VolumeGroups
	}
	return body, diags
}

func (r *smsTaskResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsTaskResourceModel
	ctx, cancel, ok := r.readContext(ctx, &resp.Diagnostics, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}
	// Many reads at once (a large refresh) may be served by a shared listing
	// (smstask.ReadTask); its items lack some fields, kept from the state. A
	// state that never had a full read (just imported: no target disks, which
	// only ShowTask returns) reads the task itself.
	show := readTask(r.tasks.ShowTask)
	if state.TargetServer != nil && !state.TargetServer.Disks.IsNull() && !state.TargetServer.Disks.IsUnknown() {
		show = func(ctx context.Context, id string) (*taskRead, error) {
			t, full, err := r.tasks.ReadTask(ctx, id)
			if err != nil {
				return nil, err
			}
			return &taskRead{task: t, listed: !full}, nil
		}
	}
	convert := func(t *taskRead) {
		resp.Diagnostics.Append(state.fromRead(ctx, *t)...)
		state.defaultUnreadSettings()
		resp.Diagnostics.Append(r.readSettings(ctx, &state)...)
	}
	// Only SMS's own 404 for this task proves it gone; a DELETING task is
	// still there (ModifyPlan plans its replacement).
	if r.taskObject(show, "").readOrRemove(ctx, resp, state.ID.ValueString(), convert) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// taskObject is how the CRUD skeleton finds a task: with show, the read
// that fits the moment; after, when set, ends the words of a failed read.
func (r *smsTaskResource) taskObject(show func(context.Context, string) (*taskRead, error), after string) apiObject[taskRead] {
	o := apiObject[taskRead]{client: r.client, title: "SMS Task", noun: "SMS migration task", show: show}
	if after != "" {
		o.attempted = func(id string) string { return fmt.Sprintf("Reading SMS migration task %s %s", id, after) }
	}
	return o
}

// readTask makes a read of one task whole (not from a listing) a finder of
// taskObject.
func readTask(read func(context.Context, string) (*sms.Task, error)) func(context.Context, string) (*taskRead, error) {
	return func(ctx context.Context, id string) (*taskRead, error) {
		t, err := read(ctx, id)
		if err != nil {
			return nil, err
		}
		return &taskRead{task: t}, nil
	}
}

func (r *smsTaskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTaskResourceModel
	ctx, cancel, ok := r.updateContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan}, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	body, changed, diags := updateRequest(ctx, &plan, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !changed && plan.SpeedLimitSchedule.Equal(state.SpeedLimitSchedule) && plan.Configurations.Equal(state.Configurations) {
		// Only provider-side settings (stop_on_destroy, timeouts) changed:
		// no call, and the task stays as ModifyPlan planned it (the state).
		plan.smsTaskData = state.smsTaskData
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		if resp.Identity != nil && resp.Identity.Raw.IsNull() {
			// Terraform before 1.12 plans no identity.
			setObjectIdentity(ctx, r.client, resp.Identity, id, &resp.Diagnostics)
		}
		return
	}
	if changed {
		if err := r.tasks.UpdateTask(ctx, id, body); err != nil {
			addAPIError(&resp.Diagnostics, "Error Updating SMS Task", fmt.Sprintf("Updating SMS migration task %s (%s)", id, state.Name.ValueString()), err)
			return
		}
	}
	schedule, configs := plan.SpeedLimitSchedule, plan.Configurations
	plan.SpeedLimitSchedule, plan.Configurations = state.SpeedLimitSchedule, state.Configurations
	r.taskObject(readTask(r.tasks.ShowTask), "after updating it").readBack(ctx, updated(resp), &plan, id, "updated", func(t *taskRead) {
		resp.Diagnostics.Append(plan.fromRead(ctx, *t)...)
		// As planned: an update moves none of the status attributes.
		plan.keepStatus(&state)
	})
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.applySettings(ctx, id, &plan, schedule, configs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// updateRequest holds the fields UpdateTask can change that differ between
// plan and state. changed is false when only provider-side settings
// (stop_on_destroy, timeouts) changed.
func updateRequest(ctx context.Context, plan, state *smsTaskResourceModel) (*sms.UpdateTaskRequest, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	body := &sms.UpdateTaskRequest{}
	changed := false
	changedString := func(p, s types.String) *string {
		if p.Equal(s) {
			return nil
		}
		changed = true
		v := p.ValueString() // null clears the value
		return &v
	}
	changedBool := func(p, s types.Bool) *bool {
		if p.Equal(s) {
			return nil
		}
		changed = true
		v := p.ValueBool()
		return &v
	}
	body.Name = changedString(plan.Name, state.Name)
	body.MigrationIP = changedString(plan.MigrationIP, state.MigrationIP)
	body.VMTemplateID = changedString(plan.VMTemplateID, state.VMTemplateID)
	body.UsePublicIP = changedBool(plan.UsePublicIP, state.UsePublicIP)
	body.UseIPv6 = changedBool(plan.UseIPv6, state.UseIPv6)
	// PutTaskReq's enterprise_project moves the task to another enterprise
	// project.
	if knownString(plan.EnterpriseProjectID) {
		body.EnterpriseProject = changedString(plan.EnterpriseProjectID, state.EnterpriseProjectID)
	}
	plan.ExistServer = resolveExistServer(plan)
	body.ExistServer = changedBool(plan.ExistServer, state.ExistServer)
	if !plan.SpeedLimit.Equal(state.SpeedLimit) {
		body.SpeedLimit = intPtr(plan.SpeedLimit)
		changed = true
	}
	if p, s := plan.TargetServer, state.TargetServer; p != nil && (s == nil || !p.VMID.Equal(s.VMID) || !p.Name.Equal(s.Name) || !p.Disks.Equal(s.Disks)) {
		changed = true
		body.TargetServer = &sms.TargetServerSpec{VMID: p.VMID.ValueString(), Name: p.Name.ValueString()}
		// Disks are sent only when they change, and then with their
		// partitions, so an in-place disk change keeps them. Volume groups
		// are not modeled: resending disks never touches them.
		if s == nil || !p.Disks.Equal(s.Disks) {
			if !p.Disks.IsNull() && !p.Disks.IsUnknown() {
				disks, d := disksFromList(ctx, p.Disks)
				diags.Append(d...)
				body.TargetServer.Disks = disks
			}
		}
	}
	return body, changed, diags
}

func (r *smsTaskResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state smsTaskResourceModel
	ctx, cancel, ok := r.deleteContext(ctx, &resp.Diagnostics, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	stopRunning := state.StopOnDestroy.IsNull() || state.StopOnDestroy.ValueBool()
	// Deletes running at the same time share their calls (one batch delete,
	// one wait for "gone"); a task the service refuses takes the gated path.
	err := r.tasks.Delete(ctx, id, smstask.DeleteOptions{StopRunning: stopRunning})
	if err == nil {
		return
	}
	attempted := fmt.Sprintf("Deleting SMS migration task %s (%s)", id, state.Name.ValueString())
	if !stopRunning {
		attempted += " without stopping it first (stop_on_destroy = false)"
	}
	addAPIError(&resp.Diagnostics, "Error Deleting SMS Task", attempted, err)
}

func (r *smsTaskResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importTask(ctx, r.client, r.tasks, req, resp)
}

// ModifyPlan makes the plan say what the apply will do. A new task gets the
// provider's region, project and enterprise project at plan time. An update
// keeps the status attributes (state, progress...) as they are in the
// state, so a changed setting is the plan's only changed line. A task being
// deleted is replaced. Destroying a busy task warns that it will be stopped
// or waited on.
func (r *smsTaskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.checkPlan(ctx, req, resp) // sms_task_plan_checks.go
	switch {
	case req.Plan.Raw.IsNull():
		r.warnBusyOnDestroy(ctx, req, resp)
		return
	case r.client == nil:
		return // not configured yet: nothing known from the provider
	}
	checkConfiguredRegion(ctx, req.Config, r.knownRegionsOnly, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		r.planCreate(ctx, resp)
		return
	}
	var plan, state smsTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.State.ValueString() == sms.TaskStateDeleting {
		r.planReplaceDeleting(ctx, &state, resp)
		return
	}
	// An update moves none of the status attributes (the service moves
	// them on its own): the plan keeps the state's values, so it shows only
	// what the update changes, and the next refresh shows the status anew.
	plan.keepStatus(&state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planReplaceDeleting plans the replacement of a task the service is
// deleting (a destroy that was cut short, or someone else): it is on its
// way out, so leaving it would end the apply with the task gone. The apply
// deletes it (waiting for its 404) and creates it again; a create that
// runs first (create_before_destroy) waits for it to be gone.
func (r *smsTaskResource) planReplaceDeleting(ctx context.Context, state *smsTaskResourceModel, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.AddWarning("SMS Task Is Being Deleted",
		fmt.Sprintf("SMS migration task %s (%s) is being deleted (state DELETING): a destroy was interrupted, or someone else deleted it. "+
			"Terraform replaces it: the apply waits until the service has deleted it, then creates the task again.",
			state.ID.ValueString(), state.Name.ValueString()))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("state"), types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
}

// planCreate fills in what a new task takes from the provider when the
// configuration leaves it out: the region, the project (discovered once per
// provider instance, as Create would) and the enterprise project.
func (r *smsTaskResource) planCreate(ctx context.Context, resp *resource.ModifyPlanResponse) {
	var region, projectID, ep types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("region"), &region)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("project_id"), &projectID)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("enterprise_project_id"), &ep)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if region.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), r.client.Region())...)
	}
	if projectID.IsUnknown() {
		pid, err := r.client.ProjectID(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Error Finding Project ID",
				fmt.Sprintf("Looking up the project ID of region %s for the new SMS task", r.client.Region()), err)
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("project_id"), pid)...)
	}
	if ep.IsUnknown() && r.client.EnterpriseProjectID() != "" {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enterprise_project_id"), r.client.EnterpriseProjectID())...)
	}
	// A target left out (a task from a template) is the service's to fill:
	// planned as a target whose every attribute is known after apply.
	var target types.Object
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("target_server"), &target)...)
	if target.IsUnknown() {
		unknown := map[string]attr.Value{}
		for name, t := range target.AttributeTypes(ctx) {
			v, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), tftypes.UnknownValue))
			if err != nil {
				resp.Diagnostics.AddError("Error Planning the Target Server", err.Error())
				return
			}
			unknown[name] = v
		}
		obj, d := types.ObjectValue(target.AttributeTypes(ctx), unknown)
		resp.Diagnostics.Append(d...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("target_server"), obj)...)
	}
}

// keepStatus copies the attributes the service moves on its own from state.
func (m *smsTaskResourceModel) keepStatus(state *smsTaskResourceModel) {
	m.State, m.Connected, m.SourceState = state.State, state.Connected, state.SourceState
	m.Progress, m.MigrateSpeed, m.ErrorJSON = state.Progress, state.MigrateSpeed, state.ErrorJSON
}

// warnBusyOnDestroy warns, when a task is to be destroyed, that it is busy:
// destroy will stop it, or wait for it with stop_on_destroy = false. It reads
// the refreshed state only, with no call.
func (r *smsTaskResource) warnBusyOnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state smsTaskResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	task := &sms.Task{State: state.State.ValueString(), Connected: state.Connected.ValueBool()}
	task.SourceServer.State = state.SourceState.ValueString()
	if !smstask.Busy(task) {
		return
	}
	busy := fmt.Sprintf("SMS migration task %s (%s) is %s with its agent connected (source server %s), and the service refuses to delete it in that state.",
		state.ID.ValueString(), state.Name.ValueString(), task.State, task.SourceServer.State)
	if state.StopOnDestroy.IsNull() || state.StopOnDestroy.ValueBool() {
		resp.Diagnostics.AddWarning("Destroy Stops a Running SMS Task",
			busy+" Destroying it stops the migration first (operation stop), then deletes the task. "+
				"Set stop_on_destroy = false and apply first to wait for the migration to end instead.")
		return
	}
	resp.Diagnostics.AddWarning("Destroy Waits for a Running SMS Task", busy+destroyWaitDetail(deleteTimeoutOf(ctx, &state)))
}
