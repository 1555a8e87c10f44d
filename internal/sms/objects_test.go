package sms

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Reads never hand out a template password, whatever the API answers.
func TestShowTemplateDropsPassword(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		tpl := `{"id":"t1","name":"tpl","is_template":"true","region":"cn-north-4","projectid":"p","target_server_name":"x",` +
			`"availability_zone":"az","volumetype":"SAS","flavor":"","vpc":null,"nics":[],"security_groups":[],"publicip":null,` +
			`"disk":[],"data_volume_type":"SAS","target_password":"Leaked-Pass-1"}`
		if r.URL.Path == "/v3/vm/templates" {
			writeJSON(w, 200, `{"count":1,"templates":[`+tpl+`]}`)
			return
		}
		writeJSON(w, 200, `{"template":`+tpl+`}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	got, err := c.ShowTemplate(testCtx(t), "t1")
	if err != nil {
		t.Fatal(err)
	}
	if got.TargetPassword != "" || got.IsTemplate == nil || !*got.IsTemplate {
		t.Fatalf("show: %+v", got)
	}
	list, err := c.ListTemplates(testCtx(t), ListTemplatesFilter{Name: "tpl"})
	if err != nil || len(list) != 1 || list[0].TargetPassword != "" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	if q := rec.requests()[1].Query; q.Get("name") != "tpl" || q.Get("limit") != "50" {
		t.Errorf("list query: %v", q)
	}
}

// The create body nests the template and leaves unset fields out.
func TestCreateTemplateBody(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 200, `{"id":"t9"}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	id, err := c.CreateTemplate(testCtx(t), &Template{Name: "tpl", AvailabilityZone: "az", TargetPassword: "Secret-Pass-1"})
	if err != nil || id != "t9" {
		t.Fatalf("create: %q, %v", id, err)
	}
	var body map[string]map[string]any
	if err := json.Unmarshal(rec.requests()[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body) != 1 || len(body["template"]) != 3 || body["template"]["target_password"] != "Secret-Pass-1" {
		t.Fatalf("body: %s", rec.requests()[0].Body)
	}
}

func TestMigProjectAndSecretPaths(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/passphrase"):
			writeJSON(w, 200, `{"task_id":"t/1","passphrase":"pp"}`)
		case strings.HasSuffix(r.URL.Path, "/certkey"):
			writeJSON(w, 200, `{"cert":"c","private_key":"k","ca":"ca"}`)
		default:
			w.WriteHeader(200)
		}
	})
	c := newTestClient(t, testConfig(rec.URL))
	ctx := testCtx(t)
	if err := c.SetDefaultMigProject(ctx, "p 1"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMigProject(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	if pp, err := c.ShowPassphrase(ctx, "t/1"); err != nil || pp != "pp" {
		t.Fatalf("passphrase: %q, %v", pp, err)
	}
	if ck, err := c.ShowCertKey(ctx, "t1", true); err != nil || ck.PrivateKey != "k" || ck.CA != "ca" {
		t.Fatalf("certkey: %+v, %v", ck, err)
	}
	if _, err := c.ShowPassphrase(ctx, ""); err == nil {
		t.Fatal("an empty task id was sent")
	}
	reqs := rec.requests()
	want := []string{"PUT /v3/migprojects/p%201/default", "DELETE /v3/migprojects/p1", "GET /v3/tasks/t%2F1/passphrase", "GET /v3/tasks/t1/certkey"}
	for i, w := range want {
		if got := reqs[i].Method + " " + reqs[i].Raw; got != w {
			t.Errorf("request %d = %s, want %s", i, got, w)
		}
	}
	if reqs[3].Query.Get("enable_ca_cert") != "true" {
		t.Errorf("certkey query: %v", reqs[3].Query)
	}
}
