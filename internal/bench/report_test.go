package bench

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sampleReport(wall float64, deletes int64) *Report {
	return &Report{
		Date: "2026-01-01T00:00:00Z", Commit: "abc", Terraform: "Terraform v1.11.4", LatencyMS: 20,
		Binaries: []Binary{{Build: "plain", Bytes: 2 << 20}, {Build: "stripped", Flags: "-trimpath", Bytes: 1 << 20}},
		Scenarios: []ScenarioResult{
			{ID: "batch-delete", Title: "batch", Phases: []Phase{
				{Name: "apply", Command: "terraform apply", WallS: wall, Calls: deletes + 1,
					Routes: map[string]int64{"POST /v3/tasks/delete": deletes, "GET /v3/projects": 1}, PeakRSSKiB: 2048},
			}, Targets: []Target{{Name: "apply: wall time", Want: "< 5s", Measured: "x", Met: wall < 5}}},
			{ID: "action-wait", Title: "wait", Skipped: "resource not available: huaweicloud_sms_task_action"},
		},
	}
}

func TestMarkdownWithoutBaseline(t *testing.T) {
	md := sampleReport(2, 20).Markdown(nil)
	for _, want := range []string{
		"| batch-delete | apply: wall time | < 5s | x | yes |",
		"| `POST /v3/tasks/delete` | 20 |",
		"| apply | `terraform apply` | 2.00s | 21 | 2.0 MiB |",
		"Skipped: resource not available: huaweicloud_sms_task_action.",
		"| action-wait | | | resource not available: huaweicloud_sms_task_action | skipped |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "baseline") {
		t.Errorf("report without a baseline mentions one:\n%s", md)
	}
}

func TestMarkdownWithBaseline(t *testing.T) {
	md := sampleReport(2, 20).Markdown(sampleReport(4, 40))
	for _, want := range []string{
		"| apply | `terraform apply` | 2.00s | 21 | 2.0 MiB | 4.00s | -50.0% | 41 |",
		"| `POST /v3/tasks/delete` | 20 (was 40) |",
		"| batch-delete | apply: wall time | < 5s | x | yes | x yes |",
		"| plain | `go build` | 2.00 MiB (2097152 bytes) | 2.00 MiB (2097152 bytes) | +0.0% |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	in := sampleReport(2, 20)
	if err := in.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	out, err := LoadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the report:\n%+v\n%+v", in, out)
	}
}

func TestScenarioIDsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range Scenarios() {
		if seen[id] {
			t.Errorf("scenario id %q twice", id)
		}
		seen[id] = true
	}
}

// A run of some scenarios keeps the others from an earlier run, in the
// harness's order, each saying which run measured it.
func TestMergeKeepsScenariosNotRun(t *testing.T) {
	earlier := sampleReport(2, 20)
	earlier.Scenarios = append(earlier.Scenarios, ScenarioResult{ID: "plan-refresh", Title: "refresh"})
	now := &Report{Date: "2026-02-01T00:00:00Z", Commit: "def", Scenarios: []ScenarioResult{{ID: "plan-refresh", Title: "refresh again"}}}
	now.Merge(earlier)
	var got []string
	for _, s := range now.Scenarios {
		got = append(got, s.ID+":"+s.Measured)
	}
	want := []string{
		"batch-delete:kept from the run of 2026-01-01T00:00:00Z at commit abc",
		"plan-refresh:",
		"action-wait:kept from the run of 2026-01-01T00:00:00Z at commit abc",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merged scenarios %q, want %q", got, want)
	}
	if md := now.Markdown(nil); !strings.Contains(md, "*Not measured again in this run: kept from the run of 2026-01-01T00:00:00Z at commit abc.*") {
		t.Errorf("report does not say where a kept scenario comes from:\n%s", md)
	}
}
