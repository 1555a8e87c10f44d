package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsSourceServerErrorsDataSource)(nil)

// NewSMSSourceServerErrorsDataSource is the constructor of data source
// huaweicloud_sms_source_server_errors.
func NewSMSSourceServerErrorsDataSource() datasource.DataSource {
	return &smsSourceServerErrorsDataSource{}
}

type smsSourceServerErrorsDataSource struct {
	dataSourceWithConfigure
}

func (d *smsSourceServerErrorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_server_errors"
}

func (d *smsSourceServerErrorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the source servers whose migration reported an error, with the error the agent reported (ListErrorServers, up to 100 servers per call).",
		Attributes: map[string]schema.Attribute{
			"enterprise_project_id": schema.StringAttribute{
				Description: "Only the source servers of this enterprise project (1 to 255 characters). Defaults to the provider's `enterprise_project_id`; unset there too, no filter is sent.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"migration_errors": schema.ListNestedAttribute{
				Description: "The failed source servers, in the order the service lists them.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"source_id":  computedString("The ID of the source server."),
					"name":       computedString("The name of the source server in SMS."),
					"host_name":  computedString("The hostname the agent read from the source server; may be empty."),
					"source_ip":  computedString("The IP address of the source server."),
					"target_ip":  computedString("The IP address of the target server."),
					"error_json": computedString("The error, as the JSON text the service holds (decode it with `jsondecode`)."),
				}},
			},
		},
	}
}

func (d *smsSourceServerErrorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsSourceServerErrorsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListErrorServers(ctx, sms.ListErrorServersFilter{
		EnterpriseProjectID: stringOr(cfg.EnterpriseProjectID, d.client.EnterpriseProjectID()), PageSize: sms.MaxErrorPageSize,
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing SMS Source Server Errors", "Listing the source servers whose migration failed", err)
		return
	}
	cfg.MigrationErrors = make([]smsMigrationErrorModel, 0, len(list))
	for _, e := range list {
		cfg.MigrationErrors = append(cfg.MigrationErrors, smsMigrationErrorModel{
			SourceID: types.StringValue(e.SourceID), Name: types.StringValue(e.Name), HostName: types.StringValue(e.HostName),
			SourceIP: types.StringValue(e.SourceIP), TargetIP: types.StringValue(e.TargetIP), ErrorJSON: types.StringValue(e.ErrorJSON),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

type smsSourceServerErrorsModel struct {
	EnterpriseProjectID types.String             `tfsdk:"enterprise_project_id"`
	MigrationErrors     []smsMigrationErrorModel `tfsdk:"migration_errors"`
}

type smsMigrationErrorModel struct {
	SourceID  types.String `tfsdk:"source_id"`
	Name      types.String `tfsdk:"name"`
	HostName  types.String `tfsdk:"host_name"`
	SourceIP  types.String `tfsdk:"source_ip"`
	TargetIP  types.String `tfsdk:"target_ip"`
	ErrorJSON types.String `tfsdk:"error_json"`
}
