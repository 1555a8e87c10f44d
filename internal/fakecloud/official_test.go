package fakecloud

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// The requests the official provider's acceptance tests send and what they
// read back (README.md: the first-ranked source), each as the fake must
// take it.
func TestOfficialTestRequestsAccepted(t *testing.T) {
	e := newEnv(t, Options{})
	// A template with only a name and a zone: nics and security groups
	// autoCreate, without cidr; volume type GPSSD read back as sent.
	var tpl struct{ ID string }
	e.send("POST", "/v3/vm/templates", map[string]any{"template": map[string]any{
		"name": "tpl-min", "availability_zone": "cn-north-4a", "is_template": true, "region": "cn-north-4", "projectid": e.fake.ProjectID(),
		"target_server_name": "tpl-min", "volumetype": "GPSSD",
		"vpc":             map[string]any{"id": "autoCreate", "name": "autoCreate"},
		"nics":            []any{map[string]any{"id": "autoCreate", "name": "autoCreate"}},
		"security_groups": []any{map[string]any{"id": "autoCreate", "name": "autoCreate"}},
	}}).decode(t, &tpl)
	if !strings.Contains(string(e.send("GET", "/v3/vm/templates/"+tpl.ID, nil).body), `"volumetype":"GPSSD"`) {
		t.Fatal("volume type not read back as sent")
	}
	// UpdateTemplate with no template changes nothing.
	e.send("PUT", "/v3/vm/templates/"+tpl.ID, map[string]any{}).expectStatus(t, http.StatusOK)

	// A task from the template with target_server holding only disks.
	src := e.fake.SeedSource(SourceSpec{Name: "acc-src"})
	body := e.taskBody("MigrationTask", src.ID)
	body["target_server"] = map[string]any{"disks": []any{map[string]any{"name": "/dev/vda", "size": 1 << 30, "device_use": "BOOT"}}}
	body["vm_template_id"], body["auto_start"], body["use_ipv6"], body["start_network_check"] = tpl.ID, true, true, true
	body["speed_limit"], body["over_speed_threshold"], body["is_need_consistency_check"], body["need_migration_test"] = 10, 50.0, true, true
	var created struct{ ID string }
	e.send("POST", "/v3/tasks", body).decode(t, &created)
	// auto_start leaves the task READY (AutoStartQueued), the target named
	// after the template, use_public_ip and use_ipv6 read back.
	shown := e.getTask(created.ID)
	raw := string(e.send("GET", "/v3/tasks/"+created.ID, nil).body)
	if shown.State != StateReady || shown.TargetServer.Name != "tpl-min" || !strings.Contains(raw, `"use_ipv6":true`) || !strings.Contains(raw, `"use_public_ip":true`) {
		t.Fatalf("task from a template: %s", raw)
	}
	// Its settings: a period ending 23:59 with over_speed_threshold, a
	// configuration with a free-text config_status.
	e.send("POST", "/v3/tasks/"+created.ID+"/speed-limit", map[string]any{"speed_limit": []any{
		map[string]any{"start": "00:00", "end": "23:59", "speed": 1000, "over_speed_threshold": 50.0}}}).expectStatus(t, http.StatusOK)
	e.send("POST", "/v3/tasks/"+created.ID+"/configuration-setting", map[string]any{"configurations": []any{
		map[string]any{"config_key": "LINUX_CPU_LIMIT", "config_value": "60", "config_status": "testA"}}}).expectStatus(t, http.StatusOK)
	if !strings.Contains(string(e.send("GET", "/v3/tasks/"+created.ID+"/configuration-setting", nil).body), `"config_status":"testA"`) {
		t.Fatal("config_status not read back")
	}
	// Destroy order: the task, then at once its template.
	e.send("DELETE", "/v3/tasks/"+created.ID, nil).expectStatus(t, http.StatusOK)
	e.send("DELETE", "/v3/vm/templates/"+tpl.ID, nil).expectStatus(t, http.StatusOK)

	// The account's built-in migration project is SystemProject.
	if !strings.Contains(string(e.send("GET", "/v3/migprojects", nil).body), `"name":"SystemProject"`) {
		t.Fatal("no SystemProject")
	}
}

// TestAutoStartReadings: by default auto_start queues START for the agent
// and the migration begins when the agent reports it; the other reading
// starts at once.
func TestAutoStartReadings(t *testing.T) {
	for _, r := range []AutoStart{AutoStartQueued, AutoStartImmediate} {
		e := newEnv(t, Options{AutoStart: r})
		id := e.createTask("auto-01", map[string]any{"auto_start": true})
		if r == AutoStartImmediate {
			e.expectState(id, StateRunning, "initialize")
			continue
		}
		e.expectState(id, StateReady, "waiting")
		tv, _ := e.fake.Task(id)
		if !strings.Contains(string(e.send("GET", "/v3/sources/"+tv.SourceID+"/command", nil).body), `"command_name":"START"`) {
			t.Fatal("START not queued")
		}
		e.send("POST", "/v3/sources/"+tv.SourceID+"/command_result", map[string]any{"command_name": "START", "result": "success",
			"result_detail": map[string]any{}}).expectStatus(t, http.StatusOK)
		e.expectState(id, StateRunning, "initialize")
	}
}

// TestRulesNoSourceStates: what the fake used to refuse with no source
// behind it: an empty configurations list, INSTALL_PWD_AGENT (ConfigBody's
// description), a migration_ip that is an address (refused when it is not),
// error_for_overspeed (refused unless undocumented-operations).
func TestRulesNoSourceStates(t *testing.T) {
	for _, undocumented := range []bool{false, true} {
		e := newEnv(t, Options{UndocumentedOperations: undocumented})
		task := e.fake.SeedTask(TaskSpec{State: StateRunning})
		e.send("POST", "/v3/tasks/"+task.ID+"/configuration-setting", map[string]any{"configurations": []any{}}).expectStatus(t, http.StatusOK)
		e.send("POST", "/v3/tasks/"+task.ID+"/configuration-setting", map[string]any{"configurations": []any{
			map[string]any{"config_key": "INSTALL_PWD_AGENT", "config_value": "true"}}}).expectStatus(t, http.StatusOK)
		e.send("PUT", "/v3/tasks/"+task.ID, map[string]any{"migration_ip": "not-an-ip"}).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
		e.send("PUT", "/v3/tasks/"+task.ID, map[string]any{"migration_ip": "fd00::10"}).expectStatus(t, http.StatusOK)
		r := e.action(task.ID, "error_for_overspeed")
		if !undocumented {
			r.expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
			continue
		}
		r.expectStatus(t, http.StatusOK)
		e.expectState(task.ID, StateAborting, "stopping")
		e.clock.Advance(time.Minute)
		e.expectState(task.ID, StateAbort, "stopped")
	}
}

// TestListServersPageAndFilters: limit 0 and no limit mean 200
// (ListServersRequest); the ipv6 and is_consistency_result_exist filters
// apply.
func TestListServersPageAndFilters(t *testing.T) {
	e := newEnv(t, Options{})
	for range 201 {
		e.fake.SeedSource(SourceSpec{})
	}
	var page struct {
		Count         int              `json:"count"`
		SourceServers []map[string]any `json:"source_servers"`
	}
	for _, q := range []string{"", "?limit=0"} {
		e.send("GET", "/v3/sources"+q, nil).decode(t, &page)
		if page.Count != 201 || len(page.SourceServers) != 200 {
			t.Fatalf("GET /v3/sources%s: count %d, %d items", q, page.Count, len(page.SourceServers))
		}
	}
	e.send("POST", "/v3/sources", map[string]any{"name": "v6", "ipv6": "fd00::20", "os_type": "LINUX", "os_version": "x",
		"agent_version": "1", "networks": []any{map[string]any{"mac": "fa:16:3e:00:00:01"}}}).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/sources?ipv6=fd00::20", nil).decode(t, &page)
	if page.Count != 1 || page.SourceServers[0]["name"] != "v6" {
		t.Fatalf("ipv6 filter: %+v", page)
	}
	task := e.fake.SeedTask(TaskSpec{})
	if err := e.fake.AddConsistencyResult(task.ID, ConsistencyDir{Dir: "/"}); err != nil {
		t.Fatal(err)
	}
	e.send("GET", "/v3/sources?is_consistency_result_exist=true", nil).decode(t, &page)
	if page.Count != 1 || page.SourceServers[0]["id"] != task.SourceID {
		t.Fatalf("is_consistency_result_exist filter: %+v", page)
	}
	e.send("GET", "/v3/sources?is_consistency_result_exist=maybe", nil).expectError(t, http.StatusBadRequest, codeSMSInvalidParam)
}
