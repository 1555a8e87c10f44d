package provider

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
