package sms

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Each operation added for the source servers, the diagnostics, the
// templates' batch delete and password and the account: the request it
// sends (method, path, query, body) and what it makes of the answer.
func TestNewOperationsRequests(t *testing.T) {
	answers := map[string]string{
		"GET /v3/sources/overview":                   `{"waiting":3,"replicate":1,"finished":2,"unconfigured":1}`,
		"GET /v3/privacy-agreements":                 `{"flag":true}`,
		"POST /v3/privacy-agreements":                `""`,
		"GET /v3/config":                             `{"config":{"mainRegion":"cn-north-4","obs_domain":"obs.example"},"regions":[{"id":"cn-north-4","name":"Beijing4"}]}`,
		"GET /v3/vm/templates/t%2F1/target-password": `{"template_id":"t/1","target_password":"Tgt-Pass-9"}`,
		"POST /v3/tasks/consistency-results/export":  "id,dir\n1,/data\n",
		"GET /v3/tasks/t1/consistency-result": `{"task_id":"t1","result_list":[` +
			`{"finished_time":1700000000000,"check_result":"success","consistency_result":[{"dir_check":"/data","num_total_files":10,"num_different_files":1,"num_target_miss_files":2,"num_target_more_files":3}]},` +
			`"{\"finished_time\":5,\"check_result\":\"fail\",\"consistency_result\":[]}",` +
			`"plain text"]}`,
	}
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if a, ok := answers[r.Method+" "+r.URL.EscapedPath()]; ok {
			writeJSON(w, 200, a)
			return
		}
		writeJSON(w, 200, `{}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)
	name, project := "web 01", "p1"
	if err := c.UpdateServer(ctx, "s/1", &UpdateServerRequest{Name: &name, MigProjectID: &project}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteServer(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteServers(ctx, []string{"s1", "s2"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTemplates(ctx, []string{"t1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.CollectLog(ctx, "t1", "logs-bucket"); err != nil {
		t.Fatal(err)
	}
	ov, err := c.ShowOverview(ctx)
	if err != nil || ov.Waiting != 3 || ov.Replicate != 1 || ov.Finished != 2 || ov.Unconfigured != 1 || ov.Error != 0 {
		t.Fatalf("overview: %+v, %v", ov, err)
	}
	if signed, err := c.ShowPrivacyAgreement(ctx); err != nil || !signed {
		t.Fatalf("privacy: %t, %v", signed, err)
	}
	if err := c.SignPrivacyAgreement(ctx); err != nil {
		t.Fatal(err)
	}
	cfg, err := c.ShowAgentConfig(ctx)
	if err != nil || cfg.Config["obs_domain"] != "obs.example" || len(cfg.Regions) != 1 || cfg.Regions[0]["name"] != "Beijing4" {
		t.Fatalf("config: %+v, %v", cfg, err)
	}
	if pw, err := c.ShowTargetPassword(ctx, "t/1"); err != nil || pw != "Tgt-Pass-9" {
		t.Fatalf("password: %q, %v", pw, err)
	}
	file, err := c.ExportConsistencyResults(ctx, ExportConsistencyResultsRequest{Tasks: []ConsistencyExportTask{{TaskID: "t1"}, {SourceID: "s2", SourceName: "web"}}, Language: "en-us"})
	if err != nil || string(file) != "id,dir\n1,/data\n" {
		t.Fatalf("export: %q, %v", file, err)
	}
	res, err := c.ShowConsistencyResult(ctx, "t1")
	if err != nil || res.TaskID != "t1" || len(res.Results) != 3 {
		t.Fatalf("consistency: %+v, %v", res, err)
	}
	if r := res.Results[0]; r.FinishedTime != 1700000000000 || r.CheckResult != "success" || len(r.Directories) != 1 ||
		r.Directories[0] != (ConsistencyDirectory{"/data", 10, 1, 2, 3}) || !strings.HasPrefix(r.Raw, `{"finished_time"`) {
		t.Errorf("object result: %+v", r)
	}
	if r := res.Results[1]; r.FinishedTime != 5 || r.CheckResult != "fail" || !strings.HasPrefix(r.Raw, `{"finished_time":5`) {
		t.Errorf("string holding an object: %+v", r)
	}
	if r := res.Results[2]; r.Raw != "plain text" || r.CheckResult != "" || r.FinishedTime != 0 {
		t.Errorf("plain string: %+v", r)
	}

	want := []struct{ method, path, body, header string }{
		{"PUT", "/v3/sources/s%2F1", `{"name":"web 01","migprojectid":"p1"}`, ""},
		{"DELETE", "/v3/sources/s1", "", ""},
		{"POST", "/v3/sources/delete", `{"ids":["s1","s2"]}`, ""},
		{"POST", "/v3/vm/templates/delete", `{"ids":["t1"]}`, ""},
		{"POST", "/v3/tasks/t1/log", `{"log_bucket":"logs-bucket"}`, ""},
		{"GET", "/v3/sources/overview", "", ""},
		{"GET", "/v3/privacy-agreements", "", ""},
		{"POST", "/v3/privacy-agreements", "", ""},
		{"GET", "/v3/config", "", ""},
		{"GET", "/v3/vm/templates/t%2F1/target-password", "", ""},
		{"POST", "/v3/tasks/consistency-results/export", `{"task_info":[{"task_id":"t1"},{"source_id":"s2","source_name":"web"}]}`, "en-us"},
		{"GET", "/v3/tasks/t1/consistency-result", "", ""},
	}
	got := rec.requests()
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.method || g.Raw != w.path || string(g.Body) != w.body || g.Header.Get("X-Language") != w.header {
			t.Errorf("request %d: %s %s %s (X-Language %q), want %s %s %s (%q)", i, g.Method, g.Raw, g.Body, g.Header.Get("X-Language"), w.method, w.path, w.body, w.header)
		}
		if g.Header.Get("Authorization") == "" {
			t.Errorf("request %d is not signed", i)
		}
	}
}

// ListErrorServers follows the pages of /v3/errors by record offset and
// sends the enterprise project only when set.
func TestListErrorServersPages(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		all := []MigrationError{{Name: "a", SourceID: "s1", ErrorJSON: `{"error_code":"SMS.1"}`}, {Name: "b", SourceID: "s2"}, {Name: "c", SourceID: "s3", TargetIP: "10.0.0.3"}}
		off := map[string]int{"0": 0, "2": 2}[r.URL.Query().Get("offset")]
		end := min(off+2, len(all))
		body, _ := json.Marshal(map[string]any{"count": len(all), "migration_errors": all[off:end]})
		writeJSON(w, 200, string(body))
	})
	c := newTestClient(t, testConfig(rec.URL))
	got, err := c.ListErrorServers(testCtx(t), ListErrorServersFilter{EnterpriseProjectID: "ep1", PageSize: 2})
	if err != nil || len(got) != 3 || got[2].TargetIP != "10.0.0.3" || got[0].ErrorJSON == "" {
		t.Fatalf("errors: %+v, %v", got, err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 || reqs[1].Query.Get("offset") != "2" || reqs[0].Query.Get("limit") != "2" || reqs[0].Query.Get("enterprise_project_id") != "ep1" {
		t.Fatalf("requests: %+v", reqs)
	}
	if _, err := c.ListErrorServers(testCtx(t), ListErrorServersFilter{PageSize: 101}); err == nil {
		t.Error("page size 101 accepted")
	}
}

// The batch calls refuse what the API would: no ids, an empty id, more than
// the documented 50; the export refuses no task or more than 200. Nothing is
// sent then.
func TestNewOperationsRefuseBadInput(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, `{}`) })
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)
	fifty1 := make([]string, 51)
	for i := range fifty1 {
		fifty1[i] = "x"
	}
	for name, err := range map[string]error{
		"servers none":      c.DeleteServers(ctx, nil),
		"servers empty id":  c.DeleteServers(ctx, []string{"a", ""}),
		"servers 51":        c.DeleteServers(ctx, fifty1),
		"templates 51":      c.DeleteTemplates(ctx, fifty1),
		"templates none":    c.DeleteTemplates(ctx, []string{}),
		"log no bucket":     c.CollectLog(ctx, "t1", ""),
		"log no task":       c.CollectLog(ctx, "", "b"),
		"server no id":      c.DeleteServer(ctx, ""),
		"update nil":        c.UpdateServer(ctx, "s1", nil),
		"password no id":    func() error { _, err := c.ShowTargetPassword(ctx, ""); return err }(),
		"export none":       func() error { _, err := c.ExportConsistencyResults(ctx, ExportConsistencyResultsRequest{}); return err }(),
		"consistency no id": func() error { _, err := c.ShowConsistencyResult(ctx, ""); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

// An API error of the new operations is the client's typed error: a 404 on
// a source server is IsNotFound, the gateway's is not.
func TestNewOperationsTypedErrors(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if strings.HasSuffix(r.URL.Path, "/gone") {
			writeJSON(w, 404, `{"error_code":"SMS.1101","error_msg":"source server not found"}`)
			return
		}
		writeJSON(w, 404, `{"error_code":"APIGW.0101","error_msg":"The API does not exist"}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	if err := c.DeleteServer(testCtx(t), "gone"); !IsNotFound(err) {
		t.Errorf("the server's own 404: %v", err)
	}
	if err := c.DeleteServer(testCtx(t), "s1"); IsNotFound(err) || err == nil {
		t.Errorf("the gateway's 404 must not prove the server gone: %v", err)
	}
}
