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

// One source server by name and one by ID, each read with a single listing
// call per refresh.
func TestAccSMSSourceServerDataSource_byNameAndID(t *testing.T) {
	c := newTestCloud(t)
	off := false
	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01", IP: "192.168.10.11"})
	db := c.SeedSource(fakecloud.SourceSpec{Name: "db-01", Connected: &off})
	c.SeedSource(fakecloud.SourceSpec{Name: "web-02"})
	cfg := c.configWithProject(fmt.Sprintf(`
data "huaweicloud_sms_source_server" "by_name" {
  name = "web-01"
}

data "huaweicloud_sms_source_server" "by_id" {
  id = %q
}
`, db.ID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_name", tfjsonpath.New("id"), knownvalue.StringExact(web.ID)),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_name", tfjsonpath.New("ip"), knownvalue.StringExact("192.168.10.11")),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_name", tfjsonpath.New("connected"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_name", tfjsonpath.New("init_target_server").AtMapKey("disks"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_id", tfjsonpath.New("name"), knownvalue.StringExact("db-01")),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_server.by_id", tfjsonpath.New("connected"), knownvalue.Bool(false)),
				},
			},
			{
				// A refresh reads each data source with one listing call.
				PreConfig:    c.ResetStats,
				RefreshState: true,
				Check:        c.countCalls(map[string]int64{fakecloud.RouteListSources: 2}),
			},
		},
	})
}

// No such name: the error names it and the names that come close; no such
// ID: the error says so; a name two servers share: the error lists both IDs.
// Neither or both of name and id: refused at plan time, before any call.
func TestAccSMSSourceServerDataSource_lookupErrors(t *testing.T) {
	c := newTestCloud(t)
	for _, name := range []string{"web-01", "web-09", "web-98", "db-01"} {
		c.SeedSource(fakecloud.SourceSpec{Name: name})
	}
	twinA := c.SeedSource(fakecloud.SourceSpec{Name: "twin"})
	twinB := c.SeedSource(fakecloud.SourceSpec{Name: "twin"})
	ds := func(args string) string {
		return c.configWithProject(fmt.Sprintf("data \"huaweicloud_sms_source_server\" \"this\" {\n%s\n}\n", args))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      ds(`  name = "web-99"`),
				ExpectError: regexp.MustCompile(`(?s)SMS Source Server Not Found.*no source server named "web-99".*Close names:\s+"web-09",\s+"web-98",\s+"web-01"\.`),
			},
			{
				Config:      ds(`  id = "0d3ee5f1-0000-4000-8000-000000000000"`),
				ExpectError: wrapped(`There is no source server with ID "0d3ee5f1-0000-4000-8000-000000000000" in this project.`),
			},
			{
				Config:      ds(`  name = "twin"`),
				ExpectError: regexp.MustCompile(`(?s)Several SMS Source Servers Have This Name.*2 source servers are named "twin":\s+` + twinA.ID + `,\s+` + twinB.ID),
			},
			{
				Config:      ds(``),
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[name,id\]`),
			},
			{
				Config:      ds("  name = \"web-01\"\n  id   = \"x\""),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[name,id\]`),
			},
		},
	})
}
