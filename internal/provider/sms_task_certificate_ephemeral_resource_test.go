package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func testAccSMSTaskCertificateConfig_toTemplate(taskID string) string {
	return fmt.Sprintf(`
ephemeral "huaweicloud_sms_task_certificate" "this" {
  task_id        = %q
  enable_ca_cert = true
}

# The only sink for an ephemeral value in this provider is a write-only
# argument: the passphrase goes in as the template's target password.
resource "huaweicloud_sms_server_template" "this" {
  name                       = "tpl-from-passphrase"
  availability_zone          = "cn-north-4a"
  target_password_wo         = substr(ephemeral.huaweicloud_sms_task_certificate.this.passphrase, 0, 24)
  target_password_wo_version = 1
}
`, taskID)
}

// The passphrase and keys reach the configuration (the cloud receives the
// passphrase as a template password) and are in neither the plan nor the
// state file.
func TestAccSMSTaskCertificateEphemeral_basic(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "cert-task"})
	stateDir := t.TempDir()
	secrets := func() []string {
		pp, key := c.TaskSecrets(task.ID)
		return []string{pp, key}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureEphemeral),
		WorkingDir:               stateDir,
		CheckDestroy:             c.checkNoTemplates,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskCertificateConfig_toTemplate(task.ID)),
			Check: resource.ComposeAggregateTestCheckFunc(
				c.checkTemplatePassword(func() string {
					pp, _ := c.TaskSecrets(task.ID)
					if len(pp) < 24 {
						return "passphrase never handed out"
					}
					return pp[:24]
				}),
				checkStateFileLacks(stateDir, secrets),
				func(*terraform.State) error {
					s := c.Stats()
					if s.Routes[fakecloud.RouteShowPassphrase] == 0 || s.Routes[fakecloud.RouteShowCertKey] == 0 {
						return fmt.Errorf("the ephemeral resource did not read the secrets: %v", s.Routes)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccSMSTaskCertificateEphemeral_errors(t *testing.T) {
	t.Parallel()
	c := newTestCloud(t)
	for i, step := range []resource.TestStep{
		{
			Config:      c.config(testAccSMSTaskCertificateConfig_toTemplate("0000aaaa-0000-4000-8000-00000000ffff")),
			ExpectError: regexp.MustCompile(`(?s)Error Reading SMS Task Passphrase.*HTTP\s+404`),
		},
		{
			Config:      c.config(testAccSMSTaskCertificateConfig_toTemplate("0000aaaa-0000-4000-8000-00000000ffff-too-long")),
			ExpectError: regexp.MustCompile(`length must be between 1 and 36`),
		},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   requires(featureEphemeral),
				Steps:                    []resource.TestStep{step},
			})
		})
	}
}
