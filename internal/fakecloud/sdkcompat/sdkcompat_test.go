// Package sdkcompat holds the fake cloud to the official Huawei Cloud Go SDK
// (v0.1.207): every response body decodes into the SDK model of its route
// with unknown fields disallowed, in every task and source state the fake
// can reach, and every field of the SDK's request models is accepted while
// any other is refused.
package sdkcompat

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	dcsmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dcs/v2/model"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

type harness struct {
	t     *testing.T
	fake  *fakecloud.Server
	srv   *httptest.Server
	clock time.Time
}

func newHarness(t *testing.T) *harness { return newHarnessWith(t, fakecloud.Options{}) }

// newHarnessWith starts a fake with opts on a test clock.
func newHarnessWith(t *testing.T, opts fakecloud.Options) *harness {
	h := &harness{t: t, clock: time.Date(2025, 6, 12, 8, 30, 15, 0, time.UTC)}
	opts.Now = func() time.Time { return h.clock }
	opts.Timing = fakecloud.FastTiming(10 * time.Second)
	h.fake = fakecloud.New(opts)
	h.srv = httptest.NewServer(h.fake)
	t.Cleanup(h.srv.Close)
	return h
}

// do performs a signed request and returns the status and body.
func (h *harness) do(method, path string, body []byte) (int, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("X-Project-Id", h.fake.ProjectID())
	req.Header.Set("Content-Type", "application/json")
	cred := signer.Credentials{AccessKey: fakecloud.DefaultAccessKey, SecretKey: fakecloud.DefaultSecretKey}
	if err := signer.SignHTTP(req, body, cred, h.clock); err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, out
}

// call performs a signed request, expects 200 and returns the raw body.
func (h *harness) call(method, path string, body []byte) []byte {
	h.t.Helper()
	status, out := h.do(method, path, body)
	if status != http.StatusOK {
		h.t.Fatalf("%s %s: %d %s", method, path, status, out)
	}
	return out
}

func TestShowTaskDecodesIntoSDKModel(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-show"})
	h.call("POST", "/v3/tasks/"+task.ID+"/action", []byte(`{"operation":"start"}`))
	h.clock = h.clock.Add(15 * time.Second) // into replication, half way

	var got model.ShowTaskResponse
	body := h.call("GET", "/v3/tasks/"+task.ID, nil)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ShowTaskResponse: %v\n%s", err, body)
	}
	view, _ := h.fake.Task(task.ID)
	if *got.Id != task.ID || *got.Name != "sdk-show" || got.State.Value() != "RUNNING" ||
		got.SourceServer.State.Value() != view.SourceState || got.SourceServer.State.Value() != "replicate" ||
		*got.SourceServer.Id != task.SourceID || !*got.Connected || got.Priority.Value() != 1 {
		t.Fatalf("decoded: %+v", got)
	}
	if got.SubTasks == nil || len(*got.SubTasks) != 3 {
		t.Fatalf("sub_tasks: %+v", got.SubTasks)
	}
	progress := []int32{(*got.SubTasks)[0].Progress, (*got.SubTasks)[1].Progress, (*got.SubTasks)[2].Progress}
	if progress[0] != 100 || progress[1] != 50 || progress[2] != 0 || int(progress[1]) != view.SubTasks[1].Progress {
		t.Fatalf("progress = %v", progress)
	}
	if got.TargetServer == nil || len(got.TargetServer.Disks) != 1 || *got.TargetServer.Disks[0].Size != 40<<30 {
		t.Fatalf("target_server: %+v", got.TargetServer)
	}
	if got.CreateDate == nil || *got.CreateDate == 0 || got.MigrateSpeed == nil || *got.MigrateSpeed <= 0 {
		t.Fatalf("dates/speed: %+v", got)
	}
}

func TestShowTaskWithCloneAndNetworkCheck(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-clone", State: fakecloud.StateSyncing, Syncing: true})
	h.call("POST", "/v3/tasks/"+task.ID+"/action", []byte(`{"operation":"network_check"}`))
	h.clock = h.clock.Add(10 * time.Second)
	h.call("POST", "/v3/tasks/"+task.ID+"/action", []byte(`{"operation":"clone_test","template_id":"tpl"}`))
	h.clock = h.clock.Add(10 * time.Second)
	var got model.ShowTaskResponse
	body := h.call("GET", "/v3/tasks/"+task.ID, nil)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ShowTaskResponse: %v\n%s", err, body)
	}
	if got.CloneServer == nil || got.CloneServer.CloneState.Value() != "FINISHED" || *got.CloneServer.VmId == "" {
		t.Fatalf("clone_server: %+v", got.CloneServer)
	}
	if got.NetworkCheckInfo == nil || got.NetworkCheckInfo.EvaluationResult != "GOOD" {
		t.Fatalf("network_check_info: %+v", got.NetworkCheckInfo)
	}
}

func TestListTasksDecodesIntoSDKModel(t *testing.T) {
	h := newHarness(t)
	tasks := h.fake.SeedTasks(12, fakecloud.TaskSpec{Name: "sdk-list"})
	h.call("POST", "/v3/tasks/"+tasks[3].ID+"/action", []byte(`{"operation":"start"}`))
	var got model.ListTasksResponse
	body := h.call("GET", "/v3/tasks?limit=5&offset=0", nil)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ListTasksResponse: %v\n%s", err, body)
	}
	if *got.Count != 12 || len(*got.Tasks) != 5 {
		t.Fatalf("count %d, %d tasks", *got.Count, len(*got.Tasks))
	}
	item := (*got.Tasks)[3]
	if *item.Id != tasks[3].ID || *item.Name != "sdk-list-004" || item.State.Value() != "RUNNING" ||
		item.SourceServer.State.Value() != "initialize" || *(*item.SubTasks)[0].Progress != 0 ||
		item.LogCollectStatus.Value() != "INIT" || *item.Syncing {
		t.Fatalf("item: %+v", item)
	}
}

func TestSourceDecodesIntoSDKModel(t *testing.T) {
	h := newHarness(t)
	task := h.fake.SeedTask(fakecloud.TaskSpec{Name: "sdk-src"})
	var got model.ShowServerResponse
	body := h.call("GET", "/v3/sources/"+task.SourceID, nil)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ShowServerResponse: %v\n%s", err, body)
	}
	if *got.Id != task.SourceID || !*got.Connected || *got.CurrentTask.Id != task.ID ||
		len(got.InitTargetServer.Disks) != 1 || got.InitTargetServer.Disks[0].Size != 40<<30 {
		t.Fatalf("decoded: %+v", got)
	}
	var list model.ListServersResponse
	body = h.call("GET", "/v3/sources", nil)
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("ListServersResponse: %v\n%s", err, body)
	}
	if *list.Count != 1 || *(*list.SourceServers)[0].Id != task.SourceID {
		t.Fatalf("list: %+v", list)
	}
}

func TestDCSListDecodesIntoSDKModel(t *testing.T) {
	h := newHarness(t)
	h.fake.SeedBackgroundTask("inst-1", fakecloud.BGTaskSpec{ID: "bg-1", Status: "FAILED", CreatedAt: h.clock.Add(-time.Hour)})
	h.fake.SeedBackgroundTask("inst-1", fakecloud.BGTaskSpec{ID: "bg-2"})
	var got dcsmodel.ListBackgroundTaskResponse
	body := h.call("GET", "/v2/"+h.fake.ProjectID()+"/instances/inst-1/tasks?limit=10", nil)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("ListBackgroundTaskResponse: %v\n%s", err, body)
	}
	if *got.TaskCount != "2" || len(*got.Tasks) != 2 {
		t.Fatalf("decoded: %+v", got)
	}
	first := (*got.Tasks)[0]
	if *first.Id != "bg-2" || *first.Status != "SUCCESS" || *first.Name != "ChangeInstanceSpec" || *first.Details.NewCapacity != "2" {
		t.Fatalf("first: %+v", first)
	}
	var del dcsmodel.DeleteBackgroundTaskResponse
	body = h.call("DELETE", "/v2/"+h.fake.ProjectID()+"/instances/inst-1/tasks/bg-1", nil)
	if err := json.Unmarshal(body, &del); err != nil || del.Message == nil || *del.Message != "" {
		t.Fatalf("DeleteBackgroundTaskResponse: %v %+v", err, del)
	}
}
