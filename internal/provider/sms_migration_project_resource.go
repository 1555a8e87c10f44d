package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ resource.ResourceWithConfigure   = (*smsMigrationProjectResource)(nil)
	_ resource.ResourceWithImportState = (*smsMigrationProjectResource)(nil)
	_ resource.ResourceWithIdentity    = (*smsMigrationProjectResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*smsMigrationProjectResource)(nil)
)

// Default timeouts of huaweicloud_sms_migration_project: every operation is
// one or two API calls.
const smsMigrationProjectTimeout = 5 * time.Minute

// Documented limits of a migration project (CreateMigproject). The speed
// limit takes the lower of the two maxima the API pages give.
const (
	smsMigrationProjectNameMax   = 100
	smsMigrationProjectDescMax   = 255
	smsMigrationProjectRegionMax = 100
	smsMigrationProjectEPMax     = 255
	smsMigrationProjectSpeedMax  = 1000
)

// NewSMSMigrationProjectResource is the constructor of
// huaweicloud_sms_migration_project.
func NewSMSMigrationProjectResource() resource.Resource {
	return &smsMigrationProjectResource{withTimeouts: withTimeouts{createTimeout: smsMigrationProjectTimeout, updateTimeout: smsMigrationProjectTimeout, deleteTimeout: smsMigrationProjectTimeout}}
}

type smsMigrationProjectResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsMigrationProjectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_migration_project"
}

func (r *smsMigrationProjectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = smsMigrationProjectSchema(ctx)
}

func (r *smsMigrationProjectResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = objectIdentitySchema("migration project")
}

func (r *smsMigrationProjectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsMigrationProjectModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	if !knownString(plan.Region) {
		plan.Region = types.StringValue(r.client.Region())
	}
	id, err := r.client.CreateMigProject(ctx, plan.request(true))
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Creating SMS Migration Project", fmt.Sprintf("Creating migration project %q", plan.Name.ValueString()), err)
		return
	}
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(keepWritten(ctx, &resp.State, &plan)...)
	r.projects().readBack(ctx, created(resp), &plan, id, "created", plan.fromAPI)
}

func (r *smsMigrationProjectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsMigrationProjectModel
	r.projects().refresh(ctx, req, resp, &state, state.fromAPI)
}

func (r *smsMigrationProjectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsMigrationProjectModel
	ctx, cancel, ok := r.updateContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan}, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	if unsetsDefault(&state, &plan, &resp.Diagnostics) {
		return
	}
	if !knownString(plan.Region) {
		plan.Region = state.Region
	}
	if err := r.client.UpdateMigProject(ctx, id, plan.request(false)); err != nil {
		addAPIError(&resp.Diagnostics, "Error Updating SMS Migration Project", "Updating migration project "+id, err)
		return
	}
	if plan.IsDefault.ValueBool() && !state.IsDefault.ValueBool() {
		if err := r.client.SetDefaultMigProject(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Error Making SMS Migration Project the Default", "Making migration project "+id+" the default", err)
			return
		}
	}
	r.projects().readBack(ctx, updated(resp), &plan, id, "updated", plan.fromAPI)
}

func (r *smsMigrationProjectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state smsMigrationProjectModel
	ctx, cancel, ok := r.deleteContext(ctx, &resp.Diagnostics, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	// Say why before asking: the service refuses to delete the default
	// project or one that still holds source servers.
	if r.explainDeleteRefusal(ctx, id, &resp.Diagnostics) {
		return
	}
	err := r.client.DeleteMigProject(ctx, id)
	switch {
	case err == nil, sms.IsNotFound(err):
		return
	}
	// A refusal for a reason that appeared meanwhile (a server registered,
	// the project made the default) is told as such, whatever its code.
	if e, isAPI := sms.AsError(err); isAPI && e.StatusCode >= 400 && e.StatusCode < 500 &&
		r.explainDeleteRefusal(ctx, id, &resp.Diagnostics) {
		return
	}
	addAPIError(&resp.Diagnostics, "Error Deleting SMS Migration Project", "Deleting migration project "+id, err)
}

// ModifyPlan refuses at plan time what the service refuses at apply time:
// taking the default flag off the default project.
func (r *smsMigrationProjectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state smsMigrationProjectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unsetsDefault(&state, &plan, &resp.Diagnostics)
}

func (r *smsMigrationProjectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importObject(ctx, r.client, "migration project", req, resp)
}

// unsetsDefault reports (with a diagnostic) a plan that takes the default
// flag off the default project.
func unsetsDefault(state, plan *smsMigrationProjectModel, diags *diag.Diagnostics) bool {
	if !state.IsDefault.ValueBool() || plan.IsDefault.IsUnknown() || plan.IsDefault.ValueBool() {
		return false
	}
	diags.AddAttributeError(path.Root("is_default"), "Cannot Unset the Default Migration Project",
		fmt.Sprintf("Migration project %s is the default project, and there is always exactly one default. "+
			"Set is_default = true on the project that should become the default instead; this one then stops being the default.", state.ID.ValueString()))
	return true
}

// explainDeleteRefusal adds a diagnostic and reports true when project id
// cannot be deleted: it is the default project, or source servers are in it.
func (r *smsMigrationProjectResource) explainDeleteRefusal(ctx context.Context, id string, diags *diag.Diagnostics) bool {
	p, err := r.client.ShowMigProject(ctx, id)
	if err != nil {
		return false // the delete call reports it
	}
	if p.IsDefault != nil && *p.IsDefault {
		diags.AddError("Cannot Delete the Default SMS Migration Project",
			fmt.Sprintf("Migration project %s is the account's default project, which the service never deletes. "+
				"Make another project the default (is_default = true on it), apply, then destroy this one. It is kept in the Terraform state.", id))
		return true
	}
	servers, err := r.client.ListSources(ctx, sms.ListSourcesFilter{MigProject: id})
	if err != nil || len(servers) == 0 {
		return false
	}
	names := make([]string, 0, 5)
	for i, s := range servers {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(servers)-5))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", s.Name, s.ID))
	}
	diags.AddError("SMS Migration Project Still Has Source Servers",
		fmt.Sprintf("Migration project %s still holds %d source server(s): %s. The service only deletes an empty project. "+
			"Move the servers to another project or delete them (and their tasks) first, then destroy again. It is kept in the Terraform state.",
			id, len(servers), strings.Join(names, ", ")))
	return true
}

// projects is how the CRUD skeleton finds migration projects.
func (r *smsMigrationProjectResource) projects() apiObject[sms.MigProject] {
	return apiObject[sms.MigProject]{client: r.client, title: "SMS Migration Project", noun: "migration project", show: r.client.ShowMigProject}
}

func smsMigrationProjectSchema(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the project to be created (a duration such as `10m`). Defaults to `%s`.", smsMigrationProjectTimeout),
		UpdateDescription: fmt.Sprintf("How long to wait for the project to be updated (a duration such as `10m`). Defaults to `%s`.", smsMigrationProjectTimeout),
		DeleteDescription: fmt.Sprintf("How long to wait for the project to be deleted (a duration such as `10m`). Defaults to `%s`.", smsMigrationProjectTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."
	boolArg := func(desc string, def bool) schema.BoolAttribute {
		return schema.BoolAttribute{
			Description: fmt.Sprintf("%s Defaults to `%t`.", desc, def),
			Optional:    true, Computed: true, Default: booldefault.StaticBool(def),
		}
	}
	return schema.Schema{
		Description: "Manages a Server Migration Service (SMS v3) migration project: a group of source servers and the settings their migration tasks start from. " +
			"Every account has exactly one default project, which new source servers join. " +
			"Destroying a project fails with a clear error while it is the default project or still holds source servers.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The ID of the migration project.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Description: fmt.Sprintf("The name of the project: 1 to %d Chinese characters, letters, digits, underscores (_) or hyphens (-), unique in the account.", smsMigrationProjectNameMax),
				Required:    true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, smsMigrationProjectNameMax),
					smsNameCharacters(),
				},
			},
			"description": schema.StringAttribute{
				Description: fmt.Sprintf("A description of the project, at most %d characters. Defaults to empty.", smsMigrationProjectDescMax),
				Optional:    true, Computed: true, Default: stringdefault.StaticString(""),
				Validators: []validator.String{stringvalidator.LengthAtMost(smsMigrationProjectDescMax)},
			},
			"region": schema.StringAttribute{
				Description: fmt.Sprintf("The region the project migrates to, 1 to %d characters. Defaults to the provider's region.", smsMigrationProjectRegionMax),
				Optional:    true, Computed: true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, smsMigrationProjectRegionMax)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"type": schema.StringAttribute{
				Description: "The migration type of the project's tasks: `MIGRATE_BLOCK` (block level) or `MIGRATE_FILE` (file level).",
				Required:    true,
				Validators:  []validator.String{stringvalidator.OneOf(sms.MigProjectTypeBlock, sms.MigProjectTypeFile)},
			},
			"is_default": schema.BoolAttribute{
				Description: "Whether this is the account's default project. Setting it to `true` makes this project the default and the previous default an ordinary project; " +
					"the default project cannot be unset or destroyed, only replaced as the default by another project. " +
					"Left out, it follows the service (`false` for a new project), so a `huaweicloud_sms_migration_project_default` can make this project the default without a plan to undo it.",
				Optional: true, Computed: true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"use_public_ip":       boolArg("Whether tasks migrate over a public IP address.", true),
			"exist_server":        boolArg("Whether tasks migrate to existing servers rather than creating target servers.", true),
			"syncing":             boolArg("Whether tasks keep synchronizing after the first full replication.", false),
			"start_target_server": boolArg("Whether the target server is started once the migration finishes.", true),
			"start_network_check": boolArg("Whether tasks measure the network quality.", false),
			"speed_limit": schema.Int64Attribute{
				Description: fmt.Sprintf("The migration rate limit in Mbit/s, 0 to %d; `0` means no limit. Defaults to `0`.", smsMigrationProjectSpeedMax),
				Optional:    true, Computed: true, Default: int64default.StaticInt64(0),
				Validators: []validator.Int64{int64validator.Between(0, smsMigrationProjectSpeedMax)},
			},
			"enterprise_project": schema.StringAttribute{
				Description: fmt.Sprintf("The name of the enterprise project the project belongs to, at most %d characters. Defaults to `default`.", smsMigrationProjectEPMax),
				Optional:    true, Computed: true, Default: stringdefault.StaticString("default"),
				Validators: []validator.String{stringvalidator.LengthBetween(1, smsMigrationProjectEPMax)},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": tb},
	}
}

type smsMigrationProjectModel struct {
	ID                types.String   `tfsdk:"id"`
	Name              types.String   `tfsdk:"name"`
	Description       types.String   `tfsdk:"description"`
	Region            types.String   `tfsdk:"region"`
	Type              types.String   `tfsdk:"type"`
	IsDefault         types.Bool     `tfsdk:"is_default"`
	UsePublicIP       types.Bool     `tfsdk:"use_public_ip"`
	ExistServer       types.Bool     `tfsdk:"exist_server"`
	Syncing           types.Bool     `tfsdk:"syncing"`
	StartTargetServer types.Bool     `tfsdk:"start_target_server"`
	StartNetworkCheck types.Bool     `tfsdk:"start_network_check"`
	SpeedLimit        types.Int64    `tfsdk:"speed_limit"`
	EnterpriseProject types.String   `tfsdk:"enterprise_project"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// request is the create body (create: isdefault included) or the update body.
func (m *smsMigrationProjectModel) request(create bool) *sms.MigProject {
	s := func(v types.String) *string { x := v.ValueString(); return &x }
	p := &sms.MigProject{
		Name: s(m.Name), Description: s(m.Description), Region: s(m.Region), Type: s(m.Type),
		UsePublicIP: boolPtr(m.UsePublicIP), ExistServer: boolPtr(m.ExistServer), Syncing: boolPtr(m.Syncing),
		StartTargetServer: boolPtr(m.StartTargetServer), StartNetworkCheck: boolPtr(m.StartNetworkCheck),
		SpeedLimit: intPtr(m.SpeedLimit), EnterpriseProject: s(m.EnterpriseProject),
	}
	if create {
		p.IsDefault = boolPtr(m.IsDefault)
	}
	return p
}

// fromAPI copies a project as the API returned it into m.
func (m *smsMigrationProjectModel) fromAPI(p *sms.MigProject) {
	valueOrEmpty := func(v *string) types.String {
		if v == nil {
			return types.StringValue("")
		}
		return types.StringValue(*v)
	}
	trueIfSet := func(v *bool) types.Bool { return types.BoolValue(v != nil && *v) }
	m.ID = types.StringValue(p.ID)
	m.Name = valueOrEmpty(p.Name)
	m.Description = valueOrEmpty(p.Description)
	m.Region = valueOrEmpty(p.Region)
	m.Type = valueOrEmpty(p.Type)
	m.IsDefault = trueIfSet(p.IsDefault)
	m.UsePublicIP = trueIfSet(p.UsePublicIP)
	m.ExistServer = trueIfSet(p.ExistServer)
	m.Syncing = trueIfSet(p.Syncing)
	m.StartTargetServer = trueIfSet(p.StartTargetServer)
	m.StartNetworkCheck = trueIfSet(p.StartNetworkCheck)
	m.SpeedLimit = types.Int64Value(0)
	if p.SpeedLimit != nil {
		m.SpeedLimit = types.Int64Value(int64(*p.SpeedLimit))
	}
	m.EnterpriseProject = valueOrEmpty(p.EnterpriseProject)
}
