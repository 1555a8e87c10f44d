package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Resource identity (Terraform 1.12+) of the resources that stand for a
// lasting SMS object (tasks, server templates, migration projects): the
// object's id and the IAM project the provider works in. SMS ids are unique
// within a project, and every call names the project (X-Project-Id), so the
// pair finds the object; the project is optional on import because it
// defaults to the provider's.

// projectScopedIdentity is the identity model of those resources.
type projectScopedIdentity struct {
	ID        types.String `tfsdk:"id"`
	ProjectID types.String `tfsdk:"project_id"`
}

// projectScopedIdentitySchema is the identity schema of an SMS object; what
// names the object in descriptions, for example "migration task".
func projectScopedIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       fmt.Sprintf("The ID of the %s.", what),
				RequiredForImport: true,
			},
			"project_id": identityschema.StringAttribute{
				Description: fmt.Sprintf("The ID of the IAM project the %s belongs to: the provider's project (its `project_id` argument, or the one discovered for its region). "+
					"Optional on import; when given it must be the provider's project.", what),
				OptionalForImport: true,
			},
		},
	}
}

// setProjectScopedIdentity records the identity of the object id in the
// provider's project. identity is nil when the resource has no identity
// schema, which never happens for the callers, but costs nothing to allow.
func setProjectScopedIdentity(ctx context.Context, c *sms.Client, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil {
		return diags
	}
	pid, err := c.ProjectID(ctx)
	if err != nil {
		addAPIError(&diags, "Error Finding Project ID", fmt.Sprintf("Looking up the project ID of region %s for the identity of %s", c.Region(), id), err)
		return diags
	}
	diags.Append(identity.Set(ctx, projectScopedIdentity{ID: types.StringValue(id), ProjectID: types.StringValue(pid)})...)
	return diags
}

// importProjectScoped imports an SMS object by its id (`terraform import`,
// an import block with `id`) or by its identity (an import block with
// `identity`). An identity naming another project than the provider's is
// refused: every call of this provider goes to its own project, so the
// object could not be found there (or, worse, another one with the same id
// could). what names the object in diagnostics, for example "migration task".
func importProjectScoped(ctx context.Context, c *sms.Client, what string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
		return
	}
	if req.Identity == nil {
		resp.Diagnostics.AddError("Missing Import ID", fmt.Sprintf("Import the %s by its ID, or with an import block whose identity has id (and optionally project_id).", what))
		return
	}
	var ident projectScopedIdentity
	resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if ident.ID.ValueString() == "" {
		resp.Diagnostics.AddError("Missing Identity ID", fmt.Sprintf("The identity of the %s to import must have a non-empty id.", what))
		return
	}
	if want := ident.ProjectID.ValueString(); want != "" {
		pid, err := c.ProjectID(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Error Finding Project ID",
				fmt.Sprintf("Looking up the provider's project ID (region %s) to compare it with the identity's project_id %s", c.Region(), want), err)
			return
		}
		if want != pid {
			resp.Diagnostics.AddError("Identity In Another Project",
				fmt.Sprintf("The identity of %s %s names project %s, but this provider works in project %s (region %s). "+
					"Import it with a provider configured for that project (project_id = %q, in an aliased provider block if need be), or leave project_id out.",
					what, ident.ID.ValueString(), want, pid, c.Region(), want))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ident.ID.ValueString())...)
}
