package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccSMSMigrationProjectListResource_query(t *testing.T) {
	c := newTestCloud(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps: []resource.TestStep{
			{Config: c.config(testAccSMSMigrationProjectConfig_basic("wave-q", ""))},
			{
				Query: true,
				Config: `
list "huaweicloud_sms_migration_project" "all" {
  provider = huaweicloud
}

list "huaweicloud_sms_migration_project" "wave" {
  provider = huaweicloud
  include_resource = true
  config {
    name = "wave-q"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("list.huaweicloud_sms_migration_project.all", 2),
					// The resource's exist_server is the setting (true by
					// default), not the list's "has servers" (false here).
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_migration_project.wave", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^3a9c`)), "project_id": knownvalue.StringExact(fakecloud.DefaultProjectID),
					}), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("wave-q")},
						{Path: tfjsonpath.New("exist_server"), KnownValue: knownvalue.Bool(true)},
					}),
					querycheck.ExpectIdentity("huaweicloud_sms_migration_project.wave", map[string]knownvalue.Check{
						"id":         knownvalue.StringRegexp(regexp.MustCompile(`^3a9c`)),
						"project_id": knownvalue.StringExact(fakecloud.DefaultProjectID),
					}),
				},
			},
		},
	})
}
