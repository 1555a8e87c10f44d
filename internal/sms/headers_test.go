package sms

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// verifySigned checks a recorded request's AK/SK signature with the
// signer's own verifier.
func verifySigned(t *testing.T, s seen, host string) {
	t.Helper()
	u := &url.URL{Path: s.Path, RawPath: s.Raw, RawQuery: s.Query.Encode()}
	r := &http.Request{Method: s.Method, URL: u, Header: s.Header, Host: host}
	keys := func(ak string) (string, bool) { return testSK, ak == testAK }
	if _, err := signer.Verify(r, s.Body, keys, time.Now(), 0); err != nil {
		t.Errorf("%s %s: signature does not verify: %v", s.Method, s.Path, err)
	}
}

func TestHeadersAKSK(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case r.URL.Path == "/v3/projects":
			writeJSON(w, 200, `{"projects":[{"id":"`+testProject+`","name":"cn-north-4","domain_id":"d1","enabled":true}],"links":{"self":"x"}}`)
		case strings.HasPrefix(r.URL.Path, "/v3/tasks/"):
			writeJSON(w, 200, `{"id":"t1","name":"n"}`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	cfg := testConfig(rec.URL)
	cfg.ProjectID = "" // discovered through IAM
	cfg.SecurityToken = "temporary-security-token"
	cfg.UserAgent = "terraform-provider-huaweicloud/0.1.0"
	c := newTestClient(t, cfg)
	ctx := testCtx(t)

	if _, err := c.ShowTask(ctx, "t1"); err != nil {
		t.Fatalf("ShowTask: %v", err)
	}
	if err := c.DeleteBackgroundTask(ctx, "inst-1", "job-1"); err != nil {
		t.Fatalf("DeleteBackgroundTask: %v", err)
	}

	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("got %d requests, want 3 (IAM discovery, SMS, DCS)", len(reqs))
	}
	host := strings.TrimPrefix(rec.URL, "http://")
	wantUA := "terraform-provider-huaweicloud/0.1.0 huaweicloud-sms-go/" + Version
	for i, r := range reqs {
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("request %d (%s %s): Content-Type = %q", i, r.Method, r.Path, got)
		}
		if got := r.Header.Get("User-Agent"); got != wantUA {
			t.Errorf("request %d: User-Agent = %q, want %q", i, got, wantUA)
		}
		if got := r.Header.Get("X-Security-Token"); got != "temporary-security-token" {
			t.Errorf("request %d: X-Security-Token = %q", i, got)
		}
		if r.Header.Get("X-Auth-Token") != "" {
			t.Errorf("request %d: X-Auth-Token sent in AK/SK mode", i)
		}
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "SDK-HMAC-SHA256 Access="+testAK+",") {
			t.Errorf("request %d: Authorization = %q", i, auth)
		}
		// User-Agent, X-Project-Id and X-Security-Token are set before
		// signing, so they are signed.
		for _, h := range []string{"user-agent", "x-sdk-date", "x-security-token"} {
			if !strings.Contains(auth, h) {
				t.Errorf("request %d: %s is not signed (%s)", i, h, auth)
			}
		}
		if strings.Contains(auth, testSK) {
			t.Errorf("request %d: the secret key is on the wire", i)
		}
		verifySigned(t, r, host)
	}

	iam, sms, dcs := reqs[0], reqs[1], reqs[2]
	if iam.Path != "/v3/projects" || iam.Query.Get("name") != testRegion {
		t.Errorf("discovery = %s %s?%v", iam.Method, iam.Path, iam.Query)
	}
	if got := iam.Header.Get("X-Project-Id"); got != "" {
		t.Errorf("IAM discovery carries X-Project-Id %q", got)
	}
	if got := sms.Header.Get("X-Project-Id"); got != testProject {
		t.Errorf("SMS X-Project-Id = %q, want %q", got, testProject)
	}
	if !strings.Contains(sms.Header.Get("Authorization"), "x-project-id") {
		t.Errorf("X-Project-Id is not signed on SMS")
	}
	if got := dcs.Header.Get("X-Project-Id"); got != testProject {
		t.Errorf("DCS X-Project-Id = %q, want %q", got, testProject)
	}
	if want := "/v2/" + testProject + "/instances/inst-1/tasks/job-1"; dcs.Path != want || dcs.Method != http.MethodDelete {
		t.Errorf("DCS request = %s %s, want DELETE %s", dcs.Method, dcs.Path, want)
	}
}

func TestHeadersTokenMode(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
		if !scopeToken(w, r, body) {
			writeJSON(w, 200, `{"count":0,"tasks":[]}`)
		}
	})
	cfg := testConfig(rec.URL)
	cfg.AccessKey, cfg.SecretKey = "", ""
	cfg.AuthToken = "project-scoped-token"
	c := newTestClient(t, cfg)
	if _, err := c.ListTasks(testCtx(t), ListTasksFilter{}); err != nil {
		t.Fatalf("ListTasks: %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 || reqs[0].Path != pathAuthTokens || reqs[0].Header.Get("X-Auth-Token") != "" {
		t.Fatalf("requests %+v, want the token re-scoped first (the token in the body only), then the call", reqs)
	}
	r := reqs[1]
	if got := r.Header.Get("X-Auth-Token"); got != "project-scoped-token"+scopedSuffix {
		t.Errorf("X-Auth-Token = %q, want the re-scoped token", got)
	}
	for _, h := range []string{"Authorization", "X-Sdk-Date", "X-Security-Token"} {
		if r.Header.Get(h) != "" {
			t.Errorf("%s sent in token mode", h)
		}
	}
	if r.Header.Get("X-Project-Id") != testProject || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", r.Header)
	}
	if got := r.Header.Get("User-Agent"); got != "huaweicloud-sms-go/"+Version {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestRequestBodiesAndPaths(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.Method == http.MethodPost && r.URL.Path == "/v3/tasks" {
			writeJSON(w, 200, `{"id":"new-task"}`)
			return
		}
		writeJSON(w, 200, `{ }`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)

	prio, f := 1, false
	id, err := c.CreateTask(ctx, &CreateTaskRequest{
		Name: "a<b>&c", Type: TaskTypeMigrateBlock, OsType: OSTypeLinux,
		SourceServer: SourceServerRef{ID: "src-1"},
		TargetServer: NewTargetServer{VMID: "vm-1", Name: "target", Disks: []Disk{{Name: "/dev/vda", DeviceUse: DeviceUseBoot, Size: 42949672960}}},
		RegionName:   "cn-north-4", RegionID: "cn-north-4", ProjectName: "cn-north-4", ProjectID: testProject,
		Priority: &prio, UsePublicIP: &f,
	})
	if err != nil || id != "new-task" {
		t.Fatalf("CreateTask = %q, %v", id, err)
	}
	if err := c.UpdateTaskStatus(ctx, "a/b c", &TaskActionRequest{Operation: OperationStart}); err != nil {
		t.Fatalf("UpdateTaskStatus: %v", err)
	}
	if err := c.DeleteTasks(ctx, []string{"t1", "t2"}); err != nil {
		t.Fatalf("DeleteTasks: %v", err)
	}
	name := "renamed"
	if err := c.UpdateTask(ctx, "t1", &UpdateTaskRequest{Name: &name}); err != nil {
		t.Fatalf("UpdateTask: %v", err)
	}

	reqs := rec.requests()
	want := []struct{ method, raw, body string }{
		{"POST", "/v3/tasks", `{"name":"a<b>&c","type":"MIGRATE_BLOCK","os_type":"LINUX","source_server":{"id":"src-1"},"target_server":{"vm_id":"vm-1","name":"target","disks":[{"name":"/dev/vda","device_use":"BOOT","size":42949672960}]},"region_name":"cn-north-4","region_id":"cn-north-4","project_name":"cn-north-4","project_id":"` + testProject + `","priority":1,"use_public_ip":false}`},
		{"POST", "/v3/tasks/a%2Fb%20c/action", `{"operation":"start"}`},
		{"POST", "/v3/tasks/delete", `{"ids":["t1","t2"]}`},
		{"PUT", "/v3/tasks/t1", `{"name":"renamed"}`},
	}
	if len(reqs) != len(want) {
		t.Fatalf("got %d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.method || r.Raw != w.raw || !bytes.Equal(r.Body, []byte(w.body)) {
			t.Errorf("request %d = %s %s %s\nwant %s %s %s", i, r.Method, r.Raw, r.Body, w.method, w.raw, w.body)
		}
	}
}

func TestEmptyPathParametersAreRejectedWithoutACall(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { w.WriteHeader(200) })
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)
	checks := map[string]error{}
	_, checks["ShowTask"] = c.ShowTask(ctx, "")
	checks["UpdateTask"] = c.UpdateTask(ctx, "", &UpdateTaskRequest{})
	checks["DeleteTask"] = c.DeleteTask(ctx, "")
	checks["DeleteTasks(nil)"] = c.DeleteTasks(ctx, nil)
	checks["DeleteTasks(empty id)"] = c.DeleteTasks(ctx, []string{"a", ""})
	checks["UpdateTaskStatus"] = c.UpdateTaskStatus(ctx, "", &TaskActionRequest{Operation: OperationStop})
	checks["UpdateTaskStatus(no op)"] = c.UpdateTaskStatus(ctx, "t", &TaskActionRequest{})
	_, checks["ShowSource"] = c.ShowSource(ctx, "")
	checks["DeleteBackgroundTask(instance)"] = c.DeleteBackgroundTask(ctx, "", "t")
	checks["DeleteBackgroundTask(task)"] = c.DeleteBackgroundTask(ctx, "i", "")
	_, checks["ListBackgroundTasks"] = c.ListBackgroundTasks(ctx, "", BackgroundTaskFilter{})
	_, checks["CreateTask(nil)"] = c.CreateTask(ctx, nil)
	_, checks["ListTasks(page size)"] = c.ListTasks(ctx, ListTasksFilter{PageSize: 201})
	_, checks["ListTasksPage(limit)"] = c.ListTasksPage(ctx, ListTasksFilter{}, 0, 0)
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests were sent, want none", n)
	}
}
