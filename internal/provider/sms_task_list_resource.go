package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ list.ListResourceWithConfigure = (*smsTaskListResource)(nil)
)

// NewSMSTaskListResource is the constructor of the huaweicloud_sms_task list
// resource (`list` blocks of `terraform query`, Terraform 1.14+).
func NewSMSTaskListResource() list.ListResource { return &smsTaskListResource{} }

type smsTaskListResource struct {
	resourceWithConfigure
}

func (l *smsTaskListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task"
}

func (l *smsTaskListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the SMS migration tasks of the provider's project, for `terraform query` and for generating configuration and import blocks " +
			"(`terraform query -generate-config-out=FILE`). Every filter is optional; with none, every task is listed. " +
			"The tasks are read page by page (up to 200 per ListTasks call) and streamed as each page arrives. " +
			"With `include_resource = true` (implied by `-generate-config-out`) the source servers are listed once as well (up to 200 per ListSources call), " +
			"because their current task carries settings the task listing lacks; no call is made per task. " +
			"`use_ipv6` and `target_server.disks` are in no listing and stay unset here: the import that follows reads each task in full.",
		Attributes: map[string]schema.Attribute{
			"state": schema.StringAttribute{
				Description: "Only tasks in this state. One of " + quoteList(listTaskStates) + ".",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(listTaskStates...)},
			},
			"name": schema.StringAttribute{
				Description: "Only tasks with exactly this name (1 to 255 characters).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"source_server_id": schema.StringAttribute{
				Description: "Only the task of this source server (1 to 36 characters).",
				Optional:    true,
				Validators:  taskIDValidators(),
			},
			"enterprise_project_id": schema.StringAttribute{
				Description: enterpriseProjectFilterDescription,
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"migration_project_id": schema.StringAttribute{
				Description: "Only the tasks whose source server belongs to this migration project (1 to 255 characters). " +
					"ListTasks has no such filter, so the source servers of the project are listed first (ListSources with `migproject`, up to 200 per call) " +
					"and the tasks are kept by their source server.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
		},
	}
}

func (l *smsTaskListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg smsTaskListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	filter := sms.ListTasksFilter{
		State:               cfg.State.ValueString(),
		Name:                cfg.Name.ValueString(),
		SourceServerID:      cfg.SourceServerID.ValueString(),
		EnterpriseProjectID: listingEnterpriseProject(cfg.EnterpriseProjectID, providerEnterpriseProject(l.client)),
		PageSize:            sms.MaxTaskPageSize,
	}
	migProject := cfg.MigrationProjectID.ValueString()
	// A small limit needs no more than one page of that size, unless tasks
	// are dropped on this side.
	if req.Limit > 0 && req.Limit < sms.MaxTaskPageSize && migProject == "" {
		filter.PageSize = int(req.Limit)
	}

	stream.Results = listStream(ctx, l.client, "SMS Tasks", func(pid string, push func(list.ListResult) bool) error {
		// One listing of source servers serves both the migration project
		// filter and the settings of their current tasks.
		var sources map[string]*sms.SourceServer
		if req.IncludeResource || migProject != "" {
			var err error
			if sources, err = l.sourcesByID(ctx, sms.ListSourcesFilter{ID: filter.SourceServerID, MigProject: migProject}); err != nil {
				return err
			}
		}
		// Every attribute null, so what the listing does not fill is a typed null.
		blank := tfsdk.State{Schema: req.ResourceSchema, Raw: nullAttributes(req.ResourceSchema.Type().TerraformType(ctx))}
		var pushed int64
		pages, err := l.tasks.EachTask(ctx, filter, func(t sms.Task) bool {
			if _, inProject := sources[t.SourceServer.ID]; migProject != "" && !inProject {
				return true
			}
			result := req.NewListResult(ctx)
			result.DisplayName = t.Name
			result.Diagnostics.Append(result.Identity.Set(ctx, objectIdentityModel{ID: types.StringValue(t.ID), ProjectID: types.StringValue(pid)})...)
			if req.IncludeResource {
				m, diags := taskFromListing(ctx, blank, &t, sources[t.SourceServer.ID])
				result.Diagnostics.Append(diags...)
				if !diags.HasError() {
					result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
				}
			}
			pushed++
			return push(result) && (req.Limit <= 0 || pushed < req.Limit)
		})
		tflog.Debug(ctx, "listed SMS tasks", map[string]any{"tasks": pushed, "list_tasks_pages": pages, "source_servers": len(sources)})
		return err
	})
}

// sourcesByID lists the source servers matching f, keyed by id.
func (l *smsTaskListResource) sourcesByID(ctx context.Context, f sms.ListSourcesFilter) (map[string]*sms.SourceServer, error) {
	f.PageSize = sms.MaxSourcePageSize
	srcs, err := l.client.ListSources(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*sms.SourceServer, len(srcs))
	for i := range srcs {
		out[srcs[i].ID] = &srcs[i]
	}
	return out, nil
}

// taskFromListing is a list result's resource: a ListTasks item and, when
// known, its source server, filled into blank (a state whose attributes are
// all null), so what no listing has stays null, never a guess.
func taskFromListing(ctx context.Context, blank tfsdk.State, t *sms.Task, src *sms.SourceServer) (smsTaskResourceModel, diag.Diagnostics) {
	var m smsTaskResourceModel
	diags := blank.Get(ctx, &m)
	if diags.HasError() {
		return m, diags
	}
	diags.Append(m.fromRead(ctx, taskRead{task: t, listed: true, source: src})...)
	m.StopOnDestroy = types.BoolValue(true) // what an import records
	return m, diags
}

// nullAttributes is an object of type ty whose attributes are all null.
func nullAttributes(ty tftypes.Type) tftypes.Value {
	obj, ok := ty.(tftypes.Object)
	if !ok {
		return tftypes.NewValue(ty, nil)
	}
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(obj, vals)
}

type smsTaskListModel struct {
	State               types.String `tfsdk:"state"`
	Name                types.String `tfsdk:"name"`
	SourceServerID      types.String `tfsdk:"source_server_id"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`
	MigrationProjectID  types.String `tfsdk:"migration_project_id"`
}
