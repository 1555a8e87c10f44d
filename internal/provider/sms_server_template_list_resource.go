package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ list.ListResourceWithConfigure = (*smsServerTemplateListResource)(nil)

// NewSMSServerTemplateListResource is the constructor of list resource
// huaweicloud_sms_server_template (terraform query, Terraform 1.14 and later).
func NewSMSServerTemplateListResource() list.ListResource { return &smsServerTemplateListResource{} }

type smsServerTemplateListResource struct {
	resourceWithConfigure
}

func (l *smsServerTemplateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_server_template"
}

func (l *smsServerTemplateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(desc string) listschema.StringAttribute {
		return listschema.StringAttribute{
			Description: desc + " (1 to 255 characters).", Optional: true,
			Validators: []validator.String{stringvalidator.LengthBetween(1, smsTemplateFieldMax)},
		}
	}
	resp.Schema = listschema.Schema{
		Description: "Finds the server templates of the account, to import them. Target passwords are never read.",
		Attributes: map[string]listschema.Attribute{
			"name":              filter("Only find the templates with this name"),
			"availability_zone": filter("Only find the templates for this availability zone"),
			"region":            filter("Only find the templates for this region"),
		},
	}
}

func (l *smsServerTemplateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg struct {
		Name             types.String `tfsdk:"name"`
		AvailabilityZone types.String `tfsdk:"availability_zone"`
		Region           types.String `tfsdk:"region"`
	}
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listStream(ctx, l.client, "SMS Server Templates", func(pid string, push func(list.ListResult) bool) error {
		templates, err := l.client.ListTemplates(ctx, sms.ListTemplatesFilter{
			Name: cfg.Name.ValueString(), AvailabilityZone: cfg.AvailabilityZone.ValueString(), Region: cfg.Region.ValueString(),
		})
		if err != nil {
			return err
		}
		for i := range templates {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return nil
			}
			t := &templates[i]
			result := req.NewListResult(ctx)
			result.DisplayName = t.Name
			result.Diagnostics.Append(result.Identity.Set(ctx, objectIdentityModel{ID: types.StringValue(t.ID), ProjectID: types.StringValue(pid)})...)
			if req.IncludeResource {
				var m smsServerTemplateModel
				m.fromAPI(t)
				m.PasswordVersion = types.Int64Null()
				m.Timeouts = nullTimeouts()
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
			if !push(result) {
				return nil
			}
		}
		return nil
	})
}
