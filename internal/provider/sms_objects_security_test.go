package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// With TF_LOG=TRACE, a run that reads a task's passphrase and keys and
// writes a template password logs the API calls but none of those secrets.
func TestAccSecurity_traceLogHoldsNoTemplateOrTaskSecrets(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "traced-secrets"})
	const password = "Traced-Pass-0001"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureEphemeral),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskCertificateConfig_toTemplate(task.ID) + `
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "huaweicloud_sms_server_template" "plain" {
  name                       = "tpl-traced"
  availability_zone          = "cn-north-4a"
  target_password_wo         = var.password
  target_password_wo_version = 1
}
`),
			ConfigVariables: config.Variables{"password": config.StringVariable(password)},
		}},
	})

	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no trace log: %v", err)
	}
	log := string(b)
	if calls := regexp.MustCompile(`huaweicloud\.sms_client: Huawei Cloud API request: .*`).FindAllString(log, -1); len(calls) < 3 {
		t.Fatalf("the trace log holds %d API call lines; is the provider logging at all?", len(calls))
	}
	passphrase, key := c.TaskSecrets(task.ID)
	if passphrase == "" || key == "" {
		t.Fatal("the task's secrets were never read")
	}
	keyBody := strings.Split(key, "\n")[1] // a line of the PEM body
	for name, secret := range map[string]string{"template password": password, "passphrase": passphrase, "private key": keyBody} {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, secret) {
				t.Errorf("the trace log holds the %s: %.300s", name, strings.ReplaceAll(line, secret, "<"+name+">"))
				break
			}
		}
	}
}
