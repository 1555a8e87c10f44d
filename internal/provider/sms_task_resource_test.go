package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// testAccSMSTaskConfig_basic is a huaweicloud_sms_task "this" on the given
// source, with extra arguments appended inside the block.
func testAccSMSTaskConfig_basic(sourceID, name, extra string) string {
	return testAccSMSTaskConfig_named("this", sourceID, name, "MIGRATE_BLOCK", extra)
}

// captureID stores the id of a resource in *id, for checks in later steps.
func captureID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok || rs.Primary.ID == "" {
			return fmt.Errorf("%s has no id in the state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// checkNoTasks is a CheckDestroy that fails while the fake still has tasks.
func (c *testCloud) checkNoTasks(*terraform.State) error {
	if left := c.Tasks(); len(left) != 0 {
		return fmt.Errorf("%d task(s) left in the cloud after destroy, first %s in %s", len(left), left[0].ID, left[0].State)
	}
	return nil
}

// checkNoTasksAnd is checkNoTasks followed by the test's own check.
func (c *testCloud) checkNoTasksAnd(more func() error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := c.checkNoTasks(s); err != nil {
			return err
		}
		return more()
	}
}

// slowMigration keeps a started task replicating (and so refused by the
// deletion gate) for an hour of fake time.
func slowMigration(o *fakecloud.Options) { o.Timing.Migrate = time.Hour }

// Create, read back what the service fills in, and import.
func TestAccSMSTask_basic(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", `  migration_ip = "192.168.0.10"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("state"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("connected"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("source_state"), knownvalue.StringExact("waiting")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("project_id"), knownvalue.StringExact(c.ProjectID())),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("region"), knownvalue.StringExact("cn-north-4")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("priority"), knownvalue.Int64Exact(1)),
					// Without disks in the configuration, the layout the
					// service suggests for the source is used.
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("target_server").AtMapKey("disks"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("/dev/vda"), "device_use": knownvalue.StringExact("BOOT")}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(resourceName, &id),
					func(*terraform.State) error {
						tasks := c.Tasks()
						if len(tasks) != 1 || tasks[0].ID != id || tasks[0].Name != "web-01-task" || tasks[0].SourceID != src.ID {
							return fmt.Errorf("cloud holds %+v, want one task web-01-task on %s", tasks, src.ID)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
				// Provider-side settings have no API counterpart.
				ImportStateVerifyIgnore: []string{"stop_on_destroy", "timeouts"},
			},
		},
	})
}

// In-place updates go through one PUT; a type change replaces the task.
func TestAccSMSTask_update(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", `  migration_ip = "192.168.0.10"`)),
				Check:  captureID(resourceName, &id),
			},
			{
				// Name, migration IP and speed limit change in place with one PUT.
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-renamed", `  migration_ip = "192.168.0.11"
  speed_limit  = 200`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("name"), knownvalue.StringExact("web-01-renamed")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("migration_ip"), knownvalue.StringExact("192.168.0.11")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("speed_limit"), knownvalue.Int64Exact(200)),
				},
				Check: func(*terraform.State) error {
					tasks := c.Tasks()
					if len(tasks) != 1 || tasks[0].ID != id || tasks[0].Name != "web-01-renamed" || tasks[0].SpeedLimit != 200 {
						return fmt.Errorf("cloud holds %+v, want task %s renamed with speed limit 200", tasks, id)
					}
					if n := c.Stats().Routes[fakecloud.RouteUpdateTask]; n != 1 {
						return fmt.Errorf("%d UpdateTask calls, want 1", n)
					}
					return nil
				},
			},
			{
				// A type change cannot go through PUT: the task is replaced.
				Config: c.config(strings.Replace(testAccSMSTaskConfig_basic(src.ID, "web-01-renamed", ""), "MIGRATE_BLOCK", "MIGRATE_FILE", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					tasks := c.Tasks()
					if len(tasks) != 1 || tasks[0].ID == id || tasks[0].Type != "MIGRATE_FILE" {
						return fmt.Errorf("cloud holds %+v, want one new MIGRATE_FILE task replacing %s", tasks, id)
					}
					return nil
				},
			},
		},
	})
}

// Destroying a task whose agent is connected and busy: the gate refuses the
// delete until the task is stopped, so destroy stops it, waits, deletes.
func TestAccSMSTask_destroyRunningTask(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t, slowMigration)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "db-01"})
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: c.checkNoTasksAnd(func() error {
			if got := c.Actions(id); !slices.Equal(got, []string{"start", "stop"}) {
				return fmt.Errorf("operations received by %s: %v, want start then stop (destroy stops it)", id, got)
			}
			// The one refusal allowed is the optimistic batch delete; then
			// the task is stopped, and deleted once it is.
			st := c.Stats()
			if n := st.Statuses["400"]; n > 1 || st.Routes[fakecloud.RouteDeleteTasks] != 2 || st.Routes[fakecloud.RouteDeleteTask] != 0 {
				return fmt.Errorf("%d refused calls, %d batch and %d per-task deletes: destroy should try one batch, then stop the task and send it again",
					n, st.Routes[fakecloud.RouteDeleteTasks], st.Routes[fakecloud.RouteDeleteTask])
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_basic(src.ID, "db-01-task", "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				captureID(resourceName, &id),
				func(*terraform.State) error { return startAndWaitReplicating(c, id) },
			),
		}},
	})
}

// startAndWaitReplicating starts a task through the API, as the console
// would, and waits until its source replicates.
func startAndWaitReplicating(c *testCloud, id string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl, err := c.apiClient()
	if err != nil {
		return err
	}
	if err := cl.UpdateTaskStatus(ctx, id, &sms.TaskActionRequest{Operation: sms.OperationStart}); err != nil {
		return fmt.Errorf("starting task %s: %w", id, err)
	}
	for ctx.Err() == nil {
		if v, ok := c.Task(id); ok && v.State == fakecloud.StateRunning && v.SourceState == "replicate" {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	v, _ := c.Task(id)
	return fmt.Errorf("task %s did not reach RUNNING/replicate: %+v", id, v)
}

// With stop_on_destroy = false, a refusal that outlives the delete timeout
// is an error naming the task, its state and the gate's code; the task stays
// in the state, and a later destroy that may stop it converges.
func TestAccSMSTask_destroyRefusedUntilStopAllowed(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t, slowMigration)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "app-01"})
	var id string
	noStop := `  stop_on_destroy = false
  timeouts {
    delete = "2s"
  }`

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "app-01-task", noStop)),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(resourceName, &id),
					func(*terraform.State) error { return startAndWaitReplicating(c, id) },
				),
			},
			{
				Config:      c.config(testAccSMSTaskConfig_basic(src.ID, "app-01-task", noStop)),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)SMS migration task\s+[0-9a-f-]{36}.*stayed in\s+state RUNNING.*agent\s+connected\s+true.*may\s+refuse`),
			},
			{
				// Still there, still in the state: allowing the stop lets
				// the final destroy go through.
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "app-01-task", "")),
				Check: func(*terraform.State) error {
					if v, ok := c.Task(id); !ok || v.State != fakecloud.StateRunning {
						return fmt.Errorf("task %s after the refused destroy: %+v (present %t), want it RUNNING", id, v, ok)
					}
					if slices.Contains(c.Actions(id), "stop") {
						return fmt.Errorf("task %s was stopped although stop_on_destroy was false", id)
					}
					return nil
				},
			},
		},
	})
}

// With stop_on_destroy = false, destroy waits for the gate to clear by
// itself (here the migration finishes) instead of stopping the task.
func TestAccSMSTask_destroyWaitsForGateToClear(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = 1500 * time.Millisecond })
	src := c.SeedSource(fakecloud.SourceSpec{Name: "cache-01"})
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: c.checkNoTasksAnd(func() error {
			if slices.Contains(c.Actions(id), "stop") {
				return fmt.Errorf("task %s was stopped although stop_on_destroy was false", id)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_basic(src.ID, "cache-01-task", `  stop_on_destroy = false`)),
			Check: resource.ComposeAggregateTestCheckFunc(
				captureID(resourceName, &id),
				func(*terraform.State) error { return startAndWaitReplicating(c, id) },
			),
		}},
	})
}

// A task deleted outside Terraform leaves the state on refresh, the plan
// re-creates it, and destroy has nothing left to refuse.
func TestAccSMSTask_disappears(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "gone-01"})
	var first string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "gone-01-task", "")),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(resourceName, &first),
					func(*terraform.State) error {
						if !c.DeleteOutOfBand(first) {
							return fmt.Errorf("task %s was not in the cloud", first)
						}
						return nil
					},
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "gone-01-task", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					if tasks := c.Tasks(); len(tasks) != 1 || tasks[0].ID == first {
						return fmt.Errorf("cloud holds %+v, want one re-created task", tasks)
					}
					return nil
				},
			},
		},
	})
}

// Every documented limit is checked at plan time, before any API call.
func TestAccSMSTask_invalidArguments(t *testing.T) {
	c := newTestCloud(t)
	cases := []struct{ name, extra, want string }{
		{strings.Repeat("a", 65), "", `(?s)name.*must be between 1 and 64, got: 65`},
		{"web 01!", "", `must contain only letters, digits`},
		// An empty name is one error (its length), not two.
		{"", "", `(?s)name UTF-8 character count must be between 1 and 64, got: 0\s*\z`},
		{"ok", "  speed_limit = 10001", `(?s)speed_limit.*between 0 and 10000`},
		{"ok", "  priority = 3", `(?s)priority.*between 0 and 2`},
		{"ok", `  migration_ip = "10.0.0.300"`, `Invalid IP Address`},
		{"ok", `  type_typo = 1`, `Unsupported argument`},
	}
	steps := make([]planErrorCase, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, planErrorCase{testAccSMSTaskConfig_basic("src-1", tc.name, tc.extra), tc.want})
	}
	// Without a template, the target needs a name, and there must be one.
	steps = append(steps, planErrorCase{strings.Replace(testAccSMSTaskConfig_basic("src-1", "ok", ""), `name = "ok-target"`, "", 1),
		`(?s)Missing Target Server.*target_server.name is required unless vm_template_id`})
	steps = append(steps, planErrorCase{`
resource "huaweicloud_sms_task" "this" {
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = "src-1"
}
`, `(?s)Missing Target Server.*target_server is required unless vm_template_id`})
	steps = append(steps, planErrorCase{`
resource "huaweicloud_sms_task" "this" {
  name             = "ok"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = "src-1"
  target_server = {
    name  = "t"
    disks = [{ name = "/dev/vda", device_use = "SYSTEM", size = 0 }]
  }
}
`, `(?s)device_use.*value must be one of.*size.*at least 1|(?s)size.*at least 1.*device_use`})
	testAccPlanErrors(t, c, steps)
	if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d CreateTask calls", n)
	}
}

// A task made from a server template, written as the official provider's
// tested task is: no name (the official provider's constant is the
// default) and no target server (the service makes it from the template,
// named after it).
func TestAccSMSTask_targetFromTemplate(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "tpl-src"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-01", `  target_server_name = "from-template"`) + fmt.Sprintf(`
resource "huaweicloud_sms_task" "this" {
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %q
  vm_template_id   = huaweicloud_sms_server_template.this.id
}
`, src.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("target_server").AtMapKey("name"), knownvalue.StringExact("from-template")),
				statecheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("name"), knownvalue.StringExact(smsTaskDefaultName)),
			},
		}},
	})
}

// A task for a source server whose agent is disconnected is refused by the
// service; the error explains it in words.
func TestAccSMSTask_disconnectedSourceIsExplained(t *testing.T) {
	c := newTestCloud(t)
	off := false
	src := c.SeedSource(fakecloud.SourceSpec{Name: "offline-01", Connected: &off})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskConfig_basic(src.ID, "offline-01-task", "")),
			ExpectError: wrapped("source server status does not meet requirements (request id"),
		}, {
			Config:      c.config(testAccSMSTaskConfig_basic(src.ID, "offline-01-task", "")),
			ExpectError: wrapped("its SMS agent is disconnected (stopped, or it cannot reach the service). Start the agent on the source server"),
		}},
	})
}
