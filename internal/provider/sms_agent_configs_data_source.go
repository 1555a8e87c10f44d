package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsAgentConfigsDataSource)(nil)

// NewSMSAgentConfigsDataSource is the constructor of data source
// huaweicloud_sms_agent_configs.
func NewSMSAgentConfigsDataSource() datasource.DataSource { return &smsAgentConfigsDataSource{} }

type smsAgentConfigsDataSource struct {
	dataSourceWithConfigure
}

func (d *smsAgentConfigsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_agent_configs"
}

func (d *smsAgentConfigsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the configuration Server Migration Service gives its agents (ShowConfig, one call): settings such as the main region, " +
			"the OBS domain and the disk types, and the regions the service offers. Useful to check what an agent being installed will be told.",
		Attributes: map[string]schema.Attribute{
			"config": schema.MapAttribute{
				Description: "The settings, by name (for example `mainRegion`, `obs_domain`, `disktype`), as the service sends them.",
				Computed:    true, ElementType: types.StringType,
			},
			"regions": schema.ListAttribute{
				Description: "The regions the service offers, each a map of its fields as the service sends them.",
				Computed:    true, ElementType: types.MapType{ElemType: types.StringType},
			},
		},
	}
}

func (d *smsAgentConfigsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, err := d.client.ShowAgentConfig(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Agent Configuration", "Reading the SMS agent configuration", err)
		return
	}
	m, diags := agentConfigModel(ctx, c)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// agentConfigModel maps the answer to the attributes; a missing config or
// region list is empty, not null.
func agentConfigModel(ctx context.Context, c *sms.AgentConfig) (smsAgentConfigsModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	config := c.Config
	if config == nil {
		config = map[string]string{}
	}
	m := smsAgentConfigsModel{}
	var d diag.Diagnostics
	m.Config, d = types.MapValueFrom(ctx, types.StringType, config)
	diags.Append(d...)
	regions := make([]attr.Value, 0, len(c.Regions))
	for _, r := range c.Regions {
		v, d := types.MapValueFrom(ctx, types.StringType, r)
		diags.Append(d...)
		regions = append(regions, v)
	}
	m.Regions, d = types.ListValue(types.MapType{ElemType: types.StringType}, regions)
	diags.Append(d...)
	return m, diags
}

type smsAgentConfigsModel struct {
	Config  types.Map  `tfsdk:"config"`
	Regions types.List `tfsdk:"regions"`
}
