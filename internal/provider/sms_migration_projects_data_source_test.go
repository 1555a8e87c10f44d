package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

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
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(c.DefaultMigProjectID()), "name": knownvalue.StringExact("SystemProject"),
						"exist_server": knownvalue.Bool(true)}),
				})),
			},
		}},
	})
}

// The filters users pick migration targets by, and the suggested target
// disk layout.
