package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccSMSTaskConfig_named is a Linux task resource called res; extra
// holds further arguments.
func testAccSMSTaskConfig_named(res, sourceID, name, taskType, extra string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_task" %q {
  name             = %q
  type             = %q
  os_type          = "LINUX"
  source_server_id = %q
  target_server = {
    name = "%s-target"
  }
%s
}
`, res, name, taskType, sourceID, name, extra)
}

// The plan of a new task reads its source server once and says what the
// create would say only at apply: a source id of no source is an error; a
// disconnected agent and a source that already has a task are warnings
// with the data that shows it, and so is a Windows task that would copy
// files. The create uses its plan's read (no read of
// its own), and the replacement of a task does not warn about the task it
// replaces.
func TestAccSMSTask_planChecksNameTheCause(t *testing.T) {
	c := newTestCloud(t)
	off := c.SeedSource(fakecloud.SourceSpec{Name: "off-01", Connected: new(bool)})
	busy := c.SeedTask(fakecloud.TaskSpec{Name: "other-team-app", SourceName: "busy-01", State: "RUNNING"})
	adopt := c.SeedTask(fakecloud.TaskSpec{Name: "adopt-01-task", SourceName: "adopt-01"})
	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	win := c.SeedSource(fakecloud.SourceSpec{Name: "win-01", OSType: "WINDOWS"})
	const missing = "5eed0000-0000-4000-8000-00000000dead"
	rec := &planWarnings{}
	calls := &callCounter{c: c}
	fresh := func() { calls.mark(); rec.take() }
	// Checked in the next step's PreConfig: a failed plan runs no plan check.
	var afterMissing func()

	applied := testAccSMSTaskConfig_named("web", web.ID, "web-01-task", "MIGRATE_BLOCK", "") +
		testAccSMSTaskConfig_named("adopt", adopt.SourceID, "adopt-01-task", "MIGRATE_BLOCK", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		CheckDestroy: func(s *terraform.State) error {
			if tasks := c.Tasks(); len(tasks) != 1 || tasks[0].ID != busy.ID {
				return fmt.Errorf("after destroy the fake holds %d tasks, want only the other team's %s", len(tasks), busy.ID)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					fresh()
					afterMissing = func() {
						if n := calls.since(fakecloud.RouteShowSource); n != 1 {
							t.Errorf("the plan of a task for a missing source read it %d times, want once", n)
						}
					}
				},
				Config:   c.config(testAccSMSTaskConfig_named("ghost", missing, "ghost-task", "MIGRATE_BLOCK", "")),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)SMS Source Server Not Found.*source_server_id.*Reading source server\s+` + missing +
					`\s+failed:\s+HTTP\s+404.*No\s+source\s+server\s+has\s+this\s+id.*huaweicloud_sms_source_server`),
			},
			{
				// Warnings, not errors: the agent may be back by the apply,
				// and the apply may delete the other task first.
				PreConfig: func() { afterMissing(); fresh() },
				Config: c.config(testAccSMSTaskConfig_named("off", off.ID, "off-01-task", "MIGRATE_BLOCK", "") +
					testAccSMSTaskConfig_named("busy", busy.SourceID, "busy-01-task", "MIGRATE_BLOCK", "") +
					strings.Replace(testAccSMSTaskConfig_named("win", win.ID, "win-01-task", "MIGRATE_FILE", ""), `"LINUX"`, `"WINDOWS"`, 1)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					expectWarnings{rec, []*regexp.Regexp{
						regexp.MustCompile(`^SMS Source Server Not Ready: Source server ` + off.ID + ` \("off-01", [0-9.]+\) has connected = false and state waiting now: SMS refuses`),
						regexp.MustCompile(`(?s)^SMS Source Server Already Has a Task: Source server ` + busy.SourceID + ` \("busy-01"\) already has migration task ` + busy.ID +
							` \("other-team-app", MIGRATE_BLOCK, state RUNNING\).*another name or type.*the create is refused.*import \{\n  to = <the address printed above>\n  id = "` + busy.ID + `"\n\}`),
						regexp.MustCompile(`^No File-Level Migration for Windows: SMS migrates Windows servers block by block only`),
					}},
					expectCalls{calls, map[string]int64{fakecloud.RouteShowSource: 3, fakecloud.RouteCreateTask: 0}},
				}},
			},
			{
				// One read per plan: the plan, then the apply's plan, whose
				// read serves the create. The task of an interrupted apply
				// is announced, then adopted.
				PreConfig: fresh,
				Config:    c.config(applied),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(`(?s)^SMS Source Server Already Has a Task: .*` + adopt.ID +
						` \("adopt-01-task", MIGRATE_BLOCK, state READY\).*the apply adopts it`)}},
					expectCalls{calls, map[string]int64{fakecloud.RouteShowSource: 2}},
				}},
				Check: func(*terraform.State) error {
					if n := calls.since(fakecloud.RouteShowSource); n != 4 {
						return fmt.Errorf("plan and apply of two tasks read their sources %d times, want 4 (one per plan, none for the creates)", n)
					}
					return nil
				},
			},
			{
				// A replacement plans the new task with no prior state; the
				// source's task is the one it replaces: no warning.
				PreConfig: fresh,
				Config: c.config(testAccSMSTaskConfig_named("web", web.ID, "web-01-task", "MIGRATE_FILE", "") +
					testAccSMSTaskConfig_named("adopt", adopt.SourceID, "adopt-01-task", "MIGRATE_BLOCK", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("huaweicloud_sms_task.web", plancheck.ResourceActionDestroyBeforeCreate),
					expectWarnings{rec, nil},
				}},
			},
		},
	})
}
