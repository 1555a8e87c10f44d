package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccSMSTaskConfig_count is n tasks, one per source id.
func testAccSMSTaskConfig_count(sourceIDs []string) string {
	quoted := make([]string, len(sourceIDs))
	for i, id := range sourceIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
locals {
  source_ids = [%s]
}

resource "huaweicloud_sms_task" "many" {
  count            = length(local.source_ids)
  name             = format("scale-%%03d", count.index)
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = local.source_ids[count.index]
  target_server = {
    name = format("scale-%%03d-target", count.index)
  }
}
`, strings.Join(quoted, ", "))
}

func seedSources(c *testCloud, n int, prefix string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = c.SeedSource(fakecloud.SourceSpec{Name: fmt.Sprintf("%s-%03d", prefix, i)}).ID
	}
	return ids
}

// Destroying many tasks at once: the deletes are coalesced into batch calls.
// Two tasks are busy (the gate refuses them: they are stopped, then sent
// again) and two vanish while destroy runs (the batch call names them
// unknown: their own reads answer 404 and they count as deleted).
func TestAccSMSTask_coalescedDestroy(t *testing.T) {
	c := newTestCloud(t, slowMigration)
	const n = 12
	sources := seedSources(c, n, "coalesce")
	var busy, vanished []string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: c.checkNoTasksAnd(func() error {
			for _, id := range busy {
				if got := c.Actions(id); !slices.Equal(got, []string{"start", "stop"}) {
					return fmt.Errorf("busy task %s got %v, want start then stop", id, got)
				}
			}
			st := c.Stats().Routes
			// Terraform hands over at most ten deletes at a time, so 12
			// tasks take at least two batches; how the deletes fall into
			// batches depends on the pace, but each batch is refused at most
			// twice (unknown ids, then gated ones) before it goes through.
			if got := st[fakecloud.RouteDeleteTasks]; got < 2 || got > 3*n {
				return fmt.Errorf("%d batch deletes, want 2 to %d", got, 3*n)
			}
			// Every refusal names its ids, so no id is sent alone.
			if got := st[fakecloud.RouteDeleteTask]; got != 0 {
				return fmt.Errorf("%d per-task deletes, want none", got)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_count(sources)),
			Check: func(*terraform.State) error {
				tasks := c.Tasks()
				if len(tasks) != n {
					return fmt.Errorf("%d tasks, want %d", len(tasks), n)
				}
				ids := make([]string, 0, n)
				for _, tk := range tasks {
					ids = append(ids, tk.ID)
				}
				slices.Sort(ids)
				busy, vanished = ids[:2], ids[2:4]
				for _, id := range busy {
					if err := startAndWaitReplicating(c, id); err != nil {
						return err
					}
				}
				// The first batch delete is held for a moment; the two
				// tasks vanish meanwhile, after the refresh has seen them.
				c.InjectFault(fakecloud.Fault{Route: fakecloud.RouteDeleteTasks, Kind: fakecloud.FaultSlow, Delay: 500 * time.Millisecond, Count: 1})
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					defer cancel()
					for ctx.Err() == nil && c.Stats().Routes[fakecloud.RouteDeleteTasks] == 0 {
						time.Sleep(2 * time.Millisecond)
					}
					for _, id := range vanished {
						c.DeleteOutOfBand(id)
					}
				}()
				return nil
			},
		}},
	})
}

// An apply of many tasks against a gateway that throttles: the client's
// shared limiter paces every resource, so nothing fails and no call runs out
// of its retries, and the destroy (coalesced) goes through as well. The
// gateway refills its bucket per call (fakecloud.Throttle.PerCall), so it
// throttles by construction, whatever the machine's pace: the apply makes
// more than Burst/(1-PerCall) calls.
func TestAccSMSTask_throttledApply(t *testing.T) {
	const n = 50
	throttle := fakecloud.Throttle{Burst: 2, PerCall: 0.9}
	c := newTestCloud(t, func(o *fakecloud.Options) {
		o.Timing = fakecloud.FastTiming(-1)
		o.Throttle = throttle
	})
	sources := seedSources(c, n, "throttled")
	var throttledApply int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_count(sources)),
			Check: func(*terraform.State) error {
				st := c.Stats()
				throttledApply = st.Statuses["429"]
				if got := len(c.Tasks()); got != n {
					return fmt.Errorf("%d tasks, want %d", got, n)
				}
				if got := st.Routes[fakecloud.RouteCreateTask]; got > n+st.Statuses["429"] {
					return fmt.Errorf("%d CreateTask calls for %d tasks", got, n)
				}
				if throttledApply == 0 {
					return fmt.Errorf("%d calls and no 429: the gateway throttles after about %.0f calls; the test proves nothing",
						st.Total, float64(throttle.Burst)/(1-throttle.PerCall))
				}
				return nil
			},
		}},
	})
	t.Logf("apply: %d calls answered 429", throttledApply)
}
