package provider

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// A batch delete of 500 tasks, 20 of them busy, converges under each fault
// of the matrix on the calls it makes: every task is gone, none is reported
// twice, and the busy ones were stopped before being deleted.
func TestAccSMSTasksBatchDelete_faultMatrix(t *testing.T) {
	routes := []string{fakecloud.RouteListProjects, fakecloud.RouteDeleteTasks, fakecloud.RouteListTasks, fakecloud.RouteShowTask, fakecloud.RouteTaskAction}
	for _, fc := range taskFaults {
		t.Run(fc.name, func(t *testing.T) {
			c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Stop = 100 * time.Millisecond })
			idle := c.SeedTasks(480, fakecloud.TaskSpec{Name: "wave"})
			busy := c.SeedTasks(20, fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning})
			ids := append(taskIDs(idle), taskIDs(busy)...)
			for _, r := range routes {
				f := fc.fault
				f.Route = r
				c.InjectFault(f)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("huaweicloud_sms_tasks_batch_delete.test", "deleted_ids.#", "500"),
						resource.TestCheckResourceAttr("huaweicloud_sms_tasks_batch_delete.test", "skipped_ids.#", "0"),
						func(*terraform.State) error {
							if err := c.checkNoTasks(nil); err != nil {
								return err
							}
							for _, b := range busy {
								if !slices.Contains(c.Actions(b.ID), "stop") {
									return fmt.Errorf("busy task %s was deleted without a stop: %v", b.ID, c.Actions(b.ID))
								}
							}
							if n := c.Stats().FaultsInjected; n == 0 {
								return fmt.Errorf("no fault was injected")
							}
							return nil
						},
					),
				}},
			})
		})
	}
}
