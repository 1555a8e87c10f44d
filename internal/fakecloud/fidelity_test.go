package fakecloud

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestListTasksStateFilterIsTheDocumentedEnum: the state filter takes the
// ten values of ListTasksRequest's enum, not every state a task can show.
func TestListTasksStateFilterIsTheDocumentedEnum(t *testing.T) {
	e := newEnv(t, Options{})
	e.fake.SeedTask(TaskSpec{State: StateSyncFailRollbackSuccess})
	for _, state := range []string{StateSyncSuccess, StateSyncFail, StateSkipping, StateReseting} {
		eb := e.send("GET", "/v3/tasks?state="+state, nil).expectError(t, http.StatusBadRequest, "SMS.6400")
		if !slices.Equal(eb.ErrorParam, []string{"state"}) {
			t.Errorf("%s: error_param %v", state, eb.ErrorParam)
		}
	}
	for state := range listTaskStates {
		want := 0
		if state == StateSyncFailRollbackSuccess {
			want = 1
		}
		if lb := e.list("?state=" + state); lb.Count != want {
			t.Errorf("%s: count %d, want %d", state, lb.Count, want)
		}
	}
	if len(listTaskStates) != 10 {
		t.Fatalf("%d filter states", len(listTaskStates))
	}
}

type sourceList struct {
	Count         int `json:"count"`
	SourceServers []struct {
		ID     string `json:"id"`
		Memory int64  `json:"memory"`
	} `json:"source_servers"`
}

// TestListServersFiltersByCycleAndCloneVM: migration_cycle and vm_id (the
// clone server's id, per ListServersRequest) are applied.
func TestListServersFiltersByCycleAndCloneVM(t *testing.T) {
	e := newEnv(t, Options{})
	idle := e.fake.SeedSource(SourceSpec{Name: "idle"})
	cloned := e.fake.SeedTask(TaskSpec{Name: "cloned", State: StateMigrateSuccess})
	e.mustAction(cloned.ID, "clone_test", map[string]any{"template_id": "tpl"})
	e.clock.Advance(time.Hour)
	cloneVM := e.getTask(cloned.ID).CloneServer.VMID
	if cloneVM == "" {
		t.Fatal("no clone vm_id")
	}
	ids := func(query string) []string {
		var lb sourceList
		e.send("GET", "/v3/sources"+query, nil).decode(t, &lb)
		var out []string
		for _, s := range lb.SourceServers {
			out = append(out, s.ID)
		}
		if lb.Count != len(out) {
			t.Errorf("%s: count %d for %d items", query, lb.Count, len(out))
		}
		return out
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"?migration_cycle=checking", []string{idle.ID}},
		{"?migration_cycle=cutovered", []string{cloned.SourceID}},
		{"?migration_cycle=replicating", nil},
		{"?vm_id=" + cloneVM, []string{cloned.SourceID}},
		{"?vm_id=no-such-vm", nil},
	}
	for _, tc := range cases {
		if got := ids(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	e.send("GET", "/v3/sources?migration_cycle=testing", nil).expectError(t, http.StatusBadRequest, "SMS.6400")
}

// TestServerMemoryUnits: ShowServer gives memory in MB, ListServers in bytes
// (the SDK models' field comments).
func TestServerMemoryUnits(t *testing.T) {
	e := newEnv(t, Options{})
	src := e.fake.SeedSource(SourceSpec{})
	var show struct {
		Memory int64 `json:"memory"`
	}
	e.send("GET", "/v3/sources/"+src.ID, nil).decode(t, &show)
	var lb sourceList
	e.send("GET", "/v3/sources", nil).decode(t, &lb)
	if show.Memory != 8192 || lb.SourceServers[0].Memory != 8<<30 {
		t.Fatalf("ShowServer memory %d (want 8192 MB), ListServers %d (want %d bytes)", show.Memory, lb.SourceServers[0].Memory, int64(8<<30))
	}
}

// TestMigProjectListExistServerMeansHasServers: in ListMigproject's items
// exist_server says whether the project has servers; ShowMigproject keeps
// returning the setting.
func TestMigProjectListExistServerMeansHasServers(t *testing.T) {
	e := newEnv(t, Options{})
	var created struct {
		ID string `json:"id"`
	}
	e.send("POST", "/v3/migprojects", map[string]any{"name": "wave1", "region": "cn-north-4", "type": "MIGRATE_BLOCK", "exist_server": true}).decode(t, &created)
	listed := func() map[string]bool {
		var lb struct {
			Migprojects []struct {
				ID          string `json:"id"`
				ExistServer bool   `json:"exist_server"`
			} `json:"migprojects"`
		}
		e.send("GET", "/v3/migprojects", nil).decode(t, &lb)
		out := map[string]bool{}
		for _, p := range lb.Migprojects {
			out[p.ID] = p.ExistServer
		}
		return out
	}
	if got := listed(); got[created.ID] || got[defaultMigProjectID] {
		t.Fatalf("no servers anywhere, listed %v", got)
	}
	src := e.fake.SeedSource(SourceSpec{MigProject: created.ID})
	if got := listed(); !got[created.ID] || got[defaultMigProjectID] {
		t.Fatalf("a server in wave1, listed %v", got)
	}
	e.fake.MoveSource(src.ID, defaultMigProjectID)
	if got := listed(); got[created.ID] || !got[defaultMigProjectID] {
		t.Fatalf("the server moved to the default project, listed %v", got)
	}
	var shown struct {
		ExistServer bool `json:"exist_server"`
	}
	e.send("GET", "/v3/migprojects/"+created.ID, nil).decode(t, &shown)
	if !shown.ExistServer {
		t.Fatal("ShowMigproject lost the exist_server setting")
	}
}

// TestSpeedLimitReadings: by default a schedule takes what the sources show
// (0:00 and 24:00 as in the v1 examples, any number of periods, overlaps);
// Readings.StrictSpeedLimits refuses those.
func TestSpeedLimitReadings(t *testing.T) {
	bodies := map[string][]map[string]any{
		"v1 times":    {{"start": "0:00", "end": "24:00", "speed": 100}},
		"overlapping": {{"start": "01:00", "end": "03:00"}, {"start": "02:00", "end": "04:00"}},
		"six periods": {{"start": "01:00", "end": "02:00"}, {"start": "02:00", "end": "03:00"}, {"start": "03:00", "end": "04:00"},
			{"start": "04:00", "end": "05:00"}, {"start": "05:00", "end": "06:00"}, {"start": "06:00", "end": "07:00"}},
	}
	for _, strict := range []bool{false, true} {
		e := newEnv(t, Options{StrictSpeedLimits: strict})
		task := e.fake.SeedTask(TaskSpec{})
		for name, periods := range bodies {
			r := e.send("POST", "/v3/tasks/"+task.ID+"/speed-limit", map[string]any{"speed_limit": periods})
			if strict {
				r.expectError(t, http.StatusBadRequest, "SMS.6400")
				continue
			}
			r.expectStatus(t, http.StatusOK)
			if got, _ := e.fake.Task(task.ID); len(got.SpeedLimits) != len(periods) || got.SpeedLimits[0].Start != periods[0]["start"] {
				t.Errorf("%s: stored %+v", name, got.SpeedLimits)
			}
		}
		// A period across midnight: taken by default (no source forbids
		// it), refused under the strict reading.
		r := e.send("POST", "/v3/tasks/"+task.ID+"/speed-limit", map[string]any{"speed_limit": []map[string]any{{"start": "22:00", "end": "06:00"}}})
		if strict {
			r.expectError(t, http.StatusBadRequest, "SMS.6400")
		} else {
			r.expectStatus(t, http.StatusOK)
		}
	}
}

// TestEmptyConfigValueReadings: an empty config_value is stored by default
// and removes the key with Readings.EmptyConfigValueRemoves; other keys stay
// either way.
func TestEmptyConfigValueReadings(t *testing.T) {
	for _, removes := range []bool{false, true} {
		e := newEnv(t, Options{EmptyConfigValueRemoves: removes})
		task := e.fake.SeedTask(TaskSpec{})
		path := "/v3/tasks/" + task.ID + "/configuration-setting"
		e.send("POST", path, map[string]any{"configurations": []map[string]any{
			{"config_key": "MIGRATE_EXCLUDE_DIR", "config_value": "/tmp"}, {"config_key": "NUM_PROCESS_MIGRATE", "config_value": "4"},
		}}).expectStatus(t, http.StatusOK)
		e.send("POST", path, map[string]any{"configurations": []map[string]any{
			{"config_key": "NUM_PROCESS_MIGRATE", "config_value": ""},
		}}).expectStatus(t, http.StatusOK)
		want := map[string]string{"MIGRATE_EXCLUDE_DIR": "/tmp", "NUM_PROCESS_MIGRATE": ""}
		if removes {
			delete(want, "NUM_PROCESS_MIGRATE")
		}
		var shown struct {
			Configurations []struct {
				Key   string `json:"config_key"`
				Value string `json:"config_value"`
			} `json:"configurations"`
		}
		e.send("GET", path, nil).decode(t, &shown)
		got := map[string]string{}
		for _, c := range shown.Configurations {
			got[c.Key] = c.Value
		}
		if len(got) != len(want) || got["MIGRATE_EXCLUDE_DIR"] != "/tmp" || got["NUM_PROCESS_MIGRATE"] != want["NUM_PROCESS_MIGRATE"] {
			t.Errorf("removes=%v: %v, want %v", removes, got, want)
		}
	}
}

// TestTemplateReadings: any EVS disk type is taken; an update without
// target_password drops the stored one by default and keeps it with
// Readings.TemplatePasswordKept.
func TestTemplateReadings(t *testing.T) {
	for _, kept := range []bool{false, true} {
		e := newEnv(t, Options{TemplatePasswordKept: kept})
		var created struct{ ID string }
		e.send("POST", "/v3/vm/templates", map[string]any{"template": map[string]any{
			"name": "tpl-1", "availability_zone": "az1", "volumetype": "GPSSD", "data_volume_type": "ESSD2", "target_password": "Long-enough-1",
		}}).decode(t, &created)
		e.send("PUT", "/v3/vm/templates/"+created.ID, map[string]any{"template": map[string]any{
			"name": "tpl-2", "availability_zone": "az1", "volumetype": "co-p1",
		}}).expectStatus(t, http.StatusOK)
		v, _ := e.fake.Template(created.ID)
		if v.Name != "tpl-2" || v.HasPassword != kept || (kept && v.TargetPassword != "Long-enough-1") {
			t.Errorf("kept=%v: %+v", kept, v)
		}
		var shown struct {
			Template templateJSON `json:"template"`
		}
		e.send("GET", "/v3/vm/templates/"+created.ID, nil).decode(t, &shown)
		if shown.Template.Volumetype != "co-p1" {
			t.Errorf("volumetype %q", shown.Template.Volumetype)
		}
	}
}

// TestTemplateNicsReadings: by default a subnet other than autoCreate needs
// a name and a CIDR block (the id-only form, the id as the name and an
// empty cidr, is refused, naming the field); Readings.NicsResolvedByID takes
// it. autoCreate and a subnet with its name and CIDR pass both readings.
func TestTemplateNicsReadings(t *testing.T) {
	template := func(nics ...map[string]any) map[string]any {
		return map[string]any{"template": map[string]any{"name": "tpl-1", "availability_zone": "az1", "nics": nics}}
	}
	idOnly := map[string]any{"id": "subnet-1", "name": "subnet-1", "cidr": ""}
	real := map[string]any{"id": "subnet-1", "name": "web", "cidr": "192.168.1.0/24"}
	auto := map[string]any{"id": "autoCreate", "name": "autoCreate", "cidr": ""}
	for _, byID := range []bool{false, true} {
		e := newEnv(t, Options{NicsResolvedByID: byID})
		r := e.send("POST", "/v3/vm/templates", template(auto, idOnly))
		if byID {
			r.expectStatus(t, http.StatusOK)
		} else {
			r.expectError(t, http.StatusBadRequest, "SMS.6400")
			if !strings.Contains(string(r.body), "template.nics[1].cidr") {
				t.Errorf("the refusal does not name the field: %s", r.body)
			}
		}
		e.send("POST", "/v3/vm/templates", template(auto, real)).expectStatus(t, http.StatusOK)
		e.send("POST", "/v3/vm/templates", template(map[string]any{"id": "subnet-1", "name": "", "cidr": "192.168.1.0/24"})).
			expectStatus(t, map[bool]int{false: http.StatusBadRequest, true: http.StatusOK}[byID])
	}
}
