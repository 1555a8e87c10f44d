package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// terraform query lists the registered servers with their identity and a
// configuration that adopts each under its name.
func TestAccSMSSourceServerListResource_query(t *testing.T) {
	c := newTestCloud(t)
	adopted := c.SeedSource(fakecloud.SourceSpec{Name: "q-1"})
	c.SeedSource(fakecloud.SourceSpec{Name: "q-2"})
	c.SeedSource(fakecloud.SourceSpec{Name: "q-3", State: "stopped"})
	identity := map[string]knownvalue.Check{"id": knownvalue.StringExact(adopted.ID), "project_id": knownvalue.StringExact(fakecloud.DefaultProjectID)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		CheckDestroy: func(*terraform.State) error {
			if _, found := c.Source(adopted.ID); found {
				return fmt.Errorf("source server %s is still in the cloud", adopted.ID)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSSourceServerConfig("q-1", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testAccSourceServerAddr, identity),
					statecheck.ExpectIdentityValueMatchesState(testAccSourceServerAddr, tfjsonpath.New("id")),
				},
			},
			{
				Query: true,
				Config: `
list "huaweicloud_sms_source_server" "waiting" {
  provider         = huaweicloud
  include_resource = true
  config {
    state = "waiting"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("list.huaweicloud_sms_source_server.waiting", 2),
					querycheck.ExpectIdentity("huaweicloud_sms_source_server.waiting", identity),
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_source_server.waiting", queryfilter.ByResourceIdentity(identity), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("registered_name"), KnownValue: knownvalue.StringExact("q-1")},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("q-1")},
						{Path: tfjsonpath.New("task_on_destroy"), KnownValue: knownvalue.StringExact("refuse")},
					}),
				},
			},
		},
	})
}
