package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
	body, diags := r.request(ctx, &plan, req.Config)
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

	id := state.ID.ValueString()
	// The configured password goes with every update (request): no page
	// says whether UpdateTemplate keeps a stored password the body leaves
	// out or replaces it with the rest of the template. (Its version only
	// makes a change of the password alone visible to Terraform.)
	body, diags := r.request(ctx, &plan, req.Config)
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

// request builds the create or update body from the plan, with the
// write-only password from the configuration.
func (r *smsServerTemplateResource) request(ctx context.Context, m *smsServerTemplateModel, cfg tfsdk.Config) (*sms.Template, diag.Diagnostics) {
	password, diags := configPassword(ctx, cfg)
	if diags.HasError() {
		return nil, diags
	}
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
