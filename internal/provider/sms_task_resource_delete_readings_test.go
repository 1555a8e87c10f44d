package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The documents disagree on the deletion gate, give no code for its
// refusal and say nothing of what a deleted task shows before its 404. Each
// reading the fake can take gets its own destroy here.

// parkCleared freezes the task in READY with its source "cleared" (agent
// connected): refused by the allow-list reading only.
func parkCleared(c *testCloud, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		state, src := fakecloud.StateReady, "cleared"
		_, err := c.SetTask(*id, fakecloud.TaskPatch{State: &state, SourceState: &src})
		return err
	}
}

// disconnectAfterRefusal plays the user who uninstalls the agent while
// destroy waits: once the fake has refused a delete with the given status,
// the agent goes away and the gate lets the task go.
func disconnectAfterRefusal(t *testing.T, c *testCloud, id *string, status string) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if c.Stats().Statuses[status] > 0 && *id != "" {
				off := false
				_, _ = c.SetTask(*id, fakecloud.TaskPatch{Connected: &off})
				return
			}
		}
	}()
}

// A refusal is recognised whatever its code: the documented legacy SMS.2015,
// another 400, or a 403 with the SMS error body. Destroy keeps trying (the
// task is still there, in a state the gate may refuse) until it goes.
func TestAccSMSTask_destroyRefusalCodes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		refusal fakecloud.DeleteRefusal
		status  string
	}{
		{"legacy_SMS.2015", fakecloud.RefusalLegacy, "400"},
		{"other_400_code", fakecloud.RefusalOtherCode, "400"},
		{"403_with_error_body", fakecloud.RefusalForbidden, "403"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t, func(o *fakecloud.Options) { o.DeleteRefusal = tc.refusal })
			src := c.SeedSource(fakecloud.SourceSpec{Name: "cleared-01"})
			var id string
			disconnectAfterRefusal(t, c, &id, tc.status)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy: c.checkNoTasksAnd(func() error {
					if n := c.Stats().Statuses[tc.status]; n == 0 {
						return fmt.Errorf("no %s refusal was answered; the test proves nothing", tc.status)
					}
					return nil
				}),
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskConfig_basic(src.ID, "cleared-01-task", "")),
					Check:  resource.ComposeAggregateTestCheckFunc(captureID("huaweicloud_sms_task.this", &id), parkCleared(c, &id)),
				}},
			})
		})
	}
}

// Deny-list reading: a cleared task with its agent connected is deleted at
// once, without a refusal.
func TestAccSMSTask_destroyDenyListGate(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.DeleteGate = fakecloud.GateDenyList })
	src := c.SeedSource(fakecloud.SourceSpec{Name: "deny-01"})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: c.checkNoTasksAnd(func() error {
			st := c.Stats()
			if n := st.Routes[fakecloud.RouteDeleteTasks] + st.Routes[fakecloud.RouteDeleteTask]; n != 1 || st.Statuses["400"] != 0 {
				return fmt.Errorf("%d delete calls and %d refusals, want 1 and 0", n, st.Statuses["400"])
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskConfig_basic(src.ID, "deny-01-task", "")),
			Check:  resource.ComposeAggregateTestCheckFunc(captureID("huaweicloud_sms_task.this", &id), parkCleared(c, &id)),
		}},
	})
}

// Literal allow-list reading: nothing makes a READY task with a connected
// agent deletable, so destroy ends at its timeout with a diagnostic naming
// the task, its state and the last refusal; once the agent is gone, it goes.
func TestAccSMSTask_destroyLiteralAllowListTimesOut(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.DeleteGate = fakecloud.GateAllowListLiteral })
	src := c.SeedSource(fakecloud.SourceSpec{Name: "ready-01"})
	var id string
	cfg := c.config(testAccSMSTaskConfig_basic(src.ID, "ready-01-task", `  timeouts {
    delete = "2s"
  }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID("huaweicloud_sms_task.this", &id)},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)SMS migration task\s+[0-9a-f-]{36}.*READY.*waiting.*SMS\.2015`),
			},
			{
				PreConfig: func() {
					off := false
					if _, err := c.SetTask(id, fakecloud.TaskPatch{Connected: &off}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
			},
		},
	})
}

// After an accepted delete the task may vanish at once or keep its previous
// state for a while; destroy waits for the 404 either way and deletes once.
func TestAccSMSTask_destroyAfterDeleteReadings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after fakecloud.AfterDelete
	}{{"404_at_once", fakecloud.AfterDeleteGone}, {"previous_state", fakecloud.AfterDeletePrevious}, {"deleting", fakecloud.AfterDeleteDeleting}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t, func(o *fakecloud.Options) {
				o.AfterDelete = tc.after
				o.Timing.Delete = 1500 * time.Millisecond
			})
			src := c.SeedSource(fakecloud.SourceSpec{Name: "after-01"})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy: c.checkNoTasksAnd(func() error {
					st := c.Stats()
					// The destroy goes out as a batch delete; a task that then
					// shows its earlier state takes the per-task path once more.
					deletes := st.Routes[fakecloud.RouteDeleteTasks] + st.Routes[fakecloud.RouteDeleteTask]
					if want := int64(1); tc.after == fakecloud.AfterDeletePrevious {
						if deletes < 1 || deletes > 2 {
							return fmt.Errorf("%d delete calls, want 1 or 2", deletes)
						}
					} else if deletes != want {
						return fmt.Errorf("%d delete calls, want %d", deletes, want)
					}
					if tc.after != fakecloud.AfterDeleteGone && st.Routes[fakecloud.RouteShowTask]+st.Routes[fakecloud.RouteListTasks] < 3 {
						return fmt.Errorf("only %d reads: destroy did not wait for the 404", st.Routes[fakecloud.RouteShowTask]+st.Routes[fakecloud.RouteListTasks])
					}
					return nil
				}),
				Steps: []resource.TestStep{{Config: c.config(testAccSMSTaskConfig_basic(src.ID, "after-01-task", ""))}},
			})
		})
	}
}
