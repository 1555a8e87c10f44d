package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

// Native actions exist from Terraform 1.14 on (no OpenTofu release has them).
var actionVersionChecks = requires(featureActions)

// testAccSMSTaskActionActionConfig_basic declares the action and a terraform_data
// resource that invokes it when created and whenever round changes; extra
// holds further action arguments, one per line.
func testAccSMSTaskActionActionConfig_basic(taskID, operation, round string, extra ...string) string {
	return fmt.Sprintf(`
action "huaweicloud_sms_task_action" "test" {
  config {
    task_id   = %q
    operation = %q
  %s
  }
}

resource "terraform_data" "trigger" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_task_action.test]
    }
  }
}
`, taskID, operation, indent(extra), round)
}

// actionCalls counts the requests the fake received on the action route,
// accepted or refused.
func actionCalls(c *testCloud) int64 { return c.Stats().Routes[fakecloud.RouteTaskAction] }

func TestAccSMSTaskActionAction_basic(t *testing.T) {
	cases := []struct {
		name   string
		seed   fakecloud.TaskSpec
		op     string
		extra  []string
		state  string // the fake task's state once the apply is over (regexp)
		source string // and its source state (regexp)
		check  func(v fakecloud.TaskView) error
	}{
		{name: "start", seed: fakecloud.TaskSpec{}, op: "start", state: "RUNNING|MIGRATE_SUCCESS", source: "initialize|replicate|finished"},
		{name: "stop", seed: fakecloud.TaskSpec{State: fakecloud.StateRunning}, op: "stop", state: "ABORT", source: "stopped"},
		{name: "restart", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateFail}, op: "restart", state: "RUNNING|MIGRATE_SUCCESS", source: "initialize|replicate|finished"},
		{name: "test", seed: fakecloud.TaskSpec{State: fakecloud.StateSyncing, Syncing: true}, op: "test", state: "MIGRATE_SUCCESS", source: "finished"},
		{
			name: "clone_test", seed: fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess}, op: "clone_test",
			extra: []string{`template_id = "tpl-0001"`, `switch_hce = true`, `is_need_consistency_check = false`}, state: "MIGRATE_SUCCESS", source: "finished",
			check: func(v fakecloud.TaskView) error {
				if v.CloneState != "FINISHED" {
					return fmt.Errorf("clone state %q, want FINISHED", v.CloneState)
				}
				return nil
			},
		},
		{
			name: "network_check", seed: fakecloud.TaskSpec{}, op: "network_check", state: "READY", source: "waiting",
			check: func(v fakecloud.TaskView) error {
				if !v.NetworkChecked {
					return fmt.Errorf("the fake has no network check result")
				}
				return nil
			},
		},
		{name: "clear", seed: fakecloud.TaskSpec{State: fakecloud.StateAbort}, op: "clear", state: "ABORT", source: "cleared"},
		{name: "skip", seed: fakecloud.TaskSpec{State: fakecloud.StateRunning, ConsistencyCheck: true}, op: "skip", state: "RUNNING|MIGRATE_SUCCESS", source: "replicate|finished"},
		{name: "migration_test", seed: fakecloud.TaskSpec{NeedMigrationTest: true}, op: "migration_test", state: "READY", source: "premiged"},
	}
	// One apply invokes every operation, each on a task of its own: one
	// configuration costs the CLI's start-ups once instead of per case.
	c := newTestCloud(t)
	var cfg strings.Builder
	var checks []resource.TestCheckFunc
	for _, tc := range cases {
		task := c.SeedTask(tc.seed)
		cfg.WriteString(strings.NewReplacer(
			`"huaweicloud_sms_task_action" "test"`, `"huaweicloud_sms_task_action" "`+tc.name+`"`,
			`"terraform_data" "trigger"`, `"terraform_data" "trigger_`+tc.name+`"`,
			`action.huaweicloud_sms_task_action.test]`, `action.huaweicloud_sms_task_action.`+tc.name+`]`,
		).Replace(testAccSMSTaskActionActionConfig_basic(task.ID, tc.op, "1", tc.extra...)))
		// The action waited, so the end state is already there when the
		// apply returns.
		checks = append(checks,
			checkFakeTask(c, task.ID, []string{tc.op}, tc.state, tc.source),
			func(*terraform.State) error {
				if tc.check == nil {
					return nil
				}
				v, _ := c.Task(task.ID)
				if err := tc.check(v); err != nil {
					return fmt.Errorf("%s: %w", tc.name, err)
				}
				return nil
			},
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(cfg.String()),
			Check:  resource.ComposeAggregateTestCheckFunc(checks...),
		}},
	})
}

// The action is invoked again on every update of the resource that
// triggers it, and not by a plan without changes.
func TestAccSMSTaskActionAction_rerunOnUpdate(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := func(round string) string {
		return c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "network_check", round))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("1"), Check: checkFakeTask(c, task.ID, []string{"network_check"}, "READY", "")},
			{
				Config:           cfg("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkFakeTask(c, task.ID, []string{"network_check"}, "READY", ""),
			},
			{Config: cfg("2"), Check: checkFakeTask(c, task.ID, []string{"network_check", "network_check"}, "READY", "")},
		},
	})
}

// A refusal by the task's state fails the apply with the API's code and
// message; the request was sent once.
func TestAccSMSTaskActionAction_refusedByState(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "stop", "1")),
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

// The operation was accepted but the task then failed: the error names the
// state it ended in. The launch takes an hour in this fake; once the test
// operation has arrived, the task is made to fail behind the API's back.
func TestAccSMSTaskActionAction_failureState(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Test = time.Hour })
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateSyncing, Syncing: true})
	done, exited := make(chan struct{}), make(chan struct{})
	// The goroutine must be over before the test ends (it may call t.Errorf).
	defer func() { close(done); <-exited }()
	go func() {
		defer close(exited)
		for !slices.Contains(c.Actions(task.ID), "test") {
			select {
			case <-done:
				return
			case <-time.After(fastTransition / 2):
			}
		}
		failed, source := fakecloud.StateMigrateFail, "error"
		if _, err := c.SetTask(task.ID, fakecloud.TaskPatch{State: &failed, SourceState: &source}); err != nil {
			t.Errorf("failing task %s: %v", task.ID, err)
		}
	}()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "test", "1", timeoutsInvoke("1m"))),
			ExpectError: wrapped("Operation test on SMS task " + task.ID + " failed: the service accepted the operation but the task ended in state MIGRATE_FAIL (source server state error)"),
		}},
	})
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"test"}) {
		t.Errorf("fake cloud accepted %v, want [test]", got)
	}
}

// timeoutsInvoke is a timeouts block with an invoke timeout, as extra lines.
func timeoutsInvoke(d string) string {
	return fmt.Sprintf("timeouts {\n      invoke = %q\n    }", d)
}

// clone_test without template_id (and template_id with another operation)
// is refused while validating, before any request.
func TestAccSMSTaskActionAction_templateIDValidation(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateMigrateSuccess})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "clone_test", "1")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Missing Template ID`),
			},
			{
				Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "network_check", "1", `template_id = "tpl-0001"`)),
				ExpectError: regexp.MustCompile(`Template ID Not Allowed`),
			},
			{
				Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "cutover", "1")),
				ExpectError: regexp.MustCompile(`(?s)value must be one of:.*migration_test`),
			},
		},
	})
	if n := actionCalls(c); n != 0 {
		t.Errorf("fake cloud received %d action requests, want none: invalid configurations must be refused before any call", n)
	}
}

// wait = false returns once the service accepted the operation.
func TestAccSMSTaskActionAction_noWait(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Stop = time.Hour })
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "stop", "1", "wait = false")),
			// Stopping takes an hour in this fake: only not waiting lets
			// the apply finish.
			Check: checkFakeTask(c, task.ID, []string{"stop"}, "ABORTING", ""),
		}},
	})
}

// The invoke timeout bounds the wait; the error names the state reached.
func TestAccSMSTaskActionAction_timeout(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.MigrationTest = time.Hour })
	task := c.SeedTask(fakecloud.TaskSpec{NeedMigrationTest: true})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "migration_test", "1", timeoutsInvoke("1s"))),
			ExpectError: wrapped("timed out while the task was in state READY (source server state premiging)"),
		}},
	})
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"migration_test"}) {
		t.Errorf("fake cloud accepted %v, want [migration_test]", got)
	}
}

// The action and the resource share the type name huaweicloud_sms_task_action:
// one configuration declaring both plans, applies and runs each once.
func TestAccSMSTaskActionAction_sameNameAsResource(t *testing.T) {
	c := newTestCloud(t)
	viaAction := c.SeedTask(fakecloud.TaskSpec{})
	viaResource := c.SeedTask(fakecloud.TaskSpec{})
	cfg := c.config(testAccSMSTaskActionActionConfig_basic(viaAction.ID, "network_check", "1") + testAccSMSTaskActionConfig_basic(viaResource.ID, "network_check"))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(
				checkFakeTask(c, viaAction.ID, []string{"network_check"}, "READY", ""),
				checkFakeTask(c, viaResource.ID, []string{"network_check"}, "READY", ""),
			),
		}},
	})
}

// Invoke reports what it sends, every poll of the wait and the end state
// through SendProgress. Called directly: the testing framework does not
// show progress events.
func TestSMSTaskActionAction_invokeReportsProgress(t *testing.T) {
	ctx := context.Background()
	// Stopping takes a few polls, so some progress is reported while waiting.
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Stop = 400 * time.Millisecond })
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	client, err := sms.New(sms.Config{
		Region: "cn-north-4", AccessKey: c.AK, SecretKey: c.SK,
		Endpoints:    sms.Endpoints{SMS: c.URL, IAM: c.URL},
		RetryWaitMin: testPacing.RetryWaitMin, RetryWaitMax: testPacing.RetryWaitMax, RequestTimeout: testPacing.RequestTimeout,
		Poll: testPacing.Poll,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := &smsTaskActionAction{}
	var cr action.ConfigureResponse
	a.Configure(ctx, action.ConfigureRequest{ProviderData: &providerData{client: client, tasks: smstask.NewService(client, smstask.ServiceOptions{})}}, &cr)
	var sr action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &sr)
	if cr.Diagnostics.HasError() || sr.Diagnostics.HasError() {
		t.Fatal(cr.Diagnostics, sr.Diagnostics)
	}
	typ, ok := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T", sr.Schema.Type().TerraformType(ctx))
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	vals["task_id"] = tftypes.NewValue(tftypes.String, task.ID)
	vals["operation"] = tftypes.NewValue(tftypes.String, "stop")

	var msgs []string
	resp := action.InvokeResponse{SendProgress: func(e action.InvokeProgressEvent) { msgs = append(msgs, e.Message) }}
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, vals)}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("invoke failed: %v", resp.Diagnostics)
	}
	if len(msgs) < 3 {
		t.Fatalf("progress %q: want the send, at least one poll while waiting, and the end", msgs)
	}
	if want := "SMS task " + task.ID + ": sending operation stop (state RUNNING, source server replicate)"; msgs[0] != want {
		t.Errorf("first progress %q, want %q", msgs[0], want)
	}
	step := `, migration step \d of 3 [A-Z_]+ \d+%`
	waiting := regexp.MustCompile(`^SMS task ` + task.ID + `, operation stop waiting: state ABORTING, source server stopping` + step + `, elapsed \d+s$`)
	if !slices.ContainsFunc(msgs[1:len(msgs)-1], waiting.MatchString) {
		t.Errorf("no progress while waiting in %q", msgs)
	}
	finished := regexp.MustCompile(`^SMS task ` + task.ID + `, operation stop finished: state ABORT, source server stopped` + step + `, elapsed \d+s$`)
	if last := msgs[len(msgs)-1]; !finished.MatchString(last) {
		t.Errorf("last progress %q, want it to match %s", last, finished)
	}
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"stop"}) {
		t.Errorf("fake cloud accepted %v, want [stop]", got)
	}
	// A line only when something moved (state, source state, percentage):
	// the task sat in ABORTING for several polls, which make no new line.
	// (The once-a-minute line of a quiet wait is TestProgressGate_quietWait's.)
	polls := c.Stats().Routes[fakecloud.RouteShowTask] - 1 // the read before sending
	if polls < 3 || int64(len(msgs)-1) >= polls {
		t.Errorf("%d progress lines after the send for %d polls: want fewer lines than polls (%q)", len(msgs)-1, polls, msgs)
	}
	moved := regexp.MustCompile(`state (\S+), source server (\S+), migration step (\d+) of \d+ \S+ (\d+)%`)
	for i := 2; i < len(msgs); i++ {
		prev, cur := moved.FindStringSubmatch(msgs[i-1]), moved.FindStringSubmatch(msgs[i])
		if prev != nil && cur != nil && slices.Equal(prev[1:], cur[1:]) && !strings.Contains(msgs[i], "finished") {
			t.Errorf("progress line %q repeats %q though nothing moved", msgs[i], msgs[i-1])
		}
	}

	// The same stop again: the task shows it received, so the action says
	// it waits without sending, and sends nothing.
	msgs = nil
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, vals)}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("second invoke failed: %v", resp.Diagnostics)
	}
	if want := "SMS task " + task.ID + ": operation stop was already received, by an earlier run (state ABORT, source server stopped): " +
		"waiting for its outcome without sending it again"; len(msgs) == 0 || msgs[0] != want {
		t.Errorf("second invoke's progress %q, want it to start with %q", msgs, want)
	}
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"stop"}) {
		t.Errorf("after the second invoke the fake accepted %v, want only the first stop", got)
	}
}

// testAccSMSTaskActionActionConfig_replicatedThenTest invokes start (until
// the replication is done) and then test, from one trigger.
func testAccSMSTaskActionActionConfig_replicatedThenTest(taskID string) string {
	return fmt.Sprintf(`
action "huaweicloud_sms_task_action" "start" {
  config {
    task_id   = %[1]q
    operation = "start"
    wait_for  = "replicated"
  }
}

action "huaweicloud_sms_task_action" "test" {
  config {
    task_id   = %[1]q
    operation = "test"
  }
}

resource "terraform_data" "trigger" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.huaweicloud_sms_task_action.start, action.huaweicloud_sms_task_action.test]
    }
  }
}
`, taskID)
}

// start with wait_for = "replicated" then test, chained in one apply: the
// service refuses test while the task is still RUNNING.
func TestAccSMSTaskActionAction_waitForReplicated(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskActionActionConfig_replicatedThenTest(task.ID)),
			Check:  checkFakeTask(c, task.ID, []string{"start", "test"}, "MIGRATE_SUCCESS", "finished"),
		}},
	})
}

// wait_for = "replicated" with an operation that does not replicate is
// refused while validating, before any request.
func TestAccSMSTaskActionAction_waitForValidation(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateRunning})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "stop", "1", `wait_for = "replicated"`)),
				ExpectError: regexp.MustCompile(`Wait For Replication Not Possible`),
			},
			{
				Config:      c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "restart", "1", `wait_for = "replicated"`, `wait = false`)),
				ExpectError: regexp.MustCompile(`Wait For Replication Without Waiting`),
			},
		},
	})
	if n := actionCalls(c); n != 0 {
		t.Errorf("fake cloud received %d action requests, want none", n)
	}
}

// The native action resumes too: an -invoke or trigger whose wait was cut
// short leaves the task RUNNING, and the next run waits without sending
// start again.
func TestAccSMSTaskActionAction_resumesAfterTimeout(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = 5 * time.Second })
	task := c.SeedTask(fakecloud.TaskSpec{})
	cfg := func(round, timeout string) string {
		return c.config(testAccSMSTaskActionActionConfig_basic(task.ID, "start", round, `wait_for = "replicated"`, timeoutsInvoke(timeout)))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("1", "2s"), ExpectError: wrapped("waits for it without sending it again")},
			{Config: cfg("2", "1m"), Check: checkFakeTask(c, task.ID, []string{"start"}, "MIGRATE_SUCCESS", "finished")},
		},
	})
}
