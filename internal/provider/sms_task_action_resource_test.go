package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccSMSTaskActionConfig_basic is one operation run on a task; extra holds
// further arguments, one per line.
func testAccSMSTaskActionConfig_basic(taskID, operation string, extra ...string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_task_action" "test" {
  task_id   = %q
  operation = %q
%s
}
`, taskID, operation, indent(extra))
}

// timeoutsBlock is a timeouts block with a create timeout, as extra lines.
func timeoutsBlock(create string) string {
	return fmt.Sprintf("timeouts {\n    create = %q\n  }", create)
}

// wrapped matches text in terraform's output, where a diagnostic's detail is
// wrapped at any space.
func wrapped(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// checkFakeTask asserts what the fake cloud saw and where the task stands:
// the operations it accepted, in order, and the task's state and source
// state (each a regexp, "" for any).
func checkFakeTask(c *testCloud, id string, actions []string, state, source string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := c.Actions(id); !slices.Equal(got, actions) {
			return fmt.Errorf("fake cloud accepted operations %v on task %s, want %v", got, id, actions)
		}
		v, ok := c.Task(id)
		if !ok {
			return fmt.Errorf("task %s is gone from the fake cloud", id)
		}
		if state != "" && !regexp.MustCompile("^(?:"+state+")$").MatchString(v.State) {
			return fmt.Errorf("task %s is %s in the fake cloud, want %s", id, v.State, state)
		}
		if source != "" && !regexp.MustCompile("^(?:"+source+")$").MatchString(v.SourceState) {
			return fmt.Errorf("task %s has source state %s in the fake cloud, want %s", id, v.SourceState, source)
		}
		return nil
	}
}

// checkNoFurtherActions is a CheckDestroy: destroying the resource sends nothing.
func checkNoFurtherActions(c *testCloud, id string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := c.Actions(id); len(got) != want {
			return fmt.Errorf("fake cloud accepted operations %v on task %s, want %d (destroy must send nothing)", got, id, want)
		}
		if _, ok := c.Task(id); !ok {
			return fmt.Errorf("destroy removed task %s; it must only forget the operation run", id)
		}
		return nil
	}
}

func TestAccSMSTaskAction_basic(t *testing.T) {
	cases := []struct {
		name     string
		seed     fakecloud.TaskSpec
		op       string
		extra    []string
		state    string // task_state recorded when the operation finished (regexp)
		source   string // source_state recorded (regexp)
		fakeView func(t *testing.T, v fakecloud.TaskView)
	}{
		{name: "start", seed: fakecloud.TaskSpec{}, op: "start", state: "RUNNING|MIGRATE_SUCCESS", source: "initialize|replicate|finished"},
		{name: "stop", seed: fakecloud.TaskSpec{State: fakecloud.StateRunning}, op: "stop", state: "ABORT", source: "stopped"},
		{name: "restart", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateFail}, op: "restart", state: "RUNNING|MIGRATE_SUCCESS", source: "initialize|replicate|finished"},
		{name: "test_migrated", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess}, op: "test", state: "MIGRATE_SUCCESS", source: "finished"},
		{name: "test_syncing", seed: fakecloud.TaskSpec{State: fakecloud.StateSyncing, Syncing: true}, op: "test", state: "MIGRATE_SUCCESS", source: "finished"},
		{
			name: "clone_test", seed: fakecloud.TaskSpec{State: fakecloud.StateSyncing, Syncing: true}, op: "clone_test",
			extra: []string{`template_id = "tpl-0001"`}, state: "SYNCING", source: "syncing",
			fakeView: func(t *testing.T, v fakecloud.TaskView) {
				if v.CloneState != "FINISHED" {
					t.Errorf("clone state %q, want FINISHED", v.CloneState)
				}
			},
		},
		{
			name: "clone_test_migrated", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess}, op: "clone_test",
			extra: []string{`template_id = "tpl-0002"`, `switch_hce = false`, `is_need_consistency_check = true`}, state: "MIGRATE_SUCCESS", source: "finished",
		},
		{
			name: "network_check", seed: fakecloud.TaskSpec{}, op: "network_check", state: "READY", source: "waiting",
			fakeView: func(t *testing.T, v fakecloud.TaskView) {
				if !v.NetworkChecked {
					t.Error("the fake has no network check result")
				}
			},
		},
		{name: "clear", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess}, op: "clear", state: "MIGRATE_SUCCESS", source: "cleared"},
		{name: "clear_stopped", seed: fakecloud.TaskSpec{State: fakecloud.StateAbort}, op: "clear", state: "ABORT", source: "cleared"},
		{name: "skip", seed: fakecloud.TaskSpec{State: fakecloud.StateRunning, ConsistencyCheck: true}, op: "skip", state: "RUNNING", source: "replicate"},
		{name: "migration_test", seed: fakecloud.TaskSpec{NeedMigrationTest: true}, op: "migration_test", state: "READY", source: "premiged"},
	}
	// One apply runs every operation, each on a task of its own: one
	// configuration costs the CLI's start-ups once instead of per case.
	c := newTestCloud(t)
	var cfg strings.Builder
	var checks []statecheck.StateCheck
	var exists, destroyed []resource.TestCheckFunc
	for _, tc := range cases {
		task := c.SeedTask(tc.seed)
		addr := "huaweicloud_sms_task_action." + tc.name
		cfg.WriteString(strings.Replace(testAccSMSTaskActionConfig_basic(task.ID, tc.op, tc.extra...),
			`"huaweicloud_sms_task_action" "test"`, `"huaweicloud_sms_task_action" "`+tc.name+`"`, 1))
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("task_state"), knownvalue.StringRegexp(regexp.MustCompile("^(?:"+tc.state+")$"))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_state"), knownvalue.StringRegexp(regexp.MustCompile("^(?:"+tc.source+")$"))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("wait"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile("^"+regexp.QuoteMeta(task.ID+"/"+tc.op+"/")+`\d{4}-`))),
		)
		exists = append(exists,
			testAccCheckSMSTaskActionExists(c, addr),
			checkFakeTask(c, task.ID, []string{tc.op}, "", ""),
			func(*terraform.State) error {
				if tc.fakeView != nil {
					v, _ := c.Task(task.ID)
					tc.fakeView(t, v)
				}
				return nil
			},
		)
		destroyed = append(destroyed, testAccCheckSMSTaskActionDestroy(c, task.ID, 1))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(destroyed...),
		Steps: []resource.TestStep{{
			Config:            c.config(cfg.String()),
			ConfigStateChecks: checks,
			Check:             resource.ComposeAggregateTestCheckFunc(exists...),
		}},
	})
}

// After start the migration carries on in the fake: the refreshed
// task_state follows it, and the operation is not sent again.
func TestAccSMSTaskAction_readRefreshes(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := c.config(testAccSMSTaskActionConfig_basic(task.ID, "start"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// The refresh before this plan picks up the new state; the
				// plan itself has nothing to do.
				PreConfig: func() {
					waitForFakeState(t, c, task.ID, fakecloud.StateMigrateSuccess)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_state"), knownvalue.StringExact("MIGRATE_SUCCESS")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("source_state"), knownvalue.StringExact("finished")),
				},
				Check: checkFakeTask(c, task.ID, []string{"start"}, "MIGRATE_SUCCESS", "finished"),
			},
		},
	})
}

// waitForFakeState polls the fake's own view (not the provider) until the
// task reaches state; the fake's transitions take fastTransition each.
func waitForFakeState(t *testing.T, c *testCloud, id, state string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		v, ok := c.Task(id)
		if ok && v.State == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s did not reach %s in the fake (now %+v)", id, state, v)
		}
		time.Sleep(fastTransition / 2)
	}
}

func TestAccSMSTaskAction_refusedByState(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "stop")),
			ExpectError: wrapped("Operation stop on SMS task " + task.ID + " failed: HTTP 400, error code SMS.1038: The task cannot stop in state READY."),
		}},
	})
	if got := c.Actions(task.ID); len(got) != 0 {
		t.Errorf("fake cloud accepted %v, want nothing", got)
	}
	if n := actionCalls(c); n != 1 {
		t.Errorf("fake cloud received %d action requests, want 1 (a refusal is not retried)", n)
	}
}

func TestAccSMSTaskAction_taskNotFound(t *testing.T) {
	c := newTestCloud(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionConfig_basic("0b7e4c59-0000-4000-8000-000000000000", "start")),
			ExpectError: wrapped("HTTP 404, error code SMS.6404"),
		}},
	})
}

func TestAccSMSTaskAction_templateIDValidation(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "clone_test")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Missing Template ID`),
			},
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "clone_test")),
				ExpectError: regexp.MustCompile(`Missing Template ID`),
			},
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "test", `template_id = "tpl-0001"`)),
				ExpectError: regexp.MustCompile(`Template ID Not Allowed`),
			},
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "sync")),
				ExpectError: regexp.MustCompile(`(?s)value must be one of:.*clone_test`),
			},
		},
	})
	if n := actionCalls(c); n != 0 {
		t.Errorf("fake cloud received %d action requests, want none: invalid configurations must be refused before any call", n)
	}
}

// A new value in triggers replaces the resource and sends the operation again.
func TestAccSMSTaskAction_triggersRerun(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := func(v string) string {
		return c.config(testAccSMSTaskActionConfig_basic(task.ID, "network_check", fmt.Sprintf(`triggers = { round = %q }`, v)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 2),
		Steps: []resource.TestStep{
			{
				Config: cfg("1"),
				Check:  checkFakeTask(c, task.ID, []string{"network_check"}, "READY", ""),
			},
			{
				Config: cfg("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkFakeTask(c, task.ID, []string{"network_check", "network_check"}, "READY", ""),
			},
		},
	})
}

// wait and timeouts change in place, without sending anything.
func TestAccSMSTaskAction_update(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskActionConfig_basic(task.ID, "stop", "wait = false")),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("wait"), knownvalue.Bool(false)),
					// Not waited for: recorded as soon as the service accepted it.
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_state"), knownvalue.StringRegexp(regexp.MustCompile(`^ABORT(ING)?$`))),
				},
				Check: checkFakeTask(c, task.ID, []string{"stop"}, "", ""),
			},
			{
				Config: c.config(testAccSMSTaskActionConfig_basic(task.ID, "stop", "wait = true", timeoutsBlock("5m"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resourceName, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("wait"), knownvalue.Bool(true)),
				},
				Check: checkFakeTask(c, task.ID, []string{"stop"}, "ABORTING|ABORT", ""),
			},
		},
	})
}

// A burst of 500s on the action route: the fake applies faults before its
// handler, so the operation never reached it; the provider looks at the task
// after each ambiguous failure and sends the operation until it lands, once.
func TestAccSMSTaskAction_serverErrorBurst(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	c.InjectFault(fakecloud.Fault{Route: fakecloud.RouteTaskAction, Kind: fakecloud.FaultStatus, Status: 500, Count: 3})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskActionConfig_basic(task.ID, "start")),
			Check: resource.ComposeTestCheckFunc(
				checkFakeTask(c, task.ID, []string{"start"}, "RUNNING|MIGRATE_SUCCESS", ""),
				func(*terraform.State) error {
					if f := c.Faults(); len(f) != 0 {
						return fmt.Errorf("faults not consumed: %v", f)
					}
					return nil
				},
			),
		}},
	})
}

// The operation was accepted but does not finish before the create timeout:
// the error names the state the task was left in.
func TestAccSMSTaskAction_timeout(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.MigrationTest = time.Hour })
	task := c.SeedTask(fakecloud.TaskSpec{NeedMigrationTest: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "migration_test", timeoutsBlock("1s"))),
			ExpectError: wrapped("timed out while the task was in state READY (source server state premiging)"),
		}},
	})
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"migration_test"}) {
		t.Errorf("fake cloud accepted %v, want [migration_test]", got)
	}
}

// The task deleted behind Terraform's back: refresh drops the run, and the
// next plan wants to run the operation again.
func TestAccSMSTaskAction_disappears(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := c.config(testAccSMSTaskActionConfig_basic(task.ID, "network_check"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					checkFakeTask(c, task.ID, []string{"network_check"}, "READY", ""),
					func(*terraform.State) error {
						if !c.DeleteOutOfBand(task.ID) {
							return fmt.Errorf("task %s was already gone", task.ID)
						}
						return nil
					},
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:   cfg,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// testAccSMSTaskActionConfig_replicatedThenTest starts a task, waits until the
// replication is done and launches the target server, in one apply.
func testAccSMSTaskActionConfig_replicatedThenTest(taskID string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_task_action" "start" {
  task_id   = %[1]q
  operation = "start"
  wait_for  = "replicated"
}

resource "huaweicloud_sms_task_action" "test" {
  task_id   = %[1]q
  operation = "test"

  depends_on = [huaweicloud_sms_task_action.start]
}
`, taskID)
}

// wait_for = "replicated": start returns once the replication is done
// (MIGRATE_SUCCESS, or SYNCING for a synchronising task), so test, which the
// service refuses on a RUNNING task, follows in the same apply.
func TestAccSMSTaskAction_waitForReplicated(t *testing.T) {
	for _, tc := range []struct {
		name       string
		syncing    bool
		afterStart string
	}{
		{name: "migrate", afterStart: "MIGRATE_SUCCESS"},
		{name: "syncing", syncing: true, afterStart: "SYNCING"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			startName, testName := "huaweicloud_sms_task_action.start", "huaweicloud_sms_task_action.test"
			c := newTestCloud(t)
			task := c.SeedTask(fakecloud.TaskSpec{Syncing: tc.syncing})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             testAccCheckSMSTaskActionDestroy(c, task.ID, 2),
				Steps: []resource.TestStep{
					{
						Config: c.config(testAccSMSTaskActionConfig_replicatedThenTest(task.ID)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(startName, tfjsonpath.New("wait_for"), knownvalue.StringExact("replicated")),
							statecheck.ExpectKnownValue(startName, tfjsonpath.New("task_state"), knownvalue.StringExact(tc.afterStart)),
							statecheck.ExpectKnownValue(testName, tfjsonpath.New("task_state"), knownvalue.StringExact("MIGRATE_SUCCESS")),
							statecheck.ExpectKnownValue(testName, tfjsonpath.New("source_state"), knownvalue.StringExact("finished")),
						},
						Check: resource.ComposeTestCheckFunc(
							testAccCheckSMSTaskActionExists(c, startName),
							testAccCheckSMSTaskActionExists(c, testName),
							checkFakeTask(c, task.ID, []string{"start", "test"}, "MIGRATE_SUCCESS", "finished"),
						),
					},
					{
						// The start run recorded where the replication ended
						// before test moved the task on.
						Config:   c.config(testAccSMSTaskActionConfig_replicatedThenTest(task.ID)),
						PlanOnly: true,
					},
				},
			})
		})
	}
}

// wait_for = "replicated" only with start and restart, and only when waiting;
// refused at plan time, before any call.
func TestAccSMSTaskAction_waitForValidation(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "stop", `wait_for = "replicated"`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Wait For Replication Not Possible`),
			},
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "replicated"`, `wait = false`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Wait For Replication Without Waiting`),
			},
			{
				Config:      c.config(testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "done"`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)value must be one of:.*replicated`),
			},
		},
	})
	if n := actionCalls(c); n != 0 {
		t.Errorf("fake cloud received %d action requests, want none: invalid configurations must be refused before any call", n)
	}
}

// testAccCheckSMSTaskActionExists reads the run's task through the API
// client, as it would against a real account.
func testAccCheckSMSTaskActionExists(c *testCloud, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in the state", name)
		}
		client, err := c.apiClient()
		if err != nil {
			return err
		}
		task, err := client.ShowTask(context.Background(), rs.Primary.Attributes["task_id"])
		if err != nil {
			return fmt.Errorf("%s: reading its task: %w", name, err)
		}
		if task.ID != rs.Primary.Attributes["task_id"] {
			return fmt.Errorf("%s: the API returned task %s", name, task.ID)
		}
		return nil
	}
}

// testAccCheckSMSTaskActionDestroy: destroying an operation run only forgets
// it. The task is still there (read through the API client) and the fake
// received no further operation.
func testAccCheckSMSTaskActionDestroy(c *testCloud, taskID string, operations int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		client, err := c.apiClient()
		if err != nil {
			return err
		}
		if _, err := client.ShowTask(context.Background(), taskID); err != nil {
			return fmt.Errorf("destroy must leave task %s alone, reading it failed: %w", taskID, err)
		}
		return checkNoFurtherActions(c, taskID, operations)(s)
	}
}

// A wait cut short (here by its timeout) is picked up by the next apply: the
// task already RUNNING counts as having received start, so it is not sent
// again (the service would refuse it), and the wait goes on to the end.
func TestAccSMSTaskAction_resumesAfterTimeout(t *testing.T) {
	resourceName := "huaweicloud_sms_task_action.test"
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = 5 * time.Second })
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := func(timeout string) string {
		return c.config(testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "replicated"`, timeoutsBlock(timeout)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg("2s"),
				// The resource's wait shows only "Still creating...": the
				// error says where its progress is.
				ExpectError: wrapped("waits for it without sending it again: raise the timeout if it needs longer. " +
					"Terraform shows only \"Still creating...\" while this resource waits. Its progress (state, step, percent, time left: " +
					"a line per change, and about one a minute otherwise) goes to the provider's log: run the apply with " +
					"TF_LOG_PROVIDER=INFO and TF_LOG_PATH=sms.log, and follow it with: tail -f sms.log | grep 'operation start'."),
			},
			{
				Config: cfg("1m"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_state"), knownvalue.StringExact("MIGRATE_SUCCESS")),
				},
				Check: checkFakeTask(c, task.ID, []string{"start"}, "MIGRATE_SUCCESS", "finished"),
			},
		},
	})
}
