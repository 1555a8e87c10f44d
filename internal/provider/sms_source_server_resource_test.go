package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// fromAPI keeps the configured registered_name and task_on_destroy, gives an
// import (null) the server's name and the default, and records the task.
func TestSourceServerFill(t *testing.T) {
	s := &sms.SourceServer{ID: "s1", Name: "web-01-wave1", IP: "10.0.0.1", OsType: "LINUX", OsVersion: "CENTOS_7_9_64BIT",
		EnterpriseProjectID: "0", State: "replicate", MigrationCycle: "replicating", Connected: true,
		CurrentTask: &sms.SourceCurrentTask{ID: "t1", Name: "web", State: "RUNNING"}}
	configured := smsSourceServerResourceModel{RegisteredName: types.StringValue("web-01"), TaskOnDestroy: types.StringValue(taskOnDestroyDelete)}
	configured.fromAPI(s)
	if configured.RegisteredName.ValueString() != "web-01" || configured.TaskOnDestroy.ValueString() != taskOnDestroyDelete ||
		configured.Name.ValueString() != "web-01-wave1" || configured.CurrentTaskID.ValueString() != "t1" || !configured.Connected.ValueBool() ||
		configured.State.ValueString() != "replicate" || configured.MigrationCycle.ValueString() != "replicating" {
		t.Errorf("configured: %+v", configured)
	}
	imported := smsSourceServerResourceModel{ID: types.StringValue("s1"), RegisteredName: types.StringNull(), TaskOnDestroy: types.StringNull()}
	s.CurrentTask = nil
	imported.fromAPI(s)
	if imported.RegisteredName.ValueString() != "web-01-wave1" || imported.TaskOnDestroy.ValueString() != taskOnDestroyRefuse || imported.CurrentTaskID.ValueString() != "" {
		t.Errorf("imported: %+v", imported)
	}
	// A task without an id is no task.
	if hasTask(&sms.SourceServer{CurrentTask: &sms.SourceCurrentTask{}}) {
		t.Error("an empty current_task counts as a task")
	}
}

// An update that calls nothing keeps what the service last reported.
func TestSourceServerKeepObserved(t *testing.T) {
	state := smsSourceServerResourceModel{ID: types.StringValue("s1"), Name: types.StringValue("a"), State: types.StringValue("waiting"),
		Connected: types.BoolValue(true), CurrentTaskID: types.StringValue("t1"), IP: types.StringValue("10.0.0.1")}
	plan := smsSourceServerResourceModel{RegisteredName: types.StringValue("b"), State: types.StringUnknown(), Connected: types.BoolUnknown(), CurrentTaskID: types.StringUnknown()}
	plan.keepObserved(&state)
	if plan.State.ValueString() != "waiting" || !plan.Connected.ValueBool() || plan.CurrentTaskID.ValueString() != "t1" || plan.RegisteredName.ValueString() != "b" || plan.IP.ValueString() != "10.0.0.1" {
		t.Errorf("kept: %+v", plan)
	}
}

// The refusal names the task and both ways forward; the timeout hint only
// follows a timed-out wait.
func TestSourceServerDestroyTexts(t *testing.T) {
	d := taskOnServerDetail(&sms.SourceServer{ID: "s1", Name: "web", CurrentTask: &sms.SourceCurrentTask{ID: "t9", Name: "web-task", State: "RUNNING"}}, "")
	for _, want := range []string{"t9", "web-task", "RUNNING", `task_on_destroy = "delete"`, `"stop_and_delete"`, "kept in the Terraform state"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q: %s", want, d)
		}
	}
	if h := registrationHint(&wait.TimeoutError{LastState: sourceAbsent}); !strings.Contains(h, "registered_name") {
		t.Errorf("timeout hint: %q", h)
	}
	if h := registrationHint(errors.New("HTTP 500")); h != "" {
		t.Errorf("hint for another error: %q", h)
	}
}

const testAccSourceServerAddr = "huaweicloud_sms_source_server.web"

func testAccSMSSourceServerConfig(registered, extra string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_source_server" "web" {
  registered_name = %q
%s
}
`, registered, extra)
}

// registerOnFirstListing makes the fake's agent register a source server
// named name right after the first listing of source servers has answered:
// the adoption's first look finds nothing and it must wait. *seeded is the
// server once registered.
func registerOnFirstListing(cloud *atomic.Pointer[testCloud], name string, seeded *atomic.Pointer[fakecloud.Source]) func(*fakecloud.Options) {
	return func(o *fakecloud.Options) {
		o.Logf = func(format string, args ...any) {
			c := cloud.Load()
			if c == nil || seeded.Load() != nil || !strings.Contains(fmt.Sprintf(format, args...), " "+fakecloud.RouteListSources+" -> 200 ") {
				return
			}
			src := c.SeedSource(fakecloud.SourceSpec{Name: name})
			seeded.Store(&src)
		}
	}
}

// Adopt a server the agent registers while the create waits, rename it in
// place, import it, refuse a bad argument at plan time, refuse to remove it
// while it has a task (nothing is lost: both stay), then remove it and its
// task once task_on_destroy says so.
func TestAccSMSSourceServer_basic(t *testing.T) {
	var cloud atomic.Pointer[testCloud]
	var seeded atomic.Pointer[fakecloud.Source]
	c := newTestCloud(t, registerOnFirstListing(&cloud, "web-09", &seeded))
	cloud.Store(c)
	rec := &planWarnings{}
	var id, taskID string
	routes := func() map[string]int64 { return c.Stats().Routes }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		CheckDestroy: func(*terraform.State) error {
			if _, found := c.Source(id); found {
				return fmt.Errorf("source server %s is still in the cloud", id)
			}
			if _, found := c.Task(taskID); found {
				return fmt.Errorf("task %s is still in the cloud", taskID)
			}
			// Removed once, after its task was gone: never while it had one.
			if n := routes()[fakecloud.RouteDeleteServer]; n != 1 {
				return fmt.Errorf("DeleteServer was called %d times, want 1", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSSourceServerConfig("web-09", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-09")),
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("task_on_destroy"), knownvalue.StringExact("refuse")),
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("connected"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("current_task_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("os_type"), knownvalue.StringExact("LINUX")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(captureID(testAccSourceServerAddr, &id), func(*terraform.State) error {
					src := seeded.Load()
					switch {
					case src == nil || src.ID != id:
						return fmt.Errorf("adopted %s, but the agent registered %v", id, src)
					case routes()[fakecloud.RouteListSources] < 2:
						return fmt.Errorf("the first listing found nothing, yet the create listed %d times", routes()[fakecloud.RouteListSources])
					case routes()[fakecloud.RouteUpdateServerName] != 0:
						return fmt.Errorf("a create without name renamed the server")
					}
					return nil
				}),
			},
			{
				Config: c.config(testAccSMSSourceServerConfig("web-09", `  name = "web-09-wave1"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccSourceServerAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-09-wave1")),
					statecheck.CompareValue(compare.ValuesSame()).AddStateValue(testAccSourceServerAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if src, _ := c.Source(id); src.Name != "web-09-wave1" || routes()[fakecloud.RouteUpdateServerName] != 1 {
						return fmt.Errorf("the cloud has %q after %d renames", src.Name, routes()[fakecloud.RouteUpdateServerName])
					}
					return nil
				},
			},
			{
				ResourceName:      testAccSourceServerAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// The import records the name the server has as its
				// registered name, and no timeouts.
				ImportStateVerifyIgnore: []string{"registered_name", "timeouts"},
			},
			{
				Config:      c.config(testAccSMSSourceServerConfig("web-09", `  task_on_destroy = "keep"`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)task_on_destroy.*value must be one of`),
			},
			{
				PreConfig: func() {
					taskID = c.SeedTask(fakecloud.TaskSpec{Name: "web-09-task", SourceID: id}).ID
					rec.take()
				},
				Config:  c.config(testAccSMSSourceServerConfig("web-09", `  name = "web-09-wave1"`)),
				Destroy: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(`^SMS Source Server Leaves SMS: .*web-09-wave1.*had migration task [0-9a-f-]{36} when last read: removing the server fails if that task still exists`)}},
				}},
				ExpectError: regexp.MustCompile(`(?s)SMS Source Server Has a Migration Task.*web-09-task.*task_on_destroy`),
			},
			{
				// Nothing was lost, and nothing was sent for deletion; the new
				// task_on_destroy changes nothing in the cloud.
				PreConfig: func() {
					_, srcThere := c.Source(id)
					_, taskThere := c.Task(taskID)
					if !srcThere || !taskThere || routes()[fakecloud.RouteDeleteServer] != 0 || routes()[fakecloud.RouteDeleteTask] != 0 {
						t.Fatalf("after the refused destroy: server there %t, task there %t, routes %v", srcThere, taskThere, routes())
					}
				},
				Config: c.config(testAccSMSSourceServerConfig("web-09", "  name = \"web-09-wave1\"\n  task_on_destroy = \"delete\"")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccSourceServerAddr, tfjsonpath.New("current_task_id"), knownvalue.NotNull()),
				},
				Check: func(*terraform.State) error {
					if n := routes()[fakecloud.RouteUpdateServerName]; n != 1 {
						return fmt.Errorf("changing task_on_destroy renamed the server (%d renames)", n)
					}
					return nil
				},
			},
		},
	})
}

// The adoption's finder: an earlier apply that renamed the server and lost
// the answer finds it under the new name; several servers with the name are
// an error naming them; an exact name only (the service may match loosely).
func TestSourceServerAdoptionFinder(t *testing.T) {
	c := newTestCloud(t)
	api, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	r := NewSMSSourceServerResource().(*smsSourceServerResource)
	r.providerData = configuredWith(api)
	renamed := c.SeedSource(fakecloud.SourceSpec{Name: "app-01-wave1"})
	a := c.SeedSource(fakecloud.SourceSpec{Name: "dup"})
	b := c.SeedSource(fakecloud.SourceSpec{Name: "dup"})
	c.SeedSource(fakecloud.SourceSpec{Name: "app-01x"})
	ctx := context.Background()
	got, err := r.awaitRegistered(ctx, "app-01", "app-01-wave1")
	if err != nil || got.ID != renamed.ID {
		t.Fatalf("adopting app-01 named app-01-wave1: %+v, %v", got, err)
	}
	if _, err := r.awaitRegistered(ctx, "dup", ""); err == nil || !strings.Contains(err.Error(), a.ID) || !strings.Contains(err.Error(), b.ID) {
		t.Fatalf("two servers named dup: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := r.awaitRegistered(short, "app-0", ""); !errors.As(err, new(*wait.TimeoutError)) {
		t.Fatalf("no server named exactly app-0: %v", err)
	}
}
