package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// planWarnings serves the provider and keeps the warnings its plans return
// (of resources and of actions): plan checks see the plan, not its
// diagnostics.
type planWarnings struct {
	providerWithActions
	mu       sync.Mutex
	warnings []string // "summary: detail"
}

// providerWithActions is what the framework serves: the protocol and its
// action RPCs.
type providerWithActions interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

func (p *planWarnings) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"huaweicloud": func() (tfprotov6.ProviderServer, error) {
			s, err := providerserver.NewProtocol6WithError(&huaweicloudProvider{version: "test", pacing: testPacing})()
			if err != nil {
				return nil, err
			}
			p.providerWithActions = s.(providerWithActions)
			return p, nil
		},
	}
}

func (p *planWarnings) record(diags []*tfprotov6.Diagnostic) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			p.warnings = append(p.warnings, d.Summary+": "+d.Detail)
		}
	}
}

func (p *planWarnings) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := p.providerWithActions.PlanResourceChange(ctx, req)
	if resp != nil {
		p.record(resp.Diagnostics)
	}
	return resp, err
}

func (p *planWarnings) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	resp, err := p.providerWithActions.PlanAction(ctx, req)
	if resp != nil {
		p.record(resp.Diagnostics)
	}
	return resp, err
}

// take returns the warnings recorded since the last take.
func (p *planWarnings) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.warnings
	p.warnings = nil
	return w
}

// expectWarnings is a plan check: the plan's warnings match want, one
// pattern each (in any order), and there are no others.
type expectWarnings struct {
	p    *planWarnings
	want []*regexp.Regexp
}

func (e expectWarnings) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := e.p.take()
	if len(got) != len(e.want) {
		resp.Error = fmt.Errorf("plan warnings %q, want %d", got, len(e.want))
		return
	}
	for _, re := range e.want {
		found := false
		for _, w := range got {
			found = found || re.MatchString(w)
		}
		if !found {
			resp.Error = fmt.Errorf("no plan warning matches %s among %q", re, got)
			return
		}
	}
}

// callCounter remembers the fake's per-route counts, to check the calls one
// stage of a step made.
type callCounter struct {
	c    *testCloud
	seen map[string]int64
}

func (k *callCounter) mark() { k.seen = k.c.Stats().Routes }

// since returns the calls of route made since the last mark.
func (k *callCounter) since(route string) int64 { return k.c.Stats().Routes[route] - k.seen[route] }

// expectCalls is a plan check of the calls the plan made since the mark.
type expectCalls struct {
	k    *callCounter
	want map[string]int64
}

func (e expectCalls) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for route, n := range e.want {
		if got := e.k.since(route); got != n {
			resp.Error = fmt.Errorf("the plan called %s %d times, want %d", route, got, n)
			return
		}
	}
}

// The plan says what the batch deletes: the new IDs are read by ID at plan
// time, named with their names in a warning and planned into deleted_ids; an
// ID of no task is warned about and planned into skipped_ids. No attribute
// is unknown, so adding IDs does not read as taking the deleted ones back.
func TestAccSMSTasksBatchDelete_planSaysWhatItDeletes(t *testing.T) {
	addr := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	first := c.SeedTask(fakecloud.TaskSpec{Name: "first"})
	second := c.SeedTask(fakecloud.TaskSpec{Name: "second"})
	third := c.SeedTask(fakecloud.TaskSpec{Name: "third"})
	const typo = "fa57-no-such-task"
	rec := &planWarnings{}
	calls := &callCounter{c: c}
	cfg := func(ids ...string) string { return c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")) }
	// Each step counts from its own plan: terraform apply plans again, and
	// the post-apply plans of the step before come first.
	fresh := func() { calls.mark(); rec.take() }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: fresh,
				Config:    cfg(first.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectNoUnknowns{addr},
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID})),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("skipped_ids"), sortedListOf(nil)),
					expectWarnings{rec, []*regexp.Regexp{
						regexp.MustCompile(`^SMS Tasks to Delete: Applying this plan deletes 1 SMS migration task\(s\):\n  ` + first.ID + `  "first"  READY$`),
					}},
					expectCalls{calls, map[string]int64{fakecloud.RouteShowTask: 1, fakecloud.RouteListTasks: 0}},
				}},
			},
			{
				PreConfig: fresh,
				Config:    cfg(first.ID, second.ID, typo),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					expectNoUnknowns{addr},
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID, second.ID})),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("skipped_ids"), sortedListOf([]string{typo})),
					expectWarnings{rec, []*regexp.Regexp{
						regexp.MustCompile(`^SMS Tasks to Delete: Applying this plan deletes 1 SMS migration task\(s\):\n  ` + second.ID + `  "second"  READY$`),
						regexp.MustCompile(`^SMS Task IDs Not Found: task_ids lists 1 ID\(s\) of no existing task \(HTTP 404 when read at plan time\): ` + typo + `\.`),
					}},
					// Only the two new IDs are read, each by ID.
					expectCalls{calls, map[string]int64{fakecloud.RouteShowTask: 2, fakecloud.RouteListTasks: 0}},
				}},
				Check: func(*terraform.State) error { return checkGone(c, []string{first.ID, second.ID}) },
			},
			{
				// Nothing new: nothing read, nothing planned.
				PreConfig: fresh,
				Config:    cfg(first.ID, second.ID, typo),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectWarnings{rec, nil},
					expectCalls{calls, map[string]int64{fakecloud.RouteShowTask: 0, fakecloud.RouteListTasks: 0}},
				}},
			},
			{
				// A task the plan read is deleted by someone else before the
				// apply: the apply plans again, reads it gone, and Terraform
				// stops there (the plan no longer holds); nothing is
				// recorded as deleted by this resource.
				PreConfig: fresh,
				Config:    cfg(first.ID, second.ID, typo, third.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID, second.ID, third.ID})),
					goneAfterPlan{c, third.ID},
				}},
				ExpectError: regexp.MustCompile(`inconsistent final plan(?s:.*)deleted_ids`),
			},
			{
				// The next plan says it is gone, and records it as skipped.
				PreConfig: fresh,
				Config:    cfg(first.ID, second.ID, typo, third.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("skipped_ids"), sortedListOf([]string{third.ID, typo})),
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(`^SMS Task IDs Not Found: .*` + third.ID)}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID, second.ID})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("skipped_ids"), sortedListOf([]string{third.ID, typo})),
				},
			},
		},
	})
}

// A task the plan listed as to be deleted that is gone when the apply
// deletes it (deleted by someone else in between) is recorded as skipped,
// with an error rather than a result that differs from the plan.
func TestSMSTasksBatchDeleteGoneBeforeDeletion(t *testing.T) {
	c := newTestCloud(t)
	kept := c.SeedTask(fakecloud.TaskSpec{Name: "kept"})
	raced := c.SeedTask(fakecloud.TaskSpec{Name: "raced"})
	c.DeleteOutOfBand(raced.ID)
	client, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	r := NewSMSTasksBatchDeleteResource().(*smsTasksBatchDeleteResource)
	r.providerData = configuredWith(client)
	m := smsTasksBatchDeleteModel{
		StopRunning: types.BoolValue(true), ChunkSize: types.Int64Value(50), Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})},
		DeletedIDs: sortedStringList(nil), SkippedIDs: sortedStringList(nil),
	}
	planned := m
	planned.DeletedIDs = sortedStringList([]string{kept.ID, raced.ID})
	var saved savedModel
	var diags diag.Diagnostics
	r.deleteAndSave(context.Background(), &m, &planned, []string{kept.ID, raced.ID}, &saved, &diags)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), raced.ID) || diags[0].Summary() != "SMS Tasks Gone Before Deletion" {
		t.Fatalf("diagnostics %v, want SMS Tasks Gone Before Deletion naming %s", diags, raced.ID)
	}
	if got := stringsOf(saved.m.DeletedIDs); !slices.Equal(got, []string{kept.ID}) {
		t.Errorf("saved deleted_ids %v, want [%s]", got, kept.ID)
	}
	if got := stringsOf(saved.m.SkippedIDs); !slices.Equal(got, []string{raced.ID}) {
		t.Errorf("saved skipped_ids %v, want [%s]", got, raced.ID)
	}
}

// savedModel is a stateSetter that keeps what is saved.
type savedModel struct{ m smsTasksBatchDeleteModel }

func (s *savedModel) Set(_ context.Context, val any) diag.Diagnostics {
	s.m = *val.(*smsTasksBatchDeleteModel)
	return nil
}

// goneAfterPlan deletes a task in the fake once the plan is made.
type goneAfterPlan struct {
	c  *testCloud
	id string
}

func (g goneAfterPlan) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	g.c.DeleteOutOfBand(g.id)
}

// A filter is resolved at plan time for the warning (one listing), and
// again when applied.
func TestAccSMSTasksBatchDelete_planListsFilteredTasks(t *testing.T) {
	c := newTestCloud(t)
	wave := c.SeedTasks(2, fakecloud.TaskSpec{Name: "wave1", State: fakecloud.StateMigrateSuccess})
	c.SeedTask(fakecloud.TaskSpec{Name: "wave2-001", State: fakecloud.StateMigrateSuccess})
	rec := &planWarnings{}
	calls := &callCounter{c: c}
	var lines []string
	for _, tk := range wave {
		lines = append(lines, regexp.QuoteMeta(fmt.Sprintf("  %s  %q  MIGRATE_SUCCESS", tk.ID, tk.Name)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{{
			PreConfig: calls.mark,
			Config: c.config(`
resource "huaweicloud_sms_tasks_batch_delete" "test" {
  filter = {
    name_regex = "^wave1-"
  }
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectWarnings{rec, []*regexp.Regexp{
					regexp.MustCompile(`^SMS Tasks to Delete: Resolved now, filter deletes 2 SMS migration task\(s\):\n` + strings.Join(lines, "\n") + `$`),
				}},
				expectCalls{calls, map[string]int64{fakecloud.RouteListTasks: 1, fakecloud.RouteShowTask: 0}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_sms_tasks_batch_delete.test", tfjsonpath.New("deleted_ids"), knownvalue.ListSizeExact(2)),
			},
			Check: func(*terraform.State) error { return checkGone(c, taskIDs(wave)) },
		}},
	})
}
