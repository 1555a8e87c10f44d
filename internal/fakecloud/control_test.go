package fakecloud

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestControlHTTPRoundTrip(t *testing.T) {
	e := newEnv(t, Options{SeedTasks: 2})

	var health map[string]any
	e.control("GET", "/_fake/health", nil).decode(t, &health)
	if health["status"] != "ok" || health["project_id"] != DefaultProjectID || health["tasks"] != float64(2) {
		t.Fatalf("health = %v", health)
	}

	// Seed three tasks in one call, then a single one with a given source.
	var seeded struct{ Tasks []TaskView }
	r := e.control("POST", "/_fake/tasks", map[string]any{"count": 3, "spec": map[string]any{"name": "demo", "state": "RUNNING"}})
	r.expectStatus(t, http.StatusCreated)
	r.decode(t, &seeded)
	if len(seeded.Tasks) != 3 || seeded.Tasks[2].Name != "demo-003" || seeded.Tasks[0].State != "RUNNING" || seeded.Tasks[0].SourceState != "replicate" {
		t.Fatalf("seeded = %+v", seeded.Tasks)
	}
	var src Source
	r = e.control("POST", "/_fake/sources", SourceSpec{Name: "lonely", Connected: ptr(false)})
	r.expectStatus(t, http.StatusCreated)
	r.decode(t, &src)
	if src.Connected || src.Name != "lonely" || src.State != "waiting" {
		t.Fatalf("source = %+v", src)
	}
	r = e.control("POST", "/_fake/tasks", map[string]any{"spec": map[string]any{"id": "my-task", "name": "single", "source_id": src.ID}})
	r.expectStatus(t, http.StatusCreated)
	r.decode(t, &seeded)
	if len(seeded.Tasks) != 1 || seeded.Tasks[0].ID != "my-task" || seeded.Tasks[0].SourceID != src.ID || seeded.Tasks[0].Connected {
		t.Fatalf("single = %+v", seeded.Tasks)
	}
	e.control("POST", "/_fake/tasks", map[string]any{"spec": map[string]any{"state": "NOPE"}}).expectStatus(t, http.StatusBadRequest)
	e.control("POST", "/_fake/tasks", map[string]any{"spec": map[string]any{"typo_field": 1}}).expectStatus(t, http.StatusBadRequest)

	var all struct{ Tasks []TaskView }
	e.control("GET", "/_fake/tasks", nil).decode(t, &all)
	if len(all.Tasks) != 6 || all.Tasks[0].Name != "seed-001" || all.Tasks[5].ID != "my-task" {
		t.Fatalf("tasks = %+v", all.Tasks)
	}

	// The API sees what the control API seeded.
	e.expectState("my-task", "READY", "waiting")

	// PATCH, GET, actions, DELETE.
	var tv TaskView
	r = e.control("PATCH", "/_fake/tasks/my-task", map[string]any{"connected": true, "state": "ABORT"})
	r.expectStatus(t, http.StatusOK)
	r.decode(t, &tv)
	if tv.State != "ABORT" || tv.SourceState != "stopped" || !tv.Connected {
		t.Fatalf("patched = %+v", tv)
	}
	e.control("PATCH", "/_fake/tasks/ghost", map[string]any{"connected": true}).expectStatus(t, http.StatusNotFound)
	e.control("PATCH", "/_fake/tasks/my-task", map[string]any{"state": "NOPE"}).expectStatus(t, http.StatusBadRequest)
	e.mustAction("my-task", "start")
	var acts struct{ Actions []string }
	e.control("GET", "/_fake/tasks/my-task/actions", nil).decode(t, &acts)
	if !slices.Equal(acts.Actions, []string{"start"}) {
		t.Fatalf("actions = %v", acts.Actions)
	}
	e.control("GET", "/_fake/tasks/my-task", nil).decode(t, &tv)
	if tv.State != "RUNNING" || tv.Pending != "initialize" {
		t.Fatalf("task = %+v", tv)
	}
	e.control("DELETE", "/_fake/tasks/my-task", nil).expectStatus(t, http.StatusNoContent)
	e.control("GET", "/_fake/tasks/my-task", nil).expectStatus(t, http.StatusNotFound)
	e.send("GET", "/v3/tasks/my-task", nil).expectError(t, http.StatusNotFound, "SMS.6404")

	// Faults over HTTP.
	r = e.control("POST", "/_fake/faults", map[string]any{"route": "GET /v3/sources", "kind": "status", "status": 429, "retry_after": "1", "count": 1})
	r.expectStatus(t, http.StatusCreated)
	var faults struct{ Faults []Fault }
	e.control("GET", "/_fake/faults", nil).decode(t, &faults)
	if len(faults.Faults) != 1 || faults.Faults[0].Status != 429 {
		t.Fatalf("faults = %+v", faults)
	}
	e.send("GET", "/v3/sources", nil).expectError(t, http.StatusTooManyRequests, "APIGW.0308")
	e.control("POST", "/_fake/faults", map[string]any{"kind": "slow", "delay": "5ms", "count": 1}).expectStatus(t, http.StatusCreated)
	e.control("POST", "/_fake/faults", map[string]any{"kind": "slow"}).expectStatus(t, http.StatusBadRequest)
	e.control("DELETE", "/_fake/faults", nil).expectStatus(t, http.StatusNoContent)
	if len(e.fake.Faults()) != 0 {
		t.Fatal("faults not cleared")
	}

	// Stats over HTTP.
	var st Stats
	e.control("GET", "/_fake/stats", nil).decode(t, &st)
	if st.Total == 0 || st.Total != st.Verified || st.Routes[RouteShowTask] == 0 {
		t.Fatalf("stats = %+v", st)
	}
	e.control("POST", "/_fake/stats/reset", nil).expectStatus(t, http.StatusNoContent)
	e.control("GET", "/_fake/stats", nil).decode(t, &st)
	if st.Total != 0 {
		t.Fatalf("stats after reset = %+v", st)
	}

	// DCS seeding over HTTP.
	var bg BGTask
	r = e.control("POST", "/_fake/dcs/instances/inst-1/tasks", map[string]any{"id": "bg1", "status": "EXECUTING", "created_at": "2025-06-01T10:00:00Z"})
	r.expectStatus(t, http.StatusCreated)
	r.decode(t, &bg)
	if bg.ID != "bg1" || bg.Status != "EXECUTING" || bg.InstanceID != "inst-1" || bg.DeleteStatus != 200 {
		t.Fatalf("bg = %+v", bg)
	}
	e.control("GET", "/_fake/dcs/instances/inst-1/tasks/bg1", nil).expectStatus(t, http.StatusOK)
	e.control("POST", "/_fake/dcs/instances/inst-1/tasks", map[string]any{"status": "NOPE"}).expectStatus(t, http.StatusBadRequest)
	e.control("POST", "/_fake/dcs/instances/inst-2", nil).expectStatus(t, http.StatusCreated)
	e.send("GET", "/v2/"+e.fake.ProjectID()+"/instances/inst-2/tasks", nil).expectStatus(t, http.StatusOK)

	// Clock.
	before := e.fake.now()
	e.control("POST", "/_fake/clock/advance", map[string]any{"by": "90s"}).expectStatus(t, http.StatusOK)
	if d := e.fake.now().Sub(before); d != 90*time.Second {
		t.Fatalf("clock moved %s", d)
	}
	e.control("POST", "/_fake/clock/advance", map[string]any{"by": "soon"}).expectStatus(t, http.StatusBadRequest)
	e.control("GET", "/_fake/nothing", nil).expectStatus(t, http.StatusNotFound)

	// Control calls are not API calls.
	if st := e.fake.Stats(); st.Total != 1 {
		t.Fatalf("control calls counted: %+v", st)
	}
}

func TestSeedingDefaultsAndErrors(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.fake.SeedTask(TaskSpec{})
	b := e.fake.SeedTask(TaskSpec{})
	if a.ID == b.ID || a.SourceID == b.SourceID || a.State != "READY" || !a.Connected || a.Type != "MIGRATE_BLOCK" {
		t.Fatalf("seeded: %+v %+v", a, b)
	}
	// Another fake seeded the same way gets the same ids.
	other := New(Options{Now: e.clock.Now})
	if c := other.SeedTask(TaskSpec{}); c.ID != a.ID || c.SourceID != a.SourceID {
		t.Fatalf("ids are not deterministic: %s vs %s", c.ID, a.ID)
	}
	for _, spec := range []TaskSpec{{State: "NOPE"}, {SourceID: "missing"}, {SourceID: a.SourceID}, {ID: a.ID}, {Type: "X"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SeedTask(%+v) did not panic", spec)
				}
			}()
			e.fake.SeedTask(spec)
		}()
	}
	if !e.fake.DeleteOutOfBand(a.ID) || e.fake.DeleteOutOfBand(a.ID) {
		t.Fatal("DeleteOutOfBand result")
	}
}
