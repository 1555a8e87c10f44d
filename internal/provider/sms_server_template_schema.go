package provider

import (
	"context"
	"fmt"
	"net"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The schema of huaweicloud_sms_server_template, with the limits, validators
// and plan modifiers only it uses.

// Limits of a server template. The SMS pages give no lengths; these are the
// service's general 255-character field limit and the limits of the
// services the target is made with: an ECS server's password is 8 to 26
// characters (ECS CreateServers, adminPass), an EIP's bandwidth 1 to 2000
// Mbit/s in steps (VPC CreatePublicip, bandwidth.size). The fake applies
// them only under its strict-template-limits reading, so these plan-time
// checks are what keeps such values from the service.
const (
	smsTemplateFieldMax     = 255
	smsTemplatePasswordMin  = 8
	smsTemplatePasswordMax  = 26
	smsTemplateBandwidthMax = 2000
	// smsTemplateEIPType is the public IP type the template asks for.
	smsTemplateEIPType = "5_bgp"
)

// evsVolumeTypePattern is the shape of an EVS disk type (SAS, SSD, GPSSD,
// ESSD2, co-p1, ...): TemplateRequest takes any EVS type, not an enum.
const evsVolumeTypePattern = `^[A-Za-z0-9][A-Za-z0-9_-]*$`

// evsVolumeType validates a disk type's shape and length.
func evsVolumeType() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, smsTemplateFieldMax),
		stringvalidator.RegexMatches(schemaPattern(evsVolumeTypePattern), "must be an EVS disk type such as SAS, SSD, GPSSD or ESSD: letters, digits, hyphens (-) and underscores (_)"),
	}
}

// bandwidthSteps checks the EIP bandwidth steps: any value up to 300
// Mbit/s, multiples of 50 up to 1000, multiples of 500 above.
type bandwidthSteps struct{}

func (bandwidthSteps) Description(context.Context) string {
	return "value must be a multiple of 50 above 300 and a multiple of 500 above 1000"
}

func (v bandwidthSteps) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (bandwidthSteps) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := req.ConfigValue.ValueInt64()
	switch {
	case n > 1000 && n%500 != 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Bandwidth Size", fmt.Sprintf("Above 1000 Mbit/s the bandwidth goes in steps of 500 Mbit/s, got %d.", n))
	case n > 300 && n%50 != 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Bandwidth Size", fmt.Sprintf("Between 300 and 1000 Mbit/s the bandwidth goes in steps of 50 Mbit/s, got %d.", n))
	}
}

func smsServerTemplateSchema(ctx context.Context) schema.Schema {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the template to be created (a duration such as `10m`). Defaults to `%s`.", smsServerTemplateTimeout),
		UpdateDescription: fmt.Sprintf("How long to wait for the template to be updated (a duration such as `10m`). Defaults to `%s`.", smsServerTemplateTimeout),
		DeleteDescription: fmt.Sprintf("How long to wait for the template to be deleted (a duration such as `10m`). Defaults to `%s`.", smsServerTemplateTimeout),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limits for the create, update and delete operations of this resource."
	field := func() []validator.String {
		return []validator.String{stringvalidator.LengthBetween(1, smsTemplateFieldMax)}
	}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	autoList := types.ListValueMust(types.StringType, []attr.Value{types.StringValue(sms.AutoCreate)})
	// idList is subnet_ids or security_group_ids: given, taken from the
	// object form (objects) when that is configured, else autoCreate.
	idList := func(desc, objects string) schema.ListAttribute {
		return schema.ListAttribute{
			Description: desc, ElementType: types.StringType, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.List{idsFromObjects{objects: path.Root(objects), otherwise: autoList}},
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, smsTemplateFieldMax)),
				listvalidator.ConflictsWith(path.MatchRoot(objects))},
		}
	}
	objectList := func(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{
			Description: desc, Optional: true,
			Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: attrs},
		}
	}
	return schema.Schema{
		Description: "Manages a Server Migration Service (SMS v3) server template: the target server settings (zone, flavor, network, disks, password) " +
			"a migration task can be created from, through the task's `vm_template_id`. " +
			"The target password is a write-only argument: Terraform sends it and never stores it in the plan or the state. " +
			"A template that a task uses cannot be destroyed until the task is deleted.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The ID of the server template.", Computed: true, PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				Description: fmt.Sprintf("The name of the template: 1 to %d Chinese characters, letters, digits, underscores (_) or hyphens (-).", smsTemplateFieldMax),
				Required:    true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, smsTemplateFieldMax),
					smsNameCharacters(),
				},
			},
			"availability_zone": schema.StringAttribute{
				Description: "The availability zone of the target server, for example `cn-north-4a` (1 to 255 characters).",
				Required:    true, Validators: field(),
			},
			"region": schema.StringAttribute{
				Description: "The region of the target server (1 to 255 characters). Defaults to the provider's region.",
				Optional:    true, Computed: true, Validators: field(), PlanModifiers: keep,
			},
			"project_id": schema.StringAttribute{
				Description: "The IAM project of the target server (1 to 255 characters). Defaults to the provider's project.",
				Optional:    true, Computed: true, Validators: field(), PlanModifiers: keep,
			},
			"target_server_name": schema.StringAttribute{
				Description: "The name of the target server (1 to 255 characters). Defaults to the template name.",
				Optional:    true, Computed: true, Validators: field(), PlanModifiers: keep,
			},
			"vpc_id": schema.StringAttribute{
				Description: "The ID of the VPC of the target server, or `autoCreate` to have the migration create one. Defaults to `autoCreate`.",
				Optional:    true, Computed: true, Default: stringdefault.StaticString(sms.AutoCreate), Validators: field(),
			},
			"vpc_name": schema.StringAttribute{
				Description: "The name of the VPC (1 to 255 characters). When left out it is `autoCreate` for a VPC the migration creates, and whatever the service reports otherwise.",
				Optional:    true, Computed: true, Validators: field(), PlanModifiers: keep,
			},
			"subnet_ids": idList("The IDs of the subnets the target server is attached to, the first one primary, or `[\"autoCreate\"]` to have the migration create one. "+
				"Defaults to the IDs in `subnets`, else `[\"autoCreate\"]`. The API also wants each subnet's name and CIDR block: given only the IDs, the provider sends the ID as the name and no CIDR, "+
				"which works only where the service resolves subnets by ID; use `subnets` to send them.", "subnets"),
			"subnets": objectList("The subnets of the target server with their names and CIDR blocks, the first one primary, instead of `subnet_ids`. "+
				"Use it where the service checks each subnet's name and CIDR block (it refuses a template whose subnets lack them).", map[string]schema.Attribute{
				"id":   schema.StringAttribute{Description: "The ID of the subnet, or `autoCreate`.", Required: true, Validators: field()},
				"name": schema.StringAttribute{Description: "The name of the subnet.", Required: true, Validators: field()},
				"cidr": schema.StringAttribute{Description: "The CIDR block of the subnet, for example `192.168.0.0/24`. Optional: the official provider sends `autoCreate` without one.", Optional: true, Validators: []validator.String{cidrBlock{}}},
			}),
			"security_group_ids": idList("The IDs of the security groups of the target server, or `[\"autoCreate\"]` to have the migration create one. "+
				"Defaults to the IDs in `security_groups`, else `[\"autoCreate\"]`. Given only the IDs, the provider sends each ID as the group's name.", "security_groups"),
			"security_groups": objectList("The security groups of the target server with their names, instead of `security_group_ids`.", map[string]schema.Attribute{
				"id":   schema.StringAttribute{Description: "The ID of the security group, or `autoCreate`.", Required: true, Validators: field()},
				"name": schema.StringAttribute{Description: "The name of the security group.", Required: true, Validators: field()},
			}),
			"volume_type": schema.StringAttribute{
				Description: "The EVS disk type of the target server's system disk, for example `SAS`, `SSD`, `GPSSD` or `ESSD` (1 to 255 letters, digits, hyphens and underscores). Defaults to `SAS`.",
				Optional:    true, Computed: true, Default: stringdefault.StaticString("SAS"),
				Validators: evsVolumeType(),
			},
			"data_volume_type": schema.StringAttribute{
				Description: "The EVS disk type of the target server's data disks, in the form of `volume_type`. Defaults to `volume_type`.",
				Optional:    true, Computed: true, PlanModifiers: keep,
				Validators: evsVolumeType(),
			},
			"flavor": schema.StringAttribute{
				Description: "The flavor of the target server, for example `s6.large.2` (1 to 255 characters). When left out the service picks one matching the source.",
				Optional:    true, Validators: field(),
			},
			"image_id": schema.StringAttribute{
				Description: "The ID of the image the target server is created from (1 to 255 characters). When left out the service picks one matching the source.",
				Optional:    true, Validators: field(),
			},
			"bandwidth_size": schema.Int64Attribute{
				Description: fmt.Sprintf("The bandwidth in Mbit/s of the public IP (type `%s`) the migration uses, 1 to %d: any value up to 300, multiples of 50 up to 1000, multiples of 500 above. "+
					"When left out, no public IP is requested.", smsTemplateEIPType, smsTemplateBandwidthMax),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, smsTemplateBandwidthMax), bandwidthSteps{}},
			},
			"disks": schema.ListNestedAttribute{
				Description: "The disks of the target server. When left out, the service sizes them from the source server.",
				Optional:    true,
				Validators:  []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"index": schema.Int64Attribute{
						Description: "The position of the disk, from 0 (the system disk).", Required: true,
						Validators: []validator.Int64{int64validator.AtLeast(0)},
					},
					"name": schema.StringAttribute{
						Description: "The name of the disk, for example `/dev/vda` (1 to 255 characters).", Required: true, Validators: field(),
					},
					"disk_type": schema.StringAttribute{
						Description: "The EVS disk type of the disk, for example `SAS` or `SSD` (1 to 255 characters).", Required: true, Validators: field(),
					},
					"size": schema.Int64Attribute{
						Description: "The size of the disk in GB, at least 1.", Required: true,
						Validators: []validator.Int64{int64validator.AtLeast(1)},
					},
					"device_use": schema.StringAttribute{
						Description: "What the disk holds: `BOOT`, `OS` or `NORMAL`.", Optional: true,
						Validators: []validator.String{stringvalidator.OneOf(sms.DeviceUseBoot, sms.DeviceUseOS, sms.DeviceUseNormal)},
					},
				}},
			},
			"target_password_wo": schema.StringAttribute{
				Description: fmt.Sprintf("The password of the target server, %d to %d characters. Write-only (Terraform 1.11 and later): it is sent to the service "+
					"and never stored in the plan or the state. It is sent on create and with every update; change `target_password_wo_version` to send a new password when nothing else changes.", smsTemplatePasswordMin, smsTemplatePasswordMax),
				Optional: true, Sensitive: true, WriteOnly: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(smsTemplatePasswordMin, smsTemplatePasswordMax),
					stringvalidator.AlsoRequires(path.MatchRoot("target_password_wo_version")),
				},
			},
			"target_password_wo_version": schema.Int64Attribute{
				Description: "A number to change whenever `target_password_wo` changes, so the new password is sent: the password itself is never stored, so Terraform cannot compare it.",
				Optional:    true,
				Validators:  []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("target_password_wo"))},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": tb},
	}
}

// idsFromObjects plans subnet_ids or security_group_ids left out of the
// configuration: the ids of the object form when that is configured, else
// otherwise (autoCreate).
type idsFromObjects struct {
	objects   path.Path
	otherwise types.List
}

func (m idsFromObjects) Description(context.Context) string {
	return fmt.Sprintf("defaults to the ids in %s, else %s", m.objects, m.otherwise)
}

func (m idsFromObjects) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m idsFromObjects) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var objects types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, m.objects, &objects)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if objects.IsNull() {
		resp.PlanValue = m.otherwise
		return
	}
	unknown := types.ListUnknown(types.StringType)
	if objects.IsUnknown() {
		resp.PlanValue = unknown
		return
	}
	ids := make([]attr.Value, 0, len(objects.Elements()))
	for _, e := range objects.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsUnknown() {
			resp.PlanValue = unknown
			return
		}
		id, ok := obj.Attributes()["id"].(types.String)
		if !ok || id.IsUnknown() {
			resp.PlanValue = unknown
			return
		}
		ids = append(ids, id)
	}
	resp.PlanValue = types.ListValueMust(types.StringType, ids)
}

// cidrBlock checks an IP network in CIDR notation.
type cidrBlock struct{}

func (cidrBlock) Description(context.Context) string {
	return "value must be a CIDR block such as 192.168.0.0/24"
}

func (v cidrBlock) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (cidrBlock) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, _, err := net.ParseCIDR(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CIDR Block",
			fmt.Sprintf("%q is not a CIDR block such as 192.168.0.0/24.", req.ConfigValue.ValueString()))
	}
}
