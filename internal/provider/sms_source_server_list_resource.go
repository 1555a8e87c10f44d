package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ list.ListResourceWithConfigure = (*smsSourceServerListResource)(nil)

// NewSMSSourceServerListResource is the constructor of list resource
// huaweicloud_sms_source_server (terraform query, Terraform 1.14 and later).
func NewSMSSourceServerListResource() list.ListResource { return &smsSourceServerListResource{} }

type smsSourceServerListResource struct {
	resourceWithConfigure
}

func (l *smsSourceServerListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_server"
}

func (l *smsSourceServerListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the source servers the SMS agent registered, to import them (one ListSources call per 200 servers). " +
			"A generated configuration adopts each server under its current name.",
		Attributes: map[string]listschema.Attribute{
			"name": listschema.StringAttribute{
				Description: "Only find the source servers with exactly this name (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, smsSourceServerNameMax)},
			},
			"state": listschema.StringAttribute{
				Description: "Only find the source servers in this state, one of " + quoteList(sourceServerStates) + ".",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(sourceServerStates...)},
			},
			"migration_project_id": listschema.StringAttribute{
				Description: "Only find the source servers in this migration project (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
		},
	}
}

func (l *smsSourceServerListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg struct {
		Name               types.String `tfsdk:"name"`
		State              types.String `tfsdk:"state"`
		MigrationProjectID types.String `tfsdk:"migration_project_id"`
	}
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listStream(ctx, l.client, "SMS Source Servers", func(pid string, push func(list.ListResult) bool) error {
		servers, err := l.client.ListSources(ctx, sms.ListSourcesFilter{
			Name: cfg.Name.ValueString(), State: cfg.State.ValueString(), MigProject: cfg.MigrationProjectID.ValueString(),
			PageSize: sms.MaxSourcePageSize,
		})
		if err != nil {
			return err
		}
		// The service's name filter may match loosely.
		servers = slices.DeleteFunc(servers, func(s sms.SourceServer) bool { return knownString(cfg.Name) && s.Name != cfg.Name.ValueString() })
		for i := range servers {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return nil
			}
			s := &servers[i]
			result := req.NewListResult(ctx)
			result.DisplayName = s.Name
			result.Diagnostics.Append(result.Identity.Set(ctx, objectIdentityModel{ID: types.StringValue(s.ID), ProjectID: types.StringValue(pid)})...)
			if req.IncludeResource {
				m := smsSourceServerResourceModel{RegisteredName: types.StringNull(), TaskOnDestroy: types.StringNull(), Timeouts: nullTimeouts()}
				m.fromAPI(s)
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
			if !push(result) {
				return nil
			}
		}
		return nil
	})
}
