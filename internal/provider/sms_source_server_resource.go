package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = (*smsSourceServerResource)(nil)
	_ resource.ResourceWithImportState = (*smsSourceServerResource)(nil)
	_ resource.ResourceWithIdentity    = (*smsSourceServerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*smsSourceServerResource)(nil)
)

// Default timeouts of huaweicloud_sms_source_server. Creating waits for the
// SMS agent to register the server, which an agent being installed takes
// minutes to do; destroying may delete the server's task first.
const (
	smsSourceServerCreateTimeout = 10 * time.Minute
	smsSourceServerUpdateTimeout = 5 * time.Minute
	smsSourceServerDeleteTimeout = 20 * time.Minute
)

// smsSourceServerNameMax is the longest source server name (the pages give
// 0 to 255 characters; an empty name is refused here).
const smsSourceServerNameMax = 255

// What destroy does with the migration task of the source server, if it has
// one (task_on_destroy).
const (
	taskOnDestroyRefuse        = "refuse"
	taskOnDestroyDelete        = "delete"
	taskOnDestroyStopAndDelete = "stop_and_delete"
)

var taskOnDestroyValues = []string{taskOnDestroyRefuse, taskOnDestroyDelete, taskOnDestroyStopAndDelete}

// Waiter states of a source server: found or not by the adoption, there or
// removed after its deletion.
const (
	sourceAbsent  = "absent"
	sourcePresent = "present"
	sourceGone    = "gone"
)

// NewSMSSourceServerResource is the constructor of
// huaweicloud_sms_source_server.
func NewSMSSourceServerResource() resource.Resource {
	return &smsSourceServerResource{withTimeouts: withTimeouts{createTimeout: smsSourceServerCreateTimeout, updateTimeout: smsSourceServerUpdateTimeout, deleteTimeout: smsSourceServerDeleteTimeout}}
}

type smsSourceServerResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsSourceServerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_server"
}

func (r *smsSourceServerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = smsSourceServerSchema(ctx)
}

func (r *smsSourceServerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = objectIdentitySchema("source server")
}

// Create adopts the server the agent registered: nothing is created, so
// nothing is recorded before the adoption is complete (keepWritten is not
// needed). A failed rename or read leaves the server out of the state as it
// found it, and the next apply adopts it again, by its registered name or,
// when an answer was lost after the rename, by the new one.
func (r *smsSourceServerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsSourceServerResourceModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	registered := plan.RegisteredName.ValueString()
	server, err := r.awaitRegistered(ctx, registered, plan.Name.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Adopting SMS Source Server",
			fmt.Sprintf("Waiting for the SMS agent to register a source server named %q", registered)+registrationHint(err), err)
		return
	}
	plan.ID = types.StringValue(server.ID)
	if knownString(plan.Name) && plan.Name.ValueString() != server.Name && !r.rename(ctx, server.ID, plan.Name.ValueString(), &resp.Diagnostics) {
		return
	}
	r.sources().readBack(ctx, created(resp), &plan, server.ID, "adopted", plan.fromAPI)
}

func (r *smsSourceServerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsSourceServerResourceModel
	r.sources().refresh(ctx, req, resp, &state, state.fromAPI)
}

// Update renames the server when name changes; the other arguments only
// matter on create and destroy, so changing them calls nothing.
func (r *smsSourceServerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsSourceServerResourceModel
	ctx, cancel, ok := r.updateContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan}, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	if !knownString(plan.Name) || plan.Name.Equal(state.Name) {
		plan.keepObserved(&state)
		setObjectIdentity(ctx, r.client, resp.Identity, id, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if !r.rename(ctx, id, plan.Name.ValueString(), &resp.Diagnostics) {
		return
	}
	r.sources().readBack(ctx, updated(resp), &plan, id, "renamed", plan.fromAPI)
}

// Delete removes the server from SMS and returns once ShowServer answers
// 404 for it: only that answer proves it gone. A server with a migration
// task is never sent for deletion: by task_on_destroy the destroy fails
// naming the task, or the task is deleted first the way a
// huaweicloud_sms_task is (past the deletion gate, until its own 404).
func (r *smsSourceServerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state smsSourceServerResourceModel
	ctx, cancel, ok := r.deleteContext(ctx, &resp.Diagnostics, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	mode := stringOr(state.TaskOnDestroy, taskOnDestroyRefuse)
	sources := r.sources()
	server, err := sources.find(ctx, id)
	switch {
	case isNotFound(err):
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Error Deleting SMS Source Server", "Reading source server "+id+" before deleting it", err)
		return
	}
	// Two rounds: the task found first, then one that may have appeared
	// while it was being deleted.
	for round := 0; hasTask(server) && round < 2; round++ {
		if !r.deleteTask(ctx, server, mode, &resp.Diagnostics) {
			return
		}
		if server, err = sources.find(ctx, id); isNotFound(err) {
			return
		} else if err != nil {
			addAPIError(&resp.Diagnostics, "Error Deleting SMS Source Server", "Reading source server "+id+" after deleting its migration task", err)
			return
		}
	}
	if hasTask(server) {
		resp.Diagnostics.AddError("SMS Source Server Still Has a Migration Task", taskOnServerDetail(server, "A new task appeared while the previous one was being deleted. "))
		return
	}
	err = r.client.DeleteServer(ctx, id)
	if err != nil && !sms.IsNotFound(err) {
		// A task created meanwhile is told as such, whatever the code.
		if e, isAPI := sms.AsError(err); isAPI && e.StatusCode >= 400 && e.StatusCode < 500 {
			if again, rerr := r.client.ShowSource(ctx, id); rerr == nil && hasTask(again) {
				resp.Diagnostics.AddError("SMS Source Server Has a Migration Task", taskOnServerDetail(again, describeError("Deleting source server "+id, err)+" "))
				return
			}
		}
		addAPIError(&resp.Diagnostics, "Error Deleting SMS Source Server", "Deleting source server "+id, err)
		return
	}
	if err := r.awaitGone(ctx, id); err != nil {
		addAPIError(&resp.Diagnostics, "Error Deleting SMS Source Server",
			"Waiting for source server "+id+" to be gone after its deletion was accepted (it is kept in the Terraform state)", err)
	}
}

// ModifyPlan says at plan time what destroying a source server does: it
// leaves SMS until the agent is restarted, and a server with a task is
// refused or has its task deleted (task_on_destroy).
func (r *smsSourceServerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var state smsSourceServerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	detail := fmt.Sprintf("Destroying removes source server %s (%s) from SMS. Its agent registers it again, under a new ID, only when the agent is restarted.",
		state.ID.ValueString(), state.Name.ValueString())
	if task := state.CurrentTaskID.ValueString(); task != "" {
		switch stringOr(state.TaskOnDestroy, taskOnDestroyRefuse) {
		case taskOnDestroyRefuse:
			detail += fmt.Sprintf(" It had migration task %s when last read: removing the server fails if that task still exists by then "+
				"(task_on_destroy = %q; a task of this configuration that uses the server is destroyed first).", task, taskOnDestroyRefuse)
		case taskOnDestroyDelete:
			detail += fmt.Sprintf(" It had migration task %s when last read: the task is deleted first, waiting while the service refuses to delete it.", task)
		default:
			detail += fmt.Sprintf(" It had migration task %s when last read: the task is stopped if it runs, then deleted first.", task)
		}
	}
	resp.Diagnostics.AddWarning("SMS Source Server Leaves SMS", detail)
}

func (r *smsSourceServerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importObject(ctx, r.client, "source server", req, resp)
}

// awaitRegistered waits, through the provider's waiter, until exactly one
// source server has the registered name (or, when none has, the configured
// name: an earlier apply renamed it before its answer was lost) and returns
// it. Several servers with the name end the wait with their ids.
func (r *smsSourceServerResource) awaitRegistered(ctx context.Context, registered, name string) (*sms.SourceServer, error) {
	names := []string{registered}
	if name != "" && name != registered {
		names = append(names, name)
	}
	return wait.For(ctx, wait.Spec[*sms.SourceServer]{
		Pending: []string{sourceAbsent},
		Target:  []string{sourcePresent},
		Policy:  r.client.Poll(),
		Refresh: func(ctx context.Context) (*sms.SourceServer, string, error) {
			for _, n := range names {
				found, err := sourcesNamed(ctx, r.client, n)
				if err != nil {
					return nil, "", err
				}
				switch len(found) {
				case 0:
					continue
				case 1:
					return &found[0], sourcePresent, nil
				}
				ids := make([]string, len(found))
				for i, s := range found {
					ids[i] = s.ID
				}
				return nil, "", fmt.Errorf("%d source servers are named %q (%s): import the one you mean by its ID instead", len(found), n, strings.Join(ids, ", "))
			}
			return nil, sourceAbsent, nil
		},
	})
}

// sourcesNamed lists the source servers with exactly this name (the
// service's name filter may match loosely).
func sourcesNamed(ctx context.Context, c *sms.Client, name string) ([]sms.SourceServer, error) {
	listed, err := c.ListSources(ctx, sms.ListSourcesFilter{Name: name})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(listed, func(s sms.SourceServer) bool { return s.Name != name }), nil
}

// registrationHint explains a wait for a registration that timed out.
func registrationHint(err error) string {
	var te *wait.TimeoutError
	if !errors.As(err, &te) {
		return ""
	}
	return " (no such server appeared before the create timeout: check that the SMS agent on it is installed, started and can reach the service, " +
		"and that registered_name is the name it registers; raise the create timeout for a slow installation)"
}

// rename sends the new name; false when it failed (diagnostic added).
func (r *smsSourceServerResource) rename(ctx context.Context, id, name string, diags *diag.Diagnostics) bool {
	if err := r.client.UpdateServer(ctx, id, &sms.UpdateServerRequest{Name: &name}); err != nil {
		addAPIError(diags, "Error Renaming SMS Source Server", fmt.Sprintf("Renaming source server %s to %q", id, name), err)
		return false
	}
	return true
}

// deleteTask deletes the migration task of server the way task_on_destroy
// says; false when it did not (diagnostic added).
func (r *smsSourceServerResource) deleteTask(ctx context.Context, server *sms.SourceServer, mode string, diags *diag.Diagnostics) bool {
	if mode == taskOnDestroyRefuse {
		diags.AddError("SMS Source Server Has a Migration Task", taskOnServerDetail(server, ""))
		return false
	}
	task := server.CurrentTask
	err := r.tasks.Delete(ctx, task.ID, smstask.DeleteOptions{StopRunning: mode == taskOnDestroyStopAndDelete})
	if err != nil {
		addAPIError(diags, "Error Deleting the Migration Task of SMS Source Server",
			fmt.Sprintf("Deleting migration task %s (%s) of source server %s before removing the server (task_on_destroy = %q)", task.ID, task.Name, server.ID, mode), err)
		return false
	}
	return true
}

// awaitGone waits until ShowServer answers 404 for id.
func (r *smsSourceServerResource) awaitGone(ctx context.Context, id string) error {
	_, err := wait.For(ctx, wait.Spec[struct{}]{
		Pending: []string{sourcePresent},
		Target:  []string{sourceGone},
		Policy:  r.client.Poll(),
		Refresh: func(ctx context.Context) (struct{}, string, error) {
			_, err := r.sources().find(ctx, id)
			switch {
			case isNotFound(err):
				return struct{}{}, sourceGone, nil
			case err != nil:
				return struct{}{}, "", err
			}
			return struct{}{}, sourcePresent, nil
		},
	})
	return err
}

func hasTask(s *sms.SourceServer) bool { return s.CurrentTask != nil && s.CurrentTask.ID != "" }

// taskOnServerDetail explains a destroy refused because of the server's task.
func taskOnServerDetail(s *sms.SourceServer, prefix string) string {
	t := s.CurrentTask
	return fmt.Sprintf("%sSource server %s (%s) has migration task %s (%s, state %s). It is not removed from SMS while the task exists, and it is kept in the Terraform state. "+
		"Destroy the task first (the huaweicloud_sms_task that manages it, or the console), or set task_on_destroy = %q (or %q to stop a running task first) to have the task deleted with the server.",
		prefix, s.ID, s.Name, t.ID, t.Name, t.State, taskOnDestroyDelete, taskOnDestroyStopAndDelete)
}

// sources is how the CRUD skeleton finds source servers.
func (r *smsSourceServerResource) sources() apiObject[sms.SourceServer] {
	return apiObject[sms.SourceServer]{client: r.client, title: "SMS Source Server", noun: "source server", show: r.client.ShowSource}
}

func smsSourceServerSchema(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the SMS agent to register the server (a duration such as `30m`). Defaults to `%s`.", shortDuration(smsSourceServerCreateTimeout)),
		UpdateDescription: fmt.Sprintf("How long renaming the server may take (a duration such as `10m`). Defaults to `%s`.", shortDuration(smsSourceServerUpdateTimeout)),
		DeleteDescription: fmt.Sprintf("How long removing the server, and deleting its task first when `task_on_destroy` says so, may take (a duration such as `30m`). Defaults to `%s`.", shortDuration(smsSourceServerDeleteTimeout)),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	observed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	stable := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, PlanModifiers: keep}
	}
	return schema.Schema{
		Description: "Manages a source server that the SMS agent registered with Server Migration Service (SMS v3). " +
			"Nothing is created: creating the resource waits until the agent has registered a server named `registered_name` and adopts it. " +
			"The server can be renamed in place. Destroying it removes the server from SMS (its agent registers it again only when restarted) " +
			"and waits until the service no longer shows it; a server with a migration task is only removed as `task_on_destroy` says.",
		Attributes: map[string]schema.Attribute{
			"id": stable("The ID of the source server in SMS."),
			"registered_name": schema.StringAttribute{
				Description: fmt.Sprintf("The name the SMS agent registered the server under, usually its hostname (1 to %d characters). "+
					"Creating the resource waits until exactly one source server has this name and adopts it; several servers with the name fail the create with their IDs (import the one you mean instead). "+
					"It is only used on create: changing it later changes nothing in SMS. After an import it holds the name the server had then.", smsSourceServerNameMax),
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, smsSourceServerNameMax)},
			},
			"name": schema.StringAttribute{
				Description: fmt.Sprintf("The name of the server in SMS (1 to %d characters). Defaults to the name it has, which is `registered_name` after the adoption. "+
					"Changing it renames the server in place (UpdateServerName).", smsSourceServerNameMax),
				Optional: true, Computed: true, PlanModifiers: keep,
				Validators: []validator.String{stringvalidator.LengthBetween(1, smsSourceServerNameMax)},
			},
			"task_on_destroy": schema.StringAttribute{
				Description: "What destroying the server does when it has a migration task: " +
					"`" + taskOnDestroyRefuse + "` fails the destroy, naming the task, and keeps both; " +
					"`" + taskOnDestroyDelete + "` deletes the task first, waiting while the service refuses to delete it (as a `huaweicloud_sms_task` with `stop_on_destroy = false`); " +
					"`" + taskOnDestroyStopAndDelete + "` stops a running task, then deletes it (as `stop_on_destroy = true`). " +
					"Either way the server is only removed once the service answers that its task is gone. Defaults to `" + taskOnDestroyRefuse + "`.",
				Optional: true, Computed: true, Default: stringdefault.StaticString(taskOnDestroyRefuse),
				Validators: []validator.String{stringvalidator.OneOf(taskOnDestroyValues...)},
			},
			"ip":                    stable("The IP address of the source server."),
			"os_type":               stable("The operating system of the source server: `WINDOWS` or `LINUX`."),
			"os_version":            stable("The operating system version of the source server, for example `CENTOS_7_9_64BIT`."),
			"enterprise_project_id": stable("The enterprise project of the source server."),
			"state":                 observed("The state of the source server (lower case), for example `waiting`, `replicate` or `finished`."),
			"migration_cycle":       observed("The migration stage of the source server, for example `checking`, `replicating` or `cutovered`; empty before any task."),
			"connected": schema.BoolAttribute{
				Description: "Whether the SMS agent on the source server is connected to the service.",
				Computed:    true,
			},
			"current_task_id": observed("The ID of the server's migration task; empty when it has none."),
		},
		Blocks: map[string]schema.Block{"timeouts": tb},
	}
}

type smsSourceServerResourceModel struct {
	ID                  types.String   `tfsdk:"id"`
	RegisteredName      types.String   `tfsdk:"registered_name"`
	Name                types.String   `tfsdk:"name"`
	TaskOnDestroy       types.String   `tfsdk:"task_on_destroy"`
	IP                  types.String   `tfsdk:"ip"`
	OSType              types.String   `tfsdk:"os_type"`
	OSVersion           types.String   `tfsdk:"os_version"`
	EnterpriseProjectID types.String   `tfsdk:"enterprise_project_id"`
	State               types.String   `tfsdk:"state"`
	MigrationCycle      types.String   `tfsdk:"migration_cycle"`
	Connected           types.Bool     `tfsdk:"connected"`
	CurrentTaskID       types.String   `tfsdk:"current_task_id"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// fromAPI copies a source server as the API returned it into m. An import
// (or a list result) has no registered_name nor task_on_destroy yet: they
// become the server's name and the default.
func (m *smsSourceServerResourceModel) fromAPI(s *sms.SourceServer) {
	m.ID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	if !knownString(m.RegisteredName) {
		m.RegisteredName = types.StringValue(s.Name)
	}
	if !knownString(m.TaskOnDestroy) {
		m.TaskOnDestroy = types.StringValue(taskOnDestroyRefuse)
	}
	m.IP = types.StringValue(s.IP)
	m.OSType = types.StringValue(s.OsType)
	m.OSVersion = types.StringValue(s.OsVersion)
	m.EnterpriseProjectID = types.StringValue(s.EnterpriseProjectID)
	m.State = types.StringValue(s.State)
	m.MigrationCycle = types.StringValue(s.MigrationCycle)
	m.Connected = types.BoolValue(s.Connected)
	m.CurrentTaskID = types.StringValue("")
	if hasTask(s) {
		m.CurrentTaskID = types.StringValue(s.CurrentTask.ID)
	}
}

// keepObserved copies what the service reported, as last read, into an
// update that calls nothing.
func (m *smsSourceServerResourceModel) keepObserved(state *smsSourceServerResourceModel) {
	m.ID, m.Name, m.IP, m.OSType, m.OSVersion = state.ID, state.Name, state.IP, state.OSType, state.OSVersion
	m.EnterpriseProjectID, m.State, m.MigrationCycle, m.Connected, m.CurrentTaskID = state.EnterpriseProjectID, state.State, state.MigrationCycle, state.Connected, state.CurrentTaskID
}
