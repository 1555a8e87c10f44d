package sms

import (
	"net/http"
	"testing"
)

// showTaskBody is a realistic GET /v3/tasks/{id} answer.
const showTaskBody = `{
  "name": "MigrationTask",
  "type": "MIGRATE_BLOCK",
  "os_type": "LINUX",
  "id": "7c1f1a2b-3d4e-4f50-8a9b-0c1d2e3f4a5b",
  "priority": 1,
  "speed_limit": 100,
  "region_id": "cn-north-4",
  "region_name": "cn-north-4",
  "project_name": "cn-north-4",
  "project_id": "0123456789abcdef0123456789abcdef",
  "enterprise_project_id": "0",
  "start_target_server": true,
  "migration_ip": "192.168.0.10",
  "vm_template_id": "",
  "state": "RUNNING",
  "estimate_complete_time": 1735700000000,
  "connected": true,
  "create_date": 1735600000000,
  "start_date": 1735600005000,
  "finish_date": 0,
  "migrate_speed": 87.5,
  "compress_rate": 1.42,
  "error_json": "",
  "total_time": 3600000,
  "remain_seconds": 1200,
  "need_migration_test": false,
  "log_collect_status": "INIT",
  "source_server": {"id": "src-1", "ip": "10.0.0.5", "name": "web-01", "os_type": "LINUX", "os_version": "CENTOS_7_9_64BIT", "oem_system": false, "state": "replicate", "migration_cycle": "replicating"},
  "target_server": {"id": "tgt-1", "vm_id": "ecs-1", "name": "web-01-target", "ip": "192.168.0.10", "os_type": "LINUX",
    "disks": [{"id": 11, "device_use": "BOOT", "disk_id": "evs-1", "name": "/dev/vda", "size": 42949672960, "used_size": 10737418240, "disk_index": "0", "os_disk": true, "partition_style": "MBR", "relation_name": "/dev/sda",
      "physical_volumes": [{"id": 21, "device_use": "OS", "file_system": "ext4", "index": 0, "mount_point": "/", "name": "/dev/vda1", "size": 42948624384, "used_size": 10737418240, "uuid": "f00-ba4"}]}]},
  "clone_server": {"vm_id": "clone-1", "name": "clone", "clone_state": "FINISHED", "clone_error": "", "error_msg": ""},
  "sub_tasks": [
    {"id": 1, "name": "CREATE_CLOUD_SERVER", "progress": 100, "start_date": 1735600005000, "end_date": 1735600100000},
    {"id": 2, "name": "SSL_CONFIG", "progress": 100, "start_date": 1735600100000, "end_date": 1735600110000},
    {"id": 3, "name": "ATTACH_AGENT_IMAGE", "progress": 100, "start_date": 1735600110000, "end_date": 1735600200000},
    {"id": 4, "name": "FORMAT_DISK_LINUX", "progress": 100, "start_date": 1735600200000, "end_date": 1735600300000},
    {"id": 5, "name": "MIGRATE_LINUX_BLOCK", "progress": 42, "start_date": 1735600300000, "end_date": 0, "migrate_speed": 87.5},
    {"id": 6, "name": "CLONE_VM", "progress": 0, "start_date": 0, "end_date": 0}
  ],
  "network_check_info": {"domain_connectivity": true, "destination_connectivity": true, "network_delay": 3.2, "network_jitter": 0.4, "migration_speed": 95.1, "loss_percentage": 0.01, "cpu_usage": 12.5, "mem_usage": 40.25, "evaluation_result": "GOOD"},
  "total_cpu_usage": 20.5, "agent_cpu_usage": 3.5, "total_mem_usage": 2048, "agent_mem_usage": 64, "total_disk_io": 80.2, "agent_disk_io": 40.1,
  "subtask_info": "{}",
  "unknown_future_field": {"x": 1}
}`

func TestShowTaskDecodesARealisticBody(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, showTaskBody) })
	c := newTestClient(t, testConfig(rec.URL))
	task, err := c.ShowTask(testCtx(t), "7c1f1a2b-3d4e-4f50-8a9b-0c1d2e3f4a5b")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", task.ID, "7c1f1a2b-3d4e-4f50-8a9b-0c1d2e3f4a5b"},
		{"state", task.State, TaskStateRunning},
		{"type", task.Type, TaskTypeMigrateBlock},
		{"priority", task.Priority, 1},
		{"speed_limit", task.SpeedLimit, 100},
		{"migrate_speed", task.MigrateSpeed, 87.5},
		{"compress_rate", task.CompressRate, 1.42},
		{"create_date", task.CreateDate, int64(1735600000000)},
		{"remain_seconds", task.RemainSeconds, int64(1200)},
		{"connected", task.Connected, true},
		{"start_target_server", task.StartTargetServer, true},
		{"enterprise_project_id", task.EnterpriseProjectID, "0"},
		{"log_collect_status", task.LogCollectStatus, LogCollectInit},
		{"source.state", task.SourceServer.State, SourceStateReplicate},
		{"source.migration_cycle", task.SourceServer.MigrationCycle, MigrationCycleReplicating},
		{"target.vm_id", task.TargetServer.VMID, "ecs-1"},
		{"target.disks", len(task.TargetServer.Disks), 1},
		{"disk.size", task.TargetServer.Disks[0].Size, int64(42949672960)},
		{"disk.id", task.TargetServer.Disks[0].ID, int64(11)},
		{"disk.os_disk", task.TargetServer.Disks[0].OsDisk, true},
		{"pv.mount_point", task.TargetServer.Disks[0].PhysicalVolumes[0].MountPoint, "/"},
		{"clone_state", task.CloneServer.CloneState, "FINISHED"},
		{"sub_tasks", len(task.SubTasks), 6},
		{"sub_task id", task.SubTasks[4].ID, int64(5)},
		{"network delay", task.NetworkCheckInfo.NetworkDelay, 3.2},
		{"evaluation", task.NetworkCheckInfo.EvaluationResult, "GOOD"},
		{"mem usage", task.TotalMemUsage, 2048.0},
		{"progress", task.Progress(), 42},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestTaskProgress(t *testing.T) {
	sub := func(p ...int) []SubTask {
		var out []SubTask
		for _, v := range p {
			out = append(out, SubTask{Progress: v})
		}
		return out
	}
	tests := []struct {
		name string
		subs []SubTask
		want int
	}{
		{"none", nil, 0},
		{"all done", sub(100, 100), 100},
		{"one running", sub(100, 37, 0), 37},
		{"not started", sub(0, 0), 0},
		{"bad data", sub(-3, 100), 0},
	}
	for _, tt := range tests {
		task := &Task{SubTasks: tt.subs}
		if got := task.Progress(); got != tt.want {
			t.Errorf("%s: Progress() = %d, want %d", tt.name, got, tt.want)
		}
	}
	var nilTask *Task
	if nilTask.Progress() != 0 {
		t.Error("nil task")
	}
}

func TestShowSource(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 200, `{"id":"src-1","name":"web-01","ip":"10.0.0.5","os_type":"LINUX","os_version":"CENTOS_7","state":"waiting","connected":true,
		 "current_task":{"id":"t1","name":"MigrationTask","state":"READY","use_public_ip":true,"exist_server":false},
		 "init_target_server":{"disks":[{"name":"/dev/vda","size":42949672960,"device_use":"BOOT","used_size":1024,
		   "physical_volumes":[{"name":"/dev/vda1","size":42948624384,"device_use":"OS","file_system":"ext4","mount_point":"/","index":0,"uuid":"u","used_size":1024}]}]}}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	s, err := c.ShowSource(testCtx(t), "src-1")
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != "src-1" || !s.Connected || s.State != SourceStateWaiting || s.CurrentTask == nil || s.CurrentTask.ID != "t1" || s.CurrentTask.UsePublicIP == nil || !*s.CurrentTask.UsePublicIP {
		t.Errorf("source = %+v", s)
	}
	if d := s.InitTargetServer.Disks; len(d) != 1 || d[0].Size != 42949672960 || d[0].PhysicalVolumes[0].FileSystem != "ext4" {
		t.Errorf("init_target_server = %+v", s.InitTargetServer)
	}
	if r := rec.requests()[0]; r.Path != "/v3/sources/src-1" || r.Method != http.MethodGet {
		t.Errorf("request = %s %s", r.Method, r.Path)
	}
}

func TestCreateTaskWithoutIDInResponse(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, `{}`) })
	c := newTestClient(t, testConfig(rec.URL))
	if _, err := c.CreateTask(testCtx(t), &CreateTaskRequest{Name: "x"}); err == nil {
		t.Fatal("want an error when the response has no id")
	}
}

func TestMalformedSuccessBody(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("X-Request-Id", "rid-9")
		writeJSON(w, 200, `{"id": 12, "sub_tasks": "nope"`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	_, err := c.ShowTask(testCtx(t), "t1")
	if err == nil {
		t.Fatal("want a decoding error")
	}
	if rec.count() != 1 {
		t.Errorf("a decoding error must not be retried: %d attempts", rec.count())
	}
}
