package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccSMSServerTemplatesDataSource_basic(t *testing.T) {
	c := newTestCloud(t)
	stateDir := t.TempDir()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		WorkingDir:               stateDir,
		Steps: []resource.TestStep{{
			Config: c.config(`
resource "huaweicloud_sms_server_template" "a" {
  name                       = "tpl-a"
  availability_zone          = "cn-north-4a"
  bandwidth_size             = 50
  target_password_wo         = "Listed-not-kept-1"
  target_password_wo_version = 1
}

resource "huaweicloud_sms_server_template" "b" {
  name              = "tpl-b"
  availability_zone = "cn-north-4b"
  volume_type       = "SSD"
}

data "huaweicloud_sms_server_templates" "all" {
  depends_on = [huaweicloud_sms_server_template.a, huaweicloud_sms_server_template.b]
}

data "huaweicloud_sms_server_templates" "by_name" {
  name = huaweicloud_sms_server_template.a.name
}

data "huaweicloud_sms_server_templates" "by_zone" {
  availability_zone = huaweicloud_sms_server_template.b.availability_zone
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_server_templates.all", tfjsonpath.New("templates"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_server_templates.by_name", tfjsonpath.New("templates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("tpl-a"), "bandwidth_size": knownvalue.Int64Exact(50),
						"is_template": knownvalue.Bool(true), "region": knownvalue.StringExact("cn-north-4"),
					}),
				})),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_server_templates.by_zone", tfjsonpath.New("templates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("tpl-b"), "volume_type": knownvalue.StringExact("SSD")}),
				})),
			},
			// The listing answer carries the password; nothing keeps it.
			Check: checkStateFileLacks(stateDir, func() []string { return []string{"Listed-not-kept-1"} }),
		}},
	})
}

func TestAccSMSMigrationProjectsDataSource_basic(t *testing.T) {
	c := newTestCloud(t)
	// The default project has a server, the new one none (though it is
	// created with the exist_server setting true): the list's exist_server.
	c.SeedSource(fakecloud.SourceSpec{Name: "in-default"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-ds", `  speed_limit = 300`) + `
data "huaweicloud_sms_migration_projects" "all" {
  depends_on = [huaweicloud_sms_migration_project.this]
}

data "huaweicloud_sms_migration_projects" "by_name" {
  name = huaweicloud_sms_migration_project.this.name
}

data "huaweicloud_sms_migration_projects" "default" {
  is_default = true
  depends_on = [huaweicloud_sms_migration_project.this]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_migration_projects.all", tfjsonpath.New("projects"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_migration_projects.by_name", tfjsonpath.New("projects"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^3a9c`)), "speed_limit": knownvalue.Int64Exact(300),
						"is_default": knownvalue.Bool(false), "type": knownvalue.StringExact("MIGRATE_BLOCK"),
						"exist_server": knownvalue.Bool(false),
					}),
				})),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_migration_projects.default", tfjsonpath.New("projects"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(c.DefaultMigProjectID()), "name": knownvalue.StringExact("default"),
						"exist_server": knownvalue.Bool(true)}),
				})),
			},
		}},
	})
}

// The filters users pick migration targets by, and the suggested target
// disk layout.
func TestAccSMSSourceServersDataSource_targetFilters(t *testing.T) {
	c := newTestCloud(t)
	off := false
	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01", IP: "10.0.0.11", EnterpriseProjectID: "ep-web"})
	c.SeedSource(fakecloud.SourceSpec{Name: "db-01", OSType: "WINDOWS", IP: "10.0.0.12", Connected: &off})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-src", "")),
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources[testAccMigProjectAddr].Primary.ID
					if !c.MoveSource(web.ID, id) {
						return fmt.Errorf("could not move %s into %s", web.ID, id)
					}
					return nil
				},
			},
			{
				Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-src", "") + `
data "huaweicloud_sms_source_servers" "by_ip" { ip = "10.0.0.11" }
data "huaweicloud_sms_source_servers" "offline" { connected = false }
data "huaweicloud_sms_source_servers" "in_project" { migration_project_id = huaweicloud_sms_migration_project.this.id }
data "huaweicloud_sms_source_servers" "by_ep" { enterprise_project_id = "ep-web" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_ip", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("web-01"), "os_version": knownvalue.StringExact("CENTOS_7_9_64BIT"),
							"cpu_quantity": knownvalue.Int64Exact(4), "memory": knownvalue.Int64Exact(8 << 30),
							"init_target_server": knownvalue.ObjectExact(map[string]knownvalue.Check{
								"disks": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
									"name": knownvalue.StringExact("/dev/vda"), "size": knownvalue.Int64Exact(40 << 30), "device_use": knownvalue.StringExact("BOOT"),
									"physical_volumes": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
										"mount_point": knownvalue.StringExact("/"), "file_system": knownvalue.StringExact("ext4"),
									})}),
								})}),
							}),
						}),
					})),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.offline", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("db-01")}),
					})),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.in_project", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("web-01")}),
					})),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_ep", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("web-01"), "enterprise_project_id": knownvalue.StringExact("ep-web")}),
					})),
				},
			},
			{
				// Let the project go empty so destroy succeeds.
				PreConfig: func() { c.MoveSource(web.ID, c.DefaultMigProjectID()) },
				Config:    c.config(testAccSMSMigrationProjectConfig_basic("wave-src", "")),
			},
		},
	})
	for _, tc := range []struct{ arg, want string }{
		{`ip = "10.0.0"`, `must\s+be\s+an\s+IPv4\s+address`},
		{`migration_project_id = ""`, `length must be between 1 and 255`},
		{`enterprise_project_id = ""`, `length must be between 1 and 255`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      c.config(`data "huaweicloud_sms_source_servers" "bad" { ` + tc.arg + ` }`),
				ExpectError: regexp.MustCompile(tc.want),
			}},
		})
	}
}
