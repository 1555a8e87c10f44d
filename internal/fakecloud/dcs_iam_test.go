package fakecloud

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDCSDeleteBackgroundTask(t *testing.T) {
	e := newEnv(t, Options{})
	pid := e.fake.ProjectID()
	e.fake.SeedBackgroundTask("inst-1", BGTaskSpec{ID: "ok200"})
	e.fake.SeedBackgroundTask("inst-1", BGTaskSpec{ID: "ok204", DeleteStatus: 204, Status: "FAILED"})
	for _, st := range []string{"EXECUTING", "WAITING", "CREATED"} {
		e.fake.SeedBackgroundTask("inst-1", BGTaskSpec{ID: "busy-" + strings.ToLower(st), Status: st})
	}
	path := func(inst, task string) string { return "/v2/" + pid + "/instances/" + inst + "/tasks/" + task }

	r := e.send("DELETE", path("inst-1", "ok200"), nil)
	r.expectStatus(t, http.StatusOK)
	if strings.TrimSpace(string(r.body)) != `{"message":""}` {
		t.Fatalf("body %q", r.body)
	}
	if _, found := e.fake.BackgroundTask("inst-1", "ok200"); found {
		t.Fatal("task still there")
	}
	r = e.send("DELETE", path("inst-1", "ok204"), nil)
	r.expectStatus(t, http.StatusNoContent)
	if len(r.body) != 0 {
		t.Fatalf("204 with body %q", r.body)
	}
	e.send("DELETE", path("inst-1", "ok204"), nil).expectError(t, http.StatusNotFound, "DCS.4404")
	e.send("DELETE", path("inst-9", "ok200"), nil).expectError(t, http.StatusNotFound, "DCS.3022")
	// The default reading deletes a task in any state; only
	// Readings.DCSDeleteOnlyFinished refuses busy ones.
	for _, st := range []string{"executing", "waiting", "created"} {
		e.send("DELETE", path("inst-1", "busy-"+st), nil).expectStatus(t, http.StatusOK)
	}
	strict := newEnv(t, Options{DCSDeleteOnlyFinished: true})
	for _, st := range []string{"EXECUTING", "WAITING", "CREATED"} {
		strict.fake.SeedBackgroundTask("inst-1", BGTaskSpec{ID: "busy-" + st, Status: st})
		strict.send("DELETE", path("inst-1", "busy-"+st), nil).expectError(t, http.StatusBadRequest, "DCS.4957")
		if _, found := strict.fake.BackgroundTask("inst-1", "busy-"+st); !found {
			t.Fatalf("refused delete removed busy-%s", st)
		}
	}
	for _, st := range []string{"SUCCESS", "FAILED"} {
		strict.fake.SeedBackgroundTask("inst-1", BGTaskSpec{ID: "done-" + st, Status: st})
		strict.send("DELETE", path("inst-1", "done-"+st), nil).expectStatus(t, http.StatusOK)
	}
	e.send("DELETE", path("inst_1!", "x"), nil).expectError(t, http.StatusBadRequest, "DCS.4061")
	e.send("DELETE", path("inst-1", "bad!id"), nil).expectError(t, http.StatusBadRequest, "DCS.4070")

	// Project scoping of the path.
	r = e.send("DELETE", "/v2/ffffffffffffffffffffffffffffffff/instances/inst-1/tasks/x", nil)
	r.expectError(t, http.StatusUnauthorized, "DCS.1004")
	var raw map[string]any
	r.decode(t, &raw)
	if v, present := raw["error_ext_msg"]; !present || v != nil {
		t.Fatalf("DCS error body = %s", r.body)
	}
	e.send("DELETE", "/v2/not-a-project/instances/inst-1/tasks/x", nil).expectError(t, http.StatusBadRequest, "DCS.4002")
}

func TestDCSListBackgroundTasks(t *testing.T) {
	e := newEnv(t, Options{})
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 25 {
		e.fake.SeedBackgroundTask("inst-1", BGTaskSpec{
			ID: "t" + string(rune('a'+i)), CreatedAt: base.Add(time.Duration(i) * time.Hour), Name: "BindEip",
		})
	}
	type listed struct {
		TaskCount string `json:"task_count"`
		Tasks     []struct {
			ID         string `json:"id"`
			Name       string `json:"name"`
			Status     string `json:"status"`
			CreatedAt  string `json:"created_at"`
			EnableShow bool   `json:"enable_show"`
			Params     string `json:"params"`
		} `json:"tasks"`
	}
	get := func(q string) listed {
		r := e.send("GET", "/v2/"+e.fake.ProjectID()+"/instances/inst-1/tasks"+q, nil)
		r.expectStatus(t, http.StatusOK)
		var l listed
		r.decode(t, &l)
		if !strings.Contains(string(r.body), `"task_count":"`) {
			t.Fatalf("task_count is not a string: %s", r.body)
		}
		return l
	}
	l := get("")
	if l.TaskCount != "25" || len(l.Tasks) != 10 || l.Tasks[0].ID != "ty" || l.Tasks[0].CreatedAt != "2025-06-02T00:00:00.000Z" ||
		l.Tasks[0].Status != "SUCCESS" || !l.Tasks[0].EnableShow || l.Tasks[0].Params == "" {
		t.Fatalf("first page: %+v", l)
	}
	var ids []string
	for offset := 0; ; offset += 10 {
		p := get(fmt.Sprintf("?limit=10&offset=%d", offset))
		if len(p.Tasks) == 0 {
			break
		}
		for _, task := range p.Tasks {
			ids = append(ids, task.ID)
		}
	}
	if len(ids) != 25 || ids[0] != "ty" || ids[24] != "ta" {
		t.Fatalf("pages: %v", ids)
	}
	l = get("?start_time=20250601050000&end_time=20250601070000")
	if l.TaskCount != "3" || len(l.Tasks) != 3 || l.Tasks[0].ID != "th" || l.Tasks[2].ID != "tf" {
		t.Fatalf("time window: %+v", l)
	}
	if l := get("?limit=1000"); len(l.Tasks) != 25 {
		t.Fatalf("limit=1000: %d", len(l.Tasks))
	}
	for _, q := range []string{"?limit=0", "?limit=1001", "?offset=-1", "?start_time=2025-06-01", "?end_time=x"} {
		e.send("GET", "/v2/"+e.fake.ProjectID()+"/instances/inst-1/tasks"+q, nil).expectError(t, http.StatusBadRequest, "DCS.4400")
	}
	e.send("GET", "/v2/"+e.fake.ProjectID()+"/instances/inst-2/tasks", nil).expectError(t, http.StatusNotFound, "DCS.3022")

	// Deleted tasks leave the list.
	e.send("DELETE", "/v2/"+e.fake.ProjectID()+"/instances/inst-1/tasks/ty", nil).expectStatus(t, http.StatusOK)
	if l := get(""); l.TaskCount != "24" || l.Tasks[0].ID != "tx" {
		t.Fatalf("after delete: %+v", l)
	}
}

func TestIAMDiscovery(t *testing.T) {
	e := newEnv(t, Options{ProjectID: "1234567890abcdef1234567890abcdef", Region: "ap-southeast-3", DomainName: "acme"})
	e.header.Del("X-Project-Id") // discovery calls carry none
	var projects struct {
		Projects []struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			DomainID string `json:"domain_id"`
			Enabled  bool   `json:"enabled"`
		} `json:"projects"`
		Links map[string]*string `json:"links"`
	}
	r := e.send("GET", "/v3/projects?name=ap-southeast-3", nil)
	r.expectStatus(t, http.StatusOK)
	r.decode(t, &projects)
	p := projects.Projects
	if len(p) != 1 || p[0].ID != "1234567890abcdef1234567890abcdef" || p[0].Name != "ap-southeast-3" || p[0].DomainID != DefaultDomainID || !p[0].Enabled {
		t.Fatalf("projects = %+v", p)
	}
	if next, present := projects.Links["next"]; !present || next != nil || projects.Links["self"] == nil {
		t.Fatalf("links = %s", r.body)
	}
	// The account has a project in every region: another of its own.
	e.send("GET", "/v3/projects?name=cn-north-4", nil).decode(t, &projects)
	if p := projects.Projects; len(p) != 1 || p[0].Name != "cn-north-4" || p[0].ID == "1234567890abcdef1234567890abcdef" || len(p[0].ID) != 32 {
		t.Fatalf("other region: %+v", projects.Projects)
	}
	e.send("GET", "/v3/projects?name=no-such-thing", nil).decode(t, &projects)
	if len(projects.Projects) != 0 {
		t.Fatalf("a name that is no region: %+v", projects.Projects)
	}

	var domains struct {
		Domains []struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
		} `json:"domains"`
		Links map[string]*string `json:"links"`
	}
	r = e.send("GET", "/v3/auth/domains", nil)
	r.decode(t, &domains)
	if len(domains.Domains) != 1 || domains.Domains[0].ID != DefaultDomainID || domains.Domains[0].Name != "acme" || !domains.Domains[0].Enabled {
		t.Fatalf("domains = %s", r.body)
	}
	if next, present := domains.Links["next"]; !present || next != nil {
		t.Fatalf("links = %s", r.body)
	}
	if st := e.fake.Stats(); st.NoProjectHeader != 0 || st.Verified != 4 {
		t.Fatalf("stats = %+v", st)
	}
}
