package provider

import (
	"fmt"
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

// actionRoutes are the calls an operation run makes.
var actionRoutes = []string{fakecloud.RouteListProjects, fakecloud.RouteTaskAction, fakecloud.RouteShowTask}
