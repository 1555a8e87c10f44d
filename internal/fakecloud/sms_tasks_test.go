package fakecloud

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCreateTaskEchoesBody(t *testing.T) {
	e := newEnv(t, Options{})
	src := e.fake.SeedSource(SourceSpec{Name: "db01", OSType: "WINDOWS"})
	body := map[string]any{
		"name": "迁移_db-01", "type": "MIGRATE_FILE",
		"source_server": map[string]any{"id": src.ID},
		"target_server": map[string]any{"vm_id": "vm-1", "name": "db01-target", "disks": []map[string]any{{"name": "Disk 0", "size": 42949672960, "device_use": "BOOT", "used_size": 1024}}},
		"migration_ip":  "10.0.0.8",
		"region_name":   "cn-north-4", "region_id": "cn-north-4", "project_name": "cn-north-4", "project_id": e.fake.ProjectID(),
		"vm_template_id": "tpl-9", "speed_limit": 300, "use_ipv6": false, "syncing": true, "exist_server": true,
		"need_migration_test": true, "use_public_ip": false,
	}
	r := e.send("POST", "/v3/tasks", body)
	r.expectStatus(t, http.StatusOK)
	var created struct{ ID string }
	r.decode(t, &created)
	if len(created.ID) != 36 || created.ID[14] != '4' {
		t.Fatalf("id %q is not a UUID v4", created.ID)
	}

	tb := e.getTask(created.ID)
	checks := []struct {
		name      string
		got, want any
	}{
		{"name", tb.Name, "迁移_db-01"},
		{"type", tb.Type, "MIGRATE_FILE"},
		{"os_type (from the source)", tb.OSType, "WINDOWS"},
		{"state", tb.State, "READY"},
		{"priority default", tb.Priority, 1},
		{"speed_limit", tb.SpeedLimit, 300},
		{"migration_ip", tb.MigrationIP, "10.0.0.8"},
		{"vm_template_id", tb.VMTemplateID, "tpl-9"},
		{"start_target_server default", *tb.StartTargetServer, true},
		{"need_migration_test", *tb.NeedMigrationTest, true},
		{"region_name", tb.RegionName, "cn-north-4"},
		{"project_id", tb.ProjectID, e.fake.ProjectID()},
		{"enterprise_project_id", tb.EnterpriseProjectID, "0"},
		{"connected", tb.Connected, true},
		{"create_date", tb.CreateDate, e.clock.Now().UnixMilli()},
		{"source id", tb.SourceServer.ID, src.ID},
		{"source state", tb.SourceServer.State, "waiting"},
		{"source name", tb.SourceServer.Name, "db01"},
		{"target vm_id", tb.TargetServer.VMID, "vm-1"},
		{"target name", tb.TargetServer.Name, "db01-target"},
		{"disk count", len(tb.TargetServer.Disks), 1},
		{"disk size (bytes)", tb.TargetServer.Disks[0].Size, int64(42949672960)},
		{"disk device_use", tb.TargetServer.Disks[0].DeviceUse, "BOOT"},
		{"disk id", *tb.TargetServer.Disks[0].ID, int64(0)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// use_public_ip, use_ipv6, syncing and exist_server are stored; ShowTask
	// shows the first three (the official acceptance test reads them back),
	// not exist_server.
	if v, _ := e.fake.Task(created.ID); v.UsePublicIP || v.UseIPv6 || !v.Syncing || !v.ExistServer {
		t.Errorf("stored flags: %+v", v)
	}

	// Defaults when the optional booleans are left out.
	id := e.createTask("defaults", nil)
	tb = e.getTask(id)
	if v, _ := e.fake.Task(id); !v.UsePublicIP || !*tb.StartTargetServer || v.Syncing || v.UseIPv6 || v.ExistServer {
		t.Fatalf("defaults: %+v %+v", tb, v)
	}
	raw := string(e.send("GET", "/v3/tasks/"+id, nil).body)
	if !containsAll(raw, `"use_public_ip":true`, `"syncing":false`, `"use_ipv6":false`) || containsAll(raw, `"exist_server"`) {
		t.Fatalf("ShowTask body: %s", raw)
	}
}

func TestCreateTaskValidation(t *testing.T) {
	e := newEnv(t, Options{})
	src := e.fake.SeedSource(SourceSpec{})
	valid := func() map[string]any {
		return e.taskBody("ok_name-1", src.ID)
	}
	cases := []struct {
		name  string
		edit  func(b map[string]any)
		param string
	}{
		{"name missing", func(b map[string]any) { delete(b, "name") }, "name"},
		{"name empty", func(b map[string]any) { b["name"] = "" }, "name"},
		{"name with space", func(b map[string]any) { b["name"] = "a b" }, "name"},
		{"name with dot", func(b map[string]any) { b["name"] = "a.b" }, "name"},
		{"name 65 chars", func(b map[string]any) { b["name"] = strings.Repeat("a", 65) }, "name"},
		{"name not a string", func(b map[string]any) { b["name"] = 7 }, "name"},
		{"type missing", func(b map[string]any) { delete(b, "type") }, "type"},
		{"type unknown", func(b map[string]any) { b["type"] = "MIGRATE_ALL" }, "type"},
		{"os_type unknown", func(b map[string]any) { b["os_type"] = "BSD" }, "os_type"},
		{"source_server missing", func(b map[string]any) { delete(b, "source_server") }, "source_server.id"},
		{"source_server.id missing", func(b map[string]any) { b["source_server"] = map[string]any{} }, "source_server.id"},
		{"speed_limit too high", func(b map[string]any) { b["speed_limit"] = 10001 }, "speed_limit"},
		{"speed_limit negative", func(b map[string]any) { b["speed_limit"] = -1 }, "speed_limit"},
		{"speed_limit not an integer", func(b map[string]any) { b["speed_limit"] = "fast" }, "speed_limit"},
		{"priority 3", func(b map[string]any) { b["priority"] = 3 }, "priority"},
		{"bad disk device_use", func(b map[string]any) {
			b["target_server"] = map[string]any{"name": "t", "vm_id": "", "disks": []map[string]any{{"name": "d", "size": 1, "device_use": "DATA"}}}
		}, "target_server.disks[0].device_use"},
		// PostTask and TargetServerByTask mark these required.
		{"target_server missing", func(b map[string]any) { delete(b, "target_server") }, "target_server"},
		{"target_server null", func(b map[string]any) { b["target_server"] = nil }, "target_server"},
		{"target_server.name missing", func(b map[string]any) { b["target_server"] = map[string]any{"vm_id": ""} }, "target_server.name"},
		{"target_server.name empty", func(b map[string]any) { b["target_server"] = map[string]any{"name": ""} }, "target_server.name"},
		{"target_server.vm_id missing", func(b map[string]any) { b["target_server"] = map[string]any{"name": "t"} }, "target_server.vm_id"},
		{"region_name missing", func(b map[string]any) { delete(b, "region_name") }, "region_name"},
		{"region_id missing", func(b map[string]any) { delete(b, "region_id") }, "region_id"},
		{"project_name missing", func(b map[string]any) { delete(b, "project_name") }, "project_name"},
		{"project_id missing", func(b map[string]any) { delete(b, "project_id") }, "project_id"},
		{"project_id 256 chars", func(b map[string]any) { b["project_id"] = strings.Repeat("a", 256) }, "project_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := valid()
			tc.edit(b)
			eb := e.send("POST", "/v3/tasks", b).expectError(t, http.StatusBadRequest, "SMS.6400")
			if !slices.Equal(eb.ErrorParam, []string{tc.param}) {
				t.Fatalf("error_param = %v, want [%s]", eb.ErrorParam, tc.param)
			}
		})
	}
	e.send("POST", "/v3/tasks", rawBody("{")).expectError(t, http.StatusBadRequest, "SMS.6010")
	if got := e.fake.Tasks(); len(got) != 0 {
		t.Fatalf("invalid bodies created tasks: %v", got)
	}
	// A 64-character Chinese name is fine.
	b := valid()
	b["name"] = strings.Repeat("迁", 64)
	e.send("POST", "/v3/tasks", b).expectStatus(t, http.StatusOK)
}

func TestCreateTaskSourcePreconditions(t *testing.T) {
	e := newEnv(t, Options{})
	body := func(id string) map[string]any {
		return e.taskBody("t1", id)
	}
	e.send("POST", "/v3/tasks", body("no-such-source")).expectError(t, http.StatusBadRequest, "SMS.2216")

	offline := e.fake.SeedSource(SourceSpec{Connected: ptr(false)})
	eb := e.send("POST", "/v3/tasks", body(offline.ID)).expectError(t, http.StatusBadRequest, "SMS.6005")
	if eb.ErrorMsg != "source server status does not meet requirements" {
		t.Errorf("error_msg = %q", eb.ErrorMsg)
	}
	busy := e.fake.SeedTask(TaskSpec{})
	e.send("POST", "/v3/tasks", body(busy.SourceID)).expectError(t, http.StatusBadRequest, "SMS.6011")

	// Once its task is gone the source takes a new one.
	e.fake.DeleteOutOfBand(busy.ID)
	e.send("POST", "/v3/tasks", body(busy.SourceID)).expectStatus(t, http.StatusOK)
}

func TestShowUnknownTask(t *testing.T) {
	e := newEnv(t, Options{})
	eb := e.send("GET", "/v3/tasks/6f1c2b0e-8d4b-4a55-9f3a-0c2d9b1e7a42", nil).expectError(t, http.StatusNotFound, "SMS.6404")
	if len(eb.Details) != 1 || eb.EncodedAuthorizationMessage != "" {
		t.Fatalf("error body = %+v", eb)
	}
}

func TestUpdateTask(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("upd01", nil)
	r := e.send("PUT", "/v3/tasks/"+id, map[string]any{
		"name": "upd02", "speed_limit": 50, "migration_ip": "10.1.1.1", "use_public_ip": false,
		"use_ipv6": true, "exist_server": true, "vm_template_id": "tpl-2",
		"target_server": map[string]any{"vm_id": "vm-9", "disks": []map[string]any{{"name": "/dev/vda", "size": 1 << 30}}},
	})
	r.expectStatus(t, http.StatusOK)
	var out struct{ ID string }
	r.decode(t, &out)
	if out.ID != id {
		t.Fatalf("id = %q", out.ID)
	}
	tb := e.getTask(id)
	v, _ := e.fake.Task(id)
	if tb.Name != "upd02" || tb.SpeedLimit != 50 || tb.MigrationIP != "10.1.1.1" || v.UsePublicIP || !v.UseIPv6 ||
		!v.ExistServer || tb.VMTemplateID != "tpl-2" || tb.TargetServer.VMID != "vm-9" || tb.TargetServer.Name != "upd01-target" ||
		len(tb.TargetServer.Disks) != 1 || tb.TargetServer.Disks[0].Size != 1<<30 {
		t.Fatalf("after update: %+v", tb)
	}
	e.send("PUT", "/v3/tasks/"+id, map[string]any{"name": "bad name"}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("PUT", "/v3/tasks/"+id, map[string]any{"speed_limit": 20000}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("PUT", "/v3/tasks/nope", map[string]any{"name": "x"}).expectError(t, http.StatusNotFound, "SMS.6404")
	// A field PutTaskReq does not have is refused, as a strict gateway would.
	e.send("PUT", "/v3/tasks/"+id, map[string]any{"syncing": true}).expectError(t, http.StatusBadRequest, "SMS.6400")

	e.send("DELETE", "/v3/tasks/"+id, nil).expectStatus(t, http.StatusOK)
	e.send("PUT", "/v3/tasks/"+id, map[string]any{"name": "x"}).expectError(t, http.StatusBadRequest, "SMS.6012")
}

func TestDeletionGate(t *testing.T) {
	deny := []string{"initialize", "stopping", "deleting", "cloning", "replicate", "syncing", "cutovering", "skipping", "clearing", "premiging"}
	between := []string{"cleared", "clearfailed", "premigready", "premiged", "premigfailed"} // in neither list
	allow := []string{"stopped", "finished", "error", "unavailable"}
	cases := []struct {
		gate    DeleteGate
		refused []string
		allowed []string
	}{
		{GateAllowList, append(slices.Clone(deny), between...), append(slices.Clone(allow), "waiting")},
		{GateDenyList, deny, append(append(slices.Clone(allow), "waiting"), between...)},
		{GateAllowListLiteral, append(append(slices.Clone(deny), between...), "waiting"), allow},
	}
	for _, c := range cases {
		e := newEnv(t, Options{DeleteGate: c.gate})
		for _, st := range c.refused {
			task := e.fake.SeedTask(TaskSpec{State: "RUNNING", SourceState: st})
			eb := e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectError(t, http.StatusBadRequest, "SMS.2015")
			if !slices.Equal(eb.ErrorParam, []string{task.ID}) {
				t.Fatalf("gate %d, %s: error_param = %v", c.gate, st, eb.ErrorParam)
			}
			// Allowed once the agent is disconnected.
			if _, err := e.fake.SetTask(task.ID, TaskPatch{Connected: ptr(false)}); err != nil {
				t.Fatal(err)
			}
			e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
			e.expectState(task.ID, "DELETING", "deleting")
		}
		for _, st := range c.allowed {
			task := e.fake.SeedTask(TaskSpec{State: "ABORT", SourceState: st})
			if r := e.send("DELETE", "/v3/tasks/"+task.ID, nil); r.status != http.StatusOK {
				t.Errorf("gate %d, source %s connected: %d %s", c.gate, st, r.status, r.body)
			}
		}
	}
}

func TestDeleteRefusalCodes(t *testing.T) {
	for _, c := range []struct {
		refusal DeleteRefusal
		status  int
		code    string
	}{{RefusalLegacy, 400, "SMS.2015"}, {RefusalOtherCode, 400, "SMS.6012"}, {RefusalForbidden, 403, "SMS.6012"}} {
		e := newEnv(t, Options{DeleteRefusal: c.refusal})
		task := e.fake.SeedTask(TaskSpec{State: "RUNNING"})
		eb := e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectError(t, c.status, c.code)
		if !slices.Equal(eb.ErrorParam, []string{task.ID}) {
			t.Errorf("refusal %d: error_param %v", c.refusal, eb.ErrorParam)
		}
		e.send("POST", "/v3/tasks/delete", map[string]any{"ids": []string{task.ID}}).expectError(t, c.status, c.code)
	}
}

func TestAfterDeleteReadings(t *testing.T) {
	for _, c := range []struct {
		after      AfterDelete
		state, src string // shown right after the delete; "" = 404
	}{{AfterDeleteDeleting, "DELETING", "deleting"}, {AfterDeleteGone, "", ""}, {AfterDeletePrevious, "ABORT", "stopped"}} {
		e := newEnv(t, Options{AfterDelete: c.after})
		task := e.fake.SeedTask(TaskSpec{State: "ABORT"})
		e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
		if c.state == "" {
			e.send("GET", "/v3/tasks/"+task.ID, nil).expectError(t, http.StatusNotFound, "SMS.6404")
			continue
		}
		e.expectState(task.ID, c.state, c.src)
		if c.after == AfterDeletePrevious {
			// Deleting again is accepted and changes nothing.
			e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
			e.expectState(task.ID, c.state, c.src)
		}
		e.clock.Advance(time.Hour)
		e.send("GET", "/v3/tasks/"+task.ID, nil).expectError(t, http.StatusNotFound, "SMS.6404")
	}
}

func TestDeleteGoesThroughDeleting(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.createTask("del01", nil)
	e.mustAction(id, "start")
	e.clock.Advance(20 * time.Second)
	e.send("DELETE", "/v3/tasks/"+id, nil).expectError(t, http.StatusBadRequest, "SMS.2015")
	e.mustAction(id, "stop")
	e.send("DELETE", "/v3/tasks/"+id, nil).expectError(t, http.StatusBadRequest, "SMS.2015") // stopping
	e.clock.Advance(5 * time.Second)
	e.expectState(id, "ABORT", "stopped")

	r := e.send("DELETE", "/v3/tasks/"+id, nil)
	r.expectStatus(t, http.StatusOK)
	if strings.TrimSpace(string(r.body)) != "{}" {
		t.Fatalf("delete body %q", r.body)
	}
	e.expectState(id, "DELETING", "deleting")
	// A second delete while DELETING with the agent connected hits the gate.
	e.send("DELETE", "/v3/tasks/"+id, nil).expectError(t, http.StatusBadRequest, "SMS.2015")
	// With the agent gone it is accepted and changes nothing.
	if _, err := e.fake.SetTask(id, TaskPatch{Connected: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(6 * time.Second)
	e.send("DELETE", "/v3/tasks/"+id, nil).expectStatus(t, http.StatusOK)
	e.expectState(id, "DELETING", "deleting")
	e.clock.Advance(time.Second) // 7 s after the first delete
	e.send("GET", "/v3/tasks/"+id, nil).expectError(t, http.StatusNotFound, "SMS.6404")
	e.send("DELETE", "/v3/tasks/"+id, nil).expectError(t, http.StatusNotFound, "SMS.6404")
	if got := e.fake.Sources()[0]; got.TaskID != "" || got.State != "waiting" {
		t.Fatalf("source after delete: %+v", got)
	}
}

func TestBatchDeleteIsAllOrNothing(t *testing.T) {
	e := newEnv(t, Options{})
	tasks := e.fake.SeedTasks(3, TaskSpec{Name: "b"})
	busy := e.fake.SeedTask(TaskSpec{Name: "busy", State: "RUNNING"})
	ids := []string{tasks[0].ID, tasks[1].ID, tasks[2].ID}

	e.send("POST", "/v3/tasks/delete", map[string]any{}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": []string{}}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": []string{""}}).expectError(t, http.StatusBadRequest, "SMS.6400")
	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": []string{strings.Repeat("x", 256)}}).expectError(t, http.StatusBadRequest, "SMS.6400")

	eb := e.send("POST", "/v3/tasks/delete", map[string]any{"ids": append(slices.Clone(ids), "ghost-1", busy.ID)}).
		expectError(t, http.StatusNotFound, "SMS.6404")
	if !slices.Equal(eb.ErrorParam, []string{"ghost-1"}) {
		t.Fatalf("error_param = %v", eb.ErrorParam)
	}
	eb = e.send("POST", "/v3/tasks/delete", map[string]any{"ids": append(slices.Clone(ids), busy.ID)}).
		expectError(t, http.StatusBadRequest, "SMS.2015")
	if !slices.Equal(eb.ErrorParam, []string{busy.ID}) {
		t.Fatalf("error_param = %v", eb.ErrorParam)
	}
	for _, id := range ids {
		e.expectState(id, "READY", "waiting") // nothing was deleted
	}

	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": ids}).expectStatus(t, http.StatusOK)
	for _, id := range ids {
		e.expectState(id, "DELETING", "deleting")
	}
	e.clock.Advance(7 * time.Second)
	if got := e.fake.Tasks(); len(got) != 1 || got[0].ID != busy.ID {
		t.Fatalf("left: %+v", got)
	}
}

type listBody struct {
	Count int        `json:"count"`
	Tasks []taskBody `json:"tasks"`
}

func (e *env) list(query string) listBody {
	e.t.Helper()
	r := e.send("GET", "/v3/tasks"+query, nil)
	r.expectStatus(e.t, http.StatusOK)
	var lb listBody
	r.decode(e.t, &lb)
	if lb.Tasks == nil {
		e.t.Fatalf("tasks is not a list: %s", r.body)
	}
	return lb
}

func TestListTasksPaging(t *testing.T) {
	e := newEnv(t, Options{})
	seeded := e.fake.SeedTasks(250, TaskSpec{Name: "page"})
	if seeded[0].Name != "page-001" || seeded[249].Name != "page-250" || seeded[0].ID == seeded[1].ID {
		t.Fatalf("seeded names/ids: %s %s %s", seeded[0].Name, seeded[249].Name, seeded[0].ID)
	}
	var got []string
	for _, want := range []int{100, 100, 50, 0} {
		lb := e.list(fmt.Sprintf("?limit=100&offset=%d", len(got)))
		if lb.Count != 250 || len(lb.Tasks) != want {
			t.Fatalf("offset %d: count %d, %d tasks; want 250, %d", len(got), lb.Count, len(lb.Tasks), want)
		}
		for _, tb := range lb.Tasks {
			got = append(got, tb.Name)
		}
	}
	for i, name := range got {
		if name != seeded[i].Name {
			t.Fatalf("item %d is %s, want %s (creation order)", i, name, seeded[i].Name)
		}
	}
	if lb := e.list(""); len(lb.Tasks) != 100 {
		t.Fatalf("default limit gave %d", len(lb.Tasks))
	}
	if lb := e.list("?limit=0"); len(lb.Tasks) != 0 || lb.Count != 250 {
		t.Fatalf("limit=0: %d/%d", len(lb.Tasks), lb.Count)
	}
	if lb := e.list("?offset=1000"); len(lb.Tasks) != 0 || lb.Count != 250 {
		t.Fatalf("past the end: %d/%d", len(lb.Tasks), lb.Count)
	}
	for _, q := range []string{"?limit=201", "?limit=-1", "?limit=x", "?offset=-1", "?offset=65536", "?state=BOGUS"} {
		e.send("GET", "/v3/tasks"+q, nil).expectError(t, http.StatusBadRequest, "SMS.6400")
	}
}

func TestListTasksFilters(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.fake.SeedTask(TaskSpec{Name: "alpha"})
	b := e.fake.SeedTask(TaskSpec{Name: "beta", State: "RUNNING", EnterpriseProjectID: "eps-1"})
	c := e.fake.SeedTask(TaskSpec{Name: "alpha2", State: "RUNNING"})
	ids := func(lb listBody) []string {
		var out []string
		for _, tb := range lb.Tasks {
			out = append(out, tb.ID)
		}
		return out
	}
	cases := []struct {
		query string
		want  []string
	}{
		// Without enterprise_project_id only the default project shows
		// (ListScopeDefaultProject); all_granted_eps shows every project.
		{"?state=RUNNING", []string{c.ID}},
		{"?state=RUNNING&enterprise_project_id=all_granted_eps", []string{b.ID, c.ID}},
		{"?state=READY", []string{a.ID}},
		{"?state=MIGRATE_SUCCESS", nil},
		{"?name=alpha", []string{a.ID}}, // exact, not prefix
		{"?id=" + c.ID, []string{c.ID}},
		{"?source_server_id=" + b.SourceID, nil},
		{"?source_server_id=" + b.SourceID + "&enterprise_project_id=all_granted_eps", []string{b.ID}},
		{"?enterprise_project_id=eps-1", []string{b.ID}},
		{"?enterprise_project_id=0&state=RUNNING", []string{c.ID}},
		{"?name=gamma", nil},
	}
	for _, tc := range cases {
		lb := e.list(tc.query)
		if got := ids(lb); !slices.Equal(got, tc.want) || lb.Count != len(tc.want) {
			t.Errorf("%s: got %v (count %d), want %v", tc.query, got, lb.Count, tc.want)
		}
	}
	lb := e.list("?id=" + a.ID)
	if lb.Tasks[0].LogCollectStatus != "INIT" || lb.Tasks[0].Syncing == nil || lb.Tasks[0].SourceServer.State != "waiting" {
		t.Fatalf("list item: %+v", lb.Tasks[0])
	}
}

func TestSources(t *testing.T) {
	e := newEnv(t, Options{})
	free := e.fake.SeedSource(SourceSpec{Name: "free", OSType: "WINDOWS"})
	task := e.fake.SeedTask(TaskSpec{Name: "t1", SourceName: "used"})

	var src struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		OSType      string `json:"os_type"`
		State       string `json:"state"`
		Connected   bool   `json:"connected"`
		CurrentTask *struct {
			ID, Name, State string
		} `json:"current_task"`
		InitTargetServer struct {
			Disks []struct {
				Name            string `json:"name"`
				Size            int64  `json:"size"`
				DeviceUse       string `json:"device_use"`
				PhysicalVolumes []struct {
					Name       string `json:"name"`
					MountPoint string `json:"mount_point"`
					Size       int64  `json:"size"`
				} `json:"physical_volumes"`
			} `json:"disks"`
		} `json:"init_target_server"`
	}
	e.send("GET", "/v3/sources/"+task.SourceID, nil).decode(t, &src)
	if src.Name != "used" || src.State != "waiting" || !src.Connected || src.CurrentTask == nil ||
		src.CurrentTask.ID != task.ID || src.CurrentTask.Name != "t1" || src.CurrentTask.State != "READY" {
		t.Fatalf("source: %+v", src)
	}
	d := src.InitTargetServer.Disks
	if len(d) != 1 || d[0].Size != 40<<30 || d[0].DeviceUse != "BOOT" || len(d[0].PhysicalVolumes) != 1 || d[0].PhysicalVolumes[0].MountPoint != "/" {
		t.Fatalf("init_target_server: %+v", src.InitTargetServer)
	}
	e.send("GET", "/v3/sources/nope", nil).expectError(t, http.StatusNotFound, "SMS.6404")

	var lb struct {
		Count         int `json:"count"`
		SourceServers []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"source_servers"`
	}
	e.send("GET", "/v3/sources?name=free", nil).decode(t, &lb)
	if lb.Count != 1 || lb.SourceServers[0].ID != free.ID {
		t.Fatalf("by name: %+v", lb)
	}
	e.send("GET", "/v3/sources?limit=1&offset=1", nil).decode(t, &lb)
	if lb.Count != 2 || len(lb.SourceServers) != 1 || lb.SourceServers[0].Name != "used" {
		t.Fatalf("paged: %+v", lb)
	}
	e.send("GET", "/v3/sources?state=waiting&id="+free.ID, nil).decode(t, &lb)
	if lb.Count != 1 {
		t.Fatalf("by state and id: %+v", lb)
	}
	e.send("GET", "/v3/sources?state=nope", nil).expectError(t, http.StatusBadRequest, "SMS.6400")
}
