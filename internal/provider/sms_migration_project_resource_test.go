package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

const testAccMigProjectAddr = "huaweicloud_sms_migration_project.this"

func testAccSMSMigrationProjectConfig_basic(name, extra string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_migration_project" "this" {
  name = %q
  type = "MIGRATE_BLOCK"
%s
}
`, name, extra)
}

// checkOnlyDefaultProject is a CheckDestroy: only the account's own
// default project is left.
func (c *testCloud) checkOnlyDefaultProject(*terraform.State) error {
	if ps := c.MigProjects(); len(ps) != 1 || ps[0].ID != c.DefaultMigProjectID() {
		return fmt.Errorf("migration projects left after destroy: %+v", ps)
	}
	return nil
}

func TestAccSMSMigrationProject_basic(t *testing.T) {
	c := newTestCloud(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-1", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^3a9c`))),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("region"), knownvalue.StringExact("cn-north-4")),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("use_public_ip"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("exist_server"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("start_target_server"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("syncing"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("speed_limit"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("enterprise_project"), knownvalue.StringExact("default")),
				},
			},
			{
				ResourceName:            testAccMigProjectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
	// Create, read after create, refreshes, import, delete: no list calls.
	if n := c.Stats().Routes[fakecloud.RouteCreateMigProject]; n != 1 {
		t.Errorf("POST /v3/migprojects was called %d times, want 1", n)
	}
}

func TestAccSMSMigrationProject_update(t *testing.T) {
	c := newTestCloud(t)
	full := `
  description         = "first wave of web servers"
  region              = "cn-north-4"
  use_public_ip       = false
  exist_server        = false
  syncing             = true
  start_target_server = false
  start_network_check = true
  speed_limit         = 1000
  enterprise_project  = "web"
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps: []resource.TestStep{
			{Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-2", ""))},
			{
				Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-2b", full)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMigProjectAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("name"), knownvalue.StringExact("wave-2b")),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("description"), knownvalue.StringExact("first wave of web servers")),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("use_public_ip"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("syncing"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("start_network_check"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("speed_limit"), knownvalue.Int64Exact(1000)),
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("enterprise_project"), knownvalue.StringExact("web")),
				},
			},
			// Making it the default moves the flag away from the account's
			// own default project.
			{
				Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-2b", full+"  is_default = true\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMigProjectAddr, tfjsonpath.New("is_default"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					for _, p := range c.MigProjects() {
						if p.IsDefault != (p.Name == "wave-2b") {
							return fmt.Errorf("projects after the switch: %+v", c.MigProjects())
						}
					}
					return nil
				},
			},
			// The default cannot be unset; the plan says how to move it.
			// (Left out, is_default follows the service: only false asks to
			// unset it.)
			{
				Config:      c.config(testAccSMSMigrationProjectConfig_basic("wave-2b", full+"  is_default = false\n")),
				ExpectError: regexp.MustCompile(`(?s)Cannot Unset the Default Migration Project.*is_default\s+=\s+true\s+on\s+the\s+project`),
			},
			// The default cannot be destroyed either; once another project is
			// the default (as the console would do), destroy goes through.
			{
				Config:      c.config(testAccSMSMigrationProjectConfig_basic("wave-2b", full+"  is_default = true\n")),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Cannot Delete the Default SMS Migration Project.*Make\s+another\s+project\s+the\s+default`),
			},
			{
				PreConfig: func() {
					api, err := c.apiClient()
					if err == nil {
						err = api.SetDefaultMigProject(context.Background(), c.DefaultMigProjectID())
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:             c.config(testAccSMSMigrationProjectConfig_basic("wave-2b", full+"  is_default = true\n")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true, // is_default drifted to false
			},
		},
	})
}

// Destroying a project that still holds source servers fails with the
// servers named, and succeeds once they are gone from it.
func TestAccSMSMigrationProject_destroyWithServers(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-07"})
	var id string
	cfg := c.config(testAccSMSMigrationProjectConfig_basic("wave-3", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(captureID(testAccMigProjectAddr, &id), func(*terraform.State) error {
					if !c.MoveSource(src.ID, id) {
						return fmt.Errorf("could not move %s into %s", src.ID, id)
					}
					return nil
				}),
			},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Still Has Source Servers.*holds\s+1\s+source\s+server\(s\):\s+web-07`),
			},
			{
				PreConfig: func() { c.MoveSource(src.ID, c.DefaultMigProjectID()) },
				Config:    cfg,
			},
		},
	})
	// The refusal came from the provider's own check: the service was never
	// asked to delete a project with servers.
	if n := c.Stats().Routes[fakecloud.RouteDeleteMigProject]; n != 1 {
		t.Errorf("DELETE was called %d times, want 1 (the final destroy)", n)
	}
}

func TestAccSMSMigrationProject_disappears(t *testing.T) {
	c := newTestCloud(t)
	var first string
	cfg := c.config(testAccSMSMigrationProjectConfig_basic("wave-4", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(captureID(testAccMigProjectAddr, &first), func(*terraform.State) error {
					if !c.DeleteMigProjectOutOfBand(first) {
						return fmt.Errorf("project %s was not in the cloud", first)
					}
					return nil
				}),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMigProjectAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(testAccMigProjectAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
}

func TestAccSMSMigrationProject_validation(t *testing.T) {
	c := newTestCloud(t)
	var cases []planErrorCase
	for _, tc := range []struct{ name, extra, want string }{
		{strings.Repeat("a", 101), "", `length must be between 1 and 100`},
		{"wave 1", "", `must contain only letters, digits, Chinese characters`},
		{"ok", `  speed_limit = 1001`, `value must be between 0 and 1000`},
		{"ok", `  description = "` + strings.Repeat("d", 256) + `"`, `string length must be at most 255`},
		{"ok", `  region = ""`, `length must be between 1 and 100`},
		{"ok", `  enterprise_project = "` + strings.Repeat("e", 256) + `"`, `length must be between 1 and 255`},
	} {
		cases = append(cases, planErrorCase{testAccSMSMigrationProjectConfig_basic(tc.name, tc.extra), tc.want})
	}
	cases = append(cases, planErrorCase{`
resource "huaweicloud_sms_migration_project" "this" {
  name = "x"
  type = "MIGRATE_DISK"
}
`, `value must be one of`})
	testAccPlanErrors(t, c, cases)
	if s := c.Stats(); s.Routes[fakecloud.RouteCreateMigProject] != 0 {
		t.Errorf("an invalid configuration reached the API: %v", s.Routes)
	}
}
