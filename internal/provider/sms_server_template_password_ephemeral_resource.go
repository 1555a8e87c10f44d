package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*smsServerTemplatePasswordEphemeralResource)(nil)

// NewSMSServerTemplatePasswordEphemeralResource is the constructor of
// ephemeral resource huaweicloud_sms_server_template_password.
func NewSMSServerTemplatePasswordEphemeralResource() ephemeral.EphemeralResource {
	return &smsServerTemplatePasswordEphemeralResource{}
}

type smsServerTemplatePasswordEphemeralResource struct {
	ephemeralWithConfigure
}

func (e *smsServerTemplatePasswordEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_server_template_password"
}

func (e *smsServerTemplatePasswordEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the password a server template gives its target servers (ShowTargetPassword). " +
			"As an ephemeral resource (Terraform 1.10 and later) the password reaches the configuration that uses it, for example a write-only argument " +
			"or a provider that logs in to the target, and is never written to the plan or the state. " +
			"The `huaweicloud_sms_server_template` resource sets the password with its write-only `target_password_wo` and never reads it back.",
		Attributes: map[string]schema.Attribute{
			"template_id": schema.StringAttribute{
				Description: "The ID of the server template (1 to 255 characters).",
				Required:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, smsTemplateFieldMax)},
			},
			"target_password": schema.StringAttribute{
				Description: "The password of the template's target servers; empty when the template has none.",
				Computed:    true,
				Sensitive:   true,
			},
		},
	}
}

func (e *smsServerTemplatePasswordEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m smsServerTemplatePasswordModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.TemplateID.ValueString()
	password, err := e.client.ShowTargetPassword(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Server Template Password", "Reading the target password of server template "+id, err)
		return
	}
	m.TargetPassword = types.StringValue(password)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

type smsServerTemplatePasswordModel struct {
	TemplateID     types.String `tfsdk:"template_id"`
	TargetPassword types.String `tfsdk:"target_password"`
}
