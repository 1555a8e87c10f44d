package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The action deletes by filter or by id each time it is invoked.
func TestAccSMSTasksBatchDeleteAction_basic(t *testing.T) {
	c := newTestCloud(t)
	wave := taskIDs(c.SeedTasks(3, fakecloud.TaskSpec{Name: "wave1", State: fakecloud.StateMigrateSuccess}))
	keep := c.SeedTask(fakecloud.TaskSpec{Name: "wave1-running", State: fakecloud.StateReady})
	byID := taskIDs(c.SeedTasks(2, fakecloud.TaskSpec{Name: "retired"}))
	cfg := func(round string, ids []string) string {
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = fmt.Sprintf("%q", id)
		}
		return c.config(fmt.Sprintf(`
action "huaweicloud_sms_tasks_batch_delete" "wave1" {
  config {
    filter = {
      state      = "MIGRATE_SUCCESS"
      name_regex = "^wave1-"
    }
  }
}

action "huaweicloud_sms_tasks_batch_delete" "retired" {
  config {
    task_ids = [%s]
  }
}

resource "terraform_data" "trigger" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_tasks_batch_delete.wave1, action.huaweicloud_sms_tasks_batch_delete.retired]
    }
  }
}
`, strings.Join(quoted, ", "), round))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   actionVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: cfg("1", byID),
				Check: func(*terraform.State) error {
					if _, ok := c.Task(keep.ID); !ok {
						return fmt.Errorf("task %s, not matched, was deleted", keep.ID)
					}
					return checkGone(c, slices.Concat(wave, byID))
				},
			},
			{
				// Invoked again with nothing left to match: no error.
				Config: cfg("2", nil),
				Check: func(*terraform.State) error {
					if _, ok := c.Task(keep.ID); !ok {
						return fmt.Errorf("task %s was deleted", keep.ID)
					}
					return nil
				},
			},
		},
	})
}

// The action's plan names what an invocation deletes, like the resource's.
func TestAccSMSTasksBatchDeleteAction_planSaysWhatItDeletes(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "retired"})
	const typo = "fa57-no-such-task"
	rec := &planWarnings{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		TerraformVersionChecks:   actionVersionChecks,
		Steps: []resource.TestStep{{
			Config: c.config(fmt.Sprintf(`
action "huaweicloud_sms_tasks_batch_delete" "retired" {
  config {
    task_ids = [%q, %q]
  }
}

resource "terraform_data" "trigger" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.huaweicloud_sms_tasks_batch_delete.retired]
    }
  }
}
`, task.ID, typo)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectWarnings{rec, []*regexp.Regexp{
					regexp.MustCompile(`^SMS Tasks to Delete: Invoking this action deletes 1 SMS migration task\(s\):\n  ` + task.ID + `  "retired"  READY$`),
					regexp.MustCompile(`^SMS Task IDs Not Found: .*` + typo),
				}},
			}},
			Check: func(*terraform.State) error { return checkGone(c, []string{task.ID}) },
		}},
	})
}
