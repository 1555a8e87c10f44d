package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Nothing lost (issue 30): a task is gone only when SMS's own 404 for it
// says so, and an apply that exits 0 leaves every declared task in place,
// none of them on its way out.

// A destroy cut short once the service had accepted the deletion leaves the
// task DELETING and still in the state. The next apply plans its
// replacement and says why, waits for the old task to be gone, and ends with
// a task that exists and is not being deleted. With create_before_destroy
// the create waits for the old task instead. The fake holds a task in
// DELETING until the test moves its clock, on what the provider does (its
// delete, its create), never on a timer.
func TestAccSMSTask_applyAfterInterruptedDestroy(t *testing.T) {
	addr := "huaweicloud_sms_task.this"
	// The deletion the service accepted ends once the provider has sent a
	// delete of its own, or, after a create the source refused, once the
	// provider reads the task it waits for.
	var mu sync.Mutex
	var createRefused bool
	onAnswered := func(fake *fakecloud.Server, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		finish := func() { fake.Advance(6 * time.Minute) }
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v3/tasks/delete":
			finish()
		case r.Method == http.MethodPost && r.URL.Path == "/v3/tasks":
			createRefused = true
		case createRefused && r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v3/tasks/"):
			createRefused = false
			finish()
		}
	}
	c := newWrappedTestCloud(t, func(fake *fakecloud.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			onAnswered(fake, r)
		})
	}, func(o *fakecloud.Options) {
		o.Timing.Delete = 5 * time.Minute
	})
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	rec := &planWarnings{}
	client, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	interrupt := func() {
		rec.take()
		id := ids[len(ids)-1]
		if err := client.DeleteTask(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		if tk, _ := c.Task(id); tk.State != fakecloud.StateDeleting {
			t.Fatalf("task %s is %s, want DELETING", id, tk.State)
		}
	}
	replaced := func(action plancheck.ResourceActionType) []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, action),
			expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(
				`^SMS Task Is Being Deleted: SMS migration task [0-9a-f-]{36} \(web-01-task\) is being deleted \(state DELETING\).*replaces it`)}},
		}
	}
	onlyNewTask := func(s *terraform.State) error {
		id := s.RootModule().Resources[addr].Primary.ID
		tasks := c.Tasks()
		if len(tasks) != 1 || tasks[0].ID != id || tasks[0].State == fakecloud.StateDeleting {
			return fmt.Errorf("the fake holds %+v, want only the state's task %s, not DELETING", tasks, id)
		}
		for _, old := range ids {
			if old == id {
				return fmt.Errorf("the state still names the task that was being deleted (%s)", id)
			}
		}
		ids = append(ids, id)
		return nil
	}
	cbd := "  lifecycle {\n    create_before_destroy = true\n  }"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", "")),
				Check: func(s *terraform.State) error {
					ids = append(ids, s.RootModule().Resources[addr].Primary.ID)
					return nil
				},
			},
			{
				PreConfig:         interrupt,
				Config:            c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", "")),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: replaced(plancheck.ResourceActionDestroyBeforeCreate)},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("READY"))},
				Check:             onlyNewTask,
			},
			{
				PreConfig:        interrupt,
				Config:           c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-task", cbd)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replaced(plancheck.ResourceActionCreateBeforeDestroy)},
				Check: resource.ComposeAggregateTestCheckFunc(onlyNewTask, func(*terraform.State) error {
					// The first create was refused (the source still had the
					// task being deleted); the one after the wait succeeded.
					if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 4 {
						return fmt.Errorf("%d creates in all, want 4: 1, 1, then 2 (refused, then after the wait)", n)
					}
					return nil
				}),
			},
		},
	})
}

// foreign404s are 404s that something between the provider and SMS can
// answer (issue 30): none of them proves a task gone.
var foreign404s = []struct {
	name  string
	fault fakecloud.Fault
}{
	{"proxy page", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Body: fakecloud.FaultBodyHTML}},
	{"empty body", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Body: fakecloud.FaultBodyEmpty}},
	{"gateway APIGW.0101", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404}},
	{"another service's code", fakecloud.Fault{Kind: fakecloud.FaultStatus, Status: 404, Code: "ECS.0114", Message: "The server does not exist."}},
}

// A 404 that is not SMS's answer on the refresh read never removes the task
// from the state: the refresh retries it until its read time-out, then
// fails naming it, and destroy fails without forgetting the task. Once the
// reads get through, the same configuration plans no change. A few such
// 404s (fewer than the read time-out lets through) are retried and the
// refresh succeeds.
func TestAccSMSTask_foreign404IsNotGone(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "api-01"})
	cfg := c.config(testAccSMSTaskConfig_basic(src.ID, "api-01-task", "  timeouts {\n    read = \"1s\"\n  }"))
	var id string
	inject := func(f fakecloud.Fault, count int) func() {
		return func() {
			c.ClearFaults()
			f.Route, f.Count = fakecloud.RouteShowTask, count
			c.InjectFault(f)
		}
	}
	stillThere := func(*terraform.State) error {
		if _, ok := c.Task(id); !ok {
			return fmt.Errorf("task %s is gone", id)
		}
		return nil
	}
	steps := []resource.TestStep{{
		Config: cfg,
		Check:  captureID("huaweicloud_sms_task.this", &id),
	}}
	for _, f := range foreign404s {
		steps = append(steps, resource.TestStep{
			// Every read fails: the plan fails, naming the 404.
			PreConfig:   inject(f.fault, 0),
			Config:      cfg,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Error Reading SMS Task.*HTTP\s+404`),
		})
	}
	steps = append(steps,
		resource.TestStep{
			// destroy refreshes first: it fails, and forgets nothing.
			PreConfig:   inject(foreign404s[0].fault, 0),
			Config:      cfg,
			Destroy:     true,
			ExpectError: regexp.MustCompile(`(?s)Error Reading SMS Task.*HTTP\s+404`),
		},
		resource.TestStep{
			// More 404s than the client's own retries, fewer than the read
			// time-out lets through: the refresh goes on and succeeds, and
			// the task is still in the state.
			PreConfig: inject(foreign404s[2].fault, 8),
			Config:    cfg,
			PlanOnly:  true,
			Check:     stillThere,
		},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps:                    steps,
	})
}
