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
			name: "CreateMigproject", method: "POST", path: fixed("/v3/migprojects"), model: reflect.TypeFor[model.PostMigProjectBody](),
			valid: func() map[string]any {
				return map[string]any{"name": fmt.Sprintf("wave-%d", len(h.fake.MigProjects())), "region": "cn-north-4", "type": "MIGRATE_BLOCK"}
			},
			lengths: map[string]int{"name": 100, "description": 255, "region": 100},
		},
	}
	for _, r := range routes {
		if st, out := h.do(r.method, r.path(), mustJSON(t, r.valid())); st != http.StatusOK {
			t.Fatalf("%s: the valid body was refused: %d %s", r.name, st, out)
		}
		cases := invalidBodies(r.model, r.valid())
		for field, max := range r.lengths {
			cases = append(cases, invalidBody{field + " over " + fmt.Sprint(max) + " characters", withValue(r.valid(), field, strings.Repeat("a", max+1))})
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

type invalidBody struct {
	what string
	body map[string]any
}

// invalidBodies walks typ alongside valid: for each field present in valid,
// a body without it when the model requires it, and one with a value outside
// the enum when the model's field is an enum.
func invalidBodies(typ reflect.Type, valid map[string]any) []invalidBody {
	var out []invalidBody
	var walk func(typ reflect.Type, at string, v any)
	walk = func(typ reflect.Type, at string, v any) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Slice:
			if items, ok := v.([]any); ok && len(items) > 0 {
				walk(typ.Elem(), at+"[0]", items[0])
			}
		case reflect.Struct:
			obj, ok := v.(map[string]any)
			if !ok || isEnum(typ) {
				return
			}
			for i := 0; i < typ.NumField(); i++ {
				f := typ.Field(i)
				name, required := jsonName(f)
				if name == "" {
					continue
				}
				field := strings.TrimPrefix(at+"."+name, ".")
				fv, present := obj[name]
				if required {
					out = append(out, invalidBody{field + " left out", without(valid, field)})
				}
				if !present {
					continue
				}
				if isEnum(f.Type) {
					out = append(out, invalidBody{field + " outside its enum", withValue(valid, field, notInEnum)})
					continue
				}
				walk(f.Type, field, fv)
			}
		}
	}
	walk(typ, "", valid)
	return out
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
