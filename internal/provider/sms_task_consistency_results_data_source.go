package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ datasource.DataSourceWithConfigure = (*smsTaskConsistencyResultsDataSource)(nil)

// NewSMSTaskConsistencyResultsDataSource is the constructor of data source
// huaweicloud_sms_task_consistency_results.
func NewSMSTaskConsistencyResultsDataSource() datasource.DataSource {
	return &smsTaskConsistencyResultsDataSource{}
}

type smsTaskConsistencyResultsDataSource struct {
	dataSourceWithConfigure
}

func (d *smsTaskConsistencyResultsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_consistency_results"
}

func (d *smsTaskConsistencyResultsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the results of a migration task's data consistency checks (ShowConsistencyResult, one call). " +
			"The SDK types each result as text, while the service has been seen answering objects: each result keeps the text as it came in `raw`, " +
			"and its fields are filled when it is an object (or text holding one). To export the results as a file, use the `huaweicloud_sms_task_consistency_export` action.",
		Attributes: map[string]schema.Attribute{
			"task_id": schema.StringAttribute{
				Description: "The ID of the migration task (1 to 36 characters).",
				Required:    true,
				Validators:  taskIDValidators(),
			},
			"result_list": schema.ListNestedAttribute{
				Description: "The checks, in the order the service lists them; empty before any check.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"raw":           computedString("The result as the service sent it: its text, or its JSON when it is an object."),
					"finished_time": computedInt64("When the check finished, in milliseconds since the Unix epoch; 0 when the result does not say."),
					"check_result":  computedString("The outcome of the check; empty when the result does not say."),
					"consistency_result": schema.ListNestedAttribute{
						Description: "The result of each checked directory.",
						Computed:    true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"dir_check":             computedString("The directory checked."),
							"num_total_files":       computedInt64("The number of files checked."),
							"num_different_files":   computedInt64("The number of files that differ between source and target."),
							"num_target_miss_files": computedInt64("The number of files missing on the target."),
							"num_target_more_files": computedInt64("The number of files only the target has."),
						}},
					},
				}},
			},
		},
	}
}

func (d *smsTaskConsistencyResultsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg smsTaskConsistencyResultsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.TaskID.ValueString()
	res, err := d.tasks.ShowConsistencyResult(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task Consistency Results", "Reading the consistency check results of task "+id, err)
		return
	}
	cfg.Results = consistencyResultModels(res.Results)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// consistencyResultModels maps the checks to the attributes.
func consistencyResultModels(checks []sms.ConsistencyCheck) []smsConsistencyResultModel {
	out := make([]smsConsistencyResultModel, 0, len(checks))
	for _, c := range checks {
		m := smsConsistencyResultModel{
			Raw: types.StringValue(c.Raw), FinishedTime: types.Int64Value(c.FinishedTime), CheckResult: types.StringValue(c.CheckResult),
			Directories: make([]smsConsistencyDirectoryModel, 0, len(c.Directories)),
		}
		for _, d := range c.Directories {
			m.Directories = append(m.Directories, smsConsistencyDirectoryModel{
				DirCheck: types.StringValue(d.DirCheck), NumTotalFiles: types.Int64Value(d.NumTotalFiles),
				NumDifferentFiles: types.Int64Value(d.NumDifferentFiles), NumTargetMissFiles: types.Int64Value(d.NumTargetMissFiles),
				NumTargetMoreFiles: types.Int64Value(d.NumTargetMoreFiles),
			})
		}
		out = append(out, m)
	}
	return out
}

type smsTaskConsistencyResultsModel struct {
	TaskID  types.String                `tfsdk:"task_id"`
	Results []smsConsistencyResultModel `tfsdk:"result_list"`
}

type smsConsistencyResultModel struct {
	Raw          types.String                   `tfsdk:"raw"`
	FinishedTime types.Int64                    `tfsdk:"finished_time"`
	CheckResult  types.String                   `tfsdk:"check_result"`
	Directories  []smsConsistencyDirectoryModel `tfsdk:"consistency_result"`
}

type smsConsistencyDirectoryModel struct {
	DirCheck           types.String `tfsdk:"dir_check"`
	NumTotalFiles      types.Int64  `tfsdk:"num_total_files"`
	NumDifferentFiles  types.Int64  `tfsdk:"num_different_files"`
	NumTargetMissFiles types.Int64  `tfsdk:"num_target_miss_files"`
	NumTargetMoreFiles types.Int64  `tfsdk:"num_target_more_files"`
}
