package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ resource.ResourceWithConfigure   = (*smsServerTemplateResource)(nil)
	_ resource.ResourceWithImportState = (*smsServerTemplateResource)(nil)
	_ resource.ResourceWithIdentity    = (*smsServerTemplateResource)(nil)
)

// Default timeouts of huaweicloud_sms_server_template: every operation is
// one or two API calls.
const smsServerTemplateTimeout = 5 * time.Minute

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

// NewSMSServerTemplateResource is the constructor of
// huaweicloud_sms_server_template.
func NewSMSServerTemplateResource() resource.Resource {
	return &smsServerTemplateResource{withTimeouts: withTimeouts{createTimeout: smsServerTemplateTimeout, updateTimeout: smsServerTemplateTimeout, deleteTimeout: smsServerTemplateTimeout}}
}

type smsServerTemplateResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsServerTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_server_template"
}

func (r *smsServerTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = smsServerTemplateSchema(ctx)
}

func (r *smsServerTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = objectIdentitySchema("server template")
}

func (r *smsServerTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsServerTemplateModel
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}
	password, diags := configPassword(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	body, diags := r.request(ctx, &plan, password)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.client.CreateTemplate(ctx, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Creating SMS Server Template", fmt.Sprintf("Creating server template %q", plan.Name.ValueString())+subnetsByIDHint(body, err), err)
		return
	}
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(keepWritten(ctx, &resp.State, &plan)...)
	r.templates().readBack(ctx, created(resp), &plan, id, "created", plan.fromAPI)
}

func (r *smsServerTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsServerTemplateModel
	r.templates().refresh(ctx, req, resp, &state, state.fromAPI)
}

func (r *smsServerTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsServerTemplateModel
	ctx, cancel, ok := r.updateContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan}, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}
	// The configured password goes with every update: no page says whether
	// UpdateTemplate keeps a stored password the body leaves out or replaces
	// it with the rest of the template. (Its version only makes a change
	// of the password alone visible to Terraform.)
	password, diags := configPassword(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	id := state.ID.ValueString()
	body, diags := r.request(ctx, &plan, password)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.UpdateTemplate(ctx, id, body); err != nil {
		addAPIError(&resp.Diagnostics, "Error Updating SMS Server Template", "Updating server template "+id+subnetsByIDHint(body, err), err)
		return
	}
	r.templates().readBack(ctx, updated(resp), &plan, id, "updated", plan.fromAPI)
}

func (r *smsServerTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state smsServerTemplateModel
	ctx, cancel, ok := r.deleteContext(ctx, &resp.Diagnostics, readModel{req.State, &state})
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	err := r.client.DeleteTemplate(ctx, id)
	if err == nil || sms.IsNotFound(err) {
		return
	}
	// The service keeps a template a task was created from; name the tasks
	// (their source servers carry the template id) instead of a bare code.
	if e, isAPI := sms.AsError(err); isAPI && e.StatusCode >= 400 && e.StatusCode < 500 {
		if users := r.templateUsers(ctx, id); len(users) > 0 {
			resp.Diagnostics.AddError("SMS Server Template Is Used by Migration Tasks",
				fmt.Sprintf("Server template %s cannot be deleted while migration tasks use it: %s. Delete those tasks first, then destroy again. "+
					"It is kept in the Terraform state. (%s)", id, strings.Join(users, ", "), describeError("Deleting server template "+id, err)))
			return
		}
	}
	addAPIError(&resp.Diagnostics, "Error Deleting SMS Server Template", "Deleting server template "+id, err)
}

func (r *smsServerTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importObject(ctx, r.client, "server template", req, resp)
}

// templateUsers names the tasks created from template id, as "name (id)".
func (r *smsServerTemplateResource) templateUsers(ctx context.Context, id string) []string {
	servers, err := r.client.ListSources(ctx, sms.ListSourcesFilter{})
	if err != nil {
		return nil
	}
	var users []string
	for _, s := range servers {
		if t := s.CurrentTask; t != nil && t.VMTemplateID == id {
			users = append(users, fmt.Sprintf("%s (%s)", t.Name, t.ID))
		}
	}
	return users
}

// configPassword reads the write-only password from the configuration
// (write-only values are never in the plan or the state).
func configPassword(ctx context.Context, cfg tfsdk.Config) (string, diag.Diagnostics) {
	var v types.String
	diags := cfg.GetAttribute(ctx, path.Root("target_password_wo"), &v)
	return v.ValueString(), diags
}

// request builds the create or update body from the plan.
func (r *smsServerTemplateResource) request(ctx context.Context, m *smsServerTemplateModel, password string) (*sms.Template, diag.Diagnostics) {
	var diags diag.Diagnostics
	var subnets, groups []string
	if m.Subnets == nil {
		diags.Append(m.SubnetIDs.ElementsAs(ctx, &subnets, false)...)
	}
	if m.SecurityGroups == nil {
		diags.Append(m.SecurityGroupIDs.ElementsAs(ctx, &groups, false)...)
	}
	if diags.HasError() {
		return nil, diags
	}
	isTemplate := true
	t := &sms.Template{
		Name: m.Name.ValueString(), IsTemplate: &isTemplate, AvailabilityZone: m.AvailabilityZone.ValueString(),
		Region: m.Region.ValueString(), ProjectID: m.ProjectID.ValueString(), TargetServerName: m.TargetServerName.ValueString(),
		VolumeType: m.VolumeType.ValueString(), DataVolumeType: m.DataVolumeType.ValueString(),
		Flavor: m.Flavor.ValueString(), ImageID: m.ImageID.ValueString(), TargetPassword: password,
		VPC: &sms.TemplateVPC{ID: m.VPCID.ValueString(), Name: m.VPCName.ValueString()},
	}
	// The defaults the plan cannot know: the provider's region and project,
	// the template name as the target server name, the system disk type for
	// data disks.
	if !knownString(m.Region) {
		t.Region = r.client.Region()
	}
	if !knownString(m.ProjectID) {
		pid, err := r.client.ProjectID(ctx)
		if err != nil {
			addAPIError(&diags, "Error Finding the IAM Project", "Finding the IAM project of the provider", err)
			return nil, diags
		}
		t.ProjectID = pid
	}
	if !knownString(m.TargetServerName) {
		t.TargetServerName = t.Name
	}
	if !knownString(m.DataVolumeType) {
		t.DataVolumeType = t.VolumeType
	}
	if t.VPC.ID == sms.AutoCreate && t.VPC.Name == "" {
		t.VPC.Name = sms.AutoCreate
	}
	// Nics and SgObject want a name (and a subnet a CIDR block) with each
	// id. subnets and security_groups give them; with only the ids the
	// provider sends the id as the name and an empty CIDR, which works only
	// where the service resolves them by id (no page says whether it does).
	switch {
	case m.Subnets != nil:
		for _, n := range m.Subnets {
			t.Nics = append(t.Nics, sms.TemplateNic{ID: n.ID.ValueString(), Name: n.Name.ValueString(), Cidr: n.CIDR.ValueString()})
		}
	default:
		for _, id := range subnets {
			t.Nics = append(t.Nics, sms.TemplateNic{ID: id, Name: id})
		}
	}
	switch {
	case m.SecurityGroups != nil:
		for _, g := range m.SecurityGroups {
			t.SecurityGroups = append(t.SecurityGroups, sms.TemplateSG{ID: g.ID.ValueString(), Name: g.Name.ValueString()})
		}
	default:
		for _, id := range groups {
			t.SecurityGroups = append(t.SecurityGroups, sms.TemplateSG{ID: id, Name: id})
		}
	}
	for _, d := range m.Disks {
		t.Disks = append(t.Disks, sms.TemplateDisk{Index: int(d.Index.ValueInt64()), Name: d.Name.ValueString(),
			DiskType: d.DiskType.ValueString(), Size: d.Size.ValueInt64(), DeviceUse: d.DeviceUse.ValueString()})
	}
	if !m.BandwidthSize.IsNull() && !m.BandwidthSize.IsUnknown() {
		t.PublicIP = &sms.TemplateEIP{Type: smsTemplateEIPType, BandwidthSize: int(m.BandwidthSize.ValueInt64())}
	}
	return t, diags
}

// templates is how the CRUD skeleton finds server templates.
func (r *smsServerTemplateResource) templates() apiObject[sms.Template] {
	return apiObject[sms.Template]{client: r.client, title: "SMS Server Template", noun: "server template", show: r.client.ShowTemplate}
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

type smsServerTemplateModel struct {
	ID               types.String                    `tfsdk:"id"`
	Name             types.String                    `tfsdk:"name"`
	AvailabilityZone types.String                    `tfsdk:"availability_zone"`
	Region           types.String                    `tfsdk:"region"`
	ProjectID        types.String                    `tfsdk:"project_id"`
	TargetServerName types.String                    `tfsdk:"target_server_name"`
	VPCID            types.String                    `tfsdk:"vpc_id"`
	VPCName          types.String                    `tfsdk:"vpc_name"`
	SubnetIDs        types.List                      `tfsdk:"subnet_ids"`
	Subnets          []smsTemplateSubnetModel        `tfsdk:"subnets"`
	SecurityGroupIDs types.List                      `tfsdk:"security_group_ids"`
	SecurityGroups   []smsTemplateSecurityGroupModel `tfsdk:"security_groups"`
	VolumeType       types.String                    `tfsdk:"volume_type"`
	DataVolumeType   types.String                    `tfsdk:"data_volume_type"`
	Flavor           types.String                    `tfsdk:"flavor"`
	ImageID          types.String                    `tfsdk:"image_id"`
	BandwidthSize    types.Int64                     `tfsdk:"bandwidth_size"`
	Disks            []smsTemplateDiskModel          `tfsdk:"disks"`
	Password         types.String                    `tfsdk:"target_password_wo"`
	PasswordVersion  types.Int64                     `tfsdk:"target_password_wo_version"`
	Timeouts         timeouts.Value                  `tfsdk:"timeouts"`
}

// smsTemplateSubnetModel is one subnet of the target server, as Nics has it.
type smsTemplateSubnetModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	CIDR types.String `tfsdk:"cidr"`
}

// smsTemplateSecurityGroupModel is one security group, as SgObject has it.
type smsTemplateSecurityGroupModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

// smsTemplateDiskModel is one target disk of a template.
type smsTemplateDiskModel struct {
	Index     types.Int64  `tfsdk:"index"`
	Name      types.String `tfsdk:"name"`
	DiskType  types.String `tfsdk:"disk_type"`
	Size      types.Int64  `tfsdk:"size"`
	DeviceUse types.String `tfsdk:"device_use"`
}

// fromAPI copies a template as the API returned it into m. The password is
// never read (the client drops it): the write-only attribute stays null.
func (m *smsServerTemplateModel) fromAPI(t *sms.Template) {
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.AvailabilityZone = types.StringValue(t.AvailabilityZone)
	m.Region = types.StringValue(t.Region)
	m.ProjectID = types.StringValue(t.ProjectID)
	m.TargetServerName = types.StringValue(t.TargetServerName)
	m.VPCID, m.VPCName = types.StringValue(sms.AutoCreate), types.StringValue(sms.AutoCreate)
	if t.VPC != nil {
		m.VPCID, m.VPCName = types.StringValue(t.VPC.ID), types.StringValue(t.VPC.Name)
	}
	subnets := make([]attr.Value, 0, len(t.Nics))
	for _, n := range t.Nics {
		subnets = append(subnets, types.StringValue(n.ID))
	}
	groups := make([]attr.Value, 0, len(t.SecurityGroups))
	for _, g := range t.SecurityGroups {
		groups = append(groups, types.StringValue(g.ID))
	}
	m.SubnetIDs = types.ListValueMust(types.StringType, subnets)
	m.SecurityGroupIDs = types.ListValueMust(types.StringType, groups)
	// The object forms are kept where the configuration uses them.
	if m.Subnets != nil {
		m.Subnets = make([]smsTemplateSubnetModel, 0, len(t.Nics))
		for _, n := range t.Nics {
			m.Subnets = append(m.Subnets, smsTemplateSubnetModel{ID: types.StringValue(n.ID), Name: types.StringValue(n.Name), CIDR: nullIfEmpty(n.Cidr)})
		}
	}
	if m.SecurityGroups != nil {
		m.SecurityGroups = make([]smsTemplateSecurityGroupModel, 0, len(t.SecurityGroups))
		for _, g := range t.SecurityGroups {
			m.SecurityGroups = append(m.SecurityGroups, smsTemplateSecurityGroupModel{ID: types.StringValue(g.ID), Name: types.StringValue(g.Name)})
		}
	}
	m.VolumeType = types.StringValue(t.VolumeType)
	m.DataVolumeType = types.StringValue(t.DataVolumeType)
	m.Flavor = nullIfEmpty(t.Flavor)
	m.ImageID = nullIfEmpty(t.ImageID)
	m.BandwidthSize = types.Int64Null()
	if t.PublicIP != nil {
		m.BandwidthSize = types.Int64Value(int64(t.PublicIP.BandwidthSize))
	}
	m.Disks = nil // no disks: the attribute stays null
	for _, d := range t.Disks {
		m.Disks = append(m.Disks, smsTemplateDiskModel{
			Index: types.Int64Value(int64(d.Index)), Name: types.StringValue(d.Name), DiskType: types.StringValue(d.DiskType),
			Size: types.Int64Value(d.Size), DeviceUse: nullIfEmpty(d.DeviceUse),
		})
	}
	m.Password = types.StringNull()
}

// subnetsByIDHint follows the description of a refused template write whose
// subnets went by ID alone (the ID as the name, no CIDR block) with the way
// to send them whole: no page says whether the service checks them.
func subnetsByIDHint(sent *sms.Template, err error) string {
	if e, ok := sms.AsError(err); !ok || e.StatusCode != http.StatusBadRequest {
		return ""
	}
	for _, n := range sent.Nics {
		if n.ID != sms.AutoCreate && n.Cidr == "" {
			return " (its subnets went by ID alone, without names and CIDR blocks: if the service refused them, give them in `subnets` instead of `subnet_ids`)"
		}
	}
	return ""
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
