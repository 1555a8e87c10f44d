package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// The native batch delete action under the readings that hide tasks from a
// batch's 200 or from a listing: when it succeeds, every task answers 404
// and the running ones were stopped first.
func TestAccSMSTasksBatchDeleteAction_losesNothing(t *testing.T) {
	for _, r := range deleteReadings() {
		if r.name != "batch_partial" && r.name != "listing_scoped_other_project" {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			c := newTestCloud(t, r.set)
			ids, running := seedWaveTasks(t, c, r.enterpriseProject)
			quoted := make([]string, len(ids))
			for i, id := range ids {
				quoted[i] = fmt.Sprintf("%q", id)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   actionVersionChecks,
				Steps: []resource.TestStep{{
					Config: c.config(fmt.Sprintf(`
action "huaweicloud_sms_tasks_batch_delete" "wave" {
  config {
    task_ids = [%s]
  }
}

resource "terraform_data" "trigger" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.huaweicloud_sms_tasks_batch_delete.wave]
    }
  }
}
`, strings.Join(quoted, ", "))),
					Check: func(*terraform.State) error {
						if err := checkGone(c, ids); err != nil {
							return err
						}
						return checkStoppedFirst(c, running, nil)
					},
				}},
			})
		})
	}
}
