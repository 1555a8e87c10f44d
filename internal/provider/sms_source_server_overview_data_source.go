package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsSourceServerOverviewDataSource)(nil)

// NewSMSSourceServerOverviewDataSource is the constructor of data source
// huaweicloud_sms_source_server_overview.
func NewSMSSourceServerOverviewDataSource() datasource.DataSource {
	return &smsSourceServerOverviewDataSource{}
}

type smsSourceServerOverviewDataSource struct {
	dataSourceWithConfigure
}

func (d *smsSourceServerOverviewDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_server_overview"
}

// overviewCounts lists the overview's attributes and what each counts.
var overviewCounts = []struct{ name, desc string }{
	{"waiting", "waiting to be migrated"},
	{"initialize", "initializing their migration"},
	{"replicate", "replicating"},
	{"syncing", "synchronizing"},
	{"stopping", "stopping (pausing)"},
	{"stopped", "paused"},
	{"skipping", "skipping a step"},
	{"deleting", "being deleted"},
	{"cloning", "waiting for a clone to finish"},
	{"cutovering", "launching their target"},
	{"finished", "with their target launched"},
	{"unavailable", "that failed the environment check"},
	{"error", "in error"},
	{"unconfigured", "with no target configured"},
}

func (d *smsSourceServerOverviewDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := make(map[string]schema.Attribute, len(overviewCounts))
	for _, c := range overviewCounts {
		attrs[c.name] = computedInt64("The number of source servers " + c.desc + ".")
	}
	resp.Schema = schema.Schema{
		Description: "Counts the source servers registered with Server Migration Service by state (ShowOverview, one call). A state the service leaves out of its answer counts 0.",
		Attributes:  attrs,
	}
}

func (d *smsSourceServerOverviewDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	o, err := d.client.ShowOverview(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Source Server Overview", "Reading the number of source servers in each state", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, overviewModel(o))...)
}

// overviewModel maps the answer to the attributes.
func overviewModel(o *sms.SourceOverview) *smsSourceServerOverviewModel {
	n := func(v int) types.Int64 { return types.Int64Value(int64(v)) }
	return &smsSourceServerOverviewModel{
		Waiting: n(o.Waiting), Initialize: n(o.Initialize), Replicate: n(o.Replicate), Syncing: n(o.Syncing),
		Stopping: n(o.Stopping), Stopped: n(o.Stopped), Skipping: n(o.Skipping), Deleting: n(o.Deleting),
		Cloning: n(o.Cloning), Cutovering: n(o.Cutovering), Finished: n(o.Finished), Unavailable: n(o.Unavailable),
		Error: n(o.Error), Unconfigured: n(o.Unconfigured),
	}
}

type smsSourceServerOverviewModel struct {
	Waiting      types.Int64 `tfsdk:"waiting"`
	Initialize   types.Int64 `tfsdk:"initialize"`
	Replicate    types.Int64 `tfsdk:"replicate"`
	Syncing      types.Int64 `tfsdk:"syncing"`
	Stopping     types.Int64 `tfsdk:"stopping"`
	Stopped      types.Int64 `tfsdk:"stopped"`
	Skipping     types.Int64 `tfsdk:"skipping"`
	Deleting     types.Int64 `tfsdk:"deleting"`
	Cloning      types.Int64 `tfsdk:"cloning"`
	Cutovering   types.Int64 `tfsdk:"cutovering"`
	Finished     types.Int64 `tfsdk:"finished"`
	Unavailable  types.Int64 `tfsdk:"unavailable"`
	Error        types.Int64 `tfsdk:"error"`
	Unconfigured types.Int64 `tfsdk:"unconfigured"`
}
