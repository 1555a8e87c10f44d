package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// taskRoutes are the calls a task's apply and destroy make.
var taskRoutes = []string{
	fakecloud.RouteListProjects,
	fakecloud.RouteShowSource,
	fakecloud.RouteCreateTask,
	fakecloud.RouteListTasks,
	fakecloud.RouteShowTask,
	fakecloud.RouteDeleteTask,
	fakecloud.RouteTaskAction,
}

// faultCase is one kind of failure, injected as a burst on every task route.
type faultCase struct {
	name  string
	fault fakecloud.Fault
}

// taskFaults is the fault matrix: each burst is shorter than the provider's
// retries (max_retries = 5), so every apply and destroy must converge.
var taskFaults = []faultCase{
	{"throttled with Retry-After", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 429, RetryAfter: "1", Count: 2}},
	{"throttled", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 429, Count: 2}},
	{"500", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 500, Count: 2}},
	{"502", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 502, Count: 1}},
	{"503", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 503, Count: 2}},
	{"connection reset", fakecloud.Fault{Kind: fakecloud.FaultReset, Count: 2}},
	{"slower than the client timeout", fakecloud.Fault{Kind: fakecloud.FaultSlow, Delay: 3 * time.Second, Count: 1}},
}

// injectOnTaskRoutes adds the fault once per task route.
func (c *testCloud) injectOnTaskRoutes(f fakecloud.Fault) {
	for _, r := range taskRoutes {
		f.Route = r
		c.InjectFault(f)
	}
}

// expectOneTask fails unless the cloud holds exactly one task, named name.
func (c *testCloud) expectOneTask(name string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		tasks := c.Tasks()
		if len(tasks) != 1 || tasks[0].Name != name {
			return fmt.Errorf("cloud holds %d task(s) %+v, want exactly one named %s", len(tasks), tasks, name)
		}
		return captureID("huaweicloud_sms_task.this", id)(s)
	}
}

// Apply and destroy of a task under each fault of the matrix: the task is
// created once, the state matches the cloud (the harness's post-apply plan
// must be empty), and destroy of the then running task converges.
func TestAccSMSTask_faultMatrix(t *testing.T) {
	for _, fc := range taskFaults {
		t.Run(fc.name, func(t *testing.T) {
			c := newTestCloud(t, slowMigration)
			src := c.SeedSource(fakecloud.SourceSpec{Name: "faulty"})
			c.injectOnTaskRoutes(fc.fault)
			var id string
			var beforeDestroy int64

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy: c.checkNoTasksAnd(func() error {
					if !slices.Contains(c.Actions(id), "stop") {
						return fmt.Errorf("task %s was deleted without being stopped: %v", id, c.Actions(id))
					}
					return nil
				}),
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskConfig_basic(src.ID, "faulty-task", "")),
					Check: resource.ComposeAggregateTestCheckFunc(
						c.expectOneTask("faulty-task", &id),
						func(*terraform.State) error {
							if n := c.Stats().FaultsInjected; n == 0 {
								return fmt.Errorf("no fault was injected during apply")
							}
							c.ClearFaults()
							if err := startAndWaitReplicating(c, id); err != nil {
								return err
							}
							// The destroy that follows meets the same burst.
							c.injectOnTaskRoutes(fc.fault)
							beforeDestroy = c.Stats().FaultsInjected
							return nil
						},
					),
				}},
			})
			if n := c.Stats().FaultsInjected; n == beforeDestroy {
				t.Errorf("destroy met none of the injected faults (%d before and after)", n)
			}
		})
	}
}

// CreateTask whose answer is lost after the service acted: the provider
// must find the task it created instead of creating a second one.
func TestAccSMSTask_createAnswerLost(t *testing.T) {
	for _, fc := range []faultCase{
		{"reset after the task was created", fakecloud.Fault{Kind: fakecloud.FaultLoseResponse, Count: 1}},
		{"502 after the task was created", fakecloud.Fault{Kind: fakecloud.FaultLoseResponse, Status: 502, Count: 1}},
	} {
		t.Run(fc.name, func(t *testing.T) {
			c := newTestCloud(t)
			src := c.SeedSource(fakecloud.SourceSpec{Name: "lost"})
			fc.fault.Route = fakecloud.RouteCreateTask
			c.InjectFault(fc.fault)
			var id string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             c.checkNoTasks,
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskConfig_basic(src.ID, "lost-task", "")),
					Check: resource.ComposeAggregateTestCheckFunc(
						c.expectOneTask("lost-task", &id),
						func(*terraform.State) error {
							if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 1 {
								return fmt.Errorf("CreateTask was sent %d times; the lost answer must be resolved by listing, not by resending", n)
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

// Errors that are not transient end the apply with the API's code and the
// task named, and leave nothing behind.
func TestAccSMSTask_persistentFailureNamesCode(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "denied"})
	c.InjectFault(fakecloud.Fault{Route: fakecloud.RouteCreateTask, Kind: fakecloud.FaultStatus, Status: 403})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskConfig_basic(src.ID, "denied-task", "")),
			ExpectError: regexp.MustCompile(`(?s)Creating SMS migration task "denied-task".*HTTP 403, error code\s+SMS\.9004`),
		}},
	})
	if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 1 {
		t.Fatalf("a 403 was retried: %d CreateTask calls", n)
	}
}

// A task deleted by someone else while destroy waits for it to stop: the
// 404 counts as done and destroy succeeds.
func TestAccSMSTask_deletedOutOfBandMidDestroy(t *testing.T) {
	c := newTestCloud(t, slowMigration, func(o *fakecloud.Options) { o.Timing.Stop = time.Hour })
	src := c.SeedSource(fakecloud.SourceSpec{Name: "racy"})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: c.checkNoTasksAnd(func() error {
			if n := c.Stats().Routes[fakecloud.RouteDeleteTask]; n != 0 {
				return fmt.Errorf("destroy sent %d DeleteTask calls for a task that was already gone", n)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_basic(src.ID, "racy-task", "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				captureID("huaweicloud_sms_task.this", &id),
				func(*terraform.State) error {
					if err := startAndWaitReplicating(c, id); err != nil {
						return err
					}
					// Once destroy has sent stop (which now takes an hour),
					// a colleague deletes the task from the console.
					go func() {
						ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
						defer cancel()
						for ctx.Err() == nil && !slices.Contains(c.Actions(id), "stop") {
							time.Sleep(20 * time.Millisecond)
						}
						c.DeleteOutOfBand(id)
					}()
					return nil
				},
			),
		}},
	})
}

// actionRoutes are the calls an operation run makes.
var actionRoutes = []string{fakecloud.RouteListProjects, fakecloud.RouteTaskAction, fakecloud.RouteShowTask}

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
