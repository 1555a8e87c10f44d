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

func TestAccSMSTaskDataSource_basic(t *testing.T) {
	dataSourceName := "data.huaweicloud_sms_task.this"
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "mail-01", State: fakecloud.StateRunning})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.config(testAccSMSTaskDataSourceConfig_basic(task.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataSourceName, tfjsonpath.New("name"), knownvalue.StringExact("mail-01")),
					statecheck.ExpectKnownValue(dataSourceName, tfjsonpath.New("state"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue(dataSourceName, tfjsonpath.New("source_server_id"), knownvalue.StringExact(task.SourceID)),
					statecheck.ExpectKnownValue(dataSourceName, tfjsonpath.New("connected"), knownvalue.Bool(true)),
				},
				Check: testAccCheckRequestsAuthenticated(c),
			},
		},
	})
}

// A missing task and an empty id are errors; neither leaves state behind.
func TestAccSMSTaskDataSource_errors(t *testing.T) {
	c := newTestCloud(t)
	for _, step := range []resource.TestStep{
		{
			Config:      c.config(`data "huaweicloud_sms_task" "missing" { id = "0000aaaa-0000-4000-8000-00000000ffff" }`),
			ExpectError: regexp.MustCompile(`(?s)SMS Task Not Found.*HTTP\s+404, error code\s+SMS\.6404`),
		},
		{
			Config:      c.config(`data "huaweicloud_sms_task" "empty" { id = "" }`),
			ExpectError: regexp.MustCompile(`(?s)id.*length must be between 1 and 255`),
		},
		{
			Config:      c.config(`data "huaweicloud_sms_source_servers" "bad" { state = "RUNNING" }`),
			ExpectError: regexp.MustCompile(`value must be one of`),
		},
	} {
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
	}
}

func TestAccSMSSourceServersDataSource_basic(t *testing.T) {
	c := newTestCloud(t)
	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01", IP: "192.168.1.10"})
	off := false
	db := c.SeedSource(fakecloud.SourceSpec{Name: "db-01", OSType: "WINDOWS", Connected: &off})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.config(fmt.Sprintf(`
data "huaweicloud_sms_source_servers" "all" {}
data "huaweicloud_sms_source_servers" "by_name" { name = "web-01" }
data "huaweicloud_sms_source_servers" "by_id" { id = %q }
`, db.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.all", tfjsonpath.New("servers"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_name", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(web.ID), "ip": knownvalue.StringExact("192.168.1.10"), "connected": knownvalue.Bool(true),
						}),
					})),
					statecheck.ExpectKnownValue("data.huaweicloud_sms_source_servers.by_id", tfjsonpath.New("servers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("db-01"), "os_type": knownvalue.StringExact("WINDOWS"), "connected": knownvalue.Bool(false),
						}),
					})),
				},
			},
		},
	})
}

func testAccSMSTaskDataSourceConfig_basic(id string) string {
	return fmt.Sprintf(`
data "huaweicloud_sms_task" "this" {
  id = %q
}
`, id)
}
