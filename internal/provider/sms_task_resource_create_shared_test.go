package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccSMSTaskConfig_variety is one task per source, with options that
// vary by index: configured disks (no source look-up), a migration IP with
// priority and speed limit, start_target_server and need_migration_test
// turned around, or nothing beyond the required. chained makes each task
// wait for the one before it, so that every create runs alone.
func testAccSMSTaskConfig_variety(sourceIDs []string, chained bool) string {
	var b strings.Builder
	for i, id := range sourceIDs {
		var extra, disks string
		switch i % 4 {
		case 0:
			disks = `
    disks = [{
      name       = "/dev/vda"
      device_use = "BOOT"
      size       = 53687091200
      physical_volumes = [
        { name = "/dev/vda1", device_use = "OS", file_system = "ext4", mount_point = "/", index = 0, size = 42949672960, uuid = "2f6e7c1a-1111-4000-8000-000000000001" },
      ]
    }]`
		case 1:
			extra = fmt.Sprintf(`
  migration_ip = "192.168.7.%d"
  priority     = 2
  speed_limit  = 100`, i+10)
		case 2:
			extra = `
  start_target_server = false
  need_migration_test = true`
		}
		if chained && i > 0 {
			extra += fmt.Sprintf("\n  depends_on = [huaweicloud_sms_task.t%02d]", i-1)
		}
		fmt.Fprintf(&b, `
resource "huaweicloud_sms_task" "t%02[1]d" {
  name             = "eq-%02[1]d"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %[2]q%[3]s
  target_server = {
    name = "eq-%02[1]d-target"%[4]s
  }
}
`, i, id, extra, disks)
	}
	return b.String()
}

// The creates of a wave share their source look-ups (one ListServers
// listing) and the read after the POST (one page of the task listing, the
// fields it lacks taken from the create); the same tasks created one at a
// time read each source and each task by ID. Both leave the same state,
// attribute by attribute (ids and dates aside).
func TestAccSMSTask_sharedCreateStateEqualsPerTask(t *testing.T) {
	t.Parallel() // two cases in turn: resource.ParallelTest would mark the test twice
	const n = 16
	// Each plan of a new task reads its source once (its checks), the plan
	// and the apply's plan; the create takes its disks from that read.
	const reads = 2 * n
	differ := func(k string) bool {
		return k == "id" || k == "source_server_id" || k == "create_date"
	}
	attributes := func(s *terraform.State) (map[string]map[string]string, error) {
		out := map[string]map[string]string{}
		for i := range n {
			addr := fmt.Sprintf("huaweicloud_sms_task.t%02d", i)
			rs, ok := s.RootModule().Resources[addr]
			if !ok {
				return nil, fmt.Errorf("%s not in state", addr)
			}
			attrs := maps.Clone(rs.Primary.Attributes)
			maps.DeleteFunc(attrs, func(k, _ string) bool { return differ(k) })
			out[addr] = attrs
		}
		return out, nil
	}

	// The per-task path: every create alone; the account holds so many
	// more sources that listing them costs more than the look-ups (more
	// than n/2 pages).
	alone := newTestCloud(t)
	seedSources(alone, 1800, "other")
	var perTask map[string]map[string]string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             alone.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: alone.config(testAccSMSTaskConfig_variety(seedSources(alone, n, "alone"), true)),
			Check: func(s *terraform.State) error {
				st := alone.Stats().Routes
				if st[fakecloud.RouteShowTask] != n || st[fakecloud.RouteListTasks] != 0 {
					return fmt.Errorf("creates alone: %d ShowTask, %d ListTasks; want %d and 0", st[fakecloud.RouteShowTask], st[fakecloud.RouteListTasks], n)
				}
				// At most one listing page per provider process (the plan's,
				// the apply's), which shows the listing too long.
				if st[fakecloud.RouteShowSource] != reads || st[fakecloud.RouteListSources] > 2 {
					return fmt.Errorf("creates alone: %d ShowServer, %d ListServers; want %d and at most 2", st[fakecloud.RouteShowSource], st[fakecloud.RouteListSources], reads)
				}
				var err error
				perTask, err = attributes(s)
				return err
			},
		}},
	})
	if perTask == nil {
		return // the first case failed
	}

	// The shared path: the same tasks in one wave.
	wave := newTestCloud(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             wave.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: wave.config(testAccSMSTaskConfig_variety(seedSources(wave, n, "wave"), false)),
			Check: func(s *terraform.State) error {
				st := wave.Stats().Routes
				t.Logf("wave of %d creates: %v", n, st)
				if st[fakecloud.RouteCreateTask] != n {
					return fmt.Errorf("%d CreateTask calls for %d tasks", st[fakecloud.RouteCreateTask], n)
				}
				// Terraform starts ten creates at a time: the reads after
				// the POST share listing pages; a create that found itself
				// alone (the last ones, a slow hand-over) reads by ID.
				if reads := st[fakecloud.RouteShowTask] + st[fakecloud.RouteListTasks]; st[fakecloud.RouteListTasks] == 0 || reads >= n {
					return fmt.Errorf("reads after create: %d ShowTask, %d ListTasks; want listings and fewer than %d calls",
						st[fakecloud.RouteShowTask], st[fakecloud.RouteListTasks], n)
				}
				if st[fakecloud.RouteListSources] == 0 || st[fakecloud.RouteShowSource]+st[fakecloud.RouteListSources] >= reads {
					return fmt.Errorf("source look-ups: %d ShowServer, %d ListServers; want a listing and fewer than %d calls",
						st[fakecloud.RouteShowSource], st[fakecloud.RouteListSources], reads)
				}
				shared, err := attributes(s)
				if err != nil {
					return err
				}
				var diffs []string
				for addr, want := range perTask {
					got := shared[addr]
					for _, k := range slices.Sorted(maps.Keys(want)) {
						if got[k] != want[k] {
							diffs = append(diffs, fmt.Sprintf("%s.%s: per-task %q, shared %q", addr, k, want[k], got[k]))
						}
					}
					for k := range got {
						if _, ok := want[k]; !ok {
							diffs = append(diffs, fmt.Sprintf("%s.%s: only in the shared path's state (%q)", addr, k, got[k]))
						}
					}
				}
				if len(diffs) > 0 {
					return fmt.Errorf("the shared path's state differs:\n%s", strings.Join(diffs, "\n"))
				}
				return nil
			},
		}},
	})
}
