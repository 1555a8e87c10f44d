package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

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
