package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

const (
	testAccPrivacyAddr        = "huaweicloud_sms_privacy_agreement.this"
	testAccDefaultProjectAddr = "huaweicloud_sms_migration_project_default.this"
)

// testAccAccountConfig is a wave project, the privacy agreement when
// privacy, and the default project set to defaultID (a literal id, or an
// expression when it starts with "huaweicloud_").
func testAccAccountConfig(privacy bool, defaultID string) string {
	cfg := `
resource "huaweicloud_sms_migration_project" "wave" {
  name = "wave-d"
  type = "MIGRATE_BLOCK"
}
`
	if privacy {
		cfg += `
resource "huaweicloud_sms_privacy_agreement" "this" {}
`
	}
	ref := fmt.Sprintf("%q", defaultID)
	if regexp.MustCompile(`^huaweicloud_`).MatchString(defaultID) {
		ref = defaultID
	}
	return cfg + fmt.Sprintf(`
resource "huaweicloud_sms_migration_project_default" "this" {
  mig_project_id = %s
}
`, ref)
}

// The privacy agreement is signed once and never unsigned: destroying it
// warns, calls nothing, and creating it again on a signed account only
// reads. The default project follows its resource: set once, set back after
// a change in the console, imported, and replaced by another project.
func TestAccSMSPrivacyAgreementAndDefaultProject_basic(t *testing.T) {
	c := newTestCloud(t)
	rec := &planWarnings{}
	var wave string
	routes := func() map[string]int64 { return c.Stats().Routes }
	defaultIs := func(id *string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			for _, p := range c.MigProjects() {
				if p.IsDefault != (p.ID == *id) {
					return fmt.Errorf("projects: %+v, want %s the default", c.MigProjects(), *id)
				}
			}
			return nil
		}
	}
	original := c.DefaultMigProjectID()
	waveExpr := "huaweicloud_sms_migration_project.wave.id"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		CheckDestroy: func(s *terraform.State) error {
			// The destroy called neither: the account stays signed and its
			// default is the project the last apply made the default.
			if !c.PrivacyAgreed() || routes()[fakecloud.RouteCreatePrivacyAgreements] != 1 {
				return fmt.Errorf("after destroy: agreed %t, %d signings", c.PrivacyAgreed(), routes()[fakecloud.RouteCreatePrivacyAgreements])
			}
			return c.checkOnlyDefaultProject(s)
		},
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccAccountConfig(true, waveExpr)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccPrivacyAddr, tfjsonpath.New("signed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccPrivacyAddr, tfjsonpath.New("id"), knownvalue.StringExact("sms-privacy-agreement")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("huaweicloud_sms_migration_project.wave", &wave),
					resource.TestCheckResourceAttrPair(testAccDefaultProjectAddr, "id", "huaweicloud_sms_migration_project.wave", "id"),
					defaultIs(&wave),
					func(*terraform.State) error {
						if !c.PrivacyAgreed() || routes()[fakecloud.RouteCreatePrivacyAgreements] != 1 || routes()[fakecloud.RouteSetDefaultMigProject] != 1 {
							return fmt.Errorf("agreed %t, routes %v", c.PrivacyAgreed(), routes())
						}
						return nil
					},
				),
			},
			{
				ResourceName:            testAccDefaultProjectAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config:      c.config(testAccAccountConfig(true, "")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)mig_project_id.*length must be between 1 and 255`),
			},
			// Another project became the default in the console: the plan
			// makes this one the default again.
			{
				PreConfig: func() {
					api, err := c.apiClient()
					if err == nil {
						err = api.SetDefaultMigProject(context.Background(), original)
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: c.config(testAccAccountConfig(true, waveExpr)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccDefaultProjectAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(testAccPrivacyAddr, plancheck.ResourceActionNoop),
				}},
				Check: defaultIs(&wave),
			},
			// Dropping the agreement only forgets it, and says so; the
			// default moves back to the account's own project.
			{
				PreConfig: func() { rec.take() },
				Config:    c.config(testAccAccountConfig(false, original)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPrivacyAddr, plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction(testAccDefaultProjectAddr, plancheck.ResourceActionReplace),
					expectWarnings{rec, []*regexp.Regexp{regexp.MustCompile(`^The SMS Privacy Agreement Stays Signed: .*no call to withdraw`)}},
				}},
				Check: resource.ComposeAggregateTestCheckFunc(defaultIs(&original), func(*terraform.State) error {
					if !c.PrivacyAgreed() {
						return fmt.Errorf("destroying the agreement withdrew it")
					}
					return nil
				}),
			},
			// Signing again on a signed account only reads.
			{
				Config: c.config(testAccAccountConfig(true, original)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccPrivacyAddr, tfjsonpath.New("signed"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					if n := routes()[fakecloud.RouteCreatePrivacyAgreements]; n != 1 {
						return fmt.Errorf("the agreement was signed %d times, want once", n)
					}
					return nil
				},
			},
		},
	})
}
