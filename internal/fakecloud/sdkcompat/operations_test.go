package sdkcompat

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// sdkRoutes maps every operation of the SDK's SmsClient to the fake's route.
var sdkRoutes = map[string]string{
	"CollectLog": fakecloud.RouteCollectLog, "CreateMigproject": fakecloud.RouteCreateMigProject,
	"CreatePrivacyAgreements": fakecloud.RouteCreatePrivacyAgreements, "CreateTask": fakecloud.RouteCreateTask,
	"CreateTemplate": fakecloud.RouteCreateTemplate, "DeleteMigproject": fakecloud.RouteDeleteMigProject,
	"DeleteServer": fakecloud.RouteDeleteServer, "DeleteServers": fakecloud.RouteDeleteServers,
	"DeleteTask": fakecloud.RouteDeleteTask, "DeleteTasks": fakecloud.RouteDeleteTasks,
	"DeleteTemplate": fakecloud.RouteDeleteTemplate, "DeleteTemplates": fakecloud.RouteDeleteTemplates,
	"ExportConsistencyResults": fakecloud.RouteExportConsistencyResults, "ListErrorServers": fakecloud.RouteListErrorServers,
	"ListMigprojects": fakecloud.RouteListMigProjects, "ListServers": fakecloud.RouteListSources,
	"ListTasks": fakecloud.RouteListTasks, "ListTemplates": fakecloud.RouteListTemplates,
	"RegisterServer": fakecloud.RouteRegisterServer, "ShowCertKey": fakecloud.RouteShowCertKey,
	"ShowCommand": fakecloud.RouteShowCommand, "ShowConfigSetting": fakecloud.RouteShowConfigSetting,
	"ShowConsistencyResult": fakecloud.RouteShowConsistencyResult, "ShowMigproject": fakecloud.RouteShowMigProject,
	"ShowOverview": fakecloud.RouteShowOverview, "ShowPassphrase": fakecloud.RouteShowPassphrase,
	"ShowPrivacyAgreements": fakecloud.RouteShowPrivacyAgreements, "ShowServer": fakecloud.RouteShowSource,
	"ShowTargetPassword": fakecloud.RouteShowTargetPassword, "ShowTask": fakecloud.RouteShowTask,
	"ShowTemplate": fakecloud.RouteShowTemplate, "ShowsSpeedLimits": fakecloud.RouteShowSpeedLimits,
	"UpdateCommandResult": fakecloud.RouteUpdateCommandResult, "UpdateConsistencyResult": fakecloud.RouteUpdateConsistencyResult,
	"UpdateCopyState": fakecloud.RouteUpdateCopyState, "UpdateDefaultMigproject": fakecloud.RouteSetDefaultMigProject,
	"UpdateDiskInfo": fakecloud.RouteUpdateDiskInfo, "UpdateMigproject": fakecloud.RouteUpdateMigProject,
	"UpdateNetworkCheckInfo": fakecloud.RouteUpdateNetworkCheckInfo, "UpdateServerName": fakecloud.RouteUpdateServerName,
	"UpdateSpeed": fakecloud.RouteUpdateSpeedLimits, "UpdateTask": fakecloud.RouteUpdateTask,
	"UpdateTaskSpeed": fakecloud.RouteUpdateTaskSpeed, "UpdateTaskStatus": fakecloud.RouteTaskAction,
	"UpdateTemplate": fakecloud.RouteUpdateTemplate, "UploadSpecialConfigurationSetting": fakecloud.RouteUpdateConfigSetting,
	"ShowConfig": fakecloud.RouteShowConfig, "ListApiVersion": fakecloud.RouteListAPIVersions,
	"ShowApiVersion": fakecloud.RouteShowAPIVersion,
}

// TestEverySDKOperationHasARoute calls each operation of the SDK's SmsClient
// (its path parameters set, its body empty) and expects the fake to route
// it to the operation's own route: all 49, none unrouted.
func TestEverySDKOperationHasARoute(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	client := reflect.ValueOf(sdkClient(t, fake))
	ops := 0
	for i := range client.NumMethod() {
		m := client.Type().Method(i)
		if strings.HasSuffix(m.Name, "Invoker") || m.Type.NumIn() != 2 {
			continue
		}
		ops++
		want, known := sdkRoutes[m.Name]
		if !known {
			t.Errorf("SDK operation %s has no route in the table", m.Name)
			continue
		}
		req := reflect.New(m.Type.In(1).Elem())
		for j := range req.Elem().NumField() {
			f := req.Elem().Field(j)
			if f.Kind() == reflect.String {
				f.SetString("v3") // a path parameter; "v3" is also the one API version
			}
		}
		fake.ResetStats()
		client.Method(i).Call([]reflect.Value{req})
		st := fake.Stats()
		if st.Routes[want] != 1 || st.Total != 1 {
			t.Errorf("%s: routes %v (unrouted %d), want %s", m.Name, st.Routes, st.Unrouted, want)
		}
	}
	if ops != 49 || len(sdkRoutes) != 49 {
		t.Fatalf("%d SDK operations, %d in the table; the SDK v0.1.207 has 49", ops, len(sdkRoutes))
	}
}

// TestSourceServerOperationsWithSDKClient registers a source as its agent
// would, renames it, moves it, updates its disks and copy state, reads it
// back, and removes it, all through the SDK's client and typed models.
func TestSourceServerOperationsWithSDKClient(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	client := sdkClient(t, fake)
	linux := model.GetPostSourceServerBodyOsTypeEnum().LINUX
	bios := model.GetPostSourceServerBodyFirmwareEnum().BIOS
	mem, cpu, size := int64(4018196480), int32(2), int64(85897247744)
	reg, err := client.RegisterServer(&model.RegisterServerRequest{Body: &model.PostSourceServerBody{
		Ip: ptr("192.168.0.10"), Name: "agent-01", OsType: linux, OsVersion: "Ubuntu 18.04 server 64bit", Firmware: &bios,
		CpuQuantity: &cpu, Memory: &mem, AgentVersion: "25.2.0", BootLoader: ptr("GRUB"), HasRsync: ptr(true),
		Disks:    &[]model.ServerDisk{{Name: ptr("Disk 0"), PartitionStyle: ptr("MBR"), DeviceUse: ptr("BOOT"), Size: &size, UsedSize: &size}},
		Networks: []model.NetWork{{Name: ptr("eth0"), Ip: ptr("192.168.0.10"), Mac: "fa:16:3e:00:00:01", Mtu: ptr(int32(1500))}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := *reg.Id
	show, err := client.ShowServer(&model.ShowServerRequest{SourceId: id})
	if err != nil {
		t.Fatal(err)
	}
	if *show.Name != "agent-01" || *show.Memory != mem || *show.CpuQuantity != cpu || show.Firmware.Value() != "BIOS" ||
		(*show.Disks)[0].PartitionStyle == nil || *(*show.Disks)[0].PartitionStyle != "MBR" || (*show.Networks)[0].Mac != "fa:16:3e:00:00:01" ||
		*show.AgentVersion != "25.2.0" || show.State.Value() != "waiting" {
		t.Fatalf("registered source: %+v", show)
	}

	project, err := client.CreateMigproject(&model.CreateMigprojectRequest{Body: &model.PostMigProjectBody{
		Name: "wave-2", Region: "cn-north-4", Type: model.GetPostMigProjectBodyTypeEnum().MIGRATE_BLOCK}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateServerName(&model.UpdateServerNameRequest{SourceId: id, Body: &model.PutSourceServerBody{
		Name: ptr("agent-01-renamed"), Migprojectid: project.Id}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateDiskInfo(&model.UpdateDiskInfoRequest{SourceId: id, Body: &model.PutDiskInfoReq{
		Disks: &[]model.ServerDisk{{Name: ptr("Disk 2"), DeviceUse: ptr("BOOT"), Size: &size, UsedSize: &size}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateCopyState(&model.UpdateCopyStateRequest{SourceId: id, Body: &model.PutCopyStateReq{
		Copystate: model.GetPutCopyStateReqCopystateEnum().UNAVAILABLE, Migrationcycle: model.GetPutCopyStateReqMigrationcycleEnum().CHECKING}}); err != nil {
		t.Fatal(err)
	}
	list, err := client.ListServers(&model.ListServersRequest{Migproject: project.Id})
	if err != nil {
		t.Fatal(err)
	}
	if *list.Count != 1 {
		t.Fatalf("listing of the new project: %+v", list)
	}
	got := (*list.SourceServers)[0]
	if *got.Name != "agent-01-renamed" || got.State.Value() != "unavailable" || got.MigrationCycle.Value() != "checking" ||
		*got.Memory != mem<<20 || got.InitTargetServer.Disks[0].Name != "Disk 2" {
		t.Fatalf("listed source: %+v", got)
	}

	overview, err := client.ShowOverview(&model.ShowOverviewRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if *overview.Unavailable != 1 || *overview.Unconfigured != 1 || *overview.Waiting != 0 {
		t.Fatalf("overview: %+v", overview)
	}
	cmd, err := client.ShowCommand(&model.ShowCommandRequest{ServerId: id})
	if err != nil || *cmd.CommandName != "TASK_NOT_STARTED" {
		t.Fatalf("command: %+v %v", cmd, err)
	}
	var detail any = map[string]string{"msg": "test"}
	if _, err := client.UpdateCommandResult(&model.UpdateCommandResultRequest{ServerId: id, Body: &model.CommandBody{
		CommandName: "START", Result: "success", ResultDetail: &detail}}); err != nil {
		t.Fatal(err)
	}
	if src, _ := fake.Source(id); len(src.CommandResults) != 1 || src.CommandResults[0].Command != "START" ||
		string(src.CommandResults[0].Detail) != `{"msg":"test"}` || src.CopyState != "unavailable" || src.MigProject != *project.Id {
		t.Fatalf("stored: %+v", src)
	}

	if _, err := client.DeleteServer(&model.DeleteServerRequest{SourceId: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.ShowServer(&model.ShowServerRequest{SourceId: id}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("deleted source still shown: %v", err)
	}
	if list, _ := client.ListServers(&model.ListServersRequest{Name: ptr("agent-01-renamed")}); *list.Count != 0 {
		t.Fatalf("deleted source still listed: %+v", list)
	}
	if st := fake.Stats(); st.Verified != st.Total {
		t.Fatalf("stats %+v", st)
	}
}

// TestDeleteServerTakesItsTask: removing a source with a task deletes the
// task under its gate (default reading), or is refused until the task is
// gone (the other reading).
func TestDeleteServerTakesItsTask(t *testing.T) {
	for _, withTask := range []bool{true, false} {
		opts := fakecloud.Options{AfterDelete: fakecloud.AfterDeleteGone}
		if !withTask {
			opts.SourceDelete = fakecloud.SourceDeleteRefusedWithTask
		}
		h := newHarnessWith(t, opts)
		ready := h.fake.SeedTask(fakecloud.TaskSpec{Name: "ready"})
		running := h.fake.SeedTask(fakecloud.TaskSpec{Name: "running", State: fakecloud.StateRunning})
		lone := h.fake.SeedSource(fakecloud.SourceSpec{Name: "lone"})
		st, out := h.do("DELETE", "/v3/sources/"+running.SourceID, nil)
		if st != http.StatusBadRequest {
			t.Fatalf("delete of a source with a running task: %d %s", st, out)
		}
		st, out = h.do("POST", "/v3/sources/delete", mustJSON(t, map[string]any{"ids": []string{lone.ID, ready.SourceID}}))
		if !withTask {
			if st != http.StatusBadRequest || !strings.Contains(string(out), ready.SourceID) {
				t.Fatalf("refused-with-task: %d %s", st, out)
			}
			if _, found := h.fake.Source(lone.ID); !found {
				t.Fatal("an all-or-nothing batch deleted a source")
			}
			continue
		}
		if st != http.StatusOK {
			t.Fatalf("batch: %d %s", st, out)
		}
		if _, found := h.fake.Task(ready.ID); found {
			t.Fatal("the task of a deleted source is still there")
		}
		for _, id := range []string{lone.ID, ready.SourceID} {
			if st, _ := h.do("GET", "/v3/sources/"+id, nil); st != http.StatusNotFound {
				t.Fatalf("source %s: %d", id, st)
			}
		}
	}
}

// TestTaskDiagnosticsWithSDKClient: a log upload shows in the task's
// log_collect_status and its source's current_task, a consistency report in
// ShowConsistencyResult, ListServers and the export, the agent's progress
// and network check reports in ShowTask.
func TestTaskDiagnosticsWithSDKClient(t *testing.T) {
	// The SDK signs with the wall clock, the fake runs on the harness's.
	h := newHarnessWith(t, fakecloud.Options{MaxClockSkew: -1})
	fake, client := h.fake, sdkClient(t, h.fake)
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "diag"})

	if _, err := client.CollectLog(&model.CollectLogRequest{TaskId: task.ID, Body: &model.UploadLogRequestBody{LogBucket: "logs"}}); err != nil {
		t.Fatal(err)
	}
	logStatus := func() string {
		list, err := client.ListTasks(&model.ListTasksRequest{Id: &task.ID})
		if err != nil {
			t.Fatal(err)
		}
		return (*list.Tasks)[0].LogCollectStatus.Value()
	}
	if s := logStatus(); s != "UPLOADING" {
		t.Fatalf("log status right after CollectLog: %s", s)
	}
	servers, err := client.ListServers(&model.ListServersRequest{Id: &task.SourceID})
	if err != nil {
		t.Fatal(err)
	}
	if ct := (*servers.SourceServers)[0].CurrentTask; *ct.LogBucket != "logs" || *ct.LogUploadTime != h.clock.UnixMilli() {
		t.Fatalf("current task: %+v", ct)
	}
	h.clock = h.clock.Add(10 * time.Second) // FastTiming's LogUpload
	if s := logStatus(); s != "UPLOADED" {
		t.Fatalf("log status after the upload time: %s", s)
	}

	one := int32(1)
	if _, err := client.UpdateConsistencyResult(&model.UpdateConsistencyResultRequest{TaskId: task.ID, Body: &model.SetConsistencyResultRequestBody{
		ConsistencyResult: &[]model.ConsistencyResult{{DirCheck: "/root/test", NumTotalFiles: one, NumDifferentFiles: one, NumTargetMissFiles: one, NumTargetMoreFiles: one}}}}); err != nil {
		t.Fatal(err)
	}
	servers, _ = client.ListServers(&model.ListServersRequest{IsConsistencyResultExist: ptr(true)})
	if *servers.Count != 1 || *(*servers.SourceServers)[0].Id != task.SourceID {
		t.Fatalf("is_consistency_result_exist filter: %+v", servers)
	}
	// ShowConsistencyResult answers result_list items as objects: what the
	// official provider's acceptance test reads from the service; the SDK
	// model (a list of strings) cannot decode them, so read it raw.
	raw := h.call("GET", "/v3/tasks/"+task.ID+"/consistency-result", nil)
	var shown struct {
		TaskID     string `json:"task_id"`
		ResultList []struct {
			FinishedTime int64  `json:"finished_time"`
			CheckResult  string `json:"check_result"`
			Results      []struct {
				DirCheck      string `json:"dir_check"`
				NumTotalFiles int    `json:"num_total_files"`
			} `json:"consistency_result"`
		} `json:"result_list"`
	}
	if err := json.Unmarshal(raw, &shown); err != nil {
		t.Fatal(err)
	}
	if shown.TaskID != task.ID || len(shown.ResultList) != 1 || shown.ResultList[0].FinishedTime != h.clock.UnixMilli() ||
		shown.ResultList[0].CheckResult == "" || shown.ResultList[0].Results[0].DirCheck != "/root/test" {
		t.Fatalf("consistency result: %s", raw)
	}
	export, err := client.ExportConsistencyResults(&model.ExportConsistencyResultsRequest{Body: &model.BatchGetConsistencyResultReq{
		TaskInfo: []model.BatchConsistencyReq{{TaskId: &task.ID}}}})
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(export.Body)
	export.Body.Close()
	if !strings.Contains(string(csv), task.ID+",diag-src,") || !strings.Contains(string(csv), "/root/test,1,1,1,1") {
		t.Fatalf("export:\n%s", csv)
	}

	speed := 10.0
	if _, err := client.UpdateTaskSpeed(&model.UpdateTaskSpeedRequest{TaskId: task.ID, Body: &model.UpdateTaskSpeedReq{
		SubtaskName: model.GetUpdateTaskSpeedReqSubtaskNameEnum().DETTACH_AGENT_IMAGE, Progress: 100, Replicatesize: 1000,
		Totalsize: 100000, ProcessTrace: "migrate details", MigrateSpeed: &speed, AgentTime: ptr("2025-07-07T15:30:00")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpdateNetworkCheckInfo(&model.UpdateNetworkCheckInfoRequest{TaskId: task.ID, Body: &model.NetworkCheckInfoRequestBody{
		NetworkDelay: 20, NetworkJitter: 2, MigrationSpeed: 100, CpuUsage: 20, MemUsage: 20, EvaluationResult: "success",
		DomainConnectivity: ptr(true), DestinationConnectivity: ptr(true)}}); err != nil {
		t.Fatal(err)
	}
	show, err := client.ShowTask(&model.ShowTaskRequest{TaskId: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	var detached *model.SubTask
	for _, st := range *show.SubTasks {
		if *st.Name == "DETTACH_AGENT_IMAGE" {
			detached = &st
		}
	}
	if *show.MigrateSpeed != 10 || detached == nil || detached.Progress != 100 || show.NetworkCheckInfo.NetworkDelay != 20 ||
		show.NetworkCheckInfo.EvaluationResult != "success" {
		t.Fatalf("show after the reports: %+v", show)
	}
	srv, _ := client.ShowServer(&model.ShowServerRequest{SourceId: task.SourceID})
	if *srv.Replicatesize != 1000 || *srv.Totalsize != 100000 {
		t.Fatalf("source after the progress report: %+v", srv)
	}
	if tv, _ := fake.Task(task.ID); tv.LogCollectStatus != "UPLOADED" || len(tv.ConsistencyResults) != 1 || tv.Progress.Replicatesize != 1000 ||
		tv.NetworkCheckReport == nil {
		t.Fatalf("task view: %+v", tv)
	}
}

// TestAccountAndTemplateOperationsWithSDKClient: the privacy agreement is
// signed once and stays; the agent configuration and the API versions
// answer; a template's password reads back; templates are deleted in a batch
// unless one is in use.
func TestAccountAndTemplateOperationsWithSDKClient(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	client := sdkClient(t, fake)
	flag, err := client.ShowPrivacyAgreements(&model.ShowPrivacyAgreementsRequest{})
	if err != nil || *flag.Flag {
		t.Fatalf("new account: %+v %v", flag, err)
	}
	for range 2 {
		if _, err := client.CreatePrivacyAgreements(&model.CreatePrivacyAgreementsRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	if flag, _ = client.ShowPrivacyAgreements(&model.ShowPrivacyAgreementsRequest{}); !*flag.Flag || !fake.PrivacyAgreed() {
		t.Fatal("not agreed after CreatePrivacyAgreements")
	}
	cfg, err := client.ShowConfig(&model.ShowConfigRequest{})
	if err != nil || cfg.Config["mainRegion"] != fake.Region() || (*cfg.Regions)[0]["sms_domain"] == "" {
		t.Fatalf("config: %+v %v", cfg, err)
	}
	versions, err := client.ListApiVersion(&model.ListApiVersionRequest{})
	if err != nil || *(*versions.Versions)[0].Id != "v3" {
		t.Fatalf("versions: %+v %v", versions, err)
	}
	if v, err := client.ShowApiVersion(&model.ShowApiVersionRequest{Version: "v3"}); err != nil || *v.Status != "SUPPORTED" {
		t.Fatalf("v3: %+v %v", v, err)
	}
	if _, err := client.ShowApiVersion(&model.ShowApiVersionRequest{Version: "v9"}); err == nil {
		t.Fatal("version v9 shown")
	}

	newTemplate := func(name string, pw *string) string {
		created, err := client.CreateTemplate(&model.CreateTemplateRequest{Body: &model.CreateTemplateReq{Template: &model.TemplateRequest{
			Name: name, AvailabilityZone: ptr("cn-north-4a"), TargetPassword: pw}}})
		if err != nil {
			t.Fatal(err)
		}
		return *created.Id
	}
	a, b, used := newTemplate("tpl-a", ptr("S3cure-pass!")), newTemplate("tpl-b", nil), newTemplate("tpl-used", nil)
	pw, err := client.ShowTargetPassword(&model.ShowTargetPasswordRequest{Id: a})
	if err != nil || *pw.TargetPassword != "S3cure-pass!" || *pw.TemplateId != a {
		t.Fatalf("target password: %+v %v", pw, err)
	}
	fake.SeedTask(fakecloud.TaskSpec{VMTemplateID: used})
	if _, err := client.DeleteTemplates(&model.DeleteTemplatesRequest{Body: &model.DeletetemplatesReq{Ids: []string{a, used}}}); err == nil {
		t.Fatal("a batch with a template in use was accepted")
	}
	if _, err := client.DeleteTemplates(&model.DeleteTemplatesRequest{Body: &model.DeletetemplatesReq{Ids: []string{a, b}}}); err != nil {
		t.Fatal(err)
	}
	list, _ := client.ListTemplates(&model.ListTemplatesRequest{})
	if *list.Count != 1 || *(*list.Templates)[0].Id != used {
		t.Fatalf("templates left: %+v", list)
	}
}

func ptr[T any](v T) *T { return &v }
