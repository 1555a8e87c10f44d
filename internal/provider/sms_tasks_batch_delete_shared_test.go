package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

func TestBatchFailureDetail_groupsIDsByReason(t *testing.T) {
	res := smstask.BatchResult{
		Deleted: []string{"d1", "d2"},
		Skipped: []string{"s1"},
		Failed: map[string]string{
			"t3": "still DELETING",
			"t1": "agent busy",
			"t2": "agent busy",
		},
	}
	got := batchFailureDetail(6, res, errors.New("3 of the tasks were not deleted: context deadline exceeded"), batchRetryResource)
	for _, want := range []string{
		"Deleting 6 SMS migration tasks with POST /v3/tasks/delete failed: 3 of the tasks were not deleted: context deadline exceeded",
		"2 deleted, 1 already gone (skipped), 3 not deleted.",
		"Not deleted: t1, t2\nReason: agent busy",
		"Not deleted: t3\nReason: still DELETING",
		"the next apply retries",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("detail lacks %q:\n%s", want, got)
		}
	}
	// Nothing is tainted by an update or by the action: the text never
	// says so.
	if action := batchFailureDetail(6, res, errors.New("boom"), batchRetryAction); strings.Contains(got+action, "tainted") || !strings.Contains(action, "invoke the action again") {
		t.Errorf("failure texts talk of tainting or lack the action's next step:\n%s\n%s", got, action)
	}
	if strings.Index(got, "agent busy") > strings.Index(got, "still DELETING") {
		t.Errorf("reasons are not in a stable (sorted) order:\n%s", got)
	}
}
