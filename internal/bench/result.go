// Package bench measures the provider against the in-process fake cloud:
// wall time, API calls by route and peak memory of real terraform runs, for
// a few fixed scenarios. cmd/bench runs it and renders BENCHMARKS.md and a
// JSON file; a previous JSON can be given as a baseline to compare against.
//
// Benchmarks are not tests: nothing here fails on a slow run. Each scenario
// states its targets and the report says whether they were met.
package bench

import (
	"encoding/json"
	"fmt"
	"os"
)

// Report is everything one run of the harness measured. It is the JSON
// format, so fields are only ever added.
type Report struct {
	Date       string           `json:"date"`
	Commit     string           `json:"commit"`
	Terraform  string           `json:"terraform"`
	GoVersion  string           `json:"go_version"`
	Machine    Machine          `json:"machine"`
	LatencyMS  float64          `json:"latency_ms"`
	Binaries   []Binary         `json:"binaries"`
	Scenarios  []ScenarioResult `json:"scenarios"`
	TotalWallS float64          `json:"total_wall_seconds"`
	Note       string           `json:"note,omitempty"`
}

// Machine describes where the run happened.
type Machine struct {
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	CPU      string `json:"cpu"`
	Cores    int    `json:"cores"`
	MemTotal string `json:"mem_total"`
}

// Binary is the size of one build of the provider.
type Binary struct {
	Build string `json:"build"`
	Flags string `json:"flags"`
	Bytes int64  `json:"bytes"`
}

// ScenarioResult is one scenario's outcome. Skipped or Error explain an
// empty Phases.
type ScenarioResult struct {
	ID      string      `json:"id"`
	Title   string      `json:"title"`
	Setup   string      `json:"setup"`
	Skipped string      `json:"skipped,omitempty"`
	Error   string      `json:"error,omitempty"`
	Phases  []Phase     `json:"phases"`
	Targets []Target    `json:"targets"`
	Wait    *WaitResult `json:"wait,omitempty"`
	Notes   []string    `json:"notes,omitempty"`
	// Measured names the earlier run a scenario was kept from (cmd/bench
	// -merge); empty when this run measured it.
	Measured string `json:"measured,omitempty"`
}

// Merge keeps the scenarios of an earlier report that r did not run, in
// the harness's scenario order, each marked with the run that measured it.
func (r *Report) Merge(earlier *Report) {
	ran := map[string]bool{}
	for _, s := range r.Scenarios {
		ran[s.ID] = true
	}
	byID := map[string]ScenarioResult{}
	for _, s := range r.Scenarios {
		byID[s.ID] = s
	}
	for _, s := range earlier.Scenarios {
		if !ran[s.ID] {
			if s.Measured == "" {
				s.Measured = fmt.Sprintf("kept from the run of %s at commit %s", earlier.Date, earlier.Commit)
				if earlier.Note != "" {
					// That report may itself have kept scenarios from older runs.
					s.Measured += fmt.Sprintf(", whose report said: %q", earlier.Note)
				}
			}
			byID[s.ID] = s
		}
	}
	r.Scenarios = r.Scenarios[:0]
	for _, id := range Scenarios() {
		if s, ok := byID[id]; ok {
			r.Scenarios = append(r.Scenarios, s)
		}
	}
}

// Phase is one terraform command.
type Phase struct {
	Name       string           `json:"name"`
	Command    string           `json:"command"`
	WallS      float64          `json:"wall_seconds"`
	Calls      int64            `json:"api_calls"`
	Routes     map[string]int64 `json:"calls_by_route"`
	PeakRSSKiB int64            `json:"peak_rss_kib"`
}

// Target is one goal of a scenario and whether the run met it.
type Target struct {
	Name     string `json:"name"`
	Want     string `json:"want"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// WaitResult is what the action-wait scenario measured around the poll loop.
type WaitResult struct {
	Operation string `json:"operation"`
	// WaitS is from the operation call being answered to the fake reaching
	// the target state: how long the provider had to wait.
	WaitS float64 `json:"wait_seconds"`
	// ObservedDelayS is from the target state to the end of the first GET
	// that reported it; ReturnDelayS to terraform printing "Creation
	// complete" for the resource (the provider has returned by then).
	ObservedDelayS float64 `json:"observed_delay_seconds"`
	ReturnDelayS   float64 `json:"return_delay_seconds"`
	// PollIntervalS is the waiter's interval at the end of this wait: the
	// most a poll can lag the target, so the worst case of ObservedDelayS
	// (one run lands anywhere between 0 and it).
	PollIntervalS float64 `json:"poll_interval_seconds"`
	// GetsPerMinute counts GET /v3/tasks/{task_id} calls by minute of the
	// wait (the last minute may be partial, see LastMinuteS).
	GetsPerMinute []int   `json:"gets_per_minute"`
	LastMinuteS   float64 `json:"last_minute_seconds"`
	// GetMeanMS and GetMaxMS are the handler's time per GET, latency included.
	GetMeanMS float64 `json:"get_mean_ms"`
	GetMaxMS  float64 `json:"get_max_ms"`
}

// LoadReport reads a JSON report written by an earlier run.
func LoadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(path string) error { return WriteJSONFile(path, r) }

// WriteJSONFile writes v as indented JSON (the results files).
func WriteJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// scenario finds a scenario result by id (nil when absent).
func (r *Report) scenario(id string) *ScenarioResult {
	if r == nil {
		return nil
	}
	for i := range r.Scenarios {
		if r.Scenarios[i].ID == id {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// phase finds a phase by name (nil when absent).
func (s *ScenarioResult) phase(name string) *Phase {
	if s == nil {
		return nil
	}
	for i := range s.Phases {
		if s.Phases[i].Name == name {
			return &s.Phases[i]
		}
	}
	return nil
}
