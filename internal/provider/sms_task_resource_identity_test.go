package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// A task created by Terraform records its identity (id and the provider's
// project), and can be imported back by identity and by id through import
// blocks.
func TestAccSMSTask_identity(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureIdentity),
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "web-01-migration", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("huaweicloud_sms_task.this", map[string]knownvalue.Check{
						"id":         knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`)),
						"project_id": knownvalue.StringExact(c.ProjectID()),
					}),
					statecheck.ExpectIdentityValueMatchesState("huaweicloud_sms_task.this", tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    "huaweicloud_sms_task.this",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    "huaweicloud_sms_task.this",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// An import block with only the id in its identity takes the provider's
// project; the plan imports the task and changes nothing.
func TestAccSMSTask_importByIdentityWithoutProject(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "made-in-console"})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureIdentity),
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_importIdentity(task.ID, "", task.SourceID, task.Name)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("huaweicloud_sms_task.adopted", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("huaweicloud_sms_task.adopted", map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(task.ID),
						"project_id": knownvalue.StringExact(c.ProjectID()),
					}),
					statecheck.ExpectKnownValue("huaweicloud_sms_task.adopted", tfjsonpath.New("state"), knownvalue.StringExact("READY")),
				},
			},
		},
	})
}

// An identity naming another project is refused before any task is read:
// this provider's calls all go to its own project.
func TestAccSMSTask_importByIdentityOtherProject(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "made-in-console"})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureIdentity),
		Steps: []resource.TestStep{
			{
				Config:      c.config(testAccSMSTaskConfig_importIdentity(task.ID, "ffffffffffffffffffffffffffffffff", task.SourceID, task.Name)),
				ExpectError: regexp.MustCompile(`(?s)Identity Belongs to Another Project.*names\s+IAM\s+project\s+ffffffffffffffffffffffffffffffff.*works\s+in\s+project\s+` + c.ProjectID()),
			},
		},
	})
	if n := c.Stats().Routes[fakecloud.RouteShowTask]; n != 0 {
		t.Errorf("ShowTask was called %d times; the import must stop before reading the task", n)
	}
}

// testAccSMSTaskConfig_importIdentity imports task id by identity (with
// project_id when not empty) into a block that matches the seeded task.
func testAccSMSTaskConfig_importIdentity(id, projectID, sourceID, name string) string {
	project := ""
	if projectID != "" {
		project = fmt.Sprintf("    project_id = %q\n", projectID)
	}
	return fmt.Sprintf(`
import {
  to = huaweicloud_sms_task.adopted
  identity = {
    id = %q
%s  }
}

resource "huaweicloud_sms_task" "adopted" {
  name             = %q
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %q
  target_server = {
    name = "%s-target"
  }
}
`, id, project, name, sourceID, name)
}

// A source whose current_task leaves out use_public_ip and exist_server
// (optional in the SDK model): the import records their documented
// defaults (use_public_ip true; exist_server from the target vm_id), not
// false.
func TestAccSMSTask_importWithoutListedFlags(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "unreported", FlagsUnreported: true, TargetVMID: "ecs-9"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        c.config(testAccSMSTaskConfig_adopted(task.SourceID, task.Name)),
			ResourceName:  "huaweicloud_sms_task.adopted",
			ImportState:   true,
			ImportStateId: task.ID,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("%d states imported", len(states))
				}
				a := states[0].Attributes
				if a["use_public_ip"] != "true" || a["exist_server"] != "true" {
					return fmt.Errorf("use_public_ip = %q, exist_server = %q after import, want the defaults true and true", a["use_public_ip"], a["exist_server"])
				}
				return nil
			},
		}},
	})
}

func testAccSMSTaskConfig_adopted(sourceID, name string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_task" "adopted" {
  name             = %q
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %q
  target_server = {
    name = "%s-target"
  }
}
`, name, sourceID, name)
}
