package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ resource.ResourceWithConfigure   = (*smsMigrationProjectDefaultResource)(nil)
	_ resource.ResourceWithImportState = (*smsMigrationProjectDefaultResource)(nil)
	_ resource.ResourceWithIdentity    = (*smsMigrationProjectDefaultResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*smsMigrationProjectDefaultResource)(nil)
)

// NewSMSMigrationProjectDefaultResource is the constructor of
// huaweicloud_sms_migration_project_default.
func NewSMSMigrationProjectDefaultResource() resource.Resource {
	return &smsMigrationProjectDefaultResource{withTimeouts: withTimeouts{createTimeout: smsMigrationProjectTimeout}}
}

type smsMigrationProjectDefaultResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsMigrationProjectDefaultResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_migration_project_default"
}

func (r *smsMigrationProjectDefaultResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create:            true,
		CreateDescription: fmt.Sprintf("How long making the project the default may take (a duration such as `10m`). Defaults to `%s`.", shortDuration(smsMigrationProjectTimeout)),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for the create operation of this resource."
	resp.Schema = schema.Schema{
		Description: "Makes a migration project the account's default project, the one new source servers join (UpdateDefaultMigproject). " +
			"Every account has exactly one default project, so the previous default becomes an ordinary project. " +
			"Changing `mig_project_id` replaces the resource, which makes the new project the default. When another project becomes the default outside Terraform, " +
			"the next plan makes this one the default again. Destroying it only removes it from the Terraform state: the project stays the default " +
			"(there is always one, and no call unsets it), and the plan warns so. Use it or `is_default` of `huaweicloud_sms_migration_project`, not both for the same account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The ID of the default project: `mig_project_id`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"mig_project_id": schema.StringAttribute{
				Description:   "The ID of the migration project to make the default (1 to 255 characters), for example the `id` of a `huaweicloud_sms_migration_project`.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 255)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": tb},
	}
}

func (r *smsMigrationProjectDefaultResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = objectIdentitySchema("migration project")
}

func (r *smsMigrationProjectDefaultResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsMigrationProjectDefaultModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	// A project that is the default already is only read, not set again.
	id := plan.MigProjectID.ValueString()
	plan.ID = types.StringValue(id)
	defaults := r.defaults()
	if defaults.readInto(ctx, id, plan.fromAPI, resp.Identity, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.SetDefaultMigProject(ctx, id); err != nil {
		addAPIError(&resp.Diagnostics, "Error Making the SMS Migration Project the Default", "Making migration project "+id+" the default", err)
		return
	}
	defaults.readBack(ctx, created(resp), &plan, id, "made the default", plan.fromAPI)
}

func (r *smsMigrationProjectDefaultResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsMigrationProjectDefaultModel
	r.defaults().refresh(ctx, req, resp, &state, state.fromAPI)
}

// Update only stores the timeouts: another project replaces the resource
// (its identity is the project's).
func (r *smsMigrationProjectDefaultResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsMigrationProjectDefaultModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() {
		plan.ID = state.ID
		setObjectIdentity(ctx, r.client, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
	})
}

// Delete calls nothing: the account always has a default project.
func (r *smsMigrationProjectDefaultResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ModifyPlan warns, when the resource is destroyed, that the project stays
// the default.
func (r *smsMigrationProjectDefaultResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var state smsMigrationProjectDefaultModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.AddWarning("The SMS Migration Project Stays the Default",
		fmt.Sprintf("Destroying huaweicloud_sms_migration_project_default only removes it from the Terraform state. Migration project %s stays the account's default: "+
			"there is always exactly one default project and no call unsets it. Make another project the default to change it.", state.MigProjectID.ValueString()))
}

func (r *smsMigrationProjectDefaultResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importObject(ctx, r.client, "migration project", req, resp)
}

// defaults is how the CRUD skeleton finds the default project: a project
// that is gone or no longer the default reads as absent. Both take the
// resource out of the state: the next apply makes the project the default
// again (or fails, naming the missing project).
func (r *smsMigrationProjectDefaultResource) defaults() apiObject[sms.MigProject] {
	return apiObject[sms.MigProject]{client: r.client, title: "Default SMS Migration Project", noun: "migration project", show: r.client.ShowMigProject,
		held: func(p *sms.MigProject) bool { return p.IsDefault != nil && *p.IsDefault }}
}

// fromAPI records the project read, the default, as mig_project_id.
func (m *smsMigrationProjectDefaultModel) fromAPI(*sms.MigProject) {
	m.MigProjectID = m.ID
}

type smsMigrationProjectDefaultModel struct {
	ID           types.String   `tfsdk:"id"`
	MigProjectID types.String   `tfsdk:"mig_project_id"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}
