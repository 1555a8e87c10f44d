package sdkcompat

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	smssdk "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// sdkClient is the SDK's own SMS client pointed at fake.
func sdkClient(t *testing.T, fake *fakecloud.Server) *smssdk.SmsClient {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	auth, err := basic.NewCredentialsBuilder().WithAk(fakecloud.DefaultAccessKey).WithSk(fakecloud.DefaultSecretKey).
		WithProjectId(fake.ProjectID()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := smssdk.SmsClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(auth).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return smssdk.NewSmsClient(hc)
}

// TestSpeedLimitRoundTripsThroughSDK sets a schedule with the SDK's
// UpdateSpeed and reads it back with ShowsSpeedLimits.
func TestSpeedLimitRoundTripsThroughSDK(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	client := sdkClient(t, fake)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-speed"})

	speed, threshold := int32(300), float64(20)
	_, err := client.UpdateSpeed(&model.UpdateSpeedRequest{TaskId: task.ID, Body: &model.SpeedLimit{SpeedLimit: []model.SpeedLimitlJson{
		{Start: "00:00", End: "08:00", Speed: &speed, OverSpeedThreshold: &threshold},
		{Start: "20:00", End: "23:59", Speed: &speed},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.ShowsSpeedLimits(&model.ShowsSpeedLimitsRequest{TaskId: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got.SpeedLimit == nil || len(*got.SpeedLimit) != 2 {
		t.Fatalf("speed_limit: %+v", got.SpeedLimit)
	}
	first, second := (*got.SpeedLimit)[0], (*got.SpeedLimit)[1]
	if first.Start != "00:00" || first.End != "08:00" || *first.Speed != 300 || *first.OverSpeedThreshold != 20 ||
		second.Start != "20:00" || second.OverSpeedThreshold != nil {
		t.Fatalf("periods: %+v %+v", first, second)
	}
}

// TestConfigurationSettingRoundTripsThroughSDK sets configurations with the
// SDK's UploadSpecialConfigurationSetting and reads them with
// ShowConfigSetting, filtered and not.
func TestConfigurationSettingRoundTripsThroughSDK(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	client := sdkClient(t, fake)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-config", Type: "MIGRATE_FILE"})
	keys := model.GetConfigBodyConfigKeyEnum()
	_, err := client.UploadSpecialConfigurationSetting(&model.UploadSpecialConfigurationSettingRequest{TaskId: task.ID,
		Body: &model.ConfigurationRequestBody{Configurations: []model.ConfigBody{
			{ConfigKey: keys.MIGRATE_EXCLUDE_DIR, ConfigValue: "/tmp,/var/cache"},
			{ConfigKey: keys.NUM_PROCESS_MIGRATE, ConfigValue: "4"},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.ShowConfigSetting(&model.ShowConfigSettingRequest{TaskId: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	if *got.TaskId != task.ID || got.MigrateType.Value() != "LINUX_MIGRATE_FILE" || len(*got.Configurations) != 2 ||
		(*got.Configurations)[0].ConfigKey.Value() != "MIGRATE_EXCLUDE_DIR" || (*got.Configurations)[0].ConfigValue != "/tmp,/var/cache" {
		t.Fatalf("decoded: %+v", got)
	}
	key := "NUM_PROCESS_MIGRATE"
	one, err := client.ShowConfigSetting(&model.ShowConfigSettingRequest{TaskId: task.ID, ConfigKey: &key})
	if err != nil {
		t.Fatal(err)
	}
	if len(*one.Configurations) != 1 || (*one.Configurations)[0].ConfigValue != "4" {
		t.Fatalf("filtered: %+v", one)
	}
}

// TestTaskSettingsRefuseUnknownFields: a field the SDK request model lacks
// is a 400 naming it, and so is a value outside the documented limits.
func TestTaskSettingsRefuseUnknownFields(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-strict"})
	strict := newHarnessWith(t, fakecloud.Options{StrictSpeedLimits: true})
	strictTask := strict.fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-strict"})
	for name, tc := range map[string]struct {
		path, body, field string
		strictOnly        bool // a rule of Readings.StrictSpeedLimits only
	}{
		"speed top level":   {"/speed-limit", `{"speed_limit":[],"extra":1}`, "extra", false},
		"speed period":      {"/speed-limit", `{"speed_limit":[{"start":"01:00","end":"02:00","speed":1,"rate":2}]}`, "rate", false},
		"speed too fast":    {"/speed-limit", `{"speed_limit":[{"start":"01:00","end":"02:00","speed":1001}]}`, "speed_limit[0].speed", false},
		"speed not a time":  {"/speed-limit", `{"speed_limit":[{"start":"1h","end":"02:00"}]}`, "speed_limit[0].start", false},
		"speed past 24:00":  {"/speed-limit", `{"speed_limit":[{"start":"01:00","end":"24:01"}]}`, "speed_limit[0].end", false},
		"speed bad time":    {"/speed-limit", `{"speed_limit":[{"start":"1:00","end":"02:00"}]}`, "speed_limit[0].start", true},
		"speed overlap":     {"/speed-limit", `{"speed_limit":[{"start":"01:00","end":"03:00"},{"start":"02:00","end":"04:00"}]}`, "speed_limit[1]", true},
		"speed six periods": {"/speed-limit", `{"speed_limit":[{"start":"01:00","end":"02:00"},{"start":"02:00","end":"03:00"},{"start":"03:00","end":"04:00"},{"start":"04:00","end":"05:00"},{"start":"05:00","end":"06:00"},{"start":"06:00","end":"07:00"}]}`, "speed_limit", true},
		"config item":       {"/configuration-setting", `{"configurations":[{"config_key":"DYNAMIC_PORT","config_value":"1","name":"x"}]}`, "name", false},
		"config key":        {"/configuration-setting", `{"configurations":[{"config_key":"EXCLUDE_MIGRATE_PATH","config_value":"/tmp"}]}`, "configurations[0].config_key", false},
	} {
		t.Run(name, func(t *testing.T) {
			h, task := h, task
			if tc.strictOnly {
				h, task = strict, strictTask
			}
			status, body := h.do("POST", "/v3/tasks/"+task.ID+tc.path, []byte(tc.body))
			var e struct {
				ErrorCode string `json:"error_code"`
				ErrorMsg  string `json:"error_msg"`
			}
			_ = json.Unmarshal(body, &e)
			if status != http.StatusBadRequest || !bytes.Contains([]byte(e.ErrorMsg), []byte(tc.field)) {
				t.Fatalf("%d %s", status, body)
			}
		})
	}
}

// TestTaskSettingsModelsExactly: every field of the SDK request models is
// accepted, and the answers decode into the SDK response models with no
// field left over.
func TestTaskSettingsModelsExactly(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "exact"})
	for _, r := range []struct {
		name, path string
		model      any
	}{
		{"SpeedLimit", "/speed-limit", model.SpeedLimit{}},
		{"ConfigurationRequestBody", "/configuration-setting", model.ConfigurationRequestBody{}},
	} {
		body, err := json.Marshal(fill(reflect.TypeOf(r.model), 0).Interface())
		if err != nil {
			t.Fatal(err)
		}
		if st, out := h.do("POST", "/v3/tasks/"+task.ID+r.path, body); strings.Contains(string(out), "is not a field of this request") {
			t.Errorf("%s: a field of the SDK model was refused: %d %s\n%s", r.name, st, out, body)
		}
	}
	h.call("POST", "/v3/tasks/"+task.ID+"/speed-limit", []byte(`{"speed_limit":[{"start":"01:00","end":"02:00","speed":5,"over_speed_threshold":1}]}`))
	h.call("POST", "/v3/tasks/"+task.ID+"/configuration-setting", []byte(`{"configurations":[{"config_key":"LINUX_CPU_LIMIT","config_value":"50","config_status":"x"}]}`))
	var speeds model.ShowsSpeedLimitsResponse
	strict(t, "ShowsSpeedLimitsResponse", h.call("GET", "/v3/tasks/"+task.ID+"/speed-limit", nil), &speeds)
	var configs model.ShowConfigSettingResponse
	strict(t, "ShowConfigSettingResponse", h.call("GET", "/v3/tasks/"+task.ID+"/configuration-setting", nil), &configs)
	if len(*speeds.SpeedLimit) != 1 || len(*configs.Configurations) != 1 || *(*configs.Configurations)[0].ConfigStatus != "x" {
		t.Fatalf("decoded: %+v %+v", speeds, configs)
	}
	var list model.ListTasksResponse
	strict(t, "ListTasksResponse", h.call("GET", "/v3/tasks", nil), &list)
	if got := *(*list.Tasks)[0].SpecialConfig; len(got) != 1 || got[0].ConfigValue != "50" {
		t.Fatalf("special_config: %+v", got)
	}
	var e smsErrorBody
	st, out := h.do("GET", "/v3/tasks/"+task.ID+"/configuration-setting?config_key=NO_SUCH_KEY", nil)
	strict(t, "error body", out, &e)
	if st != http.StatusBadRequest {
		t.Fatalf("unknown config_key filter: %d %s", st, out)
	}
}
