package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var (
	_ datasource.DataSourceWithConfigure        = (*smsSourceServerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*smsSourceServerDataSource)(nil)
)

// NewSMSSourceServerDataSource is the constructor of data source
// huaweicloud_sms_source_server: one source server, by name or by ID.
func NewSMSSourceServerDataSource() datasource.DataSource { return &smsSourceServerDataSource{} }

type smsSourceServerDataSource struct {
	dataSourceWithConfigure
}

func (d *smsSourceServerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_source_server"
}

func (d *smsSourceServerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := sourceServerAttributes()
	attrs["name"] = schema.StringAttribute{
		Description: "The name of the source server to look up (1 to 255 characters), as the SMS agent registered it. " +
			"Exactly one of `name` and `id` must be set. Reading fails when no source server has this name (the error lists the names that come close) " +
			"or when several do (the error lists their IDs: use `id` then).",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
	}
	attrs["id"] = schema.StringAttribute{
		Description: "The ID of the source server to look up (1 to 255 characters). Exactly one of `name` and `id` must be set.",
		Optional:    true,
		Computed:    true,
		Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
	}
	resp.Schema = schema.Schema{
		Description: "Looks up one source server registered with Server Migration Service by the SMS agent, by `name` or by `id`, " +
			"and fails with a clear error when there is none or more than one. Use its `id` as the `source_server_id` of a `huaweicloud_sms_task`, " +
			"and check `connected` before creating a task: the service only accepts a task for a source server whose agent is connected.",
		Attributes: attrs,
	}
}

func (d *smsSourceServerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("name"), path.MatchRoot("id")),
	}
}

// Read lists the source servers with the name or ID asked for (one call;
// the service may match names loosely, so the match is made exact here).
// Only when nothing matches a name does it list every source server, to
// name the ones that come close.
func (d *smsSourceServerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var name, id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d.read(ctx, name.ValueString(), id.ValueString(), resp)
}

func (d *smsSourceServerDataSource) read(ctx context.Context, name, id string, resp *datasource.ReadResponse) {
	lookup := fmt.Sprintf("Looking up the SMS source server named %q", name)
	if id != "" {
		lookup = fmt.Sprintf("Looking up the SMS source server with ID %q", id)
	}
	listed, err := d.client.ListSources(ctx, sms.ListSourcesFilter{Name: name, ID: id})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Source Server", lookup, err)
		return
	}
	matches := slices.DeleteFunc(listed, func(s sms.SourceServer) bool {
		return (name != "" && s.Name != name) || (id != "" && s.ID != id)
	})
	switch {
	case len(matches) == 1:
		resp.Diagnostics.Append(resp.State.Set(ctx, flattenSourceServer(matches[0]))...)
	case len(matches) > 1:
		ids := make([]string, len(matches))
		for i, s := range matches {
			ids[i] = s.ID
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Several SMS Source Servers Have This Name",
			fmt.Sprintf("%d source servers are named %q: %s. Set id to the one you mean instead of name.", len(matches), name, strings.Join(ids, ", ")))
	case id != "":
		resp.Diagnostics.AddAttributeError(path.Root("id"), "SMS Source Server Not Found",
			fmt.Sprintf("There is no source server with ID %q in this project. Check the ID, or look the server up by name.", id))
	default:
		all, err := d.client.ListSources(ctx, sms.ListSourcesFilter{})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Error Reading SMS Source Server", "Listing the SMS source servers to suggest names close to "+name, err)
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "SMS Source Server Not Found",
			fmt.Sprintf("There is no source server named %q in this project.%s A source server appears once the SMS agent on it has registered with the service.",
				name, closeNamesHint(name, all)))
	}
}

// maxCloseNames bounds the suggestions of a failed look-up.
const maxCloseNames = 5

// closeNamesHint names the source servers whose names come closest to the
// one asked for (a typo, another number in a series), or says there are none.
func closeNamesHint(name string, servers []sms.SourceServer) string {
	if len(servers) == 0 {
		return " The project has no source servers at all."
	}
	type candidate struct {
		name     string
		distance int
	}
	var near []candidate
	seen := map[string]bool{}
	for _, s := range servers {
		if seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		dist := editDistance(strings.ToLower(name), strings.ToLower(s.Name))
		if dist <= max(2, len(name)/3) || strings.Contains(strings.ToLower(s.Name), strings.ToLower(name)) {
			near = append(near, candidate{s.Name, dist})
		}
	}
	if len(near) == 0 {
		return fmt.Sprintf(" None of its %d source servers has a name close to it.", len(servers))
	}
	slices.SortStableFunc(near, func(a, b candidate) int {
		if a.distance != b.distance {
			return a.distance - b.distance
		}
		return strings.Compare(a.name, b.name)
	})
	names := make([]string, 0, maxCloseNames)
	for _, c := range near[:min(len(near), maxCloseNames)] {
		names = append(names, fmt.Sprintf("%q", c.name))
	}
	return " Close names: " + strings.Join(names, ", ") + "."
}

// editDistance is the Levenshtein distance between two strings, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
