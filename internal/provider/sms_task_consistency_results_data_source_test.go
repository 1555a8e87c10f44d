package provider

import (
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// A consistency result keeps its text and fills the fields it has.
func TestConsistencyResultModels(t *testing.T) {
	got := consistencyResultModels([]sms.ConsistencyCheck{
		{Raw: `{"check_result":"success"}`, FinishedTime: 7, CheckResult: "success", Directories: []sms.ConsistencyDirectory{{DirCheck: "/data", NumTotalFiles: 3, NumTargetMissFiles: 1}}},
		{Raw: "plain"},
	})
	if len(got) != 2 || got[0].FinishedTime.ValueInt64() != 7 || got[0].Directories[0].NumTargetMissFiles.ValueInt64() != 1 ||
		got[1].Raw.ValueString() != "plain" || got[1].Directories == nil || len(got[1].Directories) != 0 {
		t.Fatalf("%+v", got)
	}
}
