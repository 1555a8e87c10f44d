package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccSMSTasksBatchDeleteConfig_basic is one batch delete resource; extra
// is put inside the block as is (arguments, a timeouts block).
func testAccSMSTasksBatchDeleteConfig_basic(ids []string, extra string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
resource "huaweicloud_sms_tasks_batch_delete" "test" {
  task_ids = [%s]
%s
}
`, strings.Join(quoted, ", "), extra)
}

func taskIDs(tasks []fakecloud.Task) []string {
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	return ids
}

// sortedListOf is a knownvalue check for a list holding exactly ids, sorted
// (deleted_ids and skipped_ids are sorted lists).
func sortedListOf(ids []string) knownvalue.Check {
	sorted := slices.Sorted(slices.Values(ids))
	checks := make([]knownvalue.Check, len(sorted))
	for i, id := range sorted {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.ListExact(checks)
}

// checkGone fails for every id the fake still holds.
func checkGone(c *testCloud, ids []string) error {
	for _, id := range ids {
		if t, ok := c.Task(id); ok {
			return fmt.Errorf("task %s still exists in state %s", id, t.State)
		}
	}
	return nil
}

func TestAccSMSTasksBatchDelete_basic(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t, func(o *fakecloud.Options) {
		// Stopping completes at once, so both busy tasks become deletable in
		// the same round and go in one call; with a delay they could be
		// seen stopped one round apart and take two calls.
		o.Timing.Stop = -1
	})
	idle := taskIDs(c.SeedTasks(98, fakecloud.TaskSpec{Name: "idle"}))
	busy := taskIDs(c.SeedTasks(2, fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning}))
	gone := taskIDs(c.SeedTasks(20, fakecloud.TaskSpec{Name: "gone"}))
	for _, id := range gone {
		c.DeleteOutOfBand(id)
	}
	bystander := c.SeedTask(fakecloud.TaskSpec{Name: "keep-me"})
	all := slices.Concat(idle, busy, gone)
	deleted := slices.Concat(idle, busy)
	var totalAfterApply int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(all, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf(deleted)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("skipped_ids"), sortedListOf(gone)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("chunk_size"), knownvalue.Int64Exact(50)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("stop_running"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				// 98 deletable tasks in the first round: chunks of 50 and 48;
				// the two stopped ones in a third call of their own.
				s := c.Stats()
				if got := s.Routes[fakecloud.RouteDeleteTasks]; got != 3 {
					return fmt.Errorf("%s called %d times, want 3", fakecloud.RouteDeleteTasks, got)
				}
				if got := s.Routes[fakecloud.RouteDeleteTask]; got != 0 {
					return fmt.Errorf("single deletes were sent %d times, want none", got)
				}
				for _, id := range busy {
					if got := c.Actions(id); !slices.Equal(got, []string{"stop"}) {
						return fmt.Errorf("busy task %s got operations %v, want [stop]", id, got)
					}
				}
				for _, id := range idle[:3] {
					if got := c.Actions(id); len(got) != 0 {
						return fmt.Errorf("idle task %s got operations %v, want none", id, got)
					}
				}
				if _, ok := c.Task(bystander.ID); !ok {
					return fmt.Errorf("task %s, not in task_ids, was deleted", bystander.ID)
				}
				totalAfterApply = s.Total
				return checkGone(c, all)
			},
		}},
		// Destroy (and every refresh after the apply) only touches the state.
		CheckDestroy: func(*terraform.State) error {
			if got := c.Stats().Total; got != totalAfterApply {
				return fmt.Errorf("%d API calls after the apply, want none", got-totalAfterApply)
			}
			if _, ok := c.Task(bystander.ID); !ok {
				return fmt.Errorf("task %s was deleted by destroy", bystander.ID)
			}
			return nil
		},
	})
}

func TestAccSMSTasksBatchDelete_chunkSize(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	ids := taskIDs(c.SeedTasks(120, fakecloud.TaskSpec{Name: "bulk"}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "  chunk_size = 25")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), knownvalue.ListSizeExact(120)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("skipped_ids"), knownvalue.ListSizeExact(0)),
			},
			Check: func(*terraform.State) error {
				if got := c.Stats().Routes[fakecloud.RouteDeleteTasks]; got != 5 {
					return fmt.Errorf("%s called %d times, want 5 (120 ids in chunks of 25)", fakecloud.RouteDeleteTasks, got)
				}
				return checkGone(c, ids)
			},
		}},
	})
}

func TestAccSMSTasksBatchDelete_partialFailureThenConverge(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	idle := taskIDs(c.SeedTasks(5, fakecloud.TaskSpec{Name: "idle"}))
	busy := c.SeedTask(fakecloud.TaskSpec{Name: "busy", State: fakecloud.StateRunning})
	all := append(slices.Clone(idle), busy.ID)
	cfg := c.config(testAccSMSTasksBatchDeleteConfig_basic(all, `  stop_running = false
  timeouts {
    create = "1s"
  }`))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)5 deleted, 0 already gone \(skipped\), 1 not deleted.*Not deleted: ` + busy.ID +
					`\s+Reason: the task stayed in state RUNNING.*refuse to delete a task while its agent is\s+connected.*stopping running tasks was\s+not\s+requested`),
			},
			{
				// The failed run left the busy task alone and deleted the rest.
				PreConfig: func() {
					if got := c.Actions(busy.ID); len(got) != 0 {
						t.Errorf("busy task got operations %v with stop_running = false", got)
					}
					if tk, ok := c.Task(busy.ID); !ok || tk.State != fakecloud.StateRunning {
						t.Errorf("busy task: present %t, state %q; want it still RUNNING", ok, tk.State)
					}
					if err := checkGone(c, idle); err != nil {
						t.Error(err)
					}
					// The migration is stopped by hand; the re-apply replaces
					// the tainted resource and finishes the job.
					stopped := fakecloud.StateAbort
					if _, err := c.SetTask(busy.ID, fakecloud.TaskPatch{State: &stopped}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf([]string{busy.ID})),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("skipped_ids"), sortedListOf(idle)),
				},
				Check: func(*terraform.State) error { return checkGone(c, all) },
			},
		},
	})
}

func TestAccSMSTasksBatchDelete_update(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	first := c.SeedTask(fakecloud.TaskSpec{Name: "first"})
	second := c.SeedTask(fakecloud.TaskSpec{Name: "second"})
	var callsBefore int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTasksBatchDeleteConfig_basic([]string{first.ID}, "")),
				Check: func(*terraform.State) error {
					if _, ok := c.Task(second.ID); !ok {
						return fmt.Errorf("task %s was deleted before it was listed", second.ID)
					}
					callsBefore = c.Stats().Total
					return checkGone(c, []string{first.ID})
				},
			},
			{
				// chunk_size alone is stored in place, without API calls.
				Config: c.config(testAccSMSTasksBatchDeleteConfig_basic([]string{first.ID}, "  chunk_size = 10")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("chunk_size"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID})),
				},
				Check: func(*terraform.State) error {
					if got := c.Stats().Total; got != callsBefore {
						return fmt.Errorf("changing chunk_size made %d API calls, want none", got-callsBefore)
					}
					if _, ok := c.Task(second.ID); !ok {
						return fmt.Errorf("task %s was deleted by an in-place update", second.ID)
					}
					return nil
				},
			},
			{
				// A new id is deleted in place; the ids already handled are
				// not sent again.
				Config: c.config(testAccSMSTasksBatchDeleteConfig_basic([]string{first.ID, second.ID}, "  chunk_size = 10")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf([]string{first.ID, second.ID})),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("skipped_ids"), sortedListOf(nil)),
				},
				Check: func(*terraform.State) error { return checkGone(c, []string{first.ID, second.ID}) },
			},
			{
				// Dropping ids changes nothing.
				Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(nil, "  chunk_size = 10")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// The natural way to clean up: task_ids from a data source. Once the tasks
// are gone the data source returns none, and that plans nothing; tasks that
// match later are deleted in place; destroy works with an empty list.
func TestAccSMSTasksBatchDelete_fromDataSource(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	done := taskIDs(c.SeedTasks(3, fakecloud.TaskSpec{Name: "done", State: fakecloud.StateMigrateSuccess}))
	bystander := c.SeedTask(fakecloud.TaskSpec{Name: "keep-me"})
	var later []string
	cfg := c.config(`
data "huaweicloud_sms_tasks" "done" {
  state = "MIGRATE_SUCCESS"
}

resource "huaweicloud_sms_tasks_batch_delete" "test" {
  task_ids = toset(data.huaweicloud_sms_tasks.done.tasks[*].id)
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := c.Task(bystander.ID); !ok {
				return fmt.Errorf("task %s, never listed, was deleted", bystander.ID)
			}
			return checkGone(c, slices.Concat(done, later))
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf(done)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_ids"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error { return checkGone(c, done) },
			},
			{
				// The tasks are gone, the data source lists none: no change.
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				// Two more tasks finish: the next apply deletes them in place.
				PreConfig: func() {
					later = taskIDs(c.SeedTasks(2, fakecloud.TaskSpec{Name: "later", State: fakecloud.StateMigrateSuccess}))
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceName, "deleted_ids.#", "5"),
					func(*terraform.State) error { return checkGone(c, later) },
				),
			},
		},
	})
}

// An empty task_ids is valid and deletes nothing.
func TestAccSMSTasksBatchDelete_empty(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "untouched"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(nil, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf(nil)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("skipped_ids"), sortedListOf(nil)),
			},
			Check: func(*terraform.State) error {
				if got := c.Stats().Routes[fakecloud.RouteDeleteTasks]; got != 0 {
					return fmt.Errorf("%s called %d times for no ids", fakecloud.RouteDeleteTasks, got)
				}
				if _, ok := c.Task(task.ID); !ok {
					return fmt.Errorf("task %s was deleted", task.ID)
				}
				return nil
			},
		}},
	})
}

func TestAccSMSTasksBatchDelete_validation(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "untouched"})
	steps := []struct {
		body string
		want string
	}{
		{testAccSMSTasksBatchDeleteConfig_basic([]string{""}, ""), `string length must be between 1 and 36`},
		{testAccSMSTasksBatchDeleteConfig_basic([]string{task.ID}, "  chunk_size = 51"), `chunk_size value must be between 1 and 50`},
		{testAccSMSTasksBatchDeleteConfig_basic([]string{task.ID}, "  chunk_size = 0"), `chunk_size value must be between 1 and 50`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config:      c.config(s.body),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(s.want), " ", `\s+`)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    ts,
		CheckDestroy: func(*terraform.State) error {
			if got := c.Stats().Routes[fakecloud.RouteDeleteTasks]; got != 0 {
				return fmt.Errorf("%s called %d times for invalid configurations", fakecloud.RouteDeleteTasks, got)
			}
			if _, ok := c.Task(task.ID); !ok {
				return fmt.Errorf("task %s was deleted", task.ID)
			}
			return nil
		},
	})
}

// filter selects the tasks at apply time and records what it matched.
func TestAccSMSTasksBatchDelete_filter(t *testing.T) {
	resourceName := "huaweicloud_sms_tasks_batch_delete.test"
	c := newTestCloud(t)
	wave := taskIDs(c.SeedTasks(3, fakecloud.TaskSpec{Name: "wave1", State: fakecloud.StateMigrateSuccess}))
	unfinished := c.SeedTask(fakecloud.TaskSpec{Name: "wave1-late"})
	other := c.SeedTask(fakecloud.TaskSpec{Name: "wave2-001", State: fakecloud.StateMigrateSuccess})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(`
resource "huaweicloud_sms_tasks_batch_delete" "test" {
  filter = {
    state       = "MIGRATE_SUCCESS"
    name_regex  = "^wave1-"
    older_than  = "1ns"
  }
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("matched_ids"), sortedListOf(wave)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("deleted_ids"), sortedListOf(wave)),
			},
			Check: func(*terraform.State) error {
				for _, id := range []string{unfinished.ID, other.ID} {
					if _, ok := c.Task(id); !ok {
						return fmt.Errorf("task %s, not matched, was deleted", id)
					}
				}
				return checkGone(c, wave)
			},
		}},
	})
}

func TestAccSMSTasksBatchDelete_filterValidation(t *testing.T) {
	c := newTestCloud(t)
	steps := []struct{ body, want string }{
		{`filter = { name_regex = "(" }`, `filter.name_regex "(" is not a valid regular expression`},
		{`filter = { older_than = "30 days" }`, `filter.older_than "30 days" must be a positive duration`},
		{`filter = {}`, `filter must set at least one of state, name_regex, source_server_ids and older_than`},
		{`filter = { state = "DONE" }`, `value must be one of`},
		{"task_ids = []\n  filter = { state = \"READY\" }", `Exactly one of these attributes must be configured: [task_ids,filter]`},
		{``, `Exactly one of these attributes must be configured: [task_ids,filter]`},
	}
	var ts []resource.TestStep
	for _, s := range steps {
		ts = append(ts, resource.TestStep{
			Config:      c.config("resource \"huaweicloud_sms_tasks_batch_delete\" \"test\" {\n  " + s.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(s.want), " ", `\s+`)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: ts})
}

// A version 0 state stored task_ids as a set; version 1 never stores it.
func TestSMSTasksBatchDeleteUpgradeStateDropsTaskIDs(t *testing.T) {
	ctx := context.Background()
	r := &smsTasksBatchDeleteResource{}
	up := r.UpgradeState(ctx)[0]
	if up.PriorSchema == nil {
		t.Fatal("the upgrader from version 0 has no prior schema")
	}
	req, err := upgradeRequest(ctx, *up.PriorSchema,
		`{"id":"abc","task_ids":["t1","t2"],"stop_running":true,"chunk_size":50,"deleted_ids":["t1"],"skipped_ids":["t2"],"timeouts":null}`)
	if err != nil {
		t.Fatal(err)
	}
	var sr fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
	resp := fwresource.UpgradeStateResponse{State: tfsdk.State{Schema: sr.Schema}}
	up.StateUpgrader(ctx, req, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var got smsTasksBatchDeleteModel
	if d := resp.State.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if !got.TaskIDs.IsNull() || got.Filter != nil || got.MatchedIDs.IsNull() || got.MatchedIDs.IsUnknown() || len(got.MatchedIDs.Elements()) != 0 ||
		fmt.Sprint(stringsOf(got.DeletedIDs)) != "[t1]" {
		t.Fatalf("upgraded state %+v", got)
	}
	if got.ID.ValueString() != "abc" || !got.StopRunning.ValueBool() || got.ChunkSize.ValueInt64() != 50 ||
		fmt.Sprint(stringsOf(got.SkippedIDs)) != "[t2]" || !got.Timeouts.IsNull() {
		t.Fatalf("version 0 values not kept: %+v", got)
	}

	// The same through the provider's protocol server, as Terraform asks.
	server, err := protoV6ProviderFactories["huaweicloud"]()
	if err != nil {
		t.Fatal(err)
	}
	pr, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "huaweicloud_sms_tasks_batch_delete", Version: 0, RawState: req.RawState,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range pr.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("upgrade: %s: %s", d.Summary, d.Detail)
		}
	}
	val, err := pr.UpgradedState.Unmarshal(sr.Schema.Type().TerraformType(ctx))
	if err != nil {
		t.Fatal(err)
	}
	upgraded := tfsdk.State{Schema: sr.Schema, Raw: val}
	var viaServer smsTasksBatchDeleteModel
	if d := upgraded.Get(ctx, &viaServer); d.HasError() {
		t.Fatal(d)
	}
	if !viaServer.TaskIDs.IsNull() || viaServer.Filter != nil || !viaServer.MatchedIDs.Equal(got.MatchedIDs) || !viaServer.DeletedIDs.Equal(got.DeletedIDs) {
		t.Fatalf("upgraded through the server: %+v", viaServer)
	}
}
