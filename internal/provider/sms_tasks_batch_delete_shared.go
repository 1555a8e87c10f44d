package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

// What the resource huaweicloud_sms_tasks_batch_delete and the native action
// of the same name have in common: the filter's descriptions, validators and
// resolution, the plan-time preview of the tasks to delete, and the failure
// detail. Each schema is written out in its own file (the resource and
// action schema packages differ); deleting is smstask.DeleteMany for both.

const (
	descFilterState     = "Only tasks in this state (the API's own filter). One of %s."
	descFilterNameRegex = "Only tasks whose name matches this regular expression (Go RE2 syntax), for example `^wave1-`."
	descFilterSources   = "Only tasks of these source servers."
	descFilterOlderThan = "Only tasks created longer ago than this duration when the filter is resolved, for example `720h` (30 days)."
)

func filterStateValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(listTaskStates...)}
}

func filterNameRegexValidators() []validator.String {
	return []validator.String{stringvalidator.LengthBetween(1, 255)}
}

func filterSourcesValidators() []validator.Set {
	return []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(taskIDValidators()...)}
}

func batchTaskIDsValidators() []validator.List {
	return []validator.List{
		listvalidator.SizeAtMost(batchDeleteMaxIDs),
		listvalidator.ValueStringsAre(taskIDValidators()...),
	}
}

func chunkSizeValidators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(1, smstask.MaxChunkSize)}
}

type batchDeleteFilterModel struct {
	State           types.String `tfsdk:"state"`
	NameRegex       types.String `tfsdk:"name_regex"`
	SourceServerIDs types.Set    `tfsdk:"source_server_ids"`
	OlderThan       types.String `tfsdk:"older_than"`
}

// known reports a filter whose every condition is known (it can be resolved
// at plan time).
func (f *batchDeleteFilterModel) known() bool {
	return !f.State.IsUnknown() && !f.NameRegex.IsUnknown() && !f.SourceServerIDs.IsUnknown() && !f.OlderThan.IsUnknown()
}

// validate checks what the schema validators cannot: a compilable
// name_regex, a positive older_than, and at least one condition.
func (f *batchDeleteFilterModel) validate() diag.Diagnostics {
	var diags diag.Diagnostics
	if knownString(f.NameRegex) {
		if _, err := regexp.Compile(f.NameRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("filter").AtName("name_regex"), "Invalid Regular Expression",
				fmt.Sprintf("filter.name_regex %q is not a valid regular expression: %v", f.NameRegex.ValueString(), err))
		}
	}
	if knownString(f.OlderThan) {
		if d, err := time.ParseDuration(f.OlderThan.ValueString()); err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("filter").AtName("older_than"), "Invalid Duration",
				fmt.Sprintf("filter.older_than %q must be a positive duration such as \"720h\" or \"90m\".", f.OlderThan.ValueString()))
		}
	}
	if !f.State.IsNull() || !f.NameRegex.IsNull() || !f.SourceServerIDs.IsNull() || !f.OlderThan.IsNull() {
		return diags
	}
	diags.AddAttributeError(path.Root("filter"), "Empty Filter",
		"filter must set at least one of state, name_regex, source_server_ids and older_than: an empty filter would delete every task of the project.")
	return diags
}

// resolveFilter lists the tasks f selects, sorted by ID.
func resolveFilter(ctx context.Context, tasks *smstask.Service, f *batchDeleteFilterModel, now time.Time) ([]sms.Task, error) {
	listed, err := tasks.ListTasks(ctx, sms.ListTasksFilter{State: f.State.ValueString(), PageSize: sms.MaxTaskPageSize})
	if err != nil {
		return nil, err
	}
	var re *regexp.Regexp
	if !f.NameRegex.IsNull() {
		re = regexp.MustCompile(f.NameRegex.ValueString()) // checked by ValidateConfig
	}
	var sources []string
	if !f.SourceServerIDs.IsNull() {
		for _, e := range f.SourceServerIDs.Elements() {
			if v, ok := e.(types.String); ok {
				sources = append(sources, v.ValueString())
			}
		}
	}
	var before time.Time
	if !f.OlderThan.IsNull() {
		d, _ := time.ParseDuration(f.OlderThan.ValueString()) // checked by ValidateConfig
		before = now.Add(-d)
	}
	var matched []sms.Task
	for _, t := range listed {
		switch {
		case re != nil && !re.MatchString(t.Name),
			sources != nil && !slices.Contains(sources, t.SourceServer.ID),
			!before.IsZero() && (t.CreateDate <= 0 || !time.UnixMilli(t.CreateDate).Before(before)):
			continue
		}
		matched = append(matched, t)
	}
	slices.SortFunc(matched, func(a, b sms.Task) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(matched, func(a, b sms.Task) bool { return a.ID == b.ID }), nil
}

// idsOf returns the IDs of tasks, in order.
func idsOf(tasks []sms.Task) []string {
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	return ids
}

// batchPreview is what a plan-time read found of the tasks to delete.
type batchPreview struct {
	Found    []sms.Task // sorted by ID
	NotFound []string   // sorted; each proven by its own 404
}

// previewTasks reads each of ids (sorted, unique) through the task service:
// found, or gone by its own 404. Any other error ends the preview.
func previewTasks(ctx context.Context, svc *smstask.Service, ids []string) (batchPreview, error) {
	found, errs := svc.ReadTasks(ctx, ids)
	var p batchPreview
	for i, id := range ids {
		switch err := errs[i]; {
		case sms.IsNotFound(err):
			p.NotFound = append(p.NotFound, id)
		case err != nil:
			return batchPreview{}, fmt.Errorf("reading SMS task %s: %w", id, err)
		default:
			p.Found = append(p.Found, *found[i])
		}
	}
	return p, nil
}

// previewListed is how many tasks a plan-time warning names; the rest are
// counted.
const previewListed = 50

// addPreviewWarnings says in the plan which tasks an apply (or an
// invocation) will delete, and which IDs name no task.
func addPreviewWarnings(diags *diag.Diagnostics, p batchPreview, stopRunning bool, when string) {
	if len(p.Found) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%s deletes %d SMS migration task(s):", when, len(p.Found))
		for i, t := range p.Found {
			if i == previewListed {
				fmt.Fprintf(&b, "\n  ... and %d more", len(p.Found)-previewListed)
				break
			}
			fmt.Fprintf(&b, "\n  %s  %q  %s", t.ID, t.Name, t.State)
			if smstask.Busy(&t) {
				if stopRunning {
					b.WriteString(" (running: stopped first)")
				} else {
					b.WriteString(" (running: waited for, stop_running = false)")
				}
			}
		}
		diags.AddWarning("SMS Tasks to Delete", b.String())
	}
	if len(p.NotFound) > 0 {
		shown := p.NotFound
		more := ""
		if len(shown) > previewListed {
			shown, more = shown[:previewListed], fmt.Sprintf(" and %d more", len(p.NotFound)-previewListed)
		}
		diags.AddAttributeWarning(path.Root("task_ids"), "SMS Task IDs Not Found",
			fmt.Sprintf("task_ids lists %d ID(s) of no existing task (HTTP 404 when read at plan time): %s%s. "+
				"Nothing is deleted for them and they are recorded as skipped; check them for typos.",
				len(p.NotFound), strings.Join(shown, ", "), more))
	}
}

// batchFailureDetail names every task that was not deleted, grouped by why,
// and ends with what to do next.
func batchFailureDetail(total int, res smstask.BatchResult, err error, next string) string {
	var b strings.Builder
	b.WriteString(describeError(fmt.Sprintf("Deleting %d SMS migration tasks with POST /v3/tasks/delete", total), err))
	fmt.Fprintf(&b, "\n\n%d deleted, %d already gone (skipped), %d not deleted.", len(res.Deleted), len(res.Skipped), len(res.Failed))
	byReason := map[string][]string{}
	for id, reason := range res.Failed {
		byReason[reason] = append(byReason[reason], id)
	}
	reasons := make([]string, 0, len(byReason))
	for reason, ids := range byReason {
		sort.Strings(ids)
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(&b, "\n\nNot deleted: %s\nReason: %s", strings.Join(byReason[reason], ", "), reason)
	}
	return b.String() + "\n\n" + next
}

// The last sentence of batchFailureDetail, by who ran the deletion.
const (
	batchRetryResource = "deleted_ids and skipped_ids record the tasks handled so far; the next apply retries the tasks that remain and skips those already gone."
	batchRetryAction   = "Nothing is kept in the state: invoke the action again to retry the tasks that remain; those already gone are skipped."
)
