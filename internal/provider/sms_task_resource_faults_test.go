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
