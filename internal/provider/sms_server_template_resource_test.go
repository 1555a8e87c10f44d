package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

const testAccTemplateAddr = "huaweicloud_sms_server_template.this"

func testAccSMSServerTemplateConfig_basic(name, extra string) string {
	return fmt.Sprintf(`
resource "huaweicloud_sms_server_template" "this" {
  name              = %q
  availability_zone = "cn-north-4a"
%s
}
`, name, extra)
}

// checkStateFileLacks fails when Terraform's state file (in the test's
// TestCase.WorkingDir) holds any of secrets.
func checkStateFileLacks(workingDir string, secrets func() []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		files, _ := filepath.Glob(filepath.Join(workingDir, "work*", "terraform.tfstate"))
		if len(files) != 1 {
			return fmt.Errorf("want one state file under %s, found %v", workingDir, files)
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			return fmt.Errorf("reading the state file: %w", err)
		}
		if !strings.Contains(string(data), `"huaweicloud_sms_`) {
			return fmt.Errorf("%s is not the state of this test", files[0])
		}
		for _, s := range secrets() {
			if s == "" {
				return fmt.Errorf("a secret to look for is empty: the cloud never received it")
			}
			if strings.Contains(string(data), s) {
				return fmt.Errorf("the state file holds a secret (%d characters)", len(s))
			}
		}
		return nil
	}
}

// checkTemplatePassword checks the password the cloud holds for the
// template in state.
func (c *testCloud) checkTemplatePassword(want func() string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[testAccTemplateAddr]
		if rs == nil {
			return fmt.Errorf("%s is not in the state", testAccTemplateAddr)
		}
		v, found := c.Template(rs.Primary.ID)
		if !found {
			return fmt.Errorf("template %s is not in the cloud", rs.Primary.ID)
		}
		if v.TargetPassword != want() {
			return fmt.Errorf("the cloud holds another password for %s (%d characters)", rs.Primary.ID, len(v.TargetPassword))
		}
		return nil
	}
}

// checkTemplateNics checks what the cloud holds for the template's one
// subnet and one security group: the names and the CIDR block sent.
func (c *testCloud) checkTemplateNics(subnetName, cidr, groupName string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[testAccTemplateAddr]
		if rs == nil {
			return fmt.Errorf("%s is not in the state", testAccTemplateAddr)
		}
		v, found := c.Template(rs.Primary.ID)
		if !found {
			return fmt.Errorf("template %s is not in the cloud", rs.Primary.ID)
		}
		if len(v.Nics) == 0 || v.Nics[0].Name != subnetName || v.Nics[0].Cidr != cidr {
			return fmt.Errorf("the cloud holds subnets %+v, want the first named %q with %s", v.Nics, subnetName, cidr)
		}
		for _, n := range v.Nics[1:] { // autoCreate, sent without a CIDR block
			if n.ID != "autoCreate" || n.Cidr != "" {
				return fmt.Errorf("the cloud holds subnets %+v, want autoCreate without a CIDR block after the first", v.Nics)
			}
		}
		if len(v.SecurityGroups) != 1 || v.SecurityGroups[0].Name != groupName {
			return fmt.Errorf("the cloud holds security groups %+v, want one named %q", v.SecurityGroups, groupName)
		}
		return nil
	}
}

func (c *testCloud) checkNoTemplates(*terraform.State) error {
	api, err := c.apiClient()
	if err != nil {
		return err
	}
	if left, err := api.ListTemplates(context.Background(), sms.ListTemplatesFilter{}); err != nil || len(left) != 0 {
		return fmt.Errorf("templates left after destroy: %d (%v)", len(left), err)
	}
	return nil
}

func TestAccSMSServerTemplate_basic(t *testing.T) {
	c := newTestCloud(t)
	stateDir := t.TempDir()
	const password = "Tf-wo-Secret-01"
	cfg := c.config(testAccSMSServerTemplateConfig_basic("tpl-web", `
  target_password_wo         = "`+password+`"
  target_password_wo_version = 1
`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTemplates,
		WorkingDir:               stateDir,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^7e3b`))),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("region"), knownvalue.StringExact("cn-north-4")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("project_id"), knownvalue.StringExact(fakecloud.DefaultProjectID)),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("target_server_name"), knownvalue.StringExact("tpl-web")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("vpc_id"), knownvalue.StringExact("autoCreate")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("vpc_name"), knownvalue.StringExact("autoCreate")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnet_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("autoCreate")})),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("volume_type"), knownvalue.StringExact("SAS")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("data_volume_type"), knownvalue.StringExact("SAS")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("bandwidth_size"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("target_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("target_password_wo_version"), knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.checkTemplatePassword(func() string { return password }),
					checkStateFileLacks(stateDir, func() []string { return []string{password} }),
				),
			},
			{
				ResourceName:            testAccTemplateAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts", "target_password_wo_version"},
			},
		},
	})
}

// Under the default reading an UpdateTemplate body without target_password
// drops the stored one; the provider sends the configured one every time.
func TestAccSMSServerTemplate_update(t *testing.T) {
	testAccSMSServerTemplateUpdate(t, func(*fakecloud.Options) {})
}

// The other reading: a body without target_password keeps the stored one.
func TestAccSMSServerTemplate_updatePasswordKept(t *testing.T) {
	testAccSMSServerTemplateUpdate(t, func(o *fakecloud.Options) { o.TemplatePasswordKept = true })
}

func testAccSMSServerTemplateUpdate(t *testing.T, reading func(*fakecloud.Options)) {
	c := newTestCloud(t, reading)
	stateDir := t.TempDir()
	full := func(version int, password string) string {
		return fmt.Sprintf(`
  region                     = "cn-north-4"
  target_server_name         = "web-01-target"
  vpc_id                     = "vpc-0001"
  vpc_name                   = "web-vpc"
  subnets = [
    { id = "subnet-0001", name = "web", cidr = "192.168.1.0/24" },
    { id = "subnet-0002", name = "db", cidr = "192.168.2.0/24" },
  ]
  security_groups            = [{ id = "sg-0001", name = "web-sg" }]
  volume_type                = "GPSSD"
  data_volume_type           = "ESSD"
  flavor                     = "s6.large.2"
  image_id                   = "img-0001"
  bandwidth_size             = 1500
  disks = [
    { index = 0, name = "/dev/vda", disk_type = "SSD", size = 40, device_use = "BOOT" },
    { index = 1, name = "/dev/vdb", disk_type = "SAS", size = 100 },
  ]
  target_password_wo         = %q
  target_password_wo_version = %d
`, password, version)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTemplates,
		WorkingDir:               stateDir,
		Steps: []resource.TestStep{
			{Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-app", ""))},
			{
				Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-app-2", full(1, "First-pass-01"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccTemplateAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesSame()).AddStateValue(testAccTemplateAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnet_ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("subnet-0001"), knownvalue.StringExact("subnet-0002")})),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("security_group_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sg-0001")})),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnets"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("subnet-0001"), "name": knownvalue.StringExact("web"), "cidr": knownvalue.StringExact("192.168.1.0/24")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("subnet-0002"), "name": knownvalue.StringExact("db"), "cidr": knownvalue.StringExact("192.168.2.0/24")}),
					})),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("security_groups"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("sg-0001"), "name": knownvalue.StringExact("web-sg")})})),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("vpc_name"), knownvalue.StringExact("web-vpc")),
					// EVS types beyond the response enum's SAS, SSD, SATA.
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("volume_type"), knownvalue.StringExact("GPSSD")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("data_volume_type"), knownvalue.StringExact("ESSD")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("bandwidth_size"), knownvalue.Int64Exact(1500)),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("flavor"), knownvalue.StringExact("s6.large.2")),
					statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("disks"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"index": knownvalue.Int64Exact(0), "name": knownvalue.StringExact("/dev/vda"),
							"disk_type": knownvalue.StringExact("SSD"), "size": knownvalue.Int64Exact(40), "device_use": knownvalue.StringExact("BOOT")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"index": knownvalue.Int64Exact(1), "name": knownvalue.StringExact("/dev/vdb"),
							"disk_type": knownvalue.StringExact("SAS"), "size": knownvalue.Int64Exact(100), "device_use": knownvalue.Null()}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.checkTemplatePassword(func() string { return "First-pass-01" }),
					checkStateFileLacks(stateDir, func() []string { return []string{"First-pass-01"} }),
				),
			},
			// A new password without a new version is not sent: Terraform
			// cannot see it changed, and the plan stays empty.
			{
				Config:   c.config(testAccSMSServerTemplateConfig_basic("tpl-app-2", full(1, "Second-pass-02"))),
				PlanOnly: true,
			},
			{
				Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-app-2", full(2, "Second-pass-02"))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesSame()).AddStateValue(testAccTemplateAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.checkTemplatePassword(func() string { return "Second-pass-02" }),
					checkStateFileLacks(stateDir, func() []string { return []string{"First-pass-01", "Second-pass-02"} }),
				),
			},
			// Other changes keep the stored password.
			{
				Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-app-3", full(2, "Second-pass-02"))),
				Check:  c.checkTemplatePassword(func() string { return "Second-pass-02" }),
			},
		},
	})
}

// Subnets given by ID alone go with the ID as the name and no CIDR block.
// Under the fake's default reading the service checks them: the create is
// refused, saying how to send them whole; where it resolves subnets by ID
// (Readings.NicsResolvedByID) the template is created. Either way, moving
// to the object form updates the template in place and sends the names.
func TestAccSMSServerTemplate_subnetsByID(t *testing.T) {
	byID := `
  vpc_id             = "vpc-0001"
  subnet_ids         = ["subnet-0001"]
  security_group_ids = ["sg-0001"]
`
	whole := `
  vpc_id          = "vpc-0001"
  # A second, autoCreate subnet without a CIDR block: as the official
  # provider sends it.
  subnets         = [{ id = "subnet-0001", name = "web", cidr = "192.168.1.0/24" }, { id = "autoCreate", name = "autoCreate" }]
  security_groups = [{ id = "sg-0001", name = "web-sg" }]
`
	for _, resolved := range []bool{false, true} {
		t.Run(fmt.Sprintf("resolvedByID=%v", resolved), func(t *testing.T) {
			c := newTestCloud(t, func(o *fakecloud.Options) { o.NicsResolvedByID = resolved })
			first := resource.TestStep{
				Config:      c.config(testAccSMSServerTemplateConfig_basic("tpl-net", byID)),
				ExpectError: regexp.MustCompile(`(?s)by ID alone.*in\s+.subnets.\s+instead\s+of\s+.subnet_ids.*template\.nics\[0\]\.cidr`),
			}
			if resolved {
				first = resource.TestStep{
					Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-net", byID)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnet_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("subnet-0001")})),
						statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnets"), knownvalue.Null()),
					},
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             c.checkNoTemplates,
				Steps: []resource.TestStep{first, {
					Config: c.config(testAccSMSServerTemplateConfig_basic("tpl-net", whole)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnet_ids"),
							knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("subnet-0001"), knownvalue.StringExact("autoCreate")})),
						statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("subnets").AtSliceIndex(1).AtMapKey("cidr"), knownvalue.Null()),
						statecheck.ExpectKnownValue(testAccTemplateAddr, tfjsonpath.New("security_group_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sg-0001")})),
					},
					Check: c.checkTemplateNics("web", "192.168.1.0/24", "web-sg"),
				}},
			})
		})
	}
}

func TestAccSMSServerTemplate_disappears(t *testing.T) {
	c := newTestCloud(t)
	var first string
	cfg := c.config(testAccSMSServerTemplateConfig_basic("tpl-gone", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTemplates,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(captureID(testAccTemplateAddr, &first), func(*terraform.State) error {
					if !c.DeleteTemplateOutOfBand(first) {
						return fmt.Errorf("template %s was not in the cloud", first)
					}
					return nil
				}),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccTemplateAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// A template a task was created from cannot be destroyed; the error names
// the task, and destroy succeeds once the task is gone.
func TestAccSMSServerTemplate_inUse(t *testing.T) {
	c := newTestCloud(t)
	var id, taskID string
	cfg := c.config(testAccSMSServerTemplateConfig_basic("tpl-used", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTemplates,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(captureID(testAccTemplateAddr, &id), func(*terraform.State) error {
					taskID = c.SeedTask(fakecloud.TaskSpec{Name: "uses-template", VMTemplateID: id}).ID
					return nil
				}),
			},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Is Used by Migration Tasks.*uses-template`),
			},
			{
				PreConfig: func() { c.DeleteOutOfBand(taskID) },
				Config:    cfg,
			},
		},
	})
}

func TestAccSMSServerTemplate_validation(t *testing.T) {
	c := newTestCloud(t)
	var cases []planErrorCase
	for _, tc := range []struct{ name, extra, want string }{
		{"tpl web", "", `must contain only letters, digits, Chinese characters`},
		{strings.Repeat("t", 256), "", `length must be between 1 and 255`},
		{"ok", `  volume_type = "GP SSD"`, `must be an EVS disk type`},
		{"ok", `  data_volume_type = "-ESSD"`, `must be an EVS disk type`},
		{"ok", `  volume_type = ""`, `length must be between 1 and 255`},
		{"ok", `  bandwidth_size = 0`, `value must be between 1 and 2000`},
		{"ok", `  bandwidth_size = 2500`, `value must be between 1 and 2000`},
		{"ok", `  bandwidth_size = 320`, `steps\s+of\s+50`},
		{"ok", `  bandwidth_size = 1200`, `steps\s+of\s+500`},
		{"ok", "  target_password_wo = \"short\"\n  target_password_wo_version = 1", `length must be between 8 and 26`},
		{"ok", "  target_password_wo = \"" + strings.Repeat("p", 27) + "\"\n  target_password_wo_version = 1", `length must be between 8 and 26`},
		{"ok", `  target_password_wo = "Long-enough-1"`, `target_password_wo_version.*must\s+be\s+specified|Attribute\s+"target_password_wo_version"\s+must\s+be\s+specified`},
		{"ok", `  subnet_ids = []`, `list must contain at least 1`},
		{"ok", `  security_group_ids = ["sg-1", "sg-1"]`, `duplicate`},
		{"ok", `  subnets = [{ id = "subnet-1", name = "web", cidr = "192.168.1.0" }]`, `not\s+a\s+CIDR\s+block`},
		{"ok", "  subnet_ids = [\"subnet-1\"]\n  subnets = [{ id = \"subnet-1\", name = \"web\", cidr = \"192.168.1.0/24\" }]", `cannot\s+be\s+specified\s+when`},
		{"ok", "  security_group_ids = [\"sg-1\"]\n  security_groups = [{ id = \"sg-1\", name = \"web\" }]", `cannot\s+be\s+specified\s+when`},
		{"ok", `  flavor = ""`, `length must be between 1 and 255`},
		{"ok", `  disks = []`, `list must contain at least 1`},
		{"ok", `  disks = [{ index = 0, name = "/dev/vda", disk_type = "SAS", size = 0 }]`, `value must be at least 1`},
		{"ok", `  disks = [{ index = -1, name = "/dev/vda", disk_type = "SAS", size = 40 }]`, `value must be at least 0`},
		{"ok", `  disks = [{ index = 0, name = "/dev/vda", disk_type = "SAS", size = 40, device_use = "DATA" }]`, `value must be one of`},
	} {
		cases = append(cases, planErrorCase{testAccSMSServerTemplateConfig_basic(tc.name, tc.extra), tc.want})
	}
	testAccPlanErrors(t, c, cases)
	if s := c.Stats(); s.Routes[fakecloud.RouteCreateTemplate] != 0 {
		t.Errorf("an invalid configuration reached the API: %v", s.Routes)
	}
}
