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

var _ datasource.DataSourceWithConfigure = (*smsServerTemplatesDataSource)(nil)

// NewSMSServerTemplatesDataSource is the constructor of data source
// huaweicloud_sms_server_templates.
func NewSMSServerTemplatesDataSource() datasource.DataSource { return &smsServerTemplatesDataSource{} }

type smsServerTemplatesDataSource struct {
	dataSourceWithConfigure
}

func (d *smsServerTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_server_templates"
}

func (d *smsServerTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			Description: desc + " (1 to 255 characters).", Optional: true,
			Validators: []validator.String{stringvalidator.LengthBetween(1, smsTemplateFieldMax)},
		}
	}
	resp.Schema = schema.Schema{
		Description: "Lists the Server Migration Service (SMS v3) server templates, optionally filtered by name, ID, availability zone or region. " +
			"Target passwords are never read.",
		Attributes: map[string]schema.Attribute{
			"name":              filter("Only list the templates with this name"),
			"id":                filter("Only list the template with this ID"),
			"availability_zone": filter("Only list the templates for this availability zone"),
			"region":            filter("Only list the templates for this region"),
			"templates": schema.ListNestedAttribute{
				Description: "The matching templates, in the order the service lists them.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                 computedString("The ID of the template."),
					"name":               computedString("The name of the template."),
					"is_template":        schema.BoolAttribute{Description: "Whether the template is a general one; a template a task was created from is not.", Computed: true},
					"region":             computedString("The region of the target server."),
					"project_id":         computedString("The IAM project of the target server."),
					"target_server_name": computedString("The name of the target server."),
					"availability_zone":  computedString("The availability zone of the target server."),
					"volume_type":        computedString("The EVS disk type of the system disk, for example `SAS`, `SSD` or `GPSSD`."),
					"data_volume_type":   computedString("The EVS disk type of the data disks, for example `SAS`, `SSD` or `GPSSD`."),
					"flavor":             computedString("The flavor of the target server; empty when the service picks one."),
					"image_id":           computedString("The image of the target server; empty when the service picks one."),
					"vpc_id":             computedString("The VPC ID, or `autoCreate`."),
					"vpc_name":           computedString("The VPC name."),
					"subnet_ids":         computedStringList("The subnet IDs, or `autoCreate`."),
					"security_group_ids": computedStringList("The security group IDs, or `autoCreate`."),
					"bandwidth_size":     schema.Int64Attribute{Description: "The public IP bandwidth in Mbit/s; null when no public IP is requested.", Computed: true},
				}},
			},
		},
	}
}

func (d *smsServerTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsServerTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListTemplates(ctx, sms.ListTemplatesFilter{
		Name: cfg.Name.ValueString(), ID: cfg.ID.ValueString(),
		AvailabilityZone: cfg.AvailabilityZone.ValueString(), Region: cfg.Region.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing SMS Server Templates", "Listing SMS server templates", err)
		return
	}
	cfg.Templates = make([]smsServerTemplateItem, 0, len(list))
	for i := range list {
		t := &list[i]
		var m smsServerTemplateModel
		m.fromAPI(t)
		cfg.Templates = append(cfg.Templates, smsServerTemplateItem{
			ID: m.ID, Name: m.Name, IsTemplate: types.BoolValue(t.IsTemplate != nil && *t.IsTemplate), Region: m.Region,
			ProjectID: m.ProjectID, TargetServerName: m.TargetServerName, AvailabilityZone: m.AvailabilityZone,
			VolumeType: m.VolumeType, DataVolumeType: m.DataVolumeType, Flavor: types.StringValue(t.Flavor),
			ImageID: types.StringValue(t.ImageID), VPCID: m.VPCID, VPCName: m.VPCName, SubnetIDs: m.SubnetIDs,
			SecurityGroupIDs: m.SecurityGroupIDs, BandwidthSize: m.BandwidthSize,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

type smsServerTemplatesModel struct {
	Name             types.String            `tfsdk:"name"`
	ID               types.String            `tfsdk:"id"`
	AvailabilityZone types.String            `tfsdk:"availability_zone"`
	Region           types.String            `tfsdk:"region"`
	Templates        []smsServerTemplateItem `tfsdk:"templates"`
}

type smsServerTemplateItem struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	IsTemplate       types.Bool   `tfsdk:"is_template"`
	Region           types.String `tfsdk:"region"`
	ProjectID        types.String `tfsdk:"project_id"`
	TargetServerName types.String `tfsdk:"target_server_name"`
	AvailabilityZone types.String `tfsdk:"availability_zone"`
	VolumeType       types.String `tfsdk:"volume_type"`
	DataVolumeType   types.String `tfsdk:"data_volume_type"`
	Flavor           types.String `tfsdk:"flavor"`
	ImageID          types.String `tfsdk:"image_id"`
	VPCID            types.String `tfsdk:"vpc_id"`
	VPCName          types.String `tfsdk:"vpc_name"`
	SubnetIDs        types.List   `tfsdk:"subnet_ids"`
	SecurityGroupIDs types.List   `tfsdk:"security_group_ids"`
	BandwidthSize    types.Int64  `tfsdk:"bandwidth_size"`
}
