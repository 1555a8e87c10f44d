package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccSMSServerTemplate_identity(t *testing.T) {
	c := newTestCloud(t)
	cfg := testAccSMSServerTemplateConfig_basic("tpl-identity", "")
	other := `
import {
  to       = huaweicloud_sms_server_template.other
  identity = { id = huaweicloud_sms_server_template.this.id, project_id = "ffffffffffffffffffffffffffffffff" }
}

resource "huaweicloud_sms_server_template" "other" {
  name              = "tpl-identity"
  availability_zone = "cn-north-4a"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureIdentity),
		CheckDestroy:             c.checkNoTemplates,
		Steps:                    testAccObjectIdentitySteps(c, testAccTemplateAddr, cfg, other, regexp.MustCompile(`^7e3b`)),
	})
}
