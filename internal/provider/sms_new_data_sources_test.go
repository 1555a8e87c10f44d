package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Every count of the overview lands on its own attribute.
func TestOverviewModel(t *testing.T) {
	o := sms.SourceOverview{Waiting: 1, Replicate: 2, Syncing: 3, Stopped: 4, Deleting: 5, Cutovering: 6, Unavailable: 7,
		Stopping: 8, Skipping: 9, Finished: 10, Initialize: 11, Error: 12, Cloning: 13, Unconfigured: 14}
	m := overviewModel(&o)
	mv, ov := reflect.ValueOf(*m), reflect.ValueOf(o)
	if mv.NumField() != ov.NumField() || len(overviewCounts) != ov.NumField() {
		t.Fatalf("%d attributes, %d descriptions, %d counts", mv.NumField(), len(overviewCounts), ov.NumField())
	}
	for i := range ov.NumField() {
		name := ov.Type().Field(i).Name
		got := mv.FieldByName(name).Interface().(types.Int64)
		if got.ValueInt64() != int64(ov.Field(i).Int()) {
			t.Errorf("%s = %v, want %d", name, got, ov.Field(i).Int())
		}
	}
}

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

// A missing config or region list is empty, never null.
func TestAgentConfigModel(t *testing.T) {
	m, diags := agentConfigModel(context.Background(), &sms.AgentConfig{Regions: []map[string]string{{"id": "cn-north-4"}}})
	if diags.HasError() || m.Config.IsNull() || len(m.Config.Elements()) != 0 || len(m.Regions.Elements()) != 1 {
		t.Fatalf("%+v %v", m, diags)
	}
}

// The output path is checked at plan time: its directory must exist and it
// must not be a directory; the file is replaced whole and hashed.
func TestExportOutputPath(t *testing.T) {
	dir := t.TempDir()
	check := func(p string) diag.Diagnostics {
		var d diag.Diagnostics
		exportArgs{OutputPath: types.StringValue(p)}.validate(&d)
		return d
	}
	if d := check(filepath.Join(dir, "missing", "x.csv")); !d.HasError() || d[0].Summary() != "Output Directory Not Found" {
		t.Errorf("missing directory: %v", d)
	}
	if d := check(dir); !d.HasError() || d[0].Summary() != "Output Path Is a Directory" {
		t.Errorf("a directory: %v", d)
	}
	out := filepath.Join(dir, "x.csv")
	if d := check(out); d.HasError() {
		t.Errorf("a good path: %v", d)
	}
	if d := check(""); !d.HasError() {
		t.Error("an empty path passed")
	}
	var unknown diag.Diagnostics
	exportArgs{OutputPath: types.StringUnknown()}.validate(&unknown)
	if unknown.HasError() {
		t.Errorf("an unknown path: %v", unknown)
	}
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileWhole(out, []byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "a,b\n" {
		t.Errorf("file holds %q", b)
	}
	if sum, want := fileSHA256(out), sha256.Sum256([]byte("a,b\n")); sum != hex.EncodeToString(want[:]) {
		t.Errorf("sha256 %q", sum)
	}
	if fileSHA256(filepath.Join(dir, "none")) != "" {
		t.Error("a missing file has a hash")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".x.csv.*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
