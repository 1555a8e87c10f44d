package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The batch delete recognises the gate's refusal whatever its code and
// whatever a deleted task shows before its 404: here premiged tasks (refused
// by the allow-list reading) are refused with a 403 until their agents go
// away, and deleted tasks keep their previous state for a while.
func TestAccSMSTasksBatchDelete_refusalReadings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		refusal fakecloud.DeleteRefusal
		after   fakecloud.AfterDelete
		status  string
	}{
		{"403_previous_state", fakecloud.RefusalForbidden, fakecloud.AfterDeletePrevious, "403"},
		{"other_400_gone_at_once", fakecloud.RefusalOtherCode, fakecloud.AfterDeleteGone, "400"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t, func(o *fakecloud.Options) { o.DeleteRefusal, o.AfterDelete = tc.refusal, tc.after })
			tasks := c.SeedTasks(4, fakecloud.TaskSpec{Name: "drill", SourceState: "premiged"})
			ids := taskIDs(tasks)
			done := make(chan struct{})
			t.Cleanup(func() { close(done) })
			go func() {
				for {
					select {
					case <-done:
						return
					case <-time.After(20 * time.Millisecond):
					}
					if c.Stats().Statuses[tc.status] > 0 {
						off := false
						for _, id := range ids {
							_, _ = c.SetTask(id, fakecloud.TaskPatch{Connected: &off})
						}
						return
					}
				}
			}()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTasksBatchDeleteConfig_basic(ids, "")),
					Check: func(*terraform.State) error {
						if c.Stats().Statuses[tc.status] == 0 {
							return fmt.Errorf("no %s refusal was answered; the test proves nothing", tc.status)
						}
						return checkGone(c, ids)
					},
				}},
			})
		})
	}
}
