package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
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
	t.Parallel()
	c := newTestCloud(t)
	for i, step := range []resource.TestStep{
		{
			Config:      c.config(`data "huaweicloud_sms_task" "missing" { id = "0000aaaa-0000-4000-8000-00000000ffff" }`),
			ExpectError: regexp.MustCompile(`(?s)SMS Task Not Found.*HTTP\s+404, error code\s+SMS\.6404`),
		},
		{
			Config:      c.config(`data "huaweicloud_sms_task" "empty" { id = "" }`),
			ExpectError: regexp.MustCompile(`(?s)id.*length must be between 1 and 36`),
		},
		{
			Config:      c.config(`data "huaweicloud_sms_source_servers" "bad" { state = "RUNNING" }`),
			ExpectError: regexp.MustCompile(`value must be one of`),
		},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}

func testAccSMSTaskDataSourceConfig_basic(id string) string {
	return fmt.Sprintf(`
data "huaweicloud_sms_task" "this" {
  id = %q
}
`, id)
}

// The data sources export the progress of a migration: dates in RFC 3339
// (create_date too, in both), the steps, the network check and the agent's
// figures.
func TestAccSMSTaskDataSource_progress(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = time.Hour })
	done := c.SeedTask(fakecloud.TaskSpec{Name: "done-01"})
	running := c.SeedTask(fakecloud.TaskSpec{Name: "running-01"})
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				api, err := c.apiClient()
				for _, op := range []struct{ id, name string }{{done.ID, "network_check"}, {done.ID, "start"}, {running.ID, "start"}} {
					if err == nil {
						err = api.UpdateTaskStatus(context.Background(), op.id, &sms.TaskActionRequest{Operation: op.name})
					}
					c.Advance(time.Minute)
				}
				if err == nil {
					success := fakecloud.StateMigrateSuccess
					_, err = c.SetTask(done.ID, fakecloud.TaskPatch{State: &success})
				}
				if err == nil {
					err = api.UpdateTaskStatus(context.Background(), done.ID, &sms.TaskActionRequest{Operation: "clone_test", TemplateID: "tpl-1"})
					c.Advance(time.Minute)
				}
				if err != nil {
					t.Fatalf("preparing the tasks: %v", err)
				}
			},
			Config: c.config(fmt.Sprintf(`
data "huaweicloud_sms_task" "done" { id = %q }
data "huaweicloud_sms_task" "running" { id = %q }
data "huaweicloud_sms_tasks" "all" {}
`, done.ID, running.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("state"), knownvalue.StringExact("MIGRATE_SUCCESS")),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("create_date"), rfc3339),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("start_date"), rfc3339),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("finish_date"), rfc3339),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("sub_tasks"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("sub_tasks").AtSliceIndex(2).AtMapKey("progress"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("network_check_info").AtMapKey("evaluation_result"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("clone_server").AtMapKey("clone_state"), knownvalue.StringExact("FINISHED")),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.done", tfjsonpath.New("clone_server").AtMapKey("vm_id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("clone_server"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("state"), knownvalue.StringExact("RUNNING")),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("start_date"), rfc3339),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("finish_date"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("estimate_complete_time"), rfc3339),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("remain_seconds"), knownvalue.Int64Func(func(v int64) error {
					if v <= 0 || v > 3600 {
						return fmt.Errorf("remain_seconds %d, want within the hour the migration takes", v)
					}
					return nil
				})),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("network_check_info"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("sub_tasks").AtSliceIndex(0).AtMapKey("name"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_task.running", tfjsonpath.New("agent_cpu_usage"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListExact([]knownvalue.Check{
					// A ListTasks item's clone_server has vm_id and name only.
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(done.ID), "create_date": rfc3339,
						"sub_tasks": knownvalue.ListSizeExact(3), "network_check_info": knownvalue.NotNull(),
						"clone_server": knownvalue.ObjectExact(map[string]knownvalue.Check{"vm_id": knownvalue.NotNull(), "name": knownvalue.NotNull()})}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(running.ID), "create_date": rfc3339,
						"network_check_info": knownvalue.Null(), "clone_server": knownvalue.Null(),
						"estimate_complete_time": rfc3339}),
				})),
				// ListTasks items have no start_date, finish_date or
				// remain_seconds: the list data source does not offer them.
				checkNoAttribute("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("start_date")),
				checkNoAttribute("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("finish_date")),
				checkNoAttribute("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks").AtSliceIndex(0).AtMapKey("remain_seconds")),
			},
		}},
	})
}

// checkNoAttribute fails when the value at path exists in the resource's
// state (an attribute the schema should not have).
func checkNoAttribute(addr string, p tfjsonpath.Path) statecheck.StateCheck {
	return noAttributeCheck{addr: addr, path: p}
}

type noAttributeCheck struct {
	addr string
	path tfjsonpath.Path
}

func (c noAttributeCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.addr {
			continue
		}
		if _, err := tfjsonpath.Traverse(r.AttributeValues, c.path); err == nil {
			resp.Error = fmt.Errorf("%s has %s, which it should not", c.addr, c.path)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.addr)
}
