package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The batch delete resource under every reading: deleted_ids holds every id,
// each of which answers 404, and the running tasks were stopped first.
func TestAccSMSTasksBatchDelete_losesNothing(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	for _, r := range deleteReadings() {
		t.Run(r.name, func(t *testing.T) {
			c := newTestCloud(t, r.set)
			ids, running := seedWaveTasks(t, c, r.enterpriseProject)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf(ids)),
					},
					Check: func(*terraform.State) error {
						if err := checkGone(c, ids); err != nil {
							return err
						}
						return checkStoppedFirst(c, running, nil)
					},
				}},
			})
		})
	}
}

// The batch delete under a failing deletion: apply gives up on each task
// after its third failed deletion (not on a time-out: when it ends, every
// task is back in its earlier state, none DELETING), fails naming the
// tasks, and none is recorded deleted.
func TestAccSMSTasksBatchDelete_failedDeletionIsNotDeleted(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.AfterDelete = fakecloud.AfterDeleteFails })
	ids := taskIDs(c.SeedTasks(12, fakecloud.TaskSpec{Name: "wave"}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")),
			ExpectError: regexp.MustCompile(`(?s)12 of the\s+tasks were not deleted.*state\s+READY.*put it back in state READY`),
		}, {
			PreConfig: func() {
				if n := len(c.Tasks()); n != len(ids) {
					t.Errorf("%d tasks left, want all %d", n, len(ids))
				}
				for _, tk := range c.Tasks() {
					if tk.State != fakecloud.StateReady {
						t.Errorf("task %s is %s after the failed apply, want READY", tk.ID, tk.State)
					}
				}
				c.SetDeleteReadings(fakecloud.AfterDeleteDeleting, fakecloud.BatchAllOrNothingNamed)
			},
			Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_sms_tasks_batch_delete.test", tfjsonpath.New("deleted_ids"), sortedListOf(ids)),
			},
			Check: func(*terraform.State) error { return checkGone(c, ids) },
		}},
	})
}
