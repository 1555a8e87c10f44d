package provider

import (
	"regexp"

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
