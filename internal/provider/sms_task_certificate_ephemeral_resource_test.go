package provider

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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

// TestAccSMSTaskCertificateEphemeral_echo checks every value the ephemeral
// resource opens, through terraform-plugin-testing's echo provider (which
// copies them into the state of this test only): the passphrase and the
// private key are the task's, the certificates are PEM, and ca is empty
// unless asked for. The checks never print a value.
func TestAccSMSTaskCertificateEphemeral_echo(t *testing.T) {
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "cert-echo"})
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	maps.Copy(factories, protoV6ProviderFactories)
	// The echo resource takes its data once, on create (and one echo
	// provider serves all its aliases): each step makes a new one.
	config := func(name string, withCA bool) string {
		return c.config(fmt.Sprintf(`
ephemeral "huaweicloud_sms_task_certificate" "this" {
  task_id        = %q
  enable_ca_cert = %t
}

provider "echo" {
  data = ephemeral.huaweicloud_sms_task_certificate.this
}

resource "echo" %q {}
`, task.ID, withCA, name))
	}
	value := func(attr string) tfjsonpath.Path { return tfjsonpath.New("data").AtMapKey(attr) }
	pem := secretCheck{what: "a PEM block", ok: func(v string) bool { return strings.HasPrefix(v, "-----BEGIN ") }}
	empty := secretCheck{what: "empty", ok: func(v string) bool { return v == "" }}
	checks := func(addr string, ca secretCheck) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, value("passphrase"), secretCheck{what: "the task's passphrase", ok: func(v string) bool {
				pp, _ := c.TaskSecrets(task.ID)
				return pp != "" && v == pp
			}}),
			statecheck.ExpectKnownValue(addr, value("private_key"), secretCheck{what: "the task's private key", ok: func(v string) bool {
				_, key := c.TaskSecrets(task.ID)
				return key != "" && v == key
			}}),
			statecheck.ExpectKnownValue(addr, value("cert"), pem),
			statecheck.ExpectKnownValue(addr, value("target_mgmt_cert"), pem),
			statecheck.ExpectKnownValue(addr, value("target_mgmt_private_key"), pem),
			statecheck.ExpectKnownValue(addr, value("target_data_cert"), pem),
			statecheck.ExpectKnownValue(addr, value("target_data_private_key"), pem),
			statecheck.ExpectKnownValue(addr, value("ca"), ca),
			statecheck.ExpectKnownValue(addr, value("task_id"), knownvalue.StringExact(task.ID)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		TerraformVersionChecks:   requires(featureEphemeral),
		Steps: []resource.TestStep{
			{Config: config("plain", false), ConfigStateChecks: checks("echo.plain", empty)},
			{Config: config("with_ca", true), ConfigStateChecks: checks("echo.with_ca", pem)},
		},
	})
}

// secretCheck is a knownvalue.Check on a string that names what it wanted
// and never the value it got.
type secretCheck struct {
	what string
	ok   func(string) bool
}

func (s secretCheck) CheckValue(v any) error {
	str, isString := v.(string)
	if !isString {
		return fmt.Errorf("expected a string (%s), got a %T", s.what, v)
	}
	if !s.ok(str) {
		return fmt.Errorf("the value (%d characters) is not %s", len(str), s.what)
	}
	return nil
}

func (s secretCheck) String() string { return s.what }
