package fakecloud

import (
	"net/http"
	"strings"
	"testing"
)

func TestTemplateRules(t *testing.T) {
	e := newEnv(t, Options{})
	tpl := func(extra map[string]any) map[string]any {
		body := map[string]any{"name": "tpl-1", "availability_zone": "az1"}
		for k, v := range extra {
			body[k] = v
		}
		return map[string]any{"template": body}
	}
	for _, bad := range []map[string]any{
		{"name": "has space"},
		{"volumetype": strings.Repeat("S", 256)},
		{"publicip": map[string]any{"type": "5_bgp", "bandwidth_size": 0}},
		{"nics": []map[string]any{{"id": "", "name": "n", "cidr": ""}}},
		{"disk": []map[string]any{{"index": 0, "name": "d", "disktype": "SAS", "size": 0}}},
	} {
		e.send("POST", "/v3/vm/templates", tpl(bad)).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
	}
	var created struct{ ID string }
	e.send("POST", "/v3/vm/templates", tpl(map[string]any{"publicip": map[string]any{"type": "5_bgp", "bandwidth_size": 1500}})).decode(t, &created)

	// A task that names the template keeps it.
	task := e.fake.SeedTask(TaskSpec{Name: "uses", VMTemplateID: created.ID})
	var shown struct {
		Template templateJSON `json:"template"`
	}
	e.send("GET", "/v3/vm/templates/"+created.ID, nil).decode(t, &shown)
	if shown.Template.IsTemplate != "false" {
		t.Errorf("is_template = %q for a template in use, want false", shown.Template.IsTemplate)
	}
	eb := e.send("DELETE", "/v3/vm/templates/"+created.ID, nil).expectError(t, http.StatusBadRequest, codeSMSTemplateInUse)
	if len(eb.ErrorParam) != 1 || eb.ErrorParam[0] != task.ID {
		t.Errorf("error_param = %v, want the task", eb.ErrorParam)
	}
	e.fake.DeleteOutOfBand(task.ID)
	e.send("DELETE", "/v3/vm/templates/"+created.ID, nil).expectStatus(t, http.StatusOK)
	e.send("DELETE", "/v3/vm/templates/"+created.ID, nil).expectError(t, http.StatusNotFound, codeSMSNotFound)
	e.send("GET", "/v3/vm/templates?flavor=x", nil).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
	e.send("GET", "/v3/migprojects/"+defaultMigProjectID+"?verbose=1", nil).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
}

func TestMigProjectRules(t *testing.T) {
	e := newEnv(t, Options{})
	create := func(name string, extra map[string]any) *response {
		body := map[string]any{"name": name, "region": "cn-north-4", "type": "MIGRATE_BLOCK"}
		for k, v := range extra {
			body[k] = v
		}
		return e.send("POST", "/v3/migprojects", body)
	}
	create("p", map[string]any{"speed_limit": 1001}).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
	create("p", map[string]any{"type": "MIGRATE_DISK"}).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
	e.send("POST", "/v3/migprojects", map[string]any{"name": "p", "type": "MIGRATE_BLOCK"}).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
	create("SystemProject", nil).expectError(t, http.StatusBadRequest, codeSMSProjectNameTaken)

	var p struct{ ID string }
	create("wave", map[string]any{"isdefault": true}).decode(t, &p)
	defaults := 0
	for _, v := range e.fake.MigProjects() {
		if v.IsDefault {
			defaults++
			if v.ID != p.ID {
				t.Errorf("default is %s, want the new project", v.ID)
			}
		}
	}
	if defaults != 1 {
		t.Fatalf("%d default projects", defaults)
	}
	e.send("PUT", "/v3/migprojects/"+p.ID, map[string]any{"isdefault": false}).expectError(t, http.StatusBadRequest, codeSMSProjectDefault)
	e.send("DELETE", "/v3/migprojects/"+p.ID, nil).expectError(t, http.StatusBadRequest, codeSMSProjectDefault)
	e.send("PUT", "/v3/migprojects/"+defaultMigProjectID+"/default", nil).expectStatus(t, http.StatusOK)

	src := e.fake.SeedSource(SourceSpec{Name: "in-wave", MigProject: p.ID})
	var list struct {
		Count int `json:"count"`
	}
	e.send("GET", "/v3/sources?migproject="+p.ID, nil).decode(t, &list)
	if list.Count != 1 {
		t.Errorf("sources in the project: %d, want 1", list.Count)
	}
	eb := e.send("DELETE", "/v3/migprojects/"+p.ID, nil).expectError(t, http.StatusBadRequest, codeSMSProjectHasServers)
	if len(eb.ErrorParam) != 1 || eb.ErrorParam[0] != src.ID {
		t.Errorf("error_param = %v, want the source", eb.ErrorParam)
	}
	e.fake.MoveSource(src.ID, defaultMigProjectID)
	e.send("DELETE", "/v3/migprojects/"+p.ID, nil).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/migprojects/"+p.ID, nil).expectError(t, http.StatusNotFound, codeSMSNotFound)
}

func TestSourceFilters(t *testing.T) {
	e := newEnv(t, Options{})
	off := false
	e.fake.SeedSource(SourceSpec{Name: "a", IP: "10.0.0.1", EnterpriseProjectID: "ep1"})
	e.fake.SeedSource(SourceSpec{Name: "b", IP: "10.0.0.2", Connected: &off})
	for query, want := range map[string]int{
		"ip=10.0.0.1": 1, "connected=false": 1, "connected=true": 1, "enterprise_project_id=ep1": 1,
		"migproject=" + defaultMigProjectID: 2, "migproject=other": 0,
	} {
		var list struct {
			Count int `json:"count"`
		}
		e.send("GET", "/v3/sources?"+query, nil).decode(t, &list)
		if list.Count != want {
			t.Errorf("%s: %d sources, want %d", query, list.Count, want)
		}
	}
	e.send("GET", "/v3/sources?connected=maybe", nil).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
}

// TestStrictTemplateLimitsReading: a short password and bandwidths outside
// the EIP steps are taken by default and refused under
// strict-template-limits.
func TestStrictTemplateLimitsReading(t *testing.T) {
	for _, strict := range []bool{false, true} {
		e := newEnv(t, Options{StrictTemplateLimits: strict})
		for _, extra := range []map[string]any{
			{"target_password": "short"},
			{"publicip": map[string]any{"type": "5_bgp", "bandwidth_size": 320}},
			{"publicip": map[string]any{"type": "5_bgp", "bandwidth_size": 1200}},
			{"publicip": map[string]any{"type": "5_bgp", "bandwidth_size": 2500}},
		} {
			body := map[string]any{"name": "tpl-1", "availability_zone": "az1"}
			for k, v := range extra {
				body[k] = v
			}
			r := e.send("POST", "/v3/vm/templates", map[string]any{"template": body})
			if strict {
				r.expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
			} else {
				r.expectStatus(t, http.StatusOK)
			}
		}
	}
}
