package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// recordCalls is a plan check that stores the fake's call count once the
// plan is made: a step's Check compares it with the count after the apply.
type recordCalls struct {
	c *testCloud
	n *int64
}

func (r recordCalls) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	*r.n = r.c.Stats().Total
}

// expectNoUnknowns fails when any attribute of addr is "(known after apply)"
// in the plan.
type expectNoUnknowns struct{ addr string }

func (e expectNoUnknowns) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		if paths := unknownPaths("", rc.Change.AfterUnknown); len(paths) > 0 {
			resp.Error = fmt.Errorf("%s plans %s as known after apply", e.addr, strings.Join(paths, ", "))
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}

// unknownPaths lists the paths marked true in a plan's after_unknown.
func unknownPaths(prefix string, v any) []string {
	var out []string
	switch v := v.(type) {
	case bool:
		if v {
			out = append(out, prefix)
		}
	case map[string]any:
		for k, e := range v {
			out = append(out, unknownPaths(strings.TrimPrefix(prefix+"."+k, "."), e)...)
		}
	case []any:
		for i, e := range v {
			out = append(out, unknownPaths(fmt.Sprintf("%s[%d]", prefix, i), e)...)
		}
	}
	return out
}

// Plans say what will happen: region and project are known on create; a
// change that calls no API shows no unknown value and makes no call; an
// update that calls the API shows only what it changes, nothing unknown
// (the status keeps the state's values until the next refresh). Each apply is followed by an empty plan (checked by the
// test framework).
func TestAccSMSTask_quietPlans(t *testing.T) {
	addr := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	var planned int64
	stable := func() []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("cn-north-4")),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("project_id"), knownvalue.StringExact(c.ProjectID())),
		}
	}
	// From the second step the provider is given its project, so that the
	// resource identity of an update needs no IAM lookup either (Terraform
	// before 1.12 plans no identity).
	withProject := func(body string) string {
		return strings.Replace(c.config(body), "  max_retries = 5\n", fmt.Sprintf("  max_retries = 5\n  project_id  = %q\n", c.ProjectID()), 1)
	}
	noCallsSincePlan := func(*terraform.State) error {
		if got := c.Stats().Total; got != planned {
			return fmt.Errorf("the apply made %d API calls, want none", got-planned)
		}
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				// Region and project come from the provider, known at plan time.
				Config:           c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: stable()},
			},
			{
				// stop_on_destroy and timeouts make no call: nothing unknown.
				Config: withProject(testAccSMSTaskConfig_basic(src.ID, "web-01-task", `  stop_on_destroy = false
  timeouts {
    delete = "20m"
  }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					expectNoUnknowns{addr},
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("READY")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("stop_on_destroy"), knownvalue.Bool(false)),
					recordCalls{c, &planned},
				}},
				Check: noCallsSincePlan,
			},
			{
				// A rename calls UpdateTask: nothing is unknown, the status
				// keeps the state's values, and only what changes shows.
				Config: withProject(testAccSMSTaskConfig_basic(src.ID, "web-01-renamed", "  stop_on_destroy = false\n  speed_limit = 100")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(stable(),
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("READY")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("create_date"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("enterprise_project_id"), knownvalue.StringExact("0")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("target_server").AtMapKey("disks"), knownvalue.ListSizeExact(1)),
					expectNoUnknowns{addr},
					// The configuration renames the target too, and drops the timeouts block.
					expectOnlyChanged{addr, []string{"name", "speed_limit", "target_server", "timeouts"}},
				)},
				Check: func(*terraform.State) error {
					if n := c.Stats().Routes[fakecloud.RouteUpdateTask]; n != 1 {
						return fmt.Errorf("%d UpdateTask calls, want 1", n)
					}
					return nil
				},
			},
			{
				// The speed limit alone: one changed line.
				Config: withProject(testAccSMSTaskConfig_basic(src.ID, "web-01-renamed", "  stop_on_destroy = false\n  speed_limit = 200")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectNoUnknowns{addr},
					expectOnlyChanged{addr, []string{"speed_limit"}},
				}},
			},
		},
	})
}

// expectOnlyChanged fails when the plan changes an attribute of addr
// other than want, or leaves one of want unchanged.
type expectOnlyChanged struct {
	addr string
	want []string
}

func (e expectOnlyChanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		var changed []string
		for k, v := range after {
			if !reflect.DeepEqual(before[k], v) {
				changed = append(changed, k)
			}
		}
		slices.Sort(changed)
		if want := slices.Sorted(slices.Values(e.want)); !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s changes %v, want only %v", e.addr, changed, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}

// A destroy plan warns about a task that is running with its agent
// connected, from the refreshed state and with no call of its own: destroy
// waits for it with stop_on_destroy = false, and stops it otherwise.
// (terraform destroy refreshes before it plans; a resource only removed from
// the configuration is planned from the state as stored, so its warning
// follows the last refresh.)
func TestAccSMSTask_destroyPlanWarnsAboutRunningTask(t *testing.T) {
	addr := "huaweicloud_sms_task.this"
	c := newTestCloud(t, slowMigration)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "db-01"})
	rec := &planWarnings{}
	calls := &callCounter{c: c}
	fresh := func() { calls.mark(); rec.take() }
	var id string
	noStop := `  stop_on_destroy = false
  timeouts {
    delete = "1s"
  }`
	// The plan refreshes the task (one ShowTask) and calls nothing else of
	// SMS: the warning comes from the refreshed state.
	planCalls := expectCalls{calls, map[string]int64{fakecloud.RouteShowTask: 1, fakecloud.RouteListTasks: 0, fakecloud.RouteTaskAction: 0}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		CheckDestroy: c.checkNoTasksAnd(func() error {
			if got := c.Actions(id); !slices.Equal(got, []string{"start", "stop"}) {
				return fmt.Errorf("operations received by %s: %v, want start then stop", id, got)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "db-01-task", noStop)),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(addr, &id),
					func(*terraform.State) error { return startAndWaitReplicating(c, id) },
				),
			},
			{
				PreConfig: fresh,
				Config:    c.config(testAccSMSTaskConfig_basic(src.ID, "db-01-task", noStop)),
				Destroy:   true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroy),
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(
						`(?s)^Destroy Waits for a Running SMS Task: SMS migration task [0-9a-f-]{36} \(db-01-task\) is RUNNING with its agent connected \(source server replicate\)` +
							`.*for up to 1s \(the delete timeout: timeouts.delete, default 10m0s\)`)}},
					planCalls,
				}},
				// The delete timeout ends first.
				ExpectError: regexp.MustCompile(`Error Deleting SMS Task`),
			},
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "db-01-task", "")),
			},
			{
				PreConfig: fresh,
				Config:    c.config(testAccSMSTaskConfig_basic(src.ID, "db-01-task", "")),
				Destroy:   true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(
						`^Destroy Stops a Running SMS Task: .*db-01-task.*Destroying it stops the migration first`)}},
					planCalls,
				}},
			},
		},
	})
}
