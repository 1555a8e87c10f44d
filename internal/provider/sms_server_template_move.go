package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ resource.ResourceWithMoveState = (*smsServerTemplateResource)(nil)

// MoveState takes a huaweicloud_sms_server_template of the official provider
// over (moved block, Terraform 1.8 and later).
func (r *smsServerTemplateResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{officialMove("huaweicloud_sms_server_template", moveOfficialTemplate)}
}

// officialTemplate is the state of the official
// huaweicloud_sms_server_template, schema version 0: every attribute it holds.
type officialTemplate struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	AvailabilityZone string            `json:"availability_zone"`
	Region           *string           `json:"region"`
	ProjectID        *string           `json:"project_id"`
	VPCID            *string           `json:"vpc_id"`
	VPCName          *string           `json:"vpc_name"`
	SubnetIDs        []string          `json:"subnet_ids"`
	SecurityGroupIDs []string          `json:"security_group_ids"`
	VolumeType       *string           `json:"volume_type"`
	Flavor           *string           `json:"flavor"`
	BandwidthSize    *int              `json:"bandwidth_size"`
	TargetServerName *string           `json:"target_server_name"`
	Timeouts         *officialTimeouts `json:"timeouts"`
}

// moveOfficialTemplate writes this provider's state of the template the
// official state describes, converted the way a read converts the API's
// answer (fromAPI). The arguments the official provider has no equivalent of
// (data_volume_type, image_id, disks) stay null until the refresh that
// follows the move reads the template.
func moveOfficialTemplate(ctx context.Context, o *officialTemplate, resp *resource.MoveStateResponse) {
	t := &sms.Template{
		ID: o.ID, Name: o.Name, AvailabilityZone: o.AvailabilityZone,
		Region: officialString(o.Region), ProjectID: officialString(o.ProjectID), TargetServerName: officialString(o.TargetServerName),
		VolumeType: officialString(o.VolumeType), Flavor: officialString(o.Flavor),
		VPC: &sms.TemplateVPC{ID: officialString(o.VPCID), Name: officialString(o.VPCName)},
	}
	for _, id := range o.SubnetIDs {
		t.Nics = append(t.Nics, sms.TemplateNic{ID: id})
	}
	for _, id := range o.SecurityGroupIDs {
		t.SecurityGroups = append(t.SecurityGroups, sms.TemplateSG{ID: id})
	}
	// The official provider reads a template without a public IP as 0.
	if o.BandwidthSize != nil && *o.BandwidthSize > 0 {
		t.PublicIP = &sms.TemplateEIP{Type: smsTemplateEIPType, BandwidthSize: *o.BandwidthSize}
	}
	var m smsServerTemplateModel
	m.fromAPI(t)
	m.DataVolumeType = types.StringNull()
	m.PasswordVersion = types.Int64Null()
	m.Timeouts = o.Timeouts.value(timeoutTypes(smsServerTemplateSchema(ctx)))
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
