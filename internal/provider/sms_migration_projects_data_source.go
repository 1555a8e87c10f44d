package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*smsMigrationProjectsDataSource)(nil)

// NewSMSMigrationProjectsDataSource is the constructor of data source
// huaweicloud_sms_migration_projects.
func NewSMSMigrationProjectsDataSource() datasource.DataSource {
	return &smsMigrationProjectsDataSource{}
}

type smsMigrationProjectsDataSource struct {
	dataSourceWithConfigure
}

func (d *smsMigrationProjectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_migration_projects"
}

func (d *smsMigrationProjectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the Server Migration Service (SMS v3) migration projects of the account. " +
			"The API has no filters; `name` and `is_default` are applied by the provider to the full list.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Description: "Only list the project with this name (1 to 100 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, smsMigrationProjectNameMax)},
			},
			"is_default": schema.BoolAttribute{
				Description: "Only list the default project (`true`) or the other projects (`false`).",
				Optional:    true,
			},
			"projects": schema.ListNestedAttribute{
				Description: "The matching projects, in the order the service lists them.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                  computedString("The ID of the project."),
					"name":                computedString("The name of the project."),
					"description":         computedString("The description of the project."),
					"region":              computedString("The region the project migrates to."),
					"type":                computedString("The migration type: `MIGRATE_BLOCK` or `MIGRATE_FILE`."),
					"enterprise_project":  computedString("The name of the enterprise project."),
					"is_default":          computedBool("Whether this is the account's default project."),
					"use_public_ip":       computedBool("Whether tasks migrate over a public IP address."),
					"exist_server":        computedBool("Whether the migration project has source servers. (The list answers this here; it is not the `exist_server` setting of `huaweicloud_sms_migration_project`.)"),
					"syncing":             computedBool("Whether tasks keep synchronizing after the first replication."),
					"start_target_server": computedBool("Whether the target server is started after the migration."),
					"start_network_check": computedBool("Whether tasks measure the network quality."),
					"speed_limit":         schema.Int64Attribute{Description: "The migration rate limit in Mbit/s; 0 means none.", Computed: true},
				}},
			},
		},
	}
}

func (d *smsMigrationProjectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsMigrationProjectsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListMigProjects(ctx, 0)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing SMS Migration Projects", "Listing SMS migration projects", err)
		return
	}
	cfg.Projects = make([]smsMigrationProjectItem, 0, len(list))
	for i := range list {
		var m smsMigrationProjectModel
		m.fromAPI(&list[i])
		if knownString(cfg.Name) && m.Name.ValueString() != cfg.Name.ValueString() {
			continue
		}
		if !cfg.IsDefault.IsNull() && m.IsDefault.ValueBool() != cfg.IsDefault.ValueBool() {
			continue
		}
		cfg.Projects = append(cfg.Projects, smsMigrationProjectItem{
			ID: m.ID, Name: m.Name, Description: m.Description, Region: m.Region, Type: m.Type,
			EnterpriseProject: m.EnterpriseProject, IsDefault: m.IsDefault, UsePublicIP: m.UsePublicIP,
			ExistServer: m.ExistServer, Syncing: m.Syncing, StartTargetServer: m.StartTargetServer,
			StartNetworkCheck: m.StartNetworkCheck, SpeedLimit: m.SpeedLimit,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

type smsMigrationProjectsModel struct {
	Name      types.String              `tfsdk:"name"`
	IsDefault types.Bool                `tfsdk:"is_default"`
	Projects  []smsMigrationProjectItem `tfsdk:"projects"`
}

type smsMigrationProjectItem struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	Description       types.String `tfsdk:"description"`
	Region            types.String `tfsdk:"region"`
	Type              types.String `tfsdk:"type"`
	EnterpriseProject types.String `tfsdk:"enterprise_project"`
	IsDefault         types.Bool   `tfsdk:"is_default"`
	UsePublicIP       types.Bool   `tfsdk:"use_public_ip"`
	ExistServer       types.Bool   `tfsdk:"exist_server"`
	Syncing           types.Bool   `tfsdk:"syncing"`
	StartTargetServer types.Bool   `tfsdk:"start_target_server"`
	StartNetworkCheck types.Bool   `tfsdk:"start_network_check"`
	SpeedLimit        types.Int64  `tfsdk:"speed_limit"`
}
