package provider

import (
	"fmt"
	"regexp"
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

// The settings ShowTask never returns keep their configured values (no
// "inconsistent result after apply"), the target the service creates from a
// template fills in vm_id, disk ids and migration_ip without a diff, and a
// configured enterprise project (not a CreateTask field) is applied with
// UpdateTask. The fake refuses any request field outside the SDK models, so
// the provider sends only documented fields.
func TestAccSMSTask_serviceFilledAndUnreturnedSettings(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "tpl-src"})
	addr := "huaweicloud_sms_task.this"
	cfg := c.config(testAccSMSTaskConfig_basic(src.ID, "from-template", `  vm_template_id        = "tpl-0001"
  use_public_ip         = false
  use_ipv6              = true
  syncing               = true
  enterprise_project_id = "ep-0001"`))
	start := cfg + `
resource "huaweicloud_sms_task_action" "start" {
  task_id   = huaweicloud_sms_task.this.id
  operation = "start"
}
`
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("use_public_ip"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("use_ipv6"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("syncing"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("exist_server"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enterprise_project_id"), knownvalue.StringExact("ep-0001")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("target_server").AtMapKey("vm_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("migration_ip"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(addr, &id),
					func(*terraform.State) error {
						v, _ := c.Task(id)
						if v.UsePublicIP || !v.UseIPv6 || !v.Syncing || v.EnterpriseProjectID != "ep-0001" {
							return fmt.Errorf("cloud holds %+v", v)
						}
						if n := c.Stats().Routes[fakecloud.RouteUpdateTask]; n != 1 {
							return fmt.Errorf("%d UpdateTask calls, want 1 (the enterprise project)", n)
						}
						return nil
					},
				),
			},
			{
				// Starting the migration makes the service create the
				// target: vm_id, disk ids and migration_ip appear.
				Config: start,
			},
			{
				PreConfig: func() { c.Advance(time.Minute) },
				Config:    start,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("target_server").AtMapKey("vm_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("migration_ip"), knownvalue.StringRegexp(regexp.MustCompile(`^192\.168\.`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("target_server").AtMapKey("disks").AtSliceIndex(0).AtMapKey("disk_id"),
						knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("use_public_ip"), knownvalue.Bool(false)),
				},
			},
			{
				// ShowTask lacks these settings; import reads syncing from
				// ListTasks and use_public_ip/exist_server from the source's
				// current task. use_ipv6 is in no response: it takes its
				// documented default (drift is not detected).
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"stop_on_destroy", "timeouts", "use_ipv6"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if a["use_public_ip"] != "false" || a["use_ipv6"] != "false" || a["syncing"] != "true" || a["exist_server"] != "false" {
						return fmt.Errorf("imported settings: %v", a)
					}
					return nil
				},
			},
		},
	})
}

// exist_server follows target_server.vm_id when it is left out: true for an
// existing server, false when the service creates one (and stays false when
// the service fills vm_id in).
func TestAccSMSTask_existServerFollowsVMID(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "exist-src"})
	addr := "huaweicloud_sms_task.this"
	withVM := c.config(fmt.Sprintf(`
resource "huaweicloud_sms_task" "this" {
  name             = "exist-01"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %q
  migration_ip     = "192.168.0.20"
  target_server = {
    vm_id = "9f1c2a3b-0000-4d5e-8f90-123456789abc"
    name  = "exist-01-target"
  }
}
`, src.ID))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: withVM,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("exist_server"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(captureID(addr, &id), func(*terraform.State) error {
					if v, _ := c.Task(id); !v.ExistServer {
						return fmt.Errorf("the task was created with exist_server false: %+v", v)
					}
					return nil
				}),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"stop_on_destroy", "timeouts"},
			},
		},
	})
}

// A new enterprise_project_id moves the task with UpdateTask's
// enterprise_project, in place: same id, no replacement.
func TestAccSMSTask_enterpriseProjectMovesInPlace(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "eps-src"})
	addr := "huaweicloud_sms_task.this"
	cfg := func(ep string) string {
		return c.config(testAccSMSTaskConfig_basic(src.ID, "eps-move", fmt.Sprintf(`  enterprise_project_id = %q`, ep)))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config: cfg("ep-0001"),
				Check:  captureID(addr, &id),
			},
			{
				PreConfig: c.ResetStats,
				Config:    cfg("ep-0002"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enterprise_project_id"), knownvalue.StringExact("ep-0002")),
				},
				Check: func(s *terraform.State) error {
					if got := s.RootModule().Resources[addr].Primary.ID; got != id {
						return fmt.Errorf("task id %s, want %s kept", got, id)
					}
					if v, _ := c.Task(id); v.EnterpriseProjectID != "ep-0002" {
						return fmt.Errorf("cloud holds enterprise project %q", v.EnterpriseProjectID)
					}
					if n := c.Stats().Routes[fakecloud.RouteUpdateTask]; n != 1 {
						return fmt.Errorf("%d UpdateTask calls, want 1", n)
					}
					return nil
				},
			},
			{
				// Left out of the configuration, it keeps what the task has.
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "eps-move", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}
