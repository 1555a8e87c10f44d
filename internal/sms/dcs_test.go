package sms

import (
	"net/http"
	"strconv"
	"testing"
)

func TestDeleteBackgroundTask(t *testing.T) {
	tests := []struct {
		status   int
		body     string
		notFound bool
		ok       bool
	}{
		{200, `{"message":""}`, false, true},
		{202, ``, false, true},
		{204, ``, false, true},
		// DCS's own 404, for the URL: not the task's (IsDCSTaskNotFound).
		{404, `{"error_msg":"The URL does not exist.","error_code":"DCS.4001","error_ext_msg":null}`, false, false},
		{404, `{"error_msg":"The task does not exist.","error_code":"DCS.4404","error_ext_msg":null}`, true, false},
		{400, `{"error_msg":"Operation not allowed.","error_code":"DCS.4957"}`, false, false},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
				if tt.body == "" {
					w.WriteHeader(tt.status)
					return
				}
				writeJSON(w, tt.status, tt.body)
			})
			c := newTestClient(t, testConfig(rec.URL))
			err := c.DeleteBackgroundTask(testCtx(t), "inst/1", "task-1")
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v", err)
			}
			if IsDCSTaskNotFound(err) != tt.notFound {
				t.Errorf("IsDCSTaskNotFound(%v) = %v", err, IsDCSTaskNotFound(err))
			}
			if e, ok := AsError(err); ok && e.Path != "/v2/"+testProject+"/instances/inst%2F1/tasks/task-1" {
				t.Errorf("Error.Path = %q", e.Path)
			}
			r := rec.requests()[0]
			if r.Method != http.MethodDelete || r.Raw != "/v2/"+testProject+"/instances/inst%2F1/tasks/task-1" || len(r.Body) != 0 {
				t.Errorf("request = %s %s body %q", r.Method, r.Raw, r.Body)
			}
		})
	}
}

func TestEndpointPrefixIsKept(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { w.WriteHeader(204) })
	cfg := testConfig(rec.URL)
	cfg.Endpoints = Endpoints{SMS: rec.URL + "/sms/", DCS: rec.URL + "/dcs", IAM: rec.URL + "/iam"}
	c := newTestClient(t, cfg)
	ctx := testCtx(t)
	if err := c.DeleteTask(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBackgroundTask(ctx, "i", "j"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListAuthDomains(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"/sms/v3/tasks/t1", "/dcs/v2/" + testProject + "/instances/i/tasks/j", "/iam/v3/auth/domains"}
	for i, r := range rec.requests() {
		if r.Path != want[i] {
			t.Errorf("request %d path = %s, want %s", i, r.Path, want[i])
		}
	}
}

func TestListAuthDomains(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 200, `{"domains":[{"id":"37ef61","name":"my domain","enabled":true,"description":"d","links":{"self":"x"}}],"links":{"self":"y","previous":null,"next":null}}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	d, err := c.ListAuthDomains(testCtx(t))
	if err != nil || len(d) != 1 || d[0].ID != "37ef61" || d[0].Name != "my domain" || !d[0].Enabled {
		t.Fatalf("ListAuthDomains = %+v, %v", d, err)
	}
	if r := rec.requests()[0]; r.Header.Get("X-Project-Id") != "" {
		t.Error("IAM calls must not carry X-Project-Id")
	}
}

func TestWithProjectIDOverridesPathAndHeader(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { w.WriteHeader(204) })
	c := newTestClient(t, testConfig(rec.URL))
	const other = "ffffffffffffffffffffffffffffffff"
	if err := c.DeleteBackgroundTask(WithProjectID(testCtx(t), other), "i", "j"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBackgroundTask(WithProjectID(testCtx(t), ""), "i", "j"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if reqs[0].Path != "/v2/"+other+"/instances/i/tasks/j" || reqs[0].Header.Get("X-Project-Id") != other {
		t.Errorf("override: path %s, X-Project-Id %q", reqs[0].Path, reqs[0].Header.Get("X-Project-Id"))
	}
	if reqs[1].Path != "/v2/"+testProject+"/instances/i/tasks/j" || reqs[1].Header.Get("X-Project-Id") != testProject {
		t.Errorf("empty override: path %s, X-Project-Id %q", reqs[1].Path, reqs[1].Header.Get("X-Project-Id"))
	}
}
