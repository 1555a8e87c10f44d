package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccSMSTasksDataSource_basic(t *testing.T) {
	c := newTestCloud(t)
	// 230 tasks: more than two pages of the API's default 100.
	seeded := c.SeedTasks(230, fakecloud.TaskSpec{Name: "bulk"})
	running := c.SeedTask(fakecloud.TaskSpec{Name: "web-01", State: fakecloud.StateRunning})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTasksDataSourceConfig_filters(seeded[199].ID, running.SourceID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(231)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks").AtSliceIndex(230).AtMapKey("name"), knownvalue.StringExact("web-01")),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.running", tfjsonpath.New("tasks"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":           knownvalue.StringExact(running.ID),
						"state":        knownvalue.StringExact("RUNNING"),
						"source_state": knownvalue.StringExact("replicate"),
					}),
				})),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.by_name", tfjsonpath.New("tasks"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(seeded[6].ID), "state": knownvalue.StringExact("READY")}),
				})),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.by_id", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("bulk-200")),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.by_source", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(running.ID)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.none", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
	// Every read pages with the default limit, so the unfiltered list of 231
	// takes three pages plus one empty page at most, per refresh.
	if got := c.Stats().Routes[fakecloud.RouteListTasks]; got == 0 {
		t.Fatal("the fake saw no ListTasks call")
	}
}

func TestAccSMSTasksDataSource_invalidFilter(t *testing.T) {
	c := newTestCloud(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(`data "huaweicloud_sms_tasks" "bad" { state = "running" }`),
			ExpectError: regexp.MustCompile(`value must be one of`),
		}},
	})
}

// testAccSMSTasksDataSourceConfig_filters lists all tasks and one list per
// filter.
func testAccSMSTasksDataSourceConfig_filters(taskID, sourceServerID string) string {
	return fmt.Sprintf(`
data "huaweicloud_sms_tasks" "all" {}
data "huaweicloud_sms_tasks" "running" { state = "RUNNING" }
data "huaweicloud_sms_tasks" "by_name" { name = "bulk-007" }
data "huaweicloud_sms_tasks" "by_id" { task_id = %q }
data "huaweicloud_sms_tasks" "by_source" { source_server_id = %q }
data "huaweicloud_sms_tasks" "none" { name = "no-such-task" }
`, taskID, sourceServerID)
}
