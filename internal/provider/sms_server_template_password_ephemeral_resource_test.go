package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The password of one template reaches another through the ephemeral
// resource and a write-only argument, and is in neither state file.
func TestAccSMSServerTemplatePasswordEphemeral_basic(t *testing.T) {
	c := newTestCloud(t)
	stateDir := t.TempDir()
	const password = "Eph-Tgt-Pass-07"
	cfg := c.config(fmt.Sprintf(`
resource "huaweicloud_sms_server_template" "first" {
  name                       = "tpl-first"
  availability_zone          = "cn-north-4a"
  target_password_wo         = %q
  target_password_wo_version = 1
}

ephemeral "huaweicloud_sms_server_template_password" "first" {
  template_id = huaweicloud_sms_server_template.first.id
}

resource "huaweicloud_sms_server_template" "this" {
  name                       = "tpl-second"
  availability_zone          = "cn-north-4a"
  target_password_wo         = ephemeral.huaweicloud_sms_server_template_password.first.target_password
  target_password_wo_version = 1
}
`, password))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureEphemeral),
		WorkingDir:               stateDir,
		CheckDestroy:             c.checkNoTemplates,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				c.checkTemplatePassword(func() string { return password }),
				checkStateFileLacks(stateDir, func() []string { return []string{password} }),
				func(*terraform.State) error {
					if n := c.Stats().Routes[fakecloud.RouteShowTargetPassword]; n == 0 {
						return fmt.Errorf("the ephemeral resource never read the password")
					}
					return nil
				},
			),
		}},
	})
}
