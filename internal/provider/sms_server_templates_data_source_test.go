package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
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
