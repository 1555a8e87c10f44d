package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccDCSBackgroundTasksDataSource_timeWindow(t *testing.T) {
	c := newTestCloud(t)
	at := func(month time.Month) time.Time { return time.Date(2026, month, 1, 12, 0, 0, 0, time.UTC) }
	jan := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{CreatedAt: at(time.January)})
	feb := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{CreatedAt: at(time.February), Name: "BindEip", Status: "FAILED"})
	mar := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{CreatedAt: at(time.March)})
	c.SeedBackgroundTask("0b0c0d0e-0000-4000-8000-000000000001", fakecloud.BGTaskSpec{CreatedAt: at(time.February)})

	ds := func(name, extra string) string {
		return fmt.Sprintf(`
data "huaweicloud_dcs_background_tasks" %q {
  instance_id = %q
%s
}
`, name, testDCSInstance, extra)
	}
	ids := func(tasks ...fakecloud.BGTask) knownvalue.Check {
		checks := make([]knownvalue.Check, len(tasks))
		for i, t := range tasks {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(t.ID)})
		}
		return knownvalue.ListExact(checks)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: c.config(ds("bad", `  start_time = "2026-01-01"`)), PlanOnly: true, ExpectError: regexp.MustCompile(`yyyyMMddHHmmss`)},
			{Config: c.config(ds("bad", `  start_time = "20261301000000"`)), PlanOnly: true, ExpectError: regexp.MustCompile(`Invalid Time`)},
			{
				Config:      c.config(ds("bad", "  start_time = \"20260301000000\"\n  end_time = \"20260201000000\"")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`end_time 20260201000000 is before start_time 20260301000000`),
			},
			{
				Config: c.config(ds("all", "") +
					ds("feb", "  start_time = \"20260115000000\"\n  end_time = \"20260215000000\"") +
					ds("since_feb", "  start_time = \"20260201120000\"") +
					ds("until_jan", "  end_time = \"20260101120000\"")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.all", tfjsonpath.New("tasks"), ids(mar, feb, jan)),
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.all", tfjsonpath.New("project_id"), knownvalue.StringExact(c.ProjectID())),
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.feb", tfjsonpath.New("tasks"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":          knownvalue.StringExact(feb.ID),
							"name":        knownvalue.StringExact("BindEip"),
							"status":      knownvalue.StringExact("FAILED"),
							"user_name":   knownvalue.StringExact(feb.UserName),
							"user_id":     knownvalue.StringExact(feb.UserID),
							"params":      knownvalue.StringExact(feb.Params),
							"details":     knownvalue.StringExact("{}"),
							"created_at":  knownvalue.StringExact("2026-02-01T12:00:00.000Z"),
							"updated_at":  knownvalue.StringExact("2026-02-01T12:00:00.000Z"),
							"enable_show": knownvalue.Bool(true),
						}),
					})),
					// Bounds are inclusive.
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.since_feb", tfjsonpath.New("tasks"), ids(mar, feb)),
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.until_jan", tfjsonpath.New("tasks"), ids(jan)),
					statecheck.ExpectKnownValue("data.huaweicloud_dcs_background_tasks.all", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("details"),
						knownvalue.StringExact(`{"old_capacity":"1","new_capacity":"2"}`)),
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := len(c.BackgroundTasks(testDCSInstance)); got != 3 {
				return fmt.Errorf("instance has %d background tasks, want the 3 seeded (a listing deletes nothing)", got)
			}
			return nil
		},
	})
}
