package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Terraform's first promise: state never forgets a task that exists. The
// pages leave open how the batch delete treats ids it cannot delete, what a
// deleted task shows before its 404, whether a deletion can fail, and which
// enterprise projects a listing without enterprise_project_id covers. Under
// each reading, a destroy that succeeds has removed from state only tasks
// that answer 404, and one that fails keeps every task that does not.

// apiReading is one reading of the API as options of the fake.
type apiReading struct {
	name string
	set  func(*fakecloud.Options)
	// enterpriseProject puts the sources, and so their tasks, in this
	// enterprise project instead of the default one.
	enterpriseProject string
}

func deleteReadings() []apiReading {
	return []apiReading{
		{name: "batch_names_refused_ids", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchAllOrNothingNamed }},
		{name: "batch_names_none", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchAllOrNothingUnnamed }},
		{name: "batch_partial", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchPartial }},
		{name: "batch_partial_404_at_once", set: func(o *fakecloud.Options) {
			o.BatchDelete, o.AfterDelete = fakecloud.BatchPartial, fakecloud.AfterDeleteGone
		}},
		{name: "batch_partial_earlier_state", set: func(o *fakecloud.Options) {
			o.BatchDelete, o.AfterDelete = fakecloud.BatchPartial, fakecloud.AfterDeletePrevious
		}},
		{name: "listing_scoped_other_project", set: func(o *fakecloud.Options) { o.ListScope = fakecloud.ListScopeDefaultProject },
			enterpriseProject: "ep-migration-wave"},
		{name: "listing_all_other_project", set: func(o *fakecloud.Options) { o.ListScope = fakecloud.ListScopeAll },
			enterpriseProject: "ep-migration-wave"},
	}
}

// seedWave seeds n sources, in enterprise project ep when set.
func seedWave(c *testCloud, n int, ep string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = c.SeedSource(fakecloud.SourceSpec{Name: fmt.Sprintf("wave-%03d", i), EnterpriseProjectID: ep}).ID
	}
	return ids
}

// seedWaveTasks seeds 12 tasks in enterprise project ep (when set) and
// makes every fourth one RUNNING; it returns all ids and the running ones.
func seedWaveTasks(t *testing.T, c *testCloud, ep string) (ids, running []string) {
	t.Helper()
	ids = taskIDs(c.SeedTasks(12, fakecloud.TaskSpec{Name: "wave", EnterpriseProjectID: ep}))
	running = runningOf(ids)
	for _, id := range running {
		state := fakecloud.StateRunning
		if _, err := c.SetTask(id, fakecloud.TaskPatch{State: &state}); err != nil {
			t.Fatal(err)
		}
	}
	return ids, running
}

// runningOf picks every fourth task (3 of 12): the ones a test starts.
func runningOf(ids []string) []string {
	var out []string
	for i, id := range ids {
		if i%4 == 1 {
			out = append(out, id)
		}
	}
	return out
}

// sortedTaskIDs is the ids of every task the fake holds, sorted.
func sortedTaskIDs(c *testCloud) []string {
	var ids []string
	for _, t := range c.Tasks() {
		ids = append(ids, t.ID)
	}
	slices.Sort(ids)
	return ids
}

// checkStoppedFirst fails for a running task that was not stopped before its
// delete (stop_on_destroy and stop_running default to true).
func checkStoppedFirst(c *testCloud, running []string, before []string) error {
	for _, id := range running {
		if got := c.Actions(id); !slices.Equal(got, append(slices.Clone(before), "stop")) {
			return fmt.Errorf("running task %s got operations %v, want %v then stop", id, got, before)
		}
	}
	return nil
}

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

// The native batch delete action under the readings that hide tasks from a
// batch's 200 or from a listing: when it succeeds, every task answers 404
// and the running ones were stopped first.
func TestAccSMSTasksBatchDeleteAction_losesNothing(t *testing.T) {
	for _, r := range deleteReadings() {
		if r.name != "batch_partial" && r.name != "listing_scoped_other_project" {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			c := newTestCloud(t, r.set)
			ids, running := seedWaveTasks(t, c, r.enterpriseProject)
			quoted := make([]string, len(ids))
			for i, id := range ids {
				quoted[i] = fmt.Sprintf("%q", id)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   actionVersionChecks,
				Steps: []resource.TestStep{{
					Config: c.config(fmt.Sprintf(`
action "huaweicloud_sms_tasks_batch_delete" "wave" {
  config {
    task_ids = [%s]
  }
}

resource "terraform_data" "trigger" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.huaweicloud_sms_tasks_batch_delete.wave]
    }
  }
}
`, strings.Join(quoted, ", "))),
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

// A create whose read-back fails keeps the new object in the state (tainted
// by the error): the next apply deletes it and creates it again, instead of
// creating a second one beside a forgotten first. One test per resource
// that creates: task, server template, migration project.
func TestAccCreate_readBackFailureKeepsObject(t *testing.T) {
	for _, tc := range []struct {
		name         string
		config       func(c *testCloud) string
		show, create string
		deletes      []string // the routes that may delete it
	}{
		{
			name: "task",
			config: func(c *testCloud) string {
				return testAccSMSTaskConfig_basic(c.SeedSource(fakecloud.SourceSpec{Name: "kept"}).ID, "kept-task", "")
			},
			show: fakecloud.RouteShowTask, create: fakecloud.RouteCreateTask, deletes: []string{fakecloud.RouteDeleteTask, fakecloud.RouteDeleteTasks},
		},
		{
			name:   "server template",
			config: func(*testCloud) string { return testAccSMSServerTemplateConfig_basic("kept-template", "") },
			show:   "GET /v3/vm/templates/{id}", create: fakecloud.RouteCreateTemplate, deletes: []string{"DELETE /v3/vm/templates/{id}"},
		},
		{
			name:   "migration project",
			config: func(*testCloud) string { return testAccSMSMigrationProjectConfig_basic("kept-project", "") },
			show:   "GET /v3/migprojects/{mig_project_id}", create: fakecloud.RouteCreateMigProject, deletes: []string{fakecloud.RouteDeleteMigProject},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t)
			cfg := c.config(tc.config(c))
			// A 403 is not retried: the read after the create fails once.
			c.InjectFault(fakecloud.Fault{Route: tc.show, Kind: fakecloud.FaultStatus, Status: 403, Count: 1})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: cfg, ExpectError: regexp.MustCompile(`HTTP\s+403`)},
					{
						Config: cfg,
						Check: func(*terraform.State) error {
							routes, deletes := c.Stats().Routes, int64(0)
							for _, r := range tc.deletes {
								deletes += routes[r]
							}
							if routes[tc.create] != 2 || deletes != 1 {
								return fmt.Errorf("%d creates and %d deletes, want 2 and 1: the first apply's object was not in the state to be replaced",
									routes[tc.create], deletes)
							}
							return nil
						},
					},
				},
			})
		})
	}
}
