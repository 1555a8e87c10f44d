package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsSourceServersDataSource)(nil)

// sourceServerStates are the states a source server can be listed by.
var sourceServerStates = []string{
	sms.SourceStateUnavailable, sms.SourceStateWaiting, sms.SourceStateInitialize, sms.SourceStateReplicate,
	sms.SourceStateSyncing, sms.SourceStateStopping, sms.SourceStateStopped, sms.SourceStateSkipping,
	sms.SourceStateDeleting, sms.SourceStateClearing, sms.SourceStateCleared, sms.SourceStateClearFailed,
	sms.SourceStatePremigReady, sms.SourceStatePremiged, sms.SourceStatePremigFailed, sms.SourceStateCloning,
	sms.SourceStateCutovering, sms.SourceStateFinished, sms.SourceStateError,
}

// NewSMSSourceServersDataSource is the constructor of data source
// huaweicloud_sms_source_servers.
func NewSMSSourceServersDataSource() datasource.DataSource { return &smsSourceServersDataSource{} }

type smsSourceServersDataSource struct {
	dataSourceWithConfigure
}

func (d *smsSourceServersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_servers"
}

func (d *smsSourceServersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the source servers registered with Server Migration Service (SMS v3) by the SMS agent, optionally filtered by name, state or ID. " +
			"Use it to find the `source_server_id` of a `huaweicloud_sms_task`.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Description: "Only list the source servers with this name (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"state": schema.StringAttribute{
				Description: "Only list the source servers in this state, one of `" + strings.Join(sourceServerStates, "`, `") + "`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(sourceServerStates...)},
			},
			"id": schema.StringAttribute{
				Description: "Only list the source server with this ID (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"ip": schema.StringAttribute{
				Description: "Only list the source servers with this IP address.",
				Optional:    true,
				Validators:  []validator.String{ipAddress()},
			},
			"connected": schema.BoolAttribute{
				Description: "Only list the source servers whose SMS agent is connected (`true`) or disconnected (`false`).",
				Optional:    true,
			},
			"migration_project_id": schema.StringAttribute{
				Description: "Only list the source servers in this migration project (1 to 255 characters); see `huaweicloud_sms_migration_project`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"enterprise_project_id": schema.StringAttribute{
				Description: "Only list the source servers in this enterprise project (1 to 255 characters; `0` is the default enterprise project). Defaults to the provider's `enterprise_project_id`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"servers": schema.ListNestedAttribute{
				Description:  "The matching source servers, in the order the service lists them.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: sourceServerAttributes()},
			},
		},
	}
}

func (d *smsSourceServersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsSourceServersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := sms.ListSourcesFilter{Name: cfg.Name.ValueString(), State: cfg.State.ValueString(), ID: cfg.ID.ValueString(),
		IP: cfg.IP.ValueString(), MigProject: cfg.MigrationProjectID.ValueString(),
		EnterpriseProjectID: stringOr(cfg.EnterpriseProjectID, d.client.EnterpriseProjectID()), Connected: boolPtr(cfg.Connected)}
	servers, err := d.client.ListSources(ctx, filter)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing SMS Source Servers", "Listing SMS source servers", err)
		return
	}
	cfg.Servers = make([]smsSourceServerModel, 0, len(servers))
	for _, s := range servers {
		cfg.Servers = append(cfg.Servers, flattenSourceServer(s))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

type smsSourceServersModel struct {
	Name    types.String           `tfsdk:"name"`
	State   types.String           `tfsdk:"state"`
	ID      types.String           `tfsdk:"id"`
	Servers []smsSourceServerModel `tfsdk:"servers"`

	IP                  types.String `tfsdk:"ip"`
	Connected           types.Bool   `tfsdk:"connected"`
	MigrationProjectID  types.String `tfsdk:"migration_project_id"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`
}

// sourceServerAttributes describes one source server as the service lists
// it; huaweicloud_sms_source_servers and huaweicloud_sms_source_server share it.
func sourceServerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":         computedString("The ID of the source server."),
		"name":       computedString("The name of the source server."),
		"ip":         computedString("The IP address of the source server."),
		"os_type":    computedString("The operating system of the source server: `WINDOWS` or `LINUX`."),
		"os_version": computedString("The operating system version of the source server, for example `CENTOS_7_9_64BIT`."),
		"state":      computedString("The state of the source server (lower case), for example `waiting`, `replicate`, `stopped` or `finished`."),
		"connected": schema.BoolAttribute{
			Description: "Whether the SMS agent on the source server is connected to the service. A task can only be created for a connected source server.",
			Computed:    true,
		},
		"enterprise_project_id": computedString("The enterprise project of the source server."),
		"migration_cycle":       computedString("The migration stage of the source server, for example `checking`, `replicating` or `cutovered`; empty before any task."),
		"cpu_quantity":          schema.Int64Attribute{Description: "The number of CPUs of the source server.", Computed: true},
		"memory":                schema.Int64Attribute{Description: "The memory of the source server in bytes.", Computed: true},
		"init_target_server":    sourceTargetLayoutSchema(),
	}
}

// flattenSourceServer maps a listed source server to its attributes.
func flattenSourceServer(s sms.SourceServer) smsSourceServerModel {
	return smsSourceServerModel{
		ID:        types.StringValue(s.ID),
		Name:      types.StringValue(s.Name),
		IP:        types.StringValue(s.IP),
		OSType:    types.StringValue(s.OsType),
		OSVersion: types.StringValue(s.OsVersion),
		State:     types.StringValue(s.State),
		Connected: types.BoolValue(s.Connected),

		EnterpriseProjectID: types.StringValue(s.EnterpriseProjectID),
		MigrationCycle:      types.StringValue(s.MigrationCycle),
		CPUQuantity:         types.Int64Value(int64(s.CPUQuantity)),
		Memory:              types.Int64Value(s.Memory),
		InitTargetServer:    sourceTargetLayout(s.InitTargetServer),
	}
}

type smsSourceServerModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	IP        types.String `tfsdk:"ip"`
	OSType    types.String `tfsdk:"os_type"`
	OSVersion types.String `tfsdk:"os_version"`
	State     types.String `tfsdk:"state"`
	Connected types.Bool   `tfsdk:"connected"`

	EnterpriseProjectID types.String            `tfsdk:"enterprise_project_id"`
	MigrationCycle      types.String            `tfsdk:"migration_cycle"`
	CPUQuantity         types.Int64             `tfsdk:"cpu_quantity"`
	Memory              types.Int64             `tfsdk:"memory"`
	InitTargetServer    sourceTargetLayoutModel `tfsdk:"init_target_server"`
}
