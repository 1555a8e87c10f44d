package sms

import (
	"net/http"
	"testing"
)

// The settings calls send exactly the SDK request bodies, read the SDK
// answers, and refuse what the API would refuse before sending anything.
func TestTaskSettingsRequests(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v3/tasks/t-1/speed-limit":
			writeJSON(w, 200, `{"speed_limit":[{"start":"01:00","end":"02:00","speed":10,"over_speed_threshold":5}]}`)
		case r.Method == http.MethodGet:
			writeJSON(w, 200, `{"task_id":"t-1","migrate_type":"LINUX_MIGRATE_BLOCK","configurations":[{"config_key":"DYNAMIC_PORT","config_value":"true","config_status":""}]}`)
		default:
			writeJSON(w, 200, `{}`)
		}
	})
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)

	speed := 10
	if err := c.UpdateSpeedLimits(ctx, "t-1", []SpeedLimitPeriod{{Start: "01:00", End: "02:00", Speed: &speed}}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateSpeedLimits(ctx, "t-1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateConfigurations(ctx, "t-1", []ConfigItem{{ConfigKey: "DYNAMIC_PORT", ConfigValue: "true"}}); err != nil {
		t.Fatal(err)
	}
	periods, err := c.ShowSpeedLimits(ctx, "t-1")
	if err != nil || len(periods) != 1 || *periods[0].Speed != 10 || *periods[0].OverSpeedThreshold != 5 {
		t.Fatalf("ShowSpeedLimits: %+v %v", periods, err)
	}
	cfg, err := c.ShowConfigurations(ctx, "t-1")
	if err != nil || cfg.MigrateType != "LINUX_MIGRATE_BLOCK" || len(cfg.Configurations) != 1 || cfg.Configurations[0].ConfigValue != "true" {
		t.Fatalf("ShowConfigurations: %+v %v", cfg, err)
	}

	reqs := rec.requests()
	want := []struct{ method, path, body string }{
		{"POST", "/v3/tasks/t-1/speed-limit", `{"speed_limit":[{"start":"01:00","end":"02:00","speed":10}]}`},
		{"POST", "/v3/tasks/t-1/speed-limit", `{"speed_limit":[]}`},
		{"POST", "/v3/tasks/t-1/configuration-setting", `{"configurations":[{"config_key":"DYNAMIC_PORT","config_value":"true"}]}`},
		{"GET", "/v3/tasks/t-1/speed-limit", ""},
		{"GET", "/v3/tasks/t-1/configuration-setting", ""},
	}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		if reqs[i].Method != w.method || reqs[i].Path != w.path || string(reqs[i].Body) != w.body {
			t.Errorf("request %d: %s %s %s, want %s %s %s", i, reqs[i].Method, reqs[i].Path, reqs[i].Body, w.method, w.path, w.body)
		}
	}

	six := make([]SpeedLimitPeriod, MaxSpeedLimitPeriods+1)
	if err := c.UpdateSpeedLimits(ctx, "t-1", six); err == nil {
		t.Error("six periods were sent")
	}
	if err := c.UpdateConfigurations(ctx, "t-1", nil); err == nil {
		t.Error("an empty configuration list was sent")
	}
	if _, err := c.ShowSpeedLimits(ctx, ""); err == nil {
		t.Error("an empty task id was sent")
	}
	if rec.count() != len(want) {
		t.Fatalf("refused calls reached the server: %d requests", rec.count())
	}
}
