package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// seedAdoptionCloud fills a cloud with tasks made outside Terraform: n plain
// READY ones ("wave-001" ...) and adoptionVariants that differ from the
// defaults, returned by name.
// adoptionVariants is how many tasks seedAdoptionCloud adds to the n plain ones.
const adoptionVariants = 5

func seedAdoptionCloud(c *testCloud, n int) map[string]fakecloud.Task {
	c.SeedTasks(n, fakecloud.TaskSpec{Name: "wave"})
	two, noPublic := 2, false
	out := map[string]fakecloud.Task{}
	for _, spec := range []fakecloud.TaskSpec{
		{Name: "db-01-running", State: fakecloud.StateRunning, Priority: &two, SpeedLimit: 300, MigrationIP: "192.168.10.7"},
		{Name: "app-02-templated", VMTemplateID: "tpl-0001", UsePublicIP: &noPublic, EnterpriseProjectID: "ep-finance"},
		{Name: "file-03-existing", Type: "MIGRATE_FILE", TargetVMID: "ecs-7f3a", TargetName: "file-03-ecs", State: fakecloud.StateMigrateSuccess},
		{Name: "win-04-stopped", OSType: "WINDOWS", State: fakecloud.StateAbort},
		{Name: "db-05-syncing", Syncing: true, State: fakecloud.StateSyncing},
	} {
		out[spec.Name] = c.SeedTask(spec)
	}
	return out
}

func TestAccSMSTaskListResource_basic(t *testing.T) {
	c := newTestCloud(t)
	tasks := seedAdoptionCloud(c, 250)
	db, app, file, syncing := tasks["db-01-running"], tasks["app-02-templated"], tasks["file-03-existing"], tasks["db-05-syncing"]
	byID := c.taskIdentityFilter

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		Steps: []resource.TestStep{
			{
				// Query steps read the provider configuration from this step's files.
				Config: c.providerBlock(),
			},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic("", "true", 1000),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 255),
					querycheck.ExpectIdentity("huaweicloud_sms_task.all", map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(db.ID),
						"project_id": knownvalue.StringExact(c.ProjectID()),
					}),
					querycheck.ExpectResourceDisplayName("huaweicloud_sms_task.all", byID(db.ID), knownvalue.StringExact("db-01-running")),
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_task.all", byID(db.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(db.ID)},
						{Path: tfjsonpath.New("state"), KnownValue: knownvalue.StringExact("RUNNING")},
						{Path: tfjsonpath.New("priority"), KnownValue: knownvalue.Int64Exact(2)},
						{Path: tfjsonpath.New("speed_limit"), KnownValue: knownvalue.Int64Exact(300)},
						{Path: tfjsonpath.New("migration_ip"), KnownValue: knownvalue.StringExact("192.168.10.7")},
						{Path: tfjsonpath.New("source_server_id"), KnownValue: knownvalue.StringExact(db.SourceID)},
						{Path: tfjsonpath.New("source_state"), KnownValue: knownvalue.StringExact("replicate")},
						{Path: tfjsonpath.New("connected"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("region"), KnownValue: knownvalue.StringExact("cn-north-4")},
						{Path: tfjsonpath.New("project_id"), KnownValue: knownvalue.StringExact(c.ProjectID())},
						// In no listing: left to the import's ShowTask.
						{Path: tfjsonpath.New("use_ipv6"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("target_server").AtMapKey("disks"), KnownValue: knownvalue.Null()},
					}),
					// From the source server's current_task, which ListTasks lacks.
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_task.all", byID(app.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("vm_template_id"), KnownValue: knownvalue.StringExact("tpl-0001")},
						{Path: tfjsonpath.New("use_public_ip"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("enterprise_project_id"), KnownValue: knownvalue.StringExact("ep-finance")},
					}),
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_task.all", byID(syncing.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("syncing"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("state"), KnownValue: knownvalue.StringExact("SYNCING")},
					}),
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_task.all", byID(file.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("MIGRATE_FILE")},
						{Path: tfjsonpath.New("exist_server"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("target_server").AtMapKey("vm_id"), KnownValue: knownvalue.StringExact("ecs-7f3a")},
						{Path: tfjsonpath.New("target_server").AtMapKey("name"), KnownValue: knownvalue.StringExact("file-03-ecs")},
						{Path: tfjsonpath.New("progress"), KnownValue: knownvalue.Int64Exact(100)},
					}),
				},
			},
			{
				// Without include_resource only identities come back.
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic("", "false", 10),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 10),
					querycheck.ExpectIdentity("huaweicloud_sms_task.all", map[string]knownvalue.Check{
						"id":         knownvalue.NotNull(),
						"project_id": knownvalue.StringExact(c.ProjectID()),
					}),
				},
			},
		},
	})
}

// Each filter reaches the API (or narrows the result) as documented.
func TestAccSMSTaskListResource_filters(t *testing.T) {
	c := newTestCloud(t)
	tasks := seedAdoptionCloud(c, 5)
	db, app, win := tasks["db-01-running"], tasks["app-02-templated"], tasks["win-04-stopped"]

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		Steps: []resource.TestStep{
			{Config: c.providerBlock()},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic(`state = "RUNNING"`, "false", 100),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 1),
					querycheck.ExpectIdentity("huaweicloud_sms_task.all", map[string]knownvalue.Check{
						"id": knownvalue.StringExact(db.ID), "project_id": knownvalue.StringExact(c.ProjectID()),
					}),
				},
			},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic(`enterprise_project_id = "ep-finance"`, "true", 100),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 1),
					querycheck.ExpectResourceDisplayName("huaweicloud_sms_task.all",
						c.taskIdentityFilter(app.ID),
						knownvalue.StringExact("app-02-templated")),
				},
			},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic(fmt.Sprintf("source_server_id = %q", win.SourceID), "true", 100),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 1),
					querycheck.ExpectResourceKnownValues("huaweicloud_sms_task.all",
						c.taskIdentityFilter(win.ID),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("os_type"), KnownValue: knownvalue.StringExact("WINDOWS")},
							{Path: tfjsonpath.New("state"), KnownValue: knownvalue.StringExact("ABORT")},
						}),
				},
			},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic(`name = "wave-003"`, "false", 100),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 1),
					querycheck.ExpectResourceDisplayName("huaweicloud_sms_task.all",
						queryfilter.ByDisplayName(knownvalue.StringExact("wave-003")), knownvalue.StringExact("wave-003")),
				},
			},
			{
				Query:  true,
				Config: testAccSMSTaskListResourceConfig_basic(`state = "MIGRATE_FAIL"`, "false", 100),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("huaweicloud_sms_task.all", 0),
				},
			},
		},
	})
}

// migration_project_id keeps the tasks whose source server is in the
// project, from one ListSources call with migproject. It needs a fake cloud
// that files source servers under migration projects; without one it skips.
func TestAccSMSTaskListResource_migrationProject(t *testing.T) {
	c := newTestCloud(t)
	const project = "0c1d2e3f-0000-4000-8000-00000000abcd"
	var inProject []string
	for i := 1; i <= 3; i++ {
		src, ok := c.seedSourceInMigProject(t, fmt.Sprintf("mp-src-%d", i), project)
		if !ok {
			t.Skip("this fake cloud does not file source servers under migration projects (SourceSpec has no migproject)")
		}
		inProject = append(inProject, c.SeedTask(fakecloud.TaskSpec{Name: fmt.Sprintf("mp-task-%d", i), SourceID: src}).ID)
	}
	c.SeedTasks(5, fakecloud.TaskSpec{Name: "elsewhere"})

	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength("huaweicloud_sms_task.all", 3)}
	for _, id := range inProject {
		checks = append(checks, querycheck.ExpectIdentity("huaweicloud_sms_task.all", map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "project_id": knownvalue.StringExact(c.ProjectID()),
		}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		Steps: []resource.TestStep{
			{Config: c.providerBlock()},
			{
				Query:             true,
				Config:            testAccSMSTaskListResourceConfig_basic(fmt.Sprintf("migration_project_id = %q", project), "true", 100),
				QueryResultChecks: checks,
			},
		},
	})
}

// seedSourceInMigProject adds a source server filed under a migration
// project through the fake's control API; ok is false when the fake does
// not know migration projects.
func (c *testCloud) seedSourceInMigProject(t *testing.T, name, project string) (id string, ok bool) {
	t.Helper()
	body, err := json.Marshal(map[string]string{"name": name, "migproject": project})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(c.URL+"/_fake/sources", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusBadRequest {
		return "", false
	}
	var src fakecloud.Source
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&src) != nil || src.ID == "" {
		t.Fatalf("seeding source %s: HTTP %d", name, resp.StatusCode)
	}
	return src.ID, true
}

// Filter values are checked before any API call.
func TestAccSMSTaskListResource_invalidFilter(t *testing.T) {
	c := newTestCloud(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureQuery),
		Steps: []resource.TestStep{
			{Config: c.providerBlock()},
			{
				Query:       true,
				Config:      testAccSMSTaskListResourceConfig_basic(`state = "running"`, "false", 100),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*state`),
			},
			{
				Query:       true,
				Config:      testAccSMSTaskListResourceConfig_basic(`name = ""`, "false", 100),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Length.*name`),
			},
		},
	})
	if n := c.Stats().Routes[fakecloud.RouteListTasks]; n != 0 {
		t.Errorf("ListTasks was called %d times; invalid filters must fail before any call", n)
	}
}

// taskIdentityFilter picks the query result of task id (a filter must name
// every identity attribute).
func (c *testCloud) taskIdentityFilter(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(id), "project_id": knownvalue.StringExact(c.ProjectID()),
	})
}

// testAccSMSTaskListResourceConfig_basic is a list block "all" with the given
// filter lines, include_resource and limit.
func testAccSMSTaskListResourceConfig_basic(filters, includeResource string, limit int) string {
	return fmt.Sprintf(`
list "huaweicloud_sms_task" "all" {
  provider         = huaweicloud
  include_resource = %s
  limit            = %d
  config {
    %s
  }
}
`, includeResource, limit, filters)
}
