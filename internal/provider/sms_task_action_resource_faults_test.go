package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// An operation applied under each fault of the matrix is accepted exactly
// once and waited for; an operation whose answer is lost after the service
// accepted it is not sent again.
func TestAccSMSTaskAction_faultMatrix(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	cases := append(slices.Clone(taskFaults),
		faultCase{"answer lost after the operation was accepted", fakecloud.Fault{Kind: fakecloud.FaultLoseResponse, Status: 502, Count: 1}})
	for _, fc := range cases {
		t.Run(fc.name, func(t *testing.T) {
			c := newTestCloud(t, slowMigration)
			task := c.SeedTask(fakecloud.TaskSpec{Name: "acted"})
			for _, r := range actionRoutes {
				f := fc.fault
				f.Route = r
				if f.Kind == fakecloud.FaultLoseResponse && r != fakecloud.RouteTaskAction {
					continue
				}
				c.InjectFault(f)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskActionConfig_basic(task.ID, "start")),
					Check: resource.ComposeAggregateTestCheckFunc(
						checkFakeTask(c, task.ID, []string{"start"}, "RUNNING", "initialize|replicate"),
						resource.TestCheckResourceAttr(resourceName, "task_state", "RUNNING"),
						func(*terraform.State) error {
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
