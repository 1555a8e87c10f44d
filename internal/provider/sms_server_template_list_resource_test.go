package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccSMSServerTemplateListResource_query(t *testing.T) {
	c := newTestCloud(t)
	cfg := testAccSMSServerTemplateConfig_basic("tpl-q1", "") + `
resource "huaweicloud_sms_server_template" "two" {
  name              = "tpl-q2"
  availability_zone = "cn-north-4b"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		CheckDestroy:             c.checkNoTemplates,
		Steps: []resource.TestStep{
			{Config: c.config(cfg)},
			{
				Query: true,
				Config: `
list "huaweicloud_sms_server_template" "all" {
  provider = huaweicloud
}

list "huaweicloud_sms_server_template" "zone_b" {
  provider = huaweicloud
  config {
    availability_zone = "cn-north-4b"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("list.huaweicloud_sms_server_template.all", 2),
					querycheck.ExpectLength("list.huaweicloud_sms_server_template.zone_b", 1),
					querycheck.ExpectIdentity("huaweicloud_sms_server_template.zone_b", map[string]knownvalue.Check{
						"id":         knownvalue.StringRegexp(regexp.MustCompile(`^7e3b`)),
						"project_id": knownvalue.StringExact(fakecloud.DefaultProjectID),
					}),
				},
			},
		},
	})
}
