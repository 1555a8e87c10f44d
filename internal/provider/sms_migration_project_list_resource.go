package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*smsMigrationProjectListResource)(nil)

// NewSMSMigrationProjectListResource is the constructor of list resource
// huaweicloud_sms_migration_project (terraform query, Terraform 1.14 and
// later).
func NewSMSMigrationProjectListResource() list.ListResource {
	return &smsMigrationProjectListResource{}
}

type smsMigrationProjectListResource struct {
	resourceWithConfigure
}

func (l *smsMigrationProjectListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_migration_project"
}

func (l *smsMigrationProjectListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the migration projects of the account, to import them. The API has no filters; `name` is applied by the provider.",
		Attributes: map[string]listschema.Attribute{
			"name": listschema.StringAttribute{
				Description: "Only find the project with this name (1 to 100 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, smsMigrationProjectNameMax)},
			},
		},
	}
}

func (l *smsMigrationProjectListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg struct {
		Name types.String `tfsdk:"name"`
	}
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listStream(ctx, l.client, "SMS Migration Projects", func(pid string, push func(list.ListResult) bool) error {
		projects, err := l.client.ListMigProjects(ctx, 0)
		if err != nil {
			return err
		}
		var n int64
		for i := range projects {
			var m smsMigrationProjectModel
			m.fromAPI(&projects[i])
			if knownString(cfg.Name) && m.Name.ValueString() != cfg.Name.ValueString() {
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return nil
			}
			n++
			result := req.NewListResult(ctx)
			result.DisplayName = m.Name.ValueString()
			result.Diagnostics.Append(result.Identity.Set(ctx, objectIdentityModel{ID: m.ID, ProjectID: types.StringValue(pid)})...)
			if req.IncludeResource {
				// The list's exist_server says whether the project has
				// servers; the resource's is the setting, which only
				// ShowMigproject returns.
				shown, err := l.client.ShowMigProject(ctx, m.ID.ValueString())
				if err != nil {
					addAPIError(&result.Diagnostics, "Error Reading SMS Migration Project", "Reading SMS migration project "+m.ID.ValueString(), err)
				} else {
					m.fromAPI(shown)
				}
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
