package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Every bad period of a schedule is reported in one plan, each error shown
// on the line that declares its period (not on the resource's first line),
// and a bad period hides nothing of the others.
func TestAccSMSTask_scheduleErrorsAtEachPeriod(t *testing.T) {
	c := newTestCloud(t)
	schedule := `
  speed_limit_schedule = [
    { start = "10:00", end = "09:00", speed = 100 },
    { start = "25:00", end = "26:00", speed = 100000, over_speed_threshold = 101 },
    { start = "01:00", end = "05:00", speed = 100 },
    { start = "02:00", end = "04:00", speed = 100 },
  ]
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskConfig_basic("src-1", "ok", schedule)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)` + periodError(`10:00`, `speed_limit_schedule\[0\]: the period must start before it ends`)),
			},
			{
				Config:      c.config(testAccSMSTaskConfig_basic("src-1", "ok", schedule)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)` + periodError(`25:00`, `speed_limit_schedule\[1\]: start must be a time of day`) + `.*` + periodError(`25:00`, `speed_limit_schedule\[1\]: end must be a time of day`) + `.*` + periodError(`25:00`, `speed_limit_schedule\[1\]: speed\s+must\s+be\s+from\s+0\s+to\s+1000`) + `.*` + periodError(`25:00`, `speed_limit_schedule\[1\]:\s+over_speed_threshold\s+must\s+be\s+a\s+percentage`)),
			},
			{
				Config:      c.config(testAccSMSTaskConfig_basic("src-1", "ok", schedule)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)` + periodError(`02:00`, `speed_limit_schedule\[3\]\s+\(02:00-04:00\)\s+overlaps\s+speed_limit_schedule\[2\]\s+\(01:00-05:00\)`)),
			},
		},
	})
	if n := c.Stats().Total; n != 0 {
		t.Errorf("%d API calls, want none: validation happens at plan time", n)
	}
}

// periodError matches one diagnostic whose source snippet is the line of the
// period starting at start, followed by detail.
func periodError(start, detail string) string {
	return `Error: [^\n]*Speed Limit Period[^\n]*\n[^│]*?\n\s+\d+:\s+\{ start = "` + regexp.QuoteMeta(start) + `"[^\n]*\n\s*\n\s*` + detail
}

// Modules whose variables default to empty collections pass them on:
// configurations = {} and speed_limit_schedule = [] mean none, cost no call
// on create or refresh, and an empty schedule after a real one clears it
// with the one call the API offers (an empty speed_limit list).
func TestAccSMSTask_emptyCollectionsAreNone(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "empty-01"})
	empty := "  speed_limit_schedule = []\n  configurations       = {}\n"
	one := "  speed_limit_schedule = [{ start = \"01:00\", end = \"05:00\", speed = 100 }]\n  configurations       = {}\n"
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				PreConfig: c.ResetStats,
				Config:    c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "empty-01-task", empty)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("speed_limit_schedule"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("configurations"), knownvalue.MapSizeExact(0)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(smsTaskAddr, &id),
					func(*terraform.State) error {
						st := c.Stats().Routes
						if st[fakecloud.RouteUpdateSpeedLimits]+st[fakecloud.RouteUpdateConfigSetting]+st[fakecloud.RouteShowSpeedLimits]+st[fakecloud.RouteShowConfigSetting] != 0 {
							return fmt.Errorf("empty settings cost calls: %v", st)
						}
						return nil
					},
				),
			},
			{
				// A refresh reads the task only, and the plan is empty.
				PreConfig:    c.ResetStats,
				RefreshState: true,
				Check:        c.countCalls(map[string]int64{fakecloud.RouteShowTask: 1}),
			},
			{
				Config:   c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "empty-01-task", empty)),
				PlanOnly: true,
			},
			{
				Config: c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "empty-01-task", one)),
				Check: func(*terraform.State) error {
					return c.expectSettings(id, []string{"01:00-05:00@100"}, map[string]string{})
				},
			},
			{
				// Back to empty: one call clears the schedule, in place.
				PreConfig: c.ResetStats,
				Config:    c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "empty-01-task", empty)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error { return c.expectSettings(id, nil, map[string]string{}) },
					func(*terraform.State) error {
						if n := c.Stats().Routes[fakecloud.RouteUpdateSpeedLimits]; n != 1 {
							return fmt.Errorf("%d speed-limit updates, want the one that clears", n)
						}
						return nil
					},
				),
			},
		},
	})
}
