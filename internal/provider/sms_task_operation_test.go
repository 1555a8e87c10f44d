package provider

import (
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

func TestProgressMessage(t *testing.T) {
	p := smstask.Progress{TaskID: "t1", State: "RUNNING", Source: "replicate", Percent: 42, Remaining: 90 * time.Second, Elapsed: 3 * time.Second}
	if got, want := progressMessage("start", p), "SMS task t1, operation start waiting: state RUNNING, source server replicate, progress 42%, about 1m30s left, elapsed 3s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	p.Finished, p.State, p.Percent = true, "MIGRATE_SUCCESS", 100
	if got, want := progressMessage("start", p), "SMS task t1, operation start finished: state MIGRATE_SUCCESS, source server replicate, progress 100%, elapsed 3s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
