package sdkcompat

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	sms "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// objectsSDKClient is the SDK's SMS client against a fresh fake.
func objectsSDKClient(t *testing.T, opts fakecloud.Options) (*fakecloud.Server, *sms.SmsClient) {
	t.Helper()
	fake := fakecloud.New(opts)
	return fake, sdkClient(t, fake)
}

// expectOnlyModelFields fails when a JSON body has a key the SDK model
// (followed through nested structs, slices and pointers) does not declare.
func expectOnlyModelFields(t *testing.T, where string, raw []byte, modelType reflect.Type) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	checkModelFields(t, where, v, modelType)
}

func checkModelFields(t *testing.T, where string, v any, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	switch val := v.(type) {
	case []any:
		for _, item := range val {
			checkModelFields(t, where+"[]", item, typ)
		}
	case map[string]any:
		if typ.Kind() != reflect.Struct {
			return
		}
		fields := map[string]reflect.Type{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		for k, item := range val {
			ft, found := fields[k]
			if !found {
				t.Errorf("%s: field %q is not in SDK model %s", where, k, typ.Name())
				continue
			}
			checkModelFields(t, where+"."+k, item, ft)
		}
	}
}

func TestTemplateRoutesWithSDKClient(t *testing.T) {
	fake, client := objectsSDKClient(t, fakecloud.Options{TemplatePasswordKept: true})
	az, pw, flavor := "cn-north-4a", "S3cure-pass!", "s6.large.2"
	vpcID := "autoCreate"
	created, err := client.CreateTemplate(&model.CreateTemplateRequest{Body: &model.CreateTemplateReq{Template: &model.TemplateRequest{
		Name: "tpl-web", AvailabilityZone: &az, TargetPassword: &pw, Flavor: &flavor,
		Vpc:      &model.VpcObject{Id: &vpcID, Name: &vpcID},
		Nics:     &[]model.Nics{{Id: "autoCreate", Name: "autoCreate", Cidr: "192.168.0.0/24"}},
		Publicip: &model.PublicIp{Type: "5_bgp", BandwidthSize: 100},
		Disk:     &[]model.TemplateDisk{{Index: 0, Name: "/dev/vda", Disktype: "SAS", Size: 40}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	id := *created.Id
	show, err := client.ShowTemplate(&model.ShowTemplateRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if show.Template.Name != "tpl-web" || show.Template.AvailabilityZone != az || show.Template.Publicip.BandwidthSize != 100 ||
		show.Template.Volumetype.Value() != "SAS" || len(show.Template.Disk) != 1 {
		t.Fatalf("show: %+v", show.Template)
	}
	name := "tpl-web"
	list, err := client.ListTemplates(&model.ListTemplatesRequest{Name: &name})
	if err != nil || *list.Count != 1 || *(*list.Templates)[0].Id != id {
		t.Fatalf("list: %+v, %v", list, err)
	}
	// An update without a password keeps the stored one (in this reading).
	if _, err := client.UpdateTemplate(&model.UpdateTemplateRequest{Id: id, Body: &model.UpdateTemplateReq{Template: &model.TemplateRequest{
		Name: "tpl-web-2", AvailabilityZone: &az}}}); err != nil {
		t.Fatal(err)
	}
	if v, _ := fake.Template(id); v.Name != "tpl-web-2" || v.TargetPassword != pw {
		t.Fatalf("after update: %+v", v)
	}
	if _, err := client.DeleteTemplate(&model.DeleteTemplateRequest{Id: id}); err != nil {
		t.Fatal(err)
	}
	_, err = client.ShowTemplate(&model.ShowTemplateRequest{Id: id})
	if se, isSE := err.(*sdkerr.ServiceResponseError); !isSE || se.StatusCode != 404 {
		t.Fatalf("show after delete: %v", err)
	}
}

func TestMigprojectRoutesWithSDKClient(t *testing.T) {
	fake, client := objectsSDKClient(t, fakecloud.Options{})
	desc := "wave 1"
	created, err := client.CreateMigproject(&model.CreateMigprojectRequest{Body: &model.PostMigProjectBody{
		Name: "wave-1", Region: "cn-north-4", Description: &desc, Type: model.GetPostMigProjectBodyTypeEnum().MIGRATE_FILE,
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := *created.Id
	show, err := client.ShowMigproject(&model.ShowMigprojectRequest{MigProjectId: id})
	if err != nil || *show.Name != "wave-1" || show.Type.Value() != "MIGRATE_FILE" || *show.Isdefault || !*show.UsePublicIp {
		t.Fatalf("show: %+v, %v", show, err)
	}
	limit := int32(10)
	list, err := client.ListMigprojects(&model.ListMigprojectsRequest{Limit: &limit})
	if err != nil || *list.Count != 2 {
		t.Fatalf("list (the default project and ours): %+v, %v", list, err)
	}
	speed := int32(200)
	if _, err := client.UpdateMigproject(&model.UpdateMigprojectRequest{MigProjectId: id, Body: &model.MigProject{SpeedLimit: &speed}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateDefaultMigproject(&model.UpdateDefaultMigprojectRequest{MigProjectId: id}); err != nil {
		t.Fatal(err)
	}
	show, _ = client.ShowMigproject(&model.ShowMigprojectRequest{MigProjectId: id})
	if *show.SpeedLimit != 200 || !*show.Isdefault {
		t.Fatalf("after update: %+v", show)
	}
	// The default project is kept; once another one is the default it goes.
	if _, err := client.DeleteMigproject(&model.DeleteMigprojectRequest{MigProjectId: id}); err == nil {
		t.Fatal("the default project was deleted")
	}
	if _, err := client.UpdateDefaultMigproject(&model.UpdateDefaultMigprojectRequest{MigProjectId: fake.DefaultMigProjectID()}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DeleteMigproject(&model.DeleteMigprojectRequest{MigProjectId: id}); err != nil {
		t.Fatal(err)
	}
}

func TestTaskSecretRoutesWithSDKClient(t *testing.T) {
	fake, client := objectsSDKClient(t, fakecloud.Options{})
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "secrets"})
	pp, err := client.ShowPassphrase(&model.ShowPassphraseRequest{TaskId: task.ID})
	if err != nil || *pp.TaskId != task.ID || len(*pp.Passphrase) < 16 {
		t.Fatalf("passphrase: %+v, %v", pp, err)
	}
	withCA := true
	ck, err := client.ShowCertKey(&model.ShowCertKeyRequest{TaskId: task.ID, EnableCaCert: &withCA})
	if err != nil || !strings.HasPrefix(*ck.Cert, "-----BEGIN CERTIFICATE-----") || !strings.Contains(*ck.PrivateKey, "PRIVATE KEY") ||
		ck.Ca == nil || ck.TargetDataPrivateKey == nil {
		t.Fatalf("certkey: %v", err)
	}
	if again, _ := client.ShowPassphrase(&model.ShowPassphraseRequest{TaskId: task.ID}); *again.Passphrase != *pp.Passphrase {
		t.Fatal("the passphrase changed between reads")
	}
}

// Every body of the new routes carries only fields of its SDK model, and
// request fields the model lacks are refused.
func TestObjectRoutesStrict(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "strict"})
	var created struct{ ID string }
	raw := h.call("POST", "/v3/vm/templates", []byte(`{"template":{"name":"t1","availability_zone":"az1","target_password":"S3cure-pass!","publicip":{"type":"5_bgp","bandwidth_size":10}}}`))
	expectOnlyModelFields(t, "CreateTemplate", raw, reflect.TypeOf(model.CreateTemplateResponse{}))
	_ = json.Unmarshal(raw, &created)
	expectOnlyModelFields(t, "ShowTemplate", h.call("GET", "/v3/vm/templates/"+created.ID, nil), reflect.TypeOf(model.ShowTemplateResponse{}))
	expectOnlyModelFields(t, "ListTemplates", h.call("GET", "/v3/vm/templates", nil), reflect.TypeOf(model.ListTemplatesResponse{}))
	raw = h.call("POST", "/v3/migprojects", []byte(`{"name":"p1","region":"cn-north-4","type":"MIGRATE_BLOCK"}`))
	expectOnlyModelFields(t, "CreateMigproject", raw, reflect.TypeOf(model.CreateMigprojectResponse{}))
	_ = json.Unmarshal(raw, &created)
	expectOnlyModelFields(t, "ShowMigproject", h.call("GET", "/v3/migprojects/"+created.ID, nil), reflect.TypeOf(model.ShowMigprojectResponse{}))
	expectOnlyModelFields(t, "ListMigprojects", h.call("GET", "/v3/migprojects", nil), reflect.TypeOf(model.ListMigprojectsResponse{}))
	expectOnlyModelFields(t, "ShowPassphrase", h.call("GET", "/v3/tasks/"+task.ID+"/passphrase", nil), reflect.TypeOf(model.ShowPassphraseResponse{}))
	expectOnlyModelFields(t, "ShowCertKey", h.call("GET", "/v3/tasks/"+task.ID+"/certkey?enable_ca_cert=true", nil), reflect.TypeOf(model.ShowCertKeyResponse{}))

	for _, bad := range []struct{ method, path, body string }{
		{"POST", "/v3/vm/templates", `{"template":{"name":"t2","password":"x"}}`},
		{"POST", "/v3/vm/templates", `{"template":{"name":"t2"},"extra":1}`},
		{"POST", "/v3/migprojects", `{"name":"p2","region":"r","type":"MIGRATE_BLOCK","id":"x"}`},
		{"PUT", "/v3/migprojects/" + created.ID, `{"is_default":true}`},
	} {
		if status, body := h.do(bad.method, bad.path, []byte(bad.body)); status != 400 || !strings.Contains(string(body), "SMS.6400") {
			t.Errorf("%s %s %s: %d %s, want 400 SMS.6400", bad.method, bad.path, bad.body, status, body)
		}
	}
}
