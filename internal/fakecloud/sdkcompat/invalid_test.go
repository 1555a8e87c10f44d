package sdkcompat

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// notInEnum is a value no SDK enum has.
const notInEnum = "NOT_IN_THE_ENUM"

// bodyRoute is a route with an SDK request body model and a body the fake
// accepts; lengths are the documented length limits of its string fields.
type bodyRoute struct {
	name, method string
	path         func() string // a fresh target per request
	model        reflect.Type
	valid        func() map[string]any
	lengths      map[string]int // dotted path (slices as [0]) -> max characters
}

// TestInvalidRequestsAreRefused derives, from each SDK request model, the
// requests the model marks invalid (a required field left out, a value
// outside an enum, a string over its documented length) and expects the fake
// to refuse every one with 400, while the valid body it starts from is
// accepted.
func TestInvalidRequestsAreRefused(t *testing.T) {
	h := newHarness(t)
	task := func(state string) func() string {
		return func() string {
			return "/v3/tasks/" + h.fake.SeedTask(fakecloud.TaskSpec{State: state}).ID
		}
	}
	fixed := func(p string) func() string { return func() string { return p } }
	source := func() string { return "/v3/sources/" + h.fake.SeedSource(fakecloud.SourceSpec{}).ID }
	routes := []bodyRoute{
		{
			name: "CreateTask", method: "POST", path: fixed("/v3/tasks"), model: reflect.TypeFor[model.PostTask](),
			valid: func() map[string]any {
				return map[string]any{"name": "n1", "type": "MIGRATE_BLOCK", "os_type": "LINUX",
					"source_server": map[string]any{"id": h.fake.SeedSource(fakecloud.SourceSpec{}).ID},
					"target_server": map[string]any{"name": "t", "vm_id": "", "disks": []any{validDisk()}},
					"region_name":   "r", "region_id": "r", "project_name": "r", "project_id": "p"}
			},
			lengths: map[string]int{"name": 64, "source_server.id": 255, "target_server.name": 255, "target_server.vm_id": 255,
				"region_name": 255, "region_id": 255, "project_name": 255, "project_id": 255, "migration_ip": 255, "vm_template_id": 255},
		},
		{
			name: "UpdateTask", method: "PUT", path: func() string { return task("")() }, model: reflect.TypeFor[model.PutTaskReq](),
			valid: func() map[string]any {
				return map[string]any{"name": "n2", "type": "MIGRATE_FILE", "migration_ip": "10.0.0.1", "region_id": "r", "project_id": "p",
					"target_server": map[string]any{"name": "t", "disks": []any{validDisk()}}}
			},
			lengths: map[string]int{"name": 64, "migration_ip": 255, "region_id": 255, "project_id": 255},
		},
		{
			name: "UpdateTaskStatus", method: "POST", path: func() string { return task(fakecloud.StateMigrateSuccess)() + "/action" },
			model: reflect.TypeFor[model.UpdateTaskStatusReq](),
			valid: func() map[string]any { return map[string]any{"operation": "clone_test", "template_id": "tpl"} },
			// template_id 0-255: the current UpdateTaskStatus pages.
			lengths: map[string]int{"template_id": 255},
		},
		{
			name: "UpdateSpeedLimit", method: "POST", path: func() string { return task("")() + "/speed-limit" },
			model: reflect.TypeFor[model.SpeedLimit](),
			valid: func() map[string]any {
				return map[string]any{"speed_limit": []any{map[string]any{"start": "01:00", "end": "02:00", "speed": 100}}}
			},
		},
		{
			name: "UploadSpecialConfigurationSetting", method: "POST", path: func() string { return task("")() + "/configuration-setting" },
			model: reflect.TypeFor[model.ConfigurationRequestBody](),
			valid: func() map[string]any {
				return map[string]any{"configurations": []any{map[string]any{"config_key": "DYNAMIC_PORT", "config_value": "1"}}}
			},
		},
		{
			name: "DeleteTasks", method: "POST", path: fixed("/v3/tasks/delete"), model: reflect.TypeFor[model.DeleteTasksReq](),
			valid: func() map[string]any { return map[string]any{"ids": []any{h.fake.SeedTask(fakecloud.TaskSpec{}).ID}} },
		},
		{
			name: "CreateTemplate", method: "POST", path: fixed("/v3/vm/templates"), model: reflect.TypeFor[model.CreateTemplateReq](),
			valid:   func() map[string]any { return map[string]any{"template": validTemplate()} },
			lengths: map[string]int{"template.name": 255, "template.volumetype": 255, "template.flavor": 255},
		},
		{
			name: "UpdateTemplate", method: "PUT", path: func() string { return "/v3/vm/templates/" + newTemplate(h) },
			model:   reflect.TypeFor[model.UpdateTemplateReq](),
			valid:   func() map[string]any { return map[string]any{"template": validTemplate()} },
			lengths: map[string]int{"template.name": 255, "template.volumetype": 255, "template.flavor": 255},
		},
		{
			name: "UpdateMigproject", method: "PUT", path: func() string { return "/v3/migprojects/" + newMigProject(h) },
			model: reflect.TypeFor[model.MigProject](),
			valid: func() map[string]any {
				return map[string]any{"name": fmt.Sprintf("renamed-%d", len(h.fake.MigProjects())), "region": "cn-north-4", "type": "MIGRATE_FILE"}
			},
			lengths: map[string]int{"name": 100, "description": 255, "region": 100},
		},
		{
			name: "RegisterServer", method: "POST", path: fixed("/v3/sources"), model: reflect.TypeFor[model.PostSourceServerBody](),
			valid: func() map[string]any {
				return map[string]any{"name": "agent", "ip": "192.168.0.30", "os_type": "LINUX", "os_version": "Ubuntu 18.04 server 64bit",
					"agent_version": "25.2.0", "firmware": "BIOS", "migration_cycle": "checking", "state": "waiting", "platform": "hw",
					"networks": []any{map[string]any{"name": "eth0", "mac": "fa:16:3e:00:00:30"}}}
			},
			lengths: map[string]int{"name": 255, "os_version": 255, "agent_version": 255},
		},
		{
			name: "UpdateServerName", method: "PUT", path: source, model: reflect.TypeFor[model.PutSourceServerBody](),
			valid:   func() map[string]any { return map[string]any{"name": "renamed"} },
			lengths: map[string]int{"name": 255, "migprojectid": 255},
		},
		{
			name: "DeleteServers", method: "POST", path: fixed("/v3/sources/delete"), model: reflect.TypeFor[model.DeleteIds](),
			valid: func() map[string]any {
				return map[string]any{"ids": []any{h.fake.SeedSource(fakecloud.SourceSpec{}).ID}}
			},
		},
		{
			name: "UpdateCopyState", method: "PUT", path: func() string { return source() + "/changestate" },
			model: reflect.TypeFor[model.PutCopyStateReq](),
			valid: func() map[string]any { return map[string]any{"copystate": "waiting", "migrationcycle": "checking"} },
		},
		{
			name: "UpdateDiskInfo", method: "PUT", path: func() string { return source() + "/diskinfo" },
			model: reflect.TypeFor[model.PutDiskInfoReq](),
			valid: func() map[string]any {
				return map[string]any{"disks": []any{map[string]any{"name": "/dev/vda", "device_use": "BOOT", "size": 1 << 30, "used_size": 0}}}
			},
		},
		{
			name: "UpdateCommandResult", method: "POST", path: func() string { return source() + "/command_result" },
			model: reflect.TypeFor[model.CommandBody](),
			valid: func() map[string]any {
				return map[string]any{"command_name": "START", "result": "success", "result_detail": map[string]any{"msg": "ok"}}
			},
		},
		{
			name: "CollectLog", method: "POST", path: func() string { return task("")() + "/log" },
			model: reflect.TypeFor[model.UploadLogRequestBody](),
			valid: func() map[string]any { return map[string]any{"log_bucket": "logs"} },
		},
		{
			name: "UpdateConsistencyResult", method: "POST", path: func() string { return task("")() + "/consistency-result" },
			model: reflect.TypeFor[model.SetConsistencyResultRequestBody](),
			valid: func() map[string]any {
				return map[string]any{"consistency_result": []any{map[string]any{"dir_check": "/", "num_total_files": 1,
					"num_different_files": 0, "num_target_miss_files": 0, "num_target_more_files": 0}}}
			},
		},
		{
			name: "ExportConsistencyResults", method: "POST", path: fixed("/v3/tasks/consistency-results/export"),
			model: reflect.TypeFor[model.BatchGetConsistencyResultReq](),
			valid: func() map[string]any {
				return map[string]any{"task_info": []any{map[string]any{"task_id": h.fake.SeedTask(fakecloud.TaskSpec{}).ID}}}
			},
		},
		{
			name: "UpdateNetworkCheckInfo", method: "POST",
			path:  func() string { return "/v3/" + h.fake.SeedTask(fakecloud.TaskSpec{}).ID + "/update-network-check-info" },
			model: reflect.TypeFor[model.NetworkCheckInfoRequestBody](),
			valid: func() map[string]any {
				return map[string]any{"network_delay": 20, "network_jitter": 2, "migration_speed": 100, "loss_percentage": 0,
					"cpu_usage": 20, "mem_usage": 20, "evaluation_result": "success", "domain_connectivity": true}
			},
		},
		{
			name: "UpdateTaskSpeed", method: "PUT", path: func() string { return task("")() + "/progress" },
			model: reflect.TypeFor[model.UpdateTaskSpeedReq](),
			valid: func() map[string]any {
				return map[string]any{"subtask_name": "DETTACH_AGENT_IMAGE", "progress": 100, "replicatesize": 1000, "totalsize": 100000,
					"process_trace": "migrate details", "migrate_speed": 10, "need_migration_test": false}
			},
		},
		{
			name: "DeleteTemplates", method: "POST", path: fixed("/v3/vm/templates/delete"), model: reflect.TypeFor[model.DeletetemplatesReq](),
			valid: func() map[string]any { return map[string]any{"ids": []any{newTemplate(h)}} },
		},
		{
			name: "CreateMigproject", method: "POST", path: fixed("/v3/migprojects"), model: reflect.TypeFor[model.PostMigProjectBody](),
			valid: func() map[string]any {
				return map[string]any{"name": fmt.Sprintf("wave-%d", len(h.fake.MigProjects())), "region": "cn-north-4", "type": "MIGRATE_BLOCK"}
			},
			lengths: map[string]int{"name": 100, "description": 255, "region": 100},
		},
	}
	for _, r := range routes {
		base, cases := invalidBodies(r.model, r.valid())
		if st, out := h.do(r.method, r.path(), mustJSON(t, base)); st != http.StatusOK {
			t.Fatalf("%s: the valid body was refused: %d %s\n%s", r.name, st, out, mustJSON(t, base))
		}
		for field, max := range r.lengths {
			cases = append(cases, invalidBody{what: field + " over " + fmt.Sprint(max) + " characters", body: withValue(base, field, strings.Repeat("a", max+1))})
		}
		if len(cases) == 0 {
			t.Errorf("%s: no invalid request derived from %s", r.name, r.model)
		}
		t.Logf("%s: %d invalid requests", r.name, len(cases))
		for _, c := range cases {
			st, out := h.do(r.method, r.path(), mustJSON(t, c.body))
			if st != http.StatusBadRequest {
				t.Errorf("%s, %s: %d %s, want 400", r.name, c.what, st, out)
			}
		}
	}
}

// TestInvalidQueriesAreRefused: a query parameter outside the enum of its
// SDK request model is refused.
func TestInvalidQueriesAreRefused(t *testing.T) {
	h := newHarness(t)
	for _, r := range []struct {
		path  string
		model reflect.Type
	}{
		{"/v3/tasks", reflect.TypeFor[model.ListTasksRequest]()},
		{"/v3/sources", reflect.TypeFor[model.ListServersRequest]()},
	} {
		n := 0
		for i := 0; i < r.model.NumField(); i++ {
			f := r.model.Field(i)
			name, _ := jsonName(f)
			if name == "" || !isEnum(f.Type) {
				continue
			}
			n++
			if st, out := h.do("GET", r.path+"?"+name+"="+notInEnum, nil); st != http.StatusBadRequest {
				t.Errorf("GET %s?%s=%s: %d %s, want 400", r.path, name, notInEnum, st, out)
			}
		}
		if n == 0 {
			t.Errorf("%s: no enum query parameter in %s", r.path, r.model)
		}
	}
}

// newTemplate and newMigProject create an object to update, returning its
// id.
func newTemplate(h *harness) string {
	return createdID(h, "/v3/vm/templates", map[string]any{"template": validTemplate()})
}

func newMigProject(h *harness) string {
	return createdID(h, "/v3/migprojects", map[string]any{"name": fmt.Sprintf("p-%d", len(h.fake.MigProjects())), "region": "r", "type": "MIGRATE_BLOCK"})
}

func createdID(h *harness, path string, body map[string]any) string {
	h.t.Helper()
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(h.call("POST", path, mustJSON(h.t, body)), &created); err != nil || created.ID == "" {
		h.t.Fatalf("POST %s: %v %+v", path, err, created)
	}
	return created.ID
}

func validDisk() map[string]any {
	return map[string]any{"name": "/dev/vda", "device_use": "BOOT", "size": 1 << 30, "used_size": 0}
}

func validTemplate() map[string]any {
	return map[string]any{
		"name": "tpl", "availability_zone": "az1", "volumetype": "SAS",
		"nics":            []any{map[string]any{"id": "autoCreate", "name": "autoCreate", "cidr": "192.168.0.0/24"}},
		"security_groups": []any{map[string]any{"id": "autoCreate", "name": "autoCreate"}},
		"publicip":        map[string]any{"type": "5_bgp", "bandwidth_size": 10},
		"disk":            []any{map[string]any{"index": 0, "name": "/dev/vda", "disktype": "SAS", "size": 40}},
	}
}

// acceptedWithout are fields an SDK request model marks required that the
// official provider's acceptance tests leave out of requests the service
// accepts (internal/fakecloud/README.md ranks those tests first).
var acceptedWithout = map[string]bool{
	// TestAccServerTemplate_basic: {"id":"autoCreate","name":"autoCreate"}.
	"template.nics[0].cidr": true,
}

type invalidBody struct {
	what  string
	field string
	value []any // none: the field left out
	body  map[string]any
}

// invalidBodies walks the model typ alongside valid. A nested model (an
// object or a list of objects) that valid leaves out is added to the base
// body, synthesized with every field set (synthesize), so the walk reaches
// every nested model. For each field of the base body it derives: a body
// without it when the model requires it, one with a value outside the enum
// when the field is an enum, and one with a value of the wrong JSON type. It
// returns the base body (to be accepted) and those bodies (to be refused).
func invalidBodies(typ reflect.Type, valid map[string]any) (map[string]any, []invalidBody) {
	base := withValue(valid, "", nil) // a deep copy
	var out []invalidBody
	var walk func(typ reflect.Type, at string, obj map[string]any)
	walk = func(typ reflect.Type, at string, obj map[string]any) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name, required := jsonName(f)
			if name == "" {
				continue
			}
			field := strings.TrimPrefix(at+"."+name, ".")
			ft := deref(f.Type)
			if _, present := obj[name]; !present && nestedModel(ft) {
				obj[name] = synthesize(f.Type, name, 0)
			}
			fv, present := obj[name]
			if required && !acceptedWithout[field] {
				out = append(out, invalidBody{what: field + " left out", field: field})
			}
			if !present {
				continue
			}
			if wrong, ok := wrongType(ft); ok {
				out = append(out, invalidBody{what: field + " of the wrong JSON type", field: field, value: []any{wrong}})
			}
			switch {
			case isEnum(ft):
				out = append(out, invalidBody{what: field + " outside its enum", field: field, value: []any{notInEnum}})
			case ft.Kind() == reflect.Struct:
				if m, ok := fv.(map[string]any); ok {
					walk(ft, field, m)
				}
			case ft.Kind() == reflect.Slice && deref(ft.Elem()).Kind() == reflect.Struct && !isEnum(ft.Elem()):
				if items, ok := fv.([]any); ok && len(items) > 0 {
					if m, ok := items[0].(map[string]any); ok {
						walk(deref(ft.Elem()), field+"[0]", m)
					}
				}
			}
		}
	}
	walk(deref(typ), "", base)
	for i := range out {
		if len(out[i].value) == 0 {
			out[i].body = without(base, out[i].field)
		} else {
			out[i].body = withValue(base, out[i].field, out[i].value[0])
		}
	}
	return base, out
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// nestedModel: an object, or a list of objects, of the SDK's models.
func nestedModel(t reflect.Type) bool {
	if t.Kind() == reflect.Slice {
		t = deref(t.Elem())
	}
	return t.Kind() == reflect.Struct && !isEnum(t)
}

// wrongType is a JSON value of another type than t's; false for a field
// that takes any JSON.
func wrongType(t reflect.Type) (any, bool) {
	switch t.Kind() {
	case reflect.String:
		return 12345, true
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64, reflect.Bool, reflect.Slice:
		return "x", true
	case reflect.Struct:
		if isEnum(t) {
			return 12345, true
		}
		return "x", true
	}
	return nil, false
}

// enumSamples are valid values of the SDK enums nested models use.
var enumSamples = map[string]string{
	"TargetServerOsType": "LINUX", "TargetServerFirmware": "BIOS", "TargetServerBootLoader": "GRUB",
	"TargetDiskDeviceUse": "BOOT", "TargetDiskPartitionStyle": "MBR", "TargetPhysicalVolumesDeviceUse": "OS",
	"CloneServerCloneState": "READY", "TargetDisksDeviceUse": "BOOT",
}

// sampleByName are values for fields whose format the fake checks.
var sampleByName = map[string]any{"ip": "192.168.0.20", "ipv6": "fe80::20", "mac": "fa:16:3e:00:00:20"}

// synthesize is a JSON value of the model type t with every field set:
// strings "x", numbers 1, booleans true, enums a sample value, one item per
// list. name is the field's JSON name.
func synthesize(t reflect.Type, name string, depth int) any {
	t = deref(t)
	if v, ok := sampleByName[name]; ok && t.Kind() == reflect.String {
		return v
	}
	switch {
	case isEnum(t):
		v, ok := enumSamples[t.Name()]
		if !ok {
			panic("no sample value for the SDK enum " + t.Name())
		}
		return v
	case t.Kind() == reflect.String:
		return "x"
	case t.Kind() == reflect.Bool:
		return true
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return 1
	case t.Kind() == reflect.Slice:
		if depth > 4 {
			return []any{}
		}
		return []any{synthesize(t.Elem(), name, depth+1)}
	case t.Kind() == reflect.Struct:
		obj := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			if n, _ := jsonName(t.Field(i)); n != "" && depth <= 4 {
				obj[n] = synthesize(t.Field(i).Type, n, depth+1)
			}
		}
		return obj
	}
	return map[string]any{} // interface{}: any JSON
}

// jsonName is the field's JSON name ("" when it has none) and whether the
// model requires it (no omitempty).
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "" || tag == "-" || !f.IsExported() {
		return "", false
	}
	name, opts, _ := strings.Cut(tag, ",")
	return name, !strings.Contains(opts, "omitempty")
}

// isEnum reports an SDK enum type: a struct with Value() string and its own
// UnmarshalJSON.
func isEnum(typ reflect.Type) bool {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct {
		return false
	}
	_, hasValue := typ.MethodByName("Value")
	_, hasUnmarshal := reflect.PointerTo(typ).MethodByName("UnmarshalJSON")
	return hasValue && hasUnmarshal
}

// without and withValue copy body, then delete or set the value at a dotted
// path ("a.b[0].c").
func without(body map[string]any, path string) map[string]any {
	return edit(body, path, func(m map[string]any, key string) { delete(m, key) })
}

func withValue(body map[string]any, path string, v any) map[string]any {
	return edit(body, path, func(m map[string]any, key string) { m[key] = v })
}

func edit(body map[string]any, path string, change func(map[string]any, string)) map[string]any {
	var out map[string]any
	raw, _ := json.Marshal(body)
	_ = json.Unmarshal(raw, &out)
	if path == "" {
		return out
	}
	cur := out
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		key, indexed := strings.CutSuffix(p, "[0]")
		next := cur[key]
		if indexed {
			items, _ := next.([]any)
			if len(items) == 0 {
				return out
			}
			next = items[0]
		}
		m, ok := next.(map[string]any)
		if !ok {
			m = map[string]any{}
			cur[key] = m
		}
		cur = m
	}
	change(cur, parts[len(parts)-1])
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
