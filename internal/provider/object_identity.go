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

// The identity of the SMS objects addressed by id within an IAM project
// (server templates, migration projects): the id, and the project the
// provider works in, so an identity cannot be applied to another project's
// object by mistake.

// objectIdentityModel is the identity data of such an object.
type objectIdentityModel struct {
	ID        types.String `tfsdk:"id"`
	ProjectID types.String `tfsdk:"project_id"`
}

// objectIdentitySchema is the identity schema; kind names the object
// ("server template") in the descriptions.
func objectIdentitySchema(kind string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The ID of the " + kind + ".",
				RequiredForImport: true,
			},
			"project_id": identityschema.StringAttribute{
				Description: "The IAM project the " + kind + " belongs to: the project the provider works in. " +
					"When given on import, it must be that project.",
				OptionalForImport: true,
			},
		},
	}
}

// setObjectIdentity records the identity of object id after a write or read.
func setObjectIdentity(ctx context.Context, client *sms.Client, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	pid, err := client.ProjectID(ctx)
	if err != nil {
		addAPIError(diags, "Error Finding the IAM Project", "Finding the IAM project of the provider", err)
		return
	}
	diags.Append(identity.Set(ctx, objectIdentityModel{ID: types.StringValue(id), ProjectID: types.StringValue(pid)})...)
}

// importObject imports by id (terraform import, import blocks with id) or by
// identity (import blocks with identity, Terraform 1.12 and later). An
// identity naming another IAM project is refused: the provider cannot reach
// objects outside its own project.
func importObject(ctx context.Context, client *sms.Client, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil {
		var ident objectIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if knownString(ident.ProjectID) && client != nil {
			pid, err := client.ProjectID(ctx)
			if err != nil {
				addAPIError(&resp.Diagnostics, "Error Finding the IAM Project", "Finding the IAM project of the provider", err)
				return
			}
			if ident.ProjectID.ValueString() != pid {
				resp.Diagnostics.AddAttributeError(path.Root("project_id"), "Identity Belongs to Another Project",
					fmt.Sprintf("The identity names IAM project %s, but this provider works in project %s, so it cannot import the %s %s. "+
						"Configure a provider for that project (project_id or region), or drop project_id from the identity.",
						ident.ProjectID.ValueString(), pid, kind, ident.ID.ValueString()))
				return
			}
		}
	}
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}
