package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

const testDCSInstance = "3c9a2b5e-1f4d-4e6a-9b7c-0d1e2f3a4b5c"

// testAccDCSBackgroundTaskDeleteConfig_basic is one delete resource named name; extra goes
// inside the block as is.
func testAccDCSBackgroundTaskDeleteConfig_basic(name, instanceID, taskID, extra string) string {
	return fmt.Sprintf(`
resource "huaweicloud_dcs_background_task_delete" %q {
  instance_id = %q
  task_id     = %q
%s
}
`, name, instanceID, taskID, extra)
}

// 200, 204 and 404 (already gone) all count as deleted.
func TestAccDCSBackgroundTaskDelete_basic(t *testing.T) {
	resourceName := "huaweicloud_dcs_background_task_delete.with_200"
	c := newTestCloud(t)
	ok200 := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{})
	ok204 := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{DeleteStatus: http.StatusNoContent})
	keep := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{Name: "BindEip"})
	const missing = "dc5b0000000000000000999999999999"
	var totalAfterApply int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(
				testAccDCSBackgroundTaskDeleteConfig_basic("with_200", testDCSInstance, ok200.ID, "") +
					testAccDCSBackgroundTaskDeleteConfig_basic("with_204", testDCSInstance, ok204.ID, fmt.Sprintf("  project_id = %q", c.ProjectID())) +
					// Already gone: a warning, and the apply succeeds.
					testAccDCSBackgroundTaskDeleteConfig_basic("gone", testDCSInstance, missing, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(ok200.ID)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("project_id"), knownvalue.StringExact(c.ProjectID())),
				statecheck.ExpectKnownValue("huaweicloud_dcs_background_task_delete.with_204", tfjsonpath.New("id"), knownvalue.StringExact(ok204.ID)),
				statecheck.ExpectKnownValue("huaweicloud_dcs_background_task_delete.gone", tfjsonpath.New("id"), knownvalue.StringExact(missing)),
			},
			Check: resource.ComposeTestCheckFunc(testAccCheckRequestsAuthenticated(c), testAccCheckDCSBackgroundTaskDeleted(c, testDCSInstance, ok200.ID, ok204.ID), func(*terraform.State) error {
				s := c.Stats()
				if got := s.Routes[fakecloud.RouteDeleteBackgroundTask]; got != 3 {
					return fmt.Errorf("%s called %d times, want 3", fakecloud.RouteDeleteBackgroundTask, got)
				}
				for status, want := range map[string]int64{"204": 1, "404": 1} {
					if got := s.Statuses[status]; got != want {
						return fmt.Errorf("fake answered HTTP %s %d times, want %d", status, got, want)
					}
				}
				for _, id := range []string{ok200.ID, ok204.ID} {
					if _, ok := c.BackgroundTask(testDCSInstance, id); ok {
						return fmt.Errorf("background task %s still exists", id)
					}
				}
				if _, ok := c.BackgroundTask(testDCSInstance, keep.ID); !ok {
					return fmt.Errorf("background task %s, not named in the configuration, was deleted", keep.ID)
				}
				totalAfterApply = s.Total
				return nil
			}),
		}},
		CheckDestroy: func(*terraform.State) error {
			if got := c.Stats().Total; got != totalAfterApply {
				return fmt.Errorf("%d API calls after the apply, want none (read and destroy only touch the state)", got-totalAfterApply)
			}
			return nil
		},
	})
}

func TestAccDCSBackgroundTaskDelete_errors(t *testing.T) {
	// The reading where a busy task cannot be deleted (no page says so).
	c := newTestCloud(t, func(o *fakecloud.Options) { o.DCSDeleteOnlyFinished = true })
	running := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{Status: "EXECUTING"})
	done := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", testDCSInstance, "bad/id", "")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`must be 1 to 64 letters, digits or hyphens`),
			},
			{
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", testDCSInstance, done.ID, `  project_id = ""`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`project_id`),
			},
			{
				// project_id reaches the request path: the fake knows no such project.
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", testDCSInstance, done.ID, `  project_id = "ffffffffffffffffffffffffffffffff"`)),
				ExpectError: regexp.MustCompile(`(?s)in project\s+ffffffffffffffffffffffffffffffff\s+failed: HTTP 401, error code DCS\.1004`),
			},
			{
				// The service refuses a task that is still running.
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", testDCSInstance, running.ID, "")),
				ExpectError: regexp.MustCompile(`(?s)Error Deleting DCS Background Task.*` + running.ID + `.*DCS\.4957`),
			},
			{
				// A 404 that says the instance does not exist is an
				// error, not a task already gone.
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", "0b0c0d0e-0000-4000-8000-00000000dead", done.ID, "")),
				ExpectError: regexp.MustCompile(`(?s)Error Deleting DCS Background Task.*instance was not found.*DCS\.3022`),
			},
			{
				// A gateway 404 (no such API: a wrong endpoint) is not "gone".
				PreConfig: func() {
					c.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteBackgroundTask, Kind: fakecloud.FaultStatus, Status: http.StatusNotFound, Count: 1})
				},
				Config:      c.config(testAccDCSBackgroundTaskDeleteConfig_basic("t", testDCSInstance, done.ID, "")),
				ExpectError: regexp.MustCompile(`(?s)Error Deleting DCS Background Task.*APIGW\.0101`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			for _, id := range []string{running.ID, done.ID} {
				if _, ok := c.BackgroundTask(testDCSInstance, id); !ok {
					return fmt.Errorf("background task %s was deleted", id)
				}
			}
			return nil
		},
	})
}

// Under the default reading (the DeleteBackgroundTask page states no state
// rule) a running task is deleted like any other.
func TestAccDCSBackgroundTaskDelete_runningTask(t *testing.T) {
	c := newTestCloud(t)
	running := c.SeedBackgroundTask(testDCSInstance, fakecloud.BGTaskSpec{Status: "EXECUTING"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccDCSBackgroundTaskDeleteConfig_basic("running", testDCSInstance, running.ID, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_dcs_background_task_delete.running", tfjsonpath.New("id"), knownvalue.StringExact(running.ID)),
			},
			Check: resource.ComposeTestCheckFunc(testAccCheckRequestsAuthenticated(c), testAccCheckDCSBackgroundTaskDeleted(c, testDCSInstance, running.ID)),
		}},
	})
}

// testAccCheckDCSBackgroundTaskDeleted lists the instance's background tasks
// through the API client, as it would against a real account, and fails when
// one of ids is still there.
func testAccCheckDCSBackgroundTaskDeleted(c *testCloud, instanceID string, ids ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		client, err := c.apiClient()
		if err != nil {
			return err
		}
		tasks, err := client.ListBackgroundTasks(context.Background(), instanceID, sms.BackgroundTaskFilter{})
		if err != nil {
			return fmt.Errorf("listing the background tasks of DCS instance %s: %w", instanceID, err)
		}
		for _, t := range tasks {
			if slices.Contains(ids, t.ID) {
				return fmt.Errorf("background task %s of DCS instance %s still exists", t.ID, instanceID)
			}
		}
		return nil
	}
}
