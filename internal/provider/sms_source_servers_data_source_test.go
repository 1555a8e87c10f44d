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

func TestAccSMSSourceServersDataSource_basic(t *testing.T) {
	c := newTestCloud(t)
	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01", IP: "192.168.1.10"})
	off := false
	db := c.SeedSource(fakecloud.SourceSpec{Name: "db-01", OSType: "WINDOWS", Connected: &off})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.config(fmt.Sprintf(`
data "huaweicloud_sms_source_servers" "all" {}
data "huaweicloud_sms_source_servers" "by_name" { name = "web-01" }
data "huaweicloud_sms_source_servers" "by_id" { id = %q }
`, db.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.all", tfjsonpath.New("servers"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_name", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(web.ID), "ip": knownvalue.StringExact("192.168.1.10"), "connected": knownvalue.Bool(true),
						}),
					})),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_id", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("db-01"), "os_type": knownvalue.StringExact("WINDOWS"), "connected": knownvalue.Bool(false),
						}),
					})),
				},
			},
		},
	})
}
