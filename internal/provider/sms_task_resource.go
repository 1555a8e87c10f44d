package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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
func NewSMSTaskResource() resource.Resource { return &smsTaskResource{} }

type smsTaskResource struct {
	client *sms.Client
	tasks  *smstask.Service
	adopt  bool // adopt_existing_tasks
}

// Default timeouts of huaweicloud_sms_task. Creating and updating are a few
// API calls; deleting may have to stop a running migration first.
const (
	smsTaskCreateTimeout = 5 * time.Minute
	smsTaskUpdateTimeout = 5 * time.Minute
	smsTaskDeleteTimeout = 10 * time.Minute
)

// smsTaskNamePattern is what the API accepts as a task name: Chinese
// characters, letters, digits, underscores and hyphens (length is checked
// separately, in characters).
const smsTaskNamePattern = `^[\p{Han}A-Za-z0-9_-]+$`

// hhmmPattern is a time of day of a speed-limit period.
const hhmmPattern = `^([01][0-9]|2[0-3]):[0-5][0-9]$`

func (r *smsTaskResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task"
}

func (r *smsTaskResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = smsTaskSchema(ctx)
}

func (r *smsTaskResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.client, r.tasks, r.adopt = pd.client, pd.tasks, pd.adoptExistingTasks
	}
}

func (r *smsTaskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, smsTaskCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body, diags := r.createRequest(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, adopted, err := smstask.CreateTask(ctx, r.client, body, smstask.CreateOptions{AdoptExisting: r.adopt})
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

	// Record the id at once: if reading the task back fails, Terraform keeps
	// the task (tainted) instead of losing track of it. The schedule and the
	// configurations have their own endpoints, called last: until they are
	// set, the state holds none.
	plan.ID = types.StringValue(id)
	schedule, configs := plan.SpeedLimitSchedule, plan.Configurations
	plan.SpeedLimitSchedule, plan.Configurations = types.ListNull(smsTaskPeriodType), types.MapNull(types.StringType)
	task, err := r.client.ShowTask(ctx, id)
	if err != nil {
		plan.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task",
			fmt.Sprintf("Reading SMS migration task %s after creating it", id), err)
		return
	}
	if ep := plan.EnterpriseProjectID; knownString(ep) && ep.ValueString() != task.EnterpriseProjectID {
		// CreateTask cannot carry it; UpdateTask's enterprise_project can.
		v := ep.ValueString()
		if err := r.client.UpdateTask(ctx, id, &sms.UpdateTaskRequest{EnterpriseProject: &v}); err != nil {
			plan.nullUnknowns()
			plan.EnterpriseProjectID = nullIfEmpty(task.EnterpriseProjectID)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			addAPIError(&resp.Diagnostics, "Error Updating SMS Task",
				fmt.Sprintf("Moving the new SMS migration task %s to enterprise project %s", id, v), err)
			return
		}
		if task, err = r.client.ShowTask(ctx, id); err != nil {
			plan.nullUnknowns()
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			addAPIError(&resp.Diagnostics, "Error Reading SMS Task",
				fmt.Sprintf("Reading SMS migration task %s after creating it", id), err)
			return
		}
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, task)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A task whose settings failed is saved with those that were set (and
	// tainted by the error).
	resp.Diagnostics.Append(r.applySettings(ctx, id, &plan, schedule, configs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setObjectIdentity(ctx, r.client, resp.Identity, id, &resp.Diagnostics)
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
	return why + "\n\nTo manage it here, import it with this block (its address is the one this error is reported for):\n\n" +
		fmt.Sprintf("import {\n  to = huaweicloud_sms_task.<name>\n  id = %q\n}\n\nor delete it, then apply again.", e.Task.ID)
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
		src, err := r.client.ShowSource(ctx, body.SourceServer.ID)
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
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set first: the framework wants an identity even when the task is gone.
	setObjectIdentity(ctx, r.client, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
	// Many reads at once (a large refresh) may be served by a shared listing
	// (smstask.ReadTask); its items lack some fields, kept from the state. A
	// state that never had a full read (just imported) reads the task itself.
	var task *sms.Task
	full := true
	var err error
	if knownString(state.Region) {
		task, full, err = r.tasks.ReadTask(ctx, state.ID.ValueString())
	} else {
		task, err = r.client.ShowTask(ctx, state.ID.ValueString())
	}
	if sms.IsNotFound(err) {
		tflog.Warn(ctx, "SMS task no longer exists; removing it from the state", map[string]any{"task_id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task", fmt.Sprintf("Reading SMS migration task %s", state.ID.ValueString()), err)
		return
	}
	if full {
		resp.Diagnostics.Append(state.fromAPI(ctx, task)...)
	} else {
		resp.Diagnostics.Append(state.fromListing(ctx, task)...)
	}
	state.importDefaults()
	resp.Diagnostics.Append(r.readSettings(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *smsTaskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, smsTaskUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	body, changed, diags := updateRequest(ctx, &plan, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed {
		if err := r.client.UpdateTask(ctx, id, body); err != nil {
			addAPIError(&resp.Diagnostics, "Error Updating SMS Task", fmt.Sprintf("Updating SMS migration task %s (%s)", id, state.Name.ValueString()), err)
			return
		}
	}
	schedule, configs := plan.SpeedLimitSchedule, plan.Configurations
	plan.SpeedLimitSchedule, plan.Configurations = state.SpeedLimitSchedule, state.Configurations
	task, err := r.client.ShowTask(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task", fmt.Sprintf("Reading SMS migration task %s after updating it", id), err)
		return
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(plan.fromAPI(ctx, task)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.applySettings(ctx, id, &plan, schedule, configs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setObjectIdentity(ctx, r.client, resp.Identity, id, &resp.Diagnostics)
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
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, smsTaskDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	stopRunning := state.StopOnDestroy.IsNull() || state.StopOnDestroy.ValueBool()
	// Deletes running at the same time share their calls (one batch delete,
	// one wait for "gone"); a task the service refuses takes the gated path.
	err := r.tasks.DeleteCoalesced(ctx, id, smstask.DeleteOptions{StopRunning: stopRunning})
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
	importTask(ctx, r.client, req, resp)
}

// ModifyPlan keeps the status attributes when nothing else changes. Terraform
// proposes target_server anew on every plan (its disks are optional and
// computed), which makes the framework mark every status attribute unknown
// and turns a no-op into an in-place update. When the plan equals the state
// apart from those attributes, the plan is the state.
func (r *smsTaskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() && r.client != nil && r.client.EnterpriseProjectID() != "" {
		// A new task without enterprise_project_id goes to the provider's.
		var ep types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("enterprise_project_id"), &ep)...)
		if ep.IsUnknown() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enterprise_project_id"), r.client.EnterpriseProjectID())...)
		}
		return
	}
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state smsTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.State, plan.Connected, plan.SourceState = state.State, state.Connected, state.SourceState
	plan.Progress, plan.MigrateSpeed, plan.ErrorJSON = state.Progress, state.MigrateSpeed, state.ErrorJSON
	candidate := resp.Plan
	resp.Diagnostics.Append(candidate.Set(ctx, &plan)...)
	if !resp.Diagnostics.HasError() && candidate.Raw.Equal(req.State.Raw) {
		resp.Plan = candidate
	}
}

// UpgradeState moves states of older schema versions to the current one.
func (r *smsTaskResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: upgradeSMSTaskStateV0},
	}
}

// upgradeSMSTaskStateV0 moves a version 0 state to version 1. Version 1 only
// added attributes, so the old JSON decodes with the new type (the added
// attributes null, physical_volumes included); a task created then was
// created without the create-time options, which is what false records.
func upgradeSMSTaskStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil {
		resp.Diagnostics.AddError("Error Upgrading SMS Task State", "The version 0 state of huaweicloud_sms_task is empty.")
		return
	}
	current := smsTaskSchema(ctx)
	raw, err := req.RawState.Unmarshal(current.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Error Upgrading SMS Task State",
			fmt.Sprintf("Reading the version 0 state of huaweicloud_sms_task failed: %s. Remove the task from the state (terraform state rm) and import it again.", err))
		return
	}
	var m smsTaskResourceModel
	resp.Diagnostics.Append(tfsdk.State{Schema: current, Raw: raw}.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.importDefaults()
	if m.NeedMigrationTest.IsNull() {
		m.NeedMigrationTest = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// applySettings brings the speed-limit schedule and the configurations of
// task id from those in m (what the task has) to schedule and configs (what
// is planned), calling only the endpoints whose setting changed, and records
// in m what was set.
func (r *smsTaskResource) applySettings(ctx context.Context, id string, m *smsTaskResourceModel, schedule types.List, configs types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	if !schedule.Equal(m.SpeedLimitSchedule) {
		periods, d := scheduleToAPI(ctx, schedule)
		diags.Append(d...)
		if diags.HasError() {
			return diags
		}
		if err := r.client.UpdateSpeedLimits(ctx, id, periods); err != nil {
			addAPIError(&diags, "Error Setting SMS Task Speed Limits", fmt.Sprintf("Setting the speed-limit schedule of SMS migration task %s", id), err)
			return diags
		}
		m.SpeedLimitSchedule = schedule
	}
	if !configs.Equal(m.Configurations) {
		if items := configurationsToAPI(configs, m.Configurations); len(items) > 0 {
			if err := r.client.UpdateConfigurations(ctx, id, items); err != nil {
				addAPIError(&diags, "Error Setting SMS Task Configurations", fmt.Sprintf("Setting the configurations of SMS migration task %s", id), err)
				return diags
			}
		}
		m.Configurations = configs
	}
	return diags
}

// readSettings refreshes the speed-limit schedule and the configurations,
// each only when the state holds it: a task without them costs no call
// beyond ShowTask.
func (r *smsTaskResource) readSettings(ctx context.Context, m *smsTaskResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	id := m.ID.ValueString()
	if !m.SpeedLimitSchedule.IsNull() {
		periods, err := r.client.ShowSpeedLimits(ctx, id)
		if err != nil {
			addAPIError(&diags, "Error Reading SMS Task Speed Limits", fmt.Sprintf("Reading the speed-limit schedule of SMS migration task %s", id), err)
			return diags
		}
		m.SpeedLimitSchedule, diags = scheduleValue(ctx, periods)
	}
	if !m.Configurations.IsNull() {
		cfg, err := r.client.ShowConfigurations(ctx, id)
		if err != nil {
			addAPIError(&diags, "Error Reading SMS Task Configurations", fmt.Sprintf("Reading the configurations of SMS migration task %s", id), err)
			return diags
		}
		m.Configurations = configurationsValue(m.Configurations, cfg.Configurations)
	}
	return diags
}

// notReadBack ends the description of an attribute ShowTask does not return.
const notReadBack = "ShowTask does not return it, so a refresh keeps the configured value in the state and drift is not detected; an import reads it from the task and source listings where they carry it, else it takes its default."

// importDefaults gives the settings the API never returns their documented
// defaults when the state has none (after import or a state upgrade).
func (m *smsTaskResourceModel) importDefaults() {
	def := func(v *types.Bool, d bool) {
		if v.IsNull() || v.IsUnknown() {
			*v = types.BoolValue(d)
		}
	}
	def(&m.UsePublicIP, true)
	def(&m.UseIPv6, false)
	def(&m.Syncing, false)
	if m.ExistServer.IsNull() || m.ExistServer.IsUnknown() {
		// An existing target has a vm_id and no template to create it from.
		ts := m.TargetServer
		m.ExistServer = types.BoolValue(ts != nil && knownString(ts.VMID) && !knownString(m.VMTemplateID))
	}
	def(&m.AutoStart, false)
	def(&m.StartNetworkCheck, false)
	def(&m.IsNeedConsistencyCheck, false)
	def(&m.StopOnDestroy, true)
}

// createTimeBool is an option of CreateTask that UpdateTask cannot change:
// false by default, and changing it replaces the task.
func createTimeBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Description:   description,
		Optional:      true,
		Computed:      true,
		Default:       booldefault.StaticBool(false),
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
	}
}

// existServerFromVMID plans exist_server when the configuration leaves it
// out: true when target_server.vm_id is configured, else the prior value
// (false on create), so a vm_id the service fills in changes nothing.
type existServerFromVMID struct{}

func (existServerFromVMID) Description(context.Context) string {
	return "defaults to whether target_server.vm_id is configured"
}

func (m existServerFromVMID) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (existServerFromVMID) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var vmID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("target_server").AtName("vm_id"), &vmID)...)
	switch {
	case vmID.IsUnknown():
		resp.PlanValue = types.BoolUnknown()
	case !vmID.IsNull():
		resp.PlanValue = types.BoolValue(true)
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	default:
		resp.PlanValue = types.BoolValue(false)
	}
}

// resolveExistServer is exist_server once the plan is applied: a value left
// unknown at plan time (vm_id was unknown) follows the vm_id known now.
func resolveExistServer(m *smsTaskResourceModel) types.Bool {
	if !m.ExistServer.IsUnknown() {
		return m.ExistServer
	}
	return types.BoolValue(m.TargetServer != nil && knownString(m.TargetServer.VMID))
}

// replacingComputedString is an optional string of 1 to 255 characters that
// defaults to a value known only after create and replaces the task when
// changed (region, project and enterprise project).
func replacingComputedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Optional:      true,
		Computed:      true,
		Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
	}
}

// smsTaskSchema is the schema of huaweicloud_sms_task, version 1. Version 0
// had no create-time options, schedule, configurations or physical volumes
// (UpgradeState moves such states over).
func smsTaskSchema(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the task to be created (a duration such as `10m`). Defaults to `%s`.", smsTaskCreateTimeout),
		UpdateDescription: fmt.Sprintf("How long to wait for the task to be updated (a duration such as `10m`). Defaults to `%s`.", smsTaskUpdateTimeout),
		DeleteDescription: fmt.Sprintf("How long to wait for the task to be stopped (when `stop_on_destroy` is true) and deleted (a duration such as `30m`). Defaults to `%s`.", smsTaskDeleteTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."

	return schema.Schema{
		Version: 1,
		Description: "Manages one Server Migration Service (SMS v3) migration task, which copies a source server registered by the SMS agent to a target server. " +
			"Creating the resource creates the task in state `READY`; it does not start the migration. " +
			"Destroying it stops a running task first (see `stop_on_destroy`) and waits until the task is gone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The ID of the migration task, assigned by the service.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description: "The name of the task: 1 to 64 characters, each a letter, a digit, a Chinese character, an underscore (`_`) or a hyphen (`-`). It can be changed in place.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 64),
					stringvalidator.RegexMatches(regexpMust(smsTaskNamePattern), "must contain only letters, digits, Chinese characters, underscores (_) and hyphens (-)"),
				},
			},
			"type": schema.StringAttribute{
				Description:   "The migration type: `MIGRATE_FILE` (file-level) or `MIGRATE_BLOCK` (block-level). Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.TaskTypeMigrateFile, sms.TaskTypeMigrateBlock)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"os_type": schema.StringAttribute{
				Description:   "The operating system of the source server: `WINDOWS` or `LINUX`. Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(sms.OSTypeWindows, sms.OSTypeLinux)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source_server_id": schema.StringAttribute{
				Description: "The ID of the source server to migrate (1 to 255 characters), as registered by the SMS agent. " +
					"The source must be connected and must not have a task yet. Changing it replaces the task.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"target_server": schema.SingleNestedAttribute{
				Description: "The target server the source is migrated to. It can be changed in place.",
				Required:    true,
				Attributes: map[string]schema.Attribute{
					"vm_id": schema.StringAttribute{
						Description: "The ID of an existing ECS server to migrate to (1 to 255 characters). Leave it out when the service creates the target from `vm_template_id`: " +
							"the service then fills it in once it has created the server, and it is recorded here.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
					},
					"name": schema.StringAttribute{
						Description: "The name of the target server (1 to 255 characters).",
						Required:    true,
						Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
					},
					"disks": schema.ListNestedAttribute{
						Description: "The disks of the target server. When left out, the disk layout the service suggests for the source server " +
							"(`init_target_server.disks` of the source) is used and recorded here.",
						Optional:      true,
						Computed:      true,
						PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
						NestedObject: schema.NestedAttributeObject{
							Attributes: map[string]schema.Attribute{
								"name": schema.StringAttribute{
									Description: "The device name of the disk, for example `/dev/vda` or `Disk 0` (1 to 255 characters).",
									Required:    true,
									Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
								},
								"device_use": schema.StringAttribute{
									Description: "What the disk holds: `BOOT` (boot disk), `OS` (system disk) or `NORMAL` (data disk).",
									Required:    true,
									Validators:  []validator.String{stringvalidator.OneOf(sms.DeviceUseNormal, sms.DeviceUseOS, sms.DeviceUseBoot)},
								},
								"size": schema.Int64Attribute{
									Description: "The size of the disk in bytes; at least 1.",
									Required:    true,
									Validators:  []validator.Int64{int64validator.AtLeast(1)},
								},
								"used_size": schema.Int64Attribute{
									Description:   "The used space on the disk in bytes; 0 or more. Computed when not set.",
									Optional:      true,
									Computed:      true,
									Validators:    []validator.Int64{int64validator.AtLeast(0)},
									PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
								},
								"disk_id": schema.StringAttribute{
									Description:   "The ID of an existing EVS disk of the target server to use for this disk (1 to 255 characters). Computed when not set.",
									Optional:      true,
									Computed:      true,
									Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
									PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
								},
								"physical_volumes": smsTaskVolumesSchema(),
							},
						},
					},
				},
			},
			"migration_ip": schema.StringAttribute{
				Description: "The IP address the source server uses to reach the target server: an IPv4 address, or an IPv6 address when `use_ipv6` is true. " +
					"Not needed when the service creates the target server, which then fills it in (recorded here). It can be changed in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{ipAddress()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"vm_template_id": schema.StringAttribute{
				Description: "The ID of the server template the service uses to create the target server (1 to 255 characters). It can be changed in place.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"start_target_server": schema.BoolAttribute{
				Description:   "Whether the target server is started after the migration. Defaults to `true`. Changing it replaces the task.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"use_public_ip": schema.BoolAttribute{
				Description: "Whether the source reaches the target server through its public IP address. Defaults to `true`. It can be changed in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"use_ipv6": schema.BoolAttribute{
				Description: "Whether the migration network uses IPv6. Defaults to `false`. It can be changed in place. " + notReadBack,
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"syncing": schema.BoolAttribute{
				Description:   "Whether the task keeps synchronizing changes after the full replication (state `SYNCING`) instead of finishing. Defaults to `false`. Changing it replaces the task. " + notReadBack,
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"exist_server": schema.BoolAttribute{
				Description: "Whether the target is an existing server (`target_server.vm_id`) rather than one the service creates. " +
					"Defaults to whether `target_server.vm_id` is set in the configuration (a vm_id the service fills in does not count). It can be changed in place. " + notReadBack,
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{existServerFromVMID{}},
			},
			"need_migration_test":       createTimeBool("Whether the task runs a migration drill (operation `migration_test`) before the final migration. Defaults to `false`. Changing it replaces the task."),
			"auto_start":                createTimeBool("Whether the service starts the migration as soon as the task is created. Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"start_network_check":       createTimeBool("Whether the service checks the migration network (latency, jitter, packet loss, bandwidth) when the task is created; the result is in the data source's `network_check_info`. Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"is_need_consistency_check": createTimeBool("Whether the migration ends with a data consistency check (which operation `skip` skips). Defaults to `false`. Changing it replaces the task. " + notReadBack),
			"over_speed_threshold": schema.Float64Attribute{
				Description:   "The over-speed protection of the task in percent, from 0 to 100: the service pauses the migration when it runs this much faster than the speed limit. Changing it replaces the task. " + notReadBack,
				Optional:      true,
				Validators:    []validator.Float64{float64validator.Between(0, sms.MaxOverSpeedThreshold)},
				PlanModifiers: []planmodifier.Float64{float64planmodifier.RequiresReplace()},
			},
			"speed_limit_schedule": schema.ListNestedAttribute{
				Description: fmt.Sprintf("A bandwidth limit by time of day: 1 to %d periods that do not overlap, each from `start` to `end` (`HH:MM`, start before end). "+
					"Set through the task's speed-limit endpoint; it is read back on refresh only while it is set here. Removing it removes the schedule. It can be changed in place.", sms.MaxSpeedLimitPeriods),
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeBetween(1, sms.MaxSpeedLimitPeriods), speedScheduleValidator{}},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"start": schema.StringAttribute{
							Description: "When the period starts, `HH:MM` (00:00 to 23:59).",
							Required:    true,
							Validators:  []validator.String{stringvalidator.RegexMatches(regexpMust(hhmmPattern), "must be a time of day written HH:MM, 00:00 to 23:59")},
						},
						"end": schema.StringAttribute{
							Description: "When the period ends, `HH:MM` (00:00 to 23:59), after `start`.",
							Required:    true,
							Validators:  []validator.String{stringvalidator.RegexMatches(regexpMust(hhmmPattern), "must be a time of day written HH:MM, 00:00 to 23:59")},
						},
						"speed": schema.Int64Attribute{
							Description: fmt.Sprintf("The bandwidth limit of the period in Mbit/s, from 0 to %d.", sms.MaxPeriodSpeed),
							Required:    true,
							Validators:  []validator.Int64{int64validator.Between(0, sms.MaxPeriodSpeed)},
						},
						"over_speed_threshold": schema.Float64Attribute{
							Description: "The over-speed protection of the period in percent, from 0 to 100.",
							Optional:    true,
							Validators:  []validator.Float64{float64validator.Between(0, sms.MaxOverSpeedThreshold)},
						},
					},
				},
			},
			"configurations": schema.MapAttribute{
				Description: "Advanced migration settings, by key: one of " + quoteList(sms.ConfigKeys) + ", each with a non-empty value " +
					"(for example `MIGRATE_EXCLUDE_DIR = \"/tmp,/var/cache\"`). Set through the task's configuration-setting endpoint; only the keys set here are managed and read back on refresh, " +
					"and a key removed here is cleared on the task (sent with an empty value; the service may keep the key with that empty value, which reads as unset). It can be changed in place.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{
					mapvalidator.SizeAtLeast(1),
					mapvalidator.KeysAre(stringvalidator.OneOf(sms.ConfigKeys...)),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"speed_limit": schema.Int64Attribute{
				Description: "The migration bandwidth limit in Mbit/s, from 0 to 10000; 0 means no limit. Defaults to `0`. It can be changed in place.",
				Optional:    true,
				Computed:    true,
				Default:     int64default.StaticInt64(0),
				Validators:  []validator.Int64{int64validator.Between(0, 10000)},
			},
			"priority": schema.Int64Attribute{
				Description:   "The priority of the task: `0` (low), `1` (standard) or `2` (high). Defaults to `1`. Changing it replaces the task.",
				Optional:      true,
				Computed:      true,
				Default:       int64default.StaticInt64(1),
				Validators:    []validator.Int64{int64validator.Between(0, 2)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"region": replacingComputedString("The region of the target server (1 to 255 characters), sent as the task's region name and region ID. " +
				"Defaults to the provider's region. Changing it replaces the task."),
			"project_id": replacingComputedString("The ID of the project of the target server (1 to 255 characters). " +
				"Defaults to the provider's project ID (its `project_id` argument, or the one discovered for its region). Changing it replaces the task."),
			"enterprise_project_id": schema.StringAttribute{
				Description: "The ID of the enterprise project the task belongs to (1 to 255 characters). " +
					"Defaults to the provider's `enterprise_project_id`, else to the source server's enterprise project (`0`, the default project, when it has none), which the service assigns: CreateTask has no such field, so a configured value is applied with UpdateTask right after the task is created. " +
					"Changing it moves the task in place (UpdateTask's `enterprise_project`).",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"stop_on_destroy": schema.BoolAttribute{
				Description: "Whether destroying the resource stops a running task first (operation `stop`), which the service requires before it deletes a task whose source agent is connected and busy. " +
					"When false, destroy waits for the task to become deletable on its own until the delete timeout. Defaults to `true`. Changing it does not call the API.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"state": schema.StringAttribute{
				Description: "The state of the task, for example `READY`, `RUNNING`, `SYNCING`, `ABORTING`, `ABORT` (stopped), `MIGRATE_SUCCESS`, `MIGRATE_FAIL` or `DELETING`.",
				Computed:    true,
			},
			"connected": schema.BoolAttribute{
				Description: "Whether the SMS agent on the source server is connected to the service.",
				Computed:    true,
			},
			"source_state": schema.StringAttribute{
				Description: "The state of the source server as the task reports it (lower case), for example `waiting`, `initialize`, `replicate`, `syncing`, `stopping`, `stopped`, `finished` or `error`.",
				Computed:    true,
			},
			"progress": schema.Int64Attribute{
				Description: "The progress of the current step of the migration in percent, from 0 to 100.",
				Computed:    true,
			},
			"create_date": schema.StringAttribute{
				Description:   "When the task was created, in RFC 3339 format (UTC).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"migrate_speed": schema.Float64Attribute{
				Description: "The current migration speed in Mbit/s; 0 when the task is not replicating.",
				Computed:    true,
			},
			"error_json": schema.StringAttribute{
				Description: "The error of a failed migration as the service reports it (a JSON document); null when there is none.",
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": tb,
		},
	}
}

// smsTaskVolumesSchema is target_server.disks[*].physical_volumes.
func smsTaskVolumesSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Description: "The partitions of the disk. When left out, those of the suggested layout (or none) are used and recorded here. " +
			"They are sent again with the disks whenever the disks change.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Description: "The partition: a drive letter on Windows (`C:`), a device on Linux (`/dev/vda1`); 1 to 255 characters.",
					Required:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"device_use": schema.StringAttribute{
					Description: "What the partition holds: `BOOT`, `OS` or `NORMAL`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.OneOf(sms.DeviceUseNormal, sms.DeviceUseOS, sms.DeviceUseBoot)},
				},
				"file_system": schema.StringAttribute{
					Description: "The file system, for example `ext4` or `NTFS`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"mount_point": schema.StringAttribute{
					Description: "Where the partition is mounted, for example `/boot`.",
					Optional:    true,
					Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
				},
				"index": schema.Int64Attribute{
					Description: "The position of the partition on the disk; 0 or more.",
					Required:    true,
					Validators:  []validator.Int64{int64validator.AtLeast(0)},
				},
				"size": schema.Int64Attribute{
					Description: "The size of the partition in bytes; at least 1.",
					Required:    true,
					Validators:  []validator.Int64{int64validator.AtLeast(1)},
				},
				"used_size": schema.Int64Attribute{
					Description:   "The used space in bytes; 0 or more. Computed when not set.",
					Optional:      true,
					Computed:      true,
					Validators:    []validator.Int64{int64validator.AtLeast(0)},
					PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				},
				"uuid": schema.StringAttribute{
					Description:   "The GUID of the partition, as the source server reports it. Computed when not set.",
					Optional:      true,
					Computed:      true,
					Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
					PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				},
			},
		},
	}
}
