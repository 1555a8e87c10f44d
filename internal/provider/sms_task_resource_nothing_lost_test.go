package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// 12 tasks, 3 of them running with the agent connected: destroy stops those
// three and deletes all twelve, and returns only once each answers 404.
func TestAccSMSTask_destroyLosesNothing(t *testing.T) {
	for _, r := range deleteReadings() {
		t.Run(r.name, func(t *testing.T) {
			c := newTestCloud(t, slowMigration, r.set)
			sources := seedWave(c, 12, r.enterpriseProject)
			var running []string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				// The fake holds no task: each one Terraform forgot answers 404.
				CheckDestroy: c.checkNoTasksAnd(func() error {
					st := c.Stats()
					t.Logf("%s: %d batch deletes, %d single deletes, %d reads by id, %d listings, %d stops, %d answers 404",
						r.name, st.Routes[fakecloud.RouteDeleteTasks], st.Routes[fakecloud.RouteDeleteTask], st.Routes[fakecloud.RouteShowTask],
						st.Routes[fakecloud.RouteListTasks], len(running), st.Statuses["404"])
					return checkStoppedFirst(c, running, []string{"start"})
				}),
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskConfig_count(sources)),
					Check: func(*terraform.State) error {
						ids := sortedTaskIDs(c)
						if len(ids) != len(sources) {
							return fmt.Errorf("%d tasks, want %d", len(ids), len(sources))
						}
						if r.enterpriseProject != "" {
							if tk, _ := c.Task(ids[0]); tk.EnterpriseProjectID != r.enterpriseProject {
								return fmt.Errorf("task %s is in enterprise project %q, want %q", ids[0], tk.EnterpriseProjectID, r.enterpriseProject)
							}
						}
						running = runningOf(ids)
						for _, id := range running {
							if err := startAndWaitReplicating(c, id); err != nil {
								return err
							}
						}
						if err := c.checkRequestsAuthenticated(); err != nil {
							return err
						}
						c.ResetStats() // the counts logged after destroy are the destroy's
						return nil
					},
				}},
			})
		})
	}
}

// A deletion that fails (DELETING, then back to the earlier state): destroy
// gives up on each task after its third failed deletion (no time-out is
// involved, so the verdict does not depend on the machine's speed), fails
// naming each task with its state, every task stays in state (the next plan
// is empty), and once the service deletes again, destroy converges.
func TestAccSMSTask_destroyFailedDeletionKeepsState(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.AfterDelete = fakecloud.AfterDeleteFails })
	sources := seedWave(c, 12, "")
	cfg := c.config(testAccSMSTaskConfig_count(sources))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Error Deleting SMS Task.*stayed in state READY`),
			},
			{
				// Nothing was forgotten: the same configuration plans no change.
				Config:   cfg,
				PlanOnly: true,
				Check: func(*terraform.State) error {
					if n := len(c.Tasks()); n != len(sources) {
						return fmt.Errorf("%d tasks in the fake, want %d", n, len(sources))
					}
					return nil
				},
			},
			{
				PreConfig: func() { c.SetDeleteReadings(fakecloud.AfterDeleteDeleting, fakecloud.BatchAllOrNothingNamed) },
				Config:    cfg,
			},
		},
	})
}
