package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The four diagnostics data sources in one read: a failed migration in the
// errors, the state counts, a task's consistency checks, the agent
// configuration; one call each.
func TestAccSMSDiagnosticsDataSources_read(t *testing.T) {
	c := newTestCloud(t)
	failing := c.SeedTask(fakecloud.TaskSpec{Name: "db-fail", SourceName: "db-01", FailMigration: true, MigrationIP: "10.1.0.9"})
	checked := seedDiagnostics(t, c, "checked")
	c.SeedSource(fakecloud.SourceSpec{Name: "idle", State: "stopped"})
	api, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := api.UpdateTaskStatus(context.Background(), failing.ID, &sms.TaskActionRequest{Operation: sms.OperationStart}); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute) // the migration runs its course and fails
	c.ResetStats()
	errs, ov, res, cfg := "data.huaweicloud_sms_source_server_errors.all", "data.huaweicloud_sms_source_server_overview.now",
		"data.huaweicloud_sms_task_consistency_results.checked", "data.huaweicloud_sms_agent_configs.this"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.config(fmt.Sprintf(`
data "huaweicloud_sms_source_server_errors" "all" {}

data "huaweicloud_sms_source_server_overview" "now" {}

data "huaweicloud_sms_task_consistency_results" "checked" {
  task_id = %q
}

data "huaweicloud_sms_agent_configs" "this" {}
`, checked.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(errs, tfjsonpath.New("migration_errors"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("db-01"), "source_id": knownvalue.StringExact(failing.SourceID), "target_ip": knownvalue.StringExact("10.1.0.9"),
					"error_json": knownvalue.StringRegexp(regexp.MustCompile(`"error_code"`)),
				})})),
				statecheck.ExpectKnownValue(ov, tfjsonpath.New("error"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ov, tfjsonpath.New("waiting"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ov, tfjsonpath.New("stopped"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ov, tfjsonpath.New("unconfigured"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ov, tfjsonpath.New("replicate"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(res, tfjsonpath.New("result_list"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"finished_time": knownvalue.NotNull(),
					"check_result":  knownvalue.StringRegexp(regexp.MustCompile(`.`)),
					"raw":           knownvalue.StringRegexp(regexp.MustCompile(`^\{.*"dir_check":"/data"`)),
					"consistency_result": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"dir_check": knownvalue.StringExact("/data"), "num_total_files": knownvalue.Int64Exact(10), "num_different_files": knownvalue.Int64Exact(1),
						"num_target_miss_files": knownvalue.Int64Exact(0), "num_target_more_files": knownvalue.Int64Exact(0),
					})}),
				})})),
				statecheck.ExpectKnownValue(cfg, tfjsonpath.New("config").AtMapKey("mainRegion"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(cfg, tfjsonpath.New("regions"), knownvalue.ListSizeExact(1)),
			},
			Check: func(*terraform.State) error {
				r := c.Stats().Routes
				for _, route := range []string{fakecloud.RouteListErrorServers, fakecloud.RouteShowOverview, fakecloud.RouteShowConsistencyResult, fakecloud.RouteShowConfig} {
					// Read at plan and at apply, never more.
					if r[route] == 0 || r[route] > 2 {
						return fmt.Errorf("%s was called %d times", route, r[route])
					}
				}
				return nil
			},
		}},
	})
}

// Plan-time refusals of the new types' arguments; nothing reaches the API.
func TestAccSMSNewTypes_validation(t *testing.T) {
	c := newTestCloud(t)
	long := strings.Repeat("a", 256)
	cases := []planErrorCase{
		{`resource "huaweicloud_sms_source_server" "x" { registered_name = "" }`, `registered_name.*length must be between 1 and 255`},
		{`resource "huaweicloud_sms_source_server" "x" {
  registered_name = "web"
  name            = "` + long + `"
}`, `name.*length must be between 1 and 255`},
		{`resource "huaweicloud_sms_migration_project_default" "x" { mig_project_id = "` + long + `" }`, `mig_project_id.*length must be between 1 and 255`},
		{`resource "huaweicloud_sms_task_log_upload" "x" {
  task_id    = "t1"
  log_bucket = "ab"
}`, `must be an OBS bucket name`},
		{`resource "huaweicloud_sms_task_log_upload" "x" {
  task_id    = "` + strings.Repeat("t", 37) + `"
  log_bucket = "sms-logs"
}`, `task_id.*length must be between 1 and 36`},
		{`resource "huaweicloud_sms_task_consistency_export" "x" {
  task_ids    = []
  output_path = "results.csv"
}`, `task_ids.*list must contain at least 1 elements and at most 200`},
		{`resource "huaweicloud_sms_task_consistency_export" "x" {
  task_ids    = ["t1", "t1"]
  output_path = "results.csv"
}`, `task_ids.*duplicate`},
		{`resource "huaweicloud_sms_task_consistency_export" "x" {
  task_ids    = ["t1"]
  output_path = "no-such-directory/results.csv"
}`, `Output Directory Not Found`},
		{`data "huaweicloud_sms_task_consistency_results" "x" { task_id = "" }`, `task_id.*length must be between 1 and 36`},
		{`data "huaweicloud_sms_source_server_errors" "x" { enterprise_project_id = "" }`, `enterprise_project_id.*length must be between 1 and 255`},
		{`ephemeral "huaweicloud_sms_server_template_password" "x" { template_id = "" }`, `template_id.*length must be between 1 and 255`},
	}
	for i := range cases {
		cases[i].want = "(?s)" + cases[i].want
	}
	testAccPlanErrors(t, c, cases)
	for route, n := range c.Stats().Routes {
		if n > 0 && route != fakecloud.RouteListProjects {
			t.Errorf("an invalid configuration reached %s %d times", route, n)
		}
	}
}
