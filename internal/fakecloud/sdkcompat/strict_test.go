package sdkcompat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	dcsmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dcs/v2/model"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// smsErrorBody is the documented SMS error body (every v3 page's 403 example
// and the error-code page); the SDK reads error_code, error_msg and
// encoded_authorization_message from it.
type smsErrorBody struct {
	ErrorCode                   string   `json:"error_code"`
	ErrorMsg                    string   `json:"error_msg"`
	ErrorParam                  []string `json:"error_param"`
	EncodedAuthorizationMessage string   `json:"encoded_authorization_message"`
	Details                     []struct {
		ErrorCode string `json:"error_code"`
		ErrorMsg  string `json:"error_msg"`
	} `json:"details"`
}

// gatewayErrorBody is the API gateway's documented error body.
type gatewayErrorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

// readBack are the fields an answer carries beyond its SDK model because
// the official provider's acceptance tests read them back from the service
// (internal/fakecloud/README.md): strict accepts these, and only these.
var readBack = map[reflect.Type][]string{
	reflect.TypeFor[model.ShowTaskResponse](): {"use_public_ip", "use_ipv6", "syncing"},
}

// strict decodes body into v refusing any field v's type does not have.
func strict(t *testing.T, what string, body []byte, v any) {
	t.Helper()
	if extra := readBack[reflect.TypeOf(v).Elem()]; len(extra) > 0 {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err == nil {
			for _, k := range extra {
				delete(obj, k)
			}
			body, _ = json.Marshal(obj)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, body)
	}
}

// decodeAnswer decodes any SMS answer strictly: ok into the SDK model, an
// error into the documented error body of its shape.
func (h *harness) decodeAnswer(what string, status int, body []byte, okModel any) {
	h.t.Helper()
	switch {
	case status == http.StatusOK:
		strict(h.t, what, body, okModel)
	case strings.Contains(string(body), `"APIGW.`):
		strict(h.t, what, body, &gatewayErrorBody{})
	default:
		var e smsErrorBody
		strict(h.t, what, body, &e)
		if e.ErrorCode == "" || e.ErrorMsg == "" {
			h.t.Fatalf("%s: error without code or message: %s", what, body)
		}
	}
}

// readAll decodes every read route strictly: ShowTask and ShowServer of each
// task, every page of ListTasks and ListServers.
func (h *harness) readAll(stage string) {
	h.t.Helper()
	for _, tv := range h.fake.Tasks() {
		st, body := h.do("GET", "/v3/tasks/"+tv.ID, nil)
		h.decodeAnswer(stage+": ShowTask "+tv.State+"/"+tv.SourceState, st, body, &model.ShowTaskResponse{})
		st, body = h.do("GET", "/v3/sources/"+tv.SourceID, nil)
		h.decodeAnswer(stage+": ShowServer "+tv.SourceState, st, body, &model.ShowServerResponse{})
	}
	for off := 0; ; off += 200 {
		st, body := h.do("GET", fmt.Sprintf("/v3/tasks?limit=200&offset=%d", off), nil)
		var list model.ListTasksResponse
		h.decodeAnswer(stage+": ListTasks", st, body, &list)
		if list.Tasks == nil || len(*list.Tasks) == 0 {
			break
		}
	}
	for off := 0; ; off += 200 {
		st, body := h.do("GET", fmt.Sprintf("/v3/sources?limit=200&offset=%d", off), nil)
		var list model.ListServersResponse
		h.decodeAnswer(stage+": ListServers", st, body, &list)
		if list.SourceServers == nil || len(*list.SourceServers) == 0 {
			break
		}
	}
}

// TestEveryStateDecodesStrictly seeds a task in every task state paired with
// every source state (connected and not) and decodes every read route into
// the SDK models with unknown fields disallowed.
func TestEveryStateDecodesStrictly(t *testing.T) {
	h := newHarness(t)
	disconnected := false
	for _, state := range fakecloud.TaskStates() {
		for _, src := range fakecloud.SourceStates() {
			h.fake.SeedTask(fakecloud.TaskSpec{State: state, SourceState: src})
		}
		h.fake.SeedTask(fakecloud.TaskSpec{State: state, Connected: &disconnected, VMTemplateID: "tpl", TargetVMID: "vm-1"})
	}
	h.readAll("seeded")
	if n := len(h.fake.Tasks()); n != len(fakecloud.TaskStates())*(len(fakecloud.SourceStates())+1) {
		t.Fatalf("%d tasks seeded", n)
	}
}

// TestStateMachineDecodesStrictly drives tasks through every operation and
// transition, decoding every route's answer (ok or error) strictly at each
// step, including refused operations and deletes.
func TestStateMachineDecodesStrictly(t *testing.T) {
	// cutover and sync_failed_rollback (outside the SDK enum) reach states
	// the documented operations cannot.
	h := newHarnessWith(t, fakecloud.Options{UndocumentedOperations: true})
	step := func(d time.Duration) { h.clock = h.clock.Add(d) }
	act := func(id, body string) {
		t.Helper()
		st, out := h.do("POST", "/v3/tasks/"+id+"/action", []byte(body))
		h.decodeAnswer("action "+body, st, out, &model.UpdateTaskStatusResponse{})
	}
	src := h.fake.SeedSource(fakecloud.SourceSpec{Name: "drive-src"})
	st, body := h.do("POST", "/v3/tasks", []byte(`{"name":"drive","type":"MIGRATE_BLOCK","os_type":"LINUX",`+
		`"source_server":{"id":"`+src.ID+`"},"target_server":{"name":"t","vm_id":"","disks":[{"name":"/dev/vda","device_use":"BOOT","size":1073741824,"used_size":0}]},`+
		`"region_name":"r","region_id":"r","project_name":"r","project_id":"p","vm_template_id":"tpl","syncing":true,`+
		`"need_migration_test":true,"is_need_consistency_check":true}`))
	var created model.CreateTaskResponse
	h.decodeAnswer("CreateTask", st, body, &created)
	if created.Id == nil {
		t.Fatalf("create: %d %s", st, body)
	}
	id := *created.Id
	failing := h.fake.SeedTask(fakecloud.TaskSpec{Name: "failing", FailMigration: true, NeedMigrationTest: true,
		ConsistencyCheck: true, Fail: fakecloud.Failures{Clone: true, Clear: true, MigrationTest: true}})
	syncFail := h.fake.SeedTask(fakecloud.TaskSpec{Name: "syncfail", State: fakecloud.StateSyncFail})
	h.readAll("created")

	ops := []string{"migration_test", "network_check", "network_check", "start", "skip", "stop", "start", "clone_test",
		"test", "cutover", "clear", "restart", "sync_failed_rollback"}
	for _, op := range ops {
		body := `{"operation":"` + op + `"}`
		if op == "clone_test" {
			body = `{"operation":"clone_test","template_id":"tpl"}`
		}
		for _, tid := range []string{id, failing.ID, syncFail.ID} {
			act(tid, body)
		}
		for i := 0; i < 4; i++ {
			h.readAll(op)
			step(4 * time.Second)
		}
	}
	for _, tid := range []string{id, failing.ID, syncFail.ID} {
		st, out := h.do("PUT", "/v3/tasks/"+tid, []byte(`{"name":"renamed","speed_limit":10,"use_public_ip":false}`))
		h.decodeAnswer("UpdateTask", st, out, &model.UpdateTaskResponse{})
		st, out = h.do("DELETE", "/v3/tasks/"+tid, nil)
		h.decodeAnswer("DeleteTask", st, out, &model.DeleteTaskResponse{})
		h.readAll("deleting")
	}
	st, out := h.do("POST", "/v3/tasks/delete", []byte(`{"ids":["nope"]}`))
	h.decodeAnswer("DeleteTasks", st, out, &model.DeleteTasksResponse{})
	seeded := h.fake.SeedTasks(3, fakecloud.TaskSpec{Name: "batch"})
	st, out = h.do("POST", "/v3/tasks/delete", []byte(`{"ids":["`+seeded[0].ID+`","`+seeded[1].ID+`"]}`))
	h.decodeAnswer("DeleteTasks", st, out, &model.DeleteTasksResponse{})
	if st != http.StatusOK {
		t.Fatalf("batch delete: %d %s", st, out)
	}
	step(time.Minute)
	h.readAll("deleted")
	st, out = h.do("GET", "/v3/tasks/"+seeded[0].ID, nil)
	h.decodeAnswer("ShowTask gone", st, out, &model.ShowTaskResponse{})
	if st != http.StatusNotFound {
		t.Fatalf("deleted task: %d", st)
	}
	st, out = h.do("GET", "/v3/nowhere", nil)
	h.decodeAnswer("no route", st, out, nil)
}

// TestDeleteReadingsDecodeStrictly decodes the answers of every reading of
// the deletion gate, its refusal and what a deleted task shows.
func TestDeleteReadingsDecodeStrictly(t *testing.T) {
	for _, gate := range []fakecloud.DeleteGate{fakecloud.GateAllowList, fakecloud.GateDenyList, fakecloud.GateAllowListLiteral} {
		for _, refusal := range []fakecloud.DeleteRefusal{fakecloud.RefusalLegacy, fakecloud.RefusalOtherCode, fakecloud.RefusalForbidden} {
			for _, after := range []fakecloud.AfterDelete{fakecloud.AfterDeleteDeleting, fakecloud.AfterDeleteGone, fakecloud.AfterDeletePrevious} {
				h := newHarnessWith(t, fakecloud.Options{DeleteGate: gate, DeleteRefusal: refusal, AfterDelete: after})
				var ids []string
				for _, src := range fakecloud.SourceStates() {
					ids = append(ids, h.fake.SeedTask(fakecloud.TaskSpec{State: fakecloud.StateAbort, SourceState: src}).ID)
				}
				refused := 0
				for _, id := range ids {
					st, out := h.do("DELETE", "/v3/tasks/"+id, nil)
					h.decodeAnswer("DeleteTask", st, out, &model.DeleteTaskResponse{})
					if st != http.StatusOK {
						refused++
					}
				}
				st, out := h.do("POST", "/v3/tasks/delete", []byte(`{"ids":["`+strings.Join(ids, `","`)+`"]}`))
				h.decodeAnswer("DeleteTasks", st, out, &model.DeleteTasksResponse{})
				h.readAll(fmt.Sprintf("gate %d refusal %d after %d", gate, refusal, after))
				if refused == 0 {
					t.Fatalf("gate %d: nothing refused", gate)
				}
			}
		}
	}
}

// TestDCSDecodesStrictly decodes the DCS answers into the SDK models.
func TestDCSDecodesStrictly(t *testing.T) {
	h := newHarness(t)
	h.fake.SeedBackgroundTask("inst-1", fakecloud.BGTaskSpec{ID: "bg-1", Status: "FAILED"})
	h.fake.SeedBackgroundTask("inst-1", fakecloud.BGTaskSpec{ID: "bg-2", Status: "EXECUTING"})
	st, body := h.do("GET", "/v2/"+h.fake.ProjectID()+"/instances/inst-1/tasks?limit=10", nil)
	if st != http.StatusOK {
		t.Fatalf("%d %s", st, body)
	}
	strict(t, "ListBackgroundTask", body, &dcsmodel.ListBackgroundTaskResponse{})
	st, body = h.do("DELETE", "/v2/"+h.fake.ProjectID()+"/instances/inst-1/tasks/bg-1", nil)
	if st != http.StatusOK {
		t.Fatalf("%d %s", st, body)
	}
	strict(t, "DeleteBackgroundTask", body, &dcsmodel.DeleteBackgroundTaskResponse{})
}

// fill returns a value of type typ with every field set, recursively, so its
// JSON names every field of the SDK model.
func fill(typ reflect.Type, depth int) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Pointer:
		v.Set(fill(typ.Elem(), depth).Addr())
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Slice:
		if depth < 4 {
			v.Set(reflect.Append(v, fill(typ.Elem(), depth+1)))
		}
	case reflect.Struct:
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); f.IsExported() && depth < 4 {
				v.Field(i).Set(fill(f.Type, depth+1))
			}
		}
	}
	return v
}

// TestRequestModelsAreAccepted sends every field of each SDK request model
// and expects no "unknown field" answer; then one field the model lacks and
// expects a 400 naming it.
func TestRequestModelsAreAccepted(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "req"})
	routes := []struct {
		name, method, path string
		model              any
	}{
		{"PostTask", "POST", "/v3/tasks", model.PostTask{}},
		{"PutTaskReq", "PUT", "/v3/tasks/" + task.ID, model.PutTaskReq{}},
		{"UpdateTaskStatusReq", "POST", "/v3/tasks/" + task.ID + "/action", model.UpdateTaskStatusReq{}},
		{"DeleteTasksReq", "POST", "/v3/tasks/delete", model.DeleteTasksReq{}},
	}
	for _, r := range routes {
		body, err := json.Marshal(fill(reflect.TypeOf(r.model), 0).Interface())
		if err != nil {
			t.Fatal(err)
		}
		st, out := h.do(r.method, r.path, body)
		if strings.Contains(string(out), "is not a field of this request") {
			t.Errorf("%s: a field of the SDK model was refused: %d %s\n%s", r.name, st, out, body)
		}
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			t.Fatal(err)
		}
		obj["enterprise_project_id_x"] = "x"
		body, _ = json.Marshal(obj)
		st, out = h.do(r.method, r.path, body)
		var e smsErrorBody
		strict(t, r.name, out, &e)
		if st != http.StatusBadRequest || len(e.ErrorParam) != 1 || e.ErrorParam[0] != "enterprise_project_id_x" {
			t.Errorf("%s with an unknown field: %d %s", r.name, st, out)
		}
	}
	// The provider used to send enterprise_project_id on create: not a
	// PostTask field, so a strict gateway refuses it.
	st, out := h.do("POST", "/v3/tasks", []byte(`{"name":"n","type":"MIGRATE_BLOCK","source_server":{"id":"`+task.SourceID+
		`"},"target_server":{"name":"t","vm_id":""},"region_name":"r","region_id":"r","project_name":"r","project_id":"p","enterprise_project_id":"0"}`))
	if st != http.StatusBadRequest || !strings.Contains(string(out), `"enterprise_project_id"`) {
		t.Fatalf("enterprise_project_id on create: %d %s", st, out)
	}
}
