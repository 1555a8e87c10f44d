package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccObjectIdentitySteps checks a resource's identity after apply,
// imports it by identity and by id through import blocks, and refuses an
// identity naming another IAM project.
func testAccObjectIdentitySteps(c *testCloud, addr, cfg, otherCfg string, idPattern *regexp.Regexp) []resource.TestStep {
	return []resource.TestStep{
		{
			Config: c.config(cfg),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
					"id":         knownvalue.StringRegexp(idPattern),
					"project_id": knownvalue.StringExact(fakecloud.DefaultProjectID),
				}),
				statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
			},
		},
		{
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		},
		{
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		},
		{
			Config:      c.config(cfg + otherCfg),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Identity Belongs to Another Project.*ffffffffffffffffffffffffffffffff`),
		},
	}
}

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

func TestAccSMSMigrationProject_identity(t *testing.T) {
	c := newTestCloud(t)
	cfg := testAccSMSMigrationProjectConfig_basic("wave-identity", "")
	other := fmt.Sprintf(`
import {
  to       = huaweicloud_sms_migration_project.other
  identity = { id = %s.id, project_id = "ffffffffffffffffffffffffffffffff" }
}

resource "huaweicloud_sms_migration_project" "other" {
  name = "wave-identity"
  type = "MIGRATE_BLOCK"
}
`, testAccMigProjectAddr)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureIdentity),
		CheckDestroy:             c.checkOnlyDefaultProject,
		Steps:                    testAccObjectIdentitySteps(c, testAccMigProjectAddr, cfg, other, regexp.MustCompile(`^3a9c`)),
	})
}
