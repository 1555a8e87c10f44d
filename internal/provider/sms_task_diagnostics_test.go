package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The native actions upload the logs (and wait for the upload) and export
// the results each time they are invoked, keeping nothing in the state.
func TestAccSMSTaskDiagnosticsAction_basic(t *testing.T) {
	c := newTestCloud(t)
	task := seedDiagnostics(t, c, "diag-action")
	out := filepath.Join(t.TempDir(), "export.csv")
	cfg := func(round string) string {
		return c.config(fmt.Sprintf(`
action "huaweicloud_sms_task_log_upload" "this" {
  config {
    task_id    = %[1]q
    log_bucket = "sms-logs-action"
  }
}

action "huaweicloud_sms_task_consistency_export" "this" {
  config {
    task_ids    = [%[1]q]
    output_path = %[2]q
  }
}

resource "terraform_data" "round" {
  input = %[3]q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_task_log_upload.this, action.huaweicloud_sms_task_consistency_export.this]
    }
  }
}
`, task.ID, out, round))
	}
	invoked := func(n int64) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			r := c.Stats().Routes
			if r[fakecloud.RouteCollectLog] != n || r[fakecloud.RouteExportConsistencyResults] != n {
				return fmt.Errorf("%d uploads and %d exports, want %d each", r[fakecloud.RouteCollectLog], r[fakecloud.RouteExportConsistencyResults], n)
			}
			// The upload was waited for.
			if st, err := logStatus(c, task.ID); err != nil || st != sms.LogCollectUploaded {
				return fmt.Errorf("the service shows log upload %q (%v)", st, err)
			}
			for addr := range s.RootModule().Resources {
				if addr != "terraform_data.round" {
					return fmt.Errorf("an action left %s in the state", addr)
				}
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionVersionChecks,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("1"), Check: resource.ComposeAggregateTestCheckFunc(invoked(1), checkExportFile(out, task.ID))},
			{Config: cfg("2"), Check: invoked(2)},
		},
	})
}

// testAccDiagnosticsConfig is a log upload and a consistency export of one
// task, in the resource form; round goes into the upload's triggers.
func testAccDiagnosticsConfig(taskID, bucket, out, round string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_task_log_upload" "this" {
  task_id    = %[1]q
  log_bucket = %[2]q
  triggers   = { round = %[4]q }
}

resource "huaweicloud_sms_task_consistency_export" "this" {
  task_ids    = [%[1]q]
  output_path = %[3]q
}
`, taskID, bucket, out, round)
}

// seedDiagnostics seeds a task with one consistency check.
func seedDiagnostics(t *testing.T, c *testCloud, name string) fakecloud.Task {
	t.Helper()
	task := c.SeedTask(fakecloud.TaskSpec{Name: name})
	if err := c.AddConsistencyResult(task.ID, fakecloud.ConsistencyDir{Dir: "/data", Total: 10, Different: 1}); err != nil {
		t.Fatal(err)
	}
	return task
}

// checkExportFile checks the exported file holds the task's check.
func checkExportFile(out, taskID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		b, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), taskID) || !strings.Contains(string(b), "/data") {
			return fmt.Errorf("%s holds %q", out, b)
		}
		return nil
	}
}

// logStatus reads a task's log upload status as the service lists it.
func logStatus(c *testCloud, taskID string) (string, error) {
	api, err := c.apiClient()
	if err != nil {
		return "", err
	}
	p, err := api.ListTasksPage(context.Background(), sms.ListTasksFilter{ID: taskID, EnterpriseProjectID: sms.AllEnterpriseProjects}, 1, 0)
	if err != nil || len(p.Tasks) != 1 {
		return "", fmt.Errorf("listing task %s: %d tasks, %v", taskID, len(p.Tasks), err)
	}
	return p.Tasks[0].LogCollectStatus, nil
}

// The resource forms of the log upload and the export: each runs once on
// create, again when replaced (new triggers; the exported file gone), and
// never on a refresh; a bad bucket is refused at plan time.
func TestAccSMSTaskLogUploadAndExport_basic(t *testing.T) {
	c := newTestCloud(t)
	task := seedDiagnostics(t, c, "diag-task")
	out := filepath.Join(t.TempDir(), "results.csv")
	routes := func() map[string]int64 { return c.Stats().Routes }
	calls := func(logs, exports int64) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if routes()[fakecloud.RouteCollectLog] != logs || routes()[fakecloud.RouteExportConsistencyResults] != exports {
				return fmt.Errorf("%d uploads and %d exports, want %d and %d", routes()[fakecloud.RouteCollectLog], routes()[fakecloud.RouteExportConsistencyResults], logs, exports)
			}
			return nil
		}
	}
	logAddr, exportAddr := "huaweicloud_sms_task_log_upload.this", "huaweicloud_sms_task_consistency_export.this"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Destroy only forgets: no upload or export, and the file stays.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(calls(2, 2), checkExportFile(out, task.ID)),
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccDiagnosticsConfig(task.ID, "sms-logs-test", out, "1")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(logAddr, tfjsonpath.New("log_collect_status"), knownvalue.StringExact(sms.LogCollectUploaded)),
					statecheck.ExpectKnownValue(exportAddr, tfjsonpath.New("sha256"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(calls(1, 1), checkExportFile(out, task.ID),
					func(s *terraform.State) error {
						if got, want := s.RootModule().Resources[exportAddr].Primary.Attributes["sha256"], fileSHA256(out); got != want {
							return fmt.Errorf("state sha256 %s, file %s", got, want)
						}
						if st, err := logStatus(c, task.ID); err != nil || st != sms.LogCollectUploaded {
							return fmt.Errorf("the service shows log upload %q (%v)", st, err)
						}
						return nil
					}),
			},
			{
				Config:      c.config(testAccDiagnosticsConfig(task.ID, "Logs_Bucket", out, "1")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)log_bucket.*must be an OBS bucket name`),
			},
			{
				Config: c.config(testAccDiagnosticsConfig(task.ID, "sms-logs-test", out, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(logAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectResourceAction(exportAddr, plancheck.ResourceActionNoop),
				}},
				Check: calls(2, 1),
			},
			{
				PreConfig: func() {
					if err := os.Remove(out); err != nil {
						t.Fatal(err)
					}
				},
				Config: c.config(testAccDiagnosticsConfig(task.ID, "sms-logs-test", out, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exportAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(logAddr, plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(calls(2, 2), checkExportFile(out, task.ID)),
			},
		},
	})
}
