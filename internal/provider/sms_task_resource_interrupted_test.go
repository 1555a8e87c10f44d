package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// An apply killed after the service accepted a create but before Terraform
// wrote its state leaves a task nobody manages. A `removed` block with
// destroy = false plays that crash exactly: the state forgets the task the
// provider created, and the task stays.

const testAccSMSTaskConfig_forget = `
removed {
  from = huaweicloud_sms_task.this
  lifecycle {
    destroy = false
  }
}
`

// The next apply adopts the task (same source, name and type) with a
// warning, and the plan after it is empty.
func TestAccSMSTask_interruptedCreateIsAdopted(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "crash-01"})
	cfg := c.config(testAccSMSTaskConfig_basic(src.ID, "crash-01-task", ""))
	var first, adopted string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(resourceName, &first)},
			{Config: c.config(testAccSMSTaskConfig_forget)},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(resourceName, &adopted),
					func(*terraform.State) error {
						if adopted != first {
							return fmt.Errorf("state holds %s, want the adopted task %s", adopted, first)
						}
						if n := len(c.Tasks()); n != 1 {
							return fmt.Errorf("%d tasks, want the one", n)
						}
						// The second create was refused (the source has a task):
						// nothing was created twice.
						if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 2 {
							return fmt.Errorf("%d CreateTask calls, want 2 (the first, then the refused one)", n)
						}
						return nil
					},
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// With adopt_existing_tasks = false the create fails, naming the task and
// giving the import block; importing it brings it under management.
func TestAccSMSTask_interruptedCreateWithoutAdoption(t *testing.T) {
	resourceName := "huaweicloud_sms_task.this"
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "crash-02"})
	provider := c.providerBlock()
	noAdopt := provider[:len(provider)-2] + "  adopt_existing_tasks = false\n}\n"
	cfg := noAdopt + testAccSMSTaskConfig_basic(src.ID, "crash-02-task", "")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(resourceName, &id)},
			{Config: noAdopt + testAccSMSTaskConfig_forget},
			{
				Config: cfg,
				// The block points at the address Terraform prints with the
				// error ("with huaweicloud_sms_task.this"), which the provider
				// does not know.
				ExpectError: regexp.MustCompile(`(?s)SMS Source Server Already Has a Task.*with huaweicloud_sms_task\.this,.*crash-02-task.*` +
					`import \{\s+to = <the address printed above>\s+id = "[0-9a-f-]{36}"`),
			},
			{
				Config:             cfg,
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// A source whose task has another name is not adopted: the create fails and
// says the task is not this resource's.
func TestAccSMSTask_otherTaskOnSourceIsNotAdopted(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "taken-01"})
	other := c.SeedTask(fakecloud.TaskSpec{Name: "someone-elses", SourceID: src.ID})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.config(testAccSMSTaskConfig_basic(src.ID, "taken-01-task", "")),
			ExpectError: regexp.MustCompile(`(?s)already has migration task\s+` + other.ID + `.*not this\s+resource's`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if _, ok := c.Task(other.ID); !ok {
				return fmt.Errorf("the other task %s was touched", other.ID)
			}
			return nil
		},
	})
}
