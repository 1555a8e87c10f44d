package fakecloud

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// A task's diagnostics: the log upload (CollectLog), the consistency check
// results (Update/Show/ExportConsistencyResult) and the agent's reports of
// its network check (UpdateNetworkCheckInfo) and progress (UpdateTaskSpeed).

// logUpload is a task's log upload: INIT until CollectLog, then UPLOADING
// until Timing.LogUpload has passed or the agent reports the UPLOAD_LOG
// command's result, then UPLOADED or UPLOAD_FAIL (the log_collect_status
// enum of TasksResponseBody).
type logUpload struct {
	pending bool
	end     time.Time
	status  string    // once over: UPLOADED or UPLOAD_FAIL
	buckets []string  // every bucket asked for, in order
	at      time.Time // when the last upload was asked for
}

// logStatus is log_collect_status at now.
func (t *task) logStatus(now time.Time) string {
	switch {
	case t.logUpload.pending && !now.Before(t.logUpload.end):
		return "UPLOADED"
	case t.logUpload.pending:
		return "UPLOADING"
	case t.logUpload.status != "":
		return t.logUpload.status
	}
	return "INIT"
}

// settleLogUpload makes an upload whose time is over final. Callers hold s.mu.
func (t *task) settleLogUpload(now time.Time) {
	if t.logUpload.pending && !now.Before(t.logUpload.end) {
		t.finishLogUpload(true)
	}
}

func (t *task) finishLogUpload(ok bool) {
	t.logUpload.pending = false
	t.logUpload.status = "UPLOAD_FAIL"
	if ok {
		t.logUpload.status = "UPLOADED"
	}
}

// collectLogReq is UploadLogRequestBody.
type collectLogReq struct {
	LogBucket *string `json:"log_bucket,omitempty" req:"true"`
}

// collectLog: POST /v3/tasks/{task_id}/log. The agent uploads the logs to
// the bucket, so it must be connected (SMS.0201, as for operations).
func (s *Server) collectLog(c *call) result {
	req, e := decodeModel[collectLogReq](c.body)
	if e != nil {
		return result{body: e}
	}
	if *req.LogBucket == "" {
		return result{body: invalidParam("log_bucket", "is required")}
	}
	return s.withTask(c, func(t *task) result {
		if !t.src.connected {
			return result{body: smsError(http.StatusBadRequest, codeSMSAgentOffline,
				"The source server agent is not connected to SMS; it uploads the logs.", t.src.id)}
		}
		now := s.nowLocked()
		t.settleLogUpload(now)
		t.logUpload.pending, t.logUpload.end, t.logUpload.status, t.logUpload.at = true, now.Add(s.timing.LogUpload), "", now
		t.logUpload.buckets = append(t.logUpload.buckets, *req.LogBucket)
		return ok(struct{}{})
	})
}

// consistencyItem is ConsistencyResult, in requests and answers.
type consistencyItem struct {
	DirCheck           *string `json:"dir_check,omitempty" req:"true" max:"-"`
	NumTotalFiles      *int32  `json:"num_total_files,omitempty" req:"true" range:"0,2147483647"`
	NumDifferentFiles  *int32  `json:"num_different_files,omitempty" req:"true" range:"0,2147483647"`
	NumTargetMissFiles *int32  `json:"num_target_miss_files,omitempty" req:"true" range:"0,2147483647"`
	NumTargetMoreFiles *int32  `json:"num_target_more_files,omitempty" req:"true" range:"0,2147483647"`
}

// consistencyReq is SetConsistencyResultRequestBody.
type consistencyReq struct {
	ConsistencyResult []consistencyItem `json:"consistency_result,omitempty" req:"true"`
}

// consistencyRun is one consistency check of a task as ShowConsistencyResult
// lists it: result_list items with finished_time, check_result and the
// directories' results. The SDK model types result_list as a list of
// strings; the official provider's acceptance test reads these objects back
// from the service, which ranks above the model (README.md).
type consistencyRun struct {
	FinishedTime int64             `json:"finished_time"`
	CheckResult  string            `json:"check_result"`
	Results      []consistencyItem `json:"consistency_result"`
}

// Check results of a run: no page names them; these are the fake's.
const (
	checkConsistent   = "CONSISTENT"
	checkInconsistent = "INCONSISTENT"
)

// updateConsistencyResult: POST /v3/tasks/{task_id}/consistency-result. The
// agent's report becomes the task's latest run.
func (s *Server) updateConsistencyResult(c *call) result {
	req, e := decodeModel[consistencyReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withTask(c, func(t *task) result {
		s.addConsistencyRun(t, req.ConsistencyResult, s.nowLocked())
		return ok(struct{}{})
	})
}

// addConsistencyRun records a run. Callers hold s.mu.
func (s *Server) addConsistencyRun(t *task, items []consistencyItem, now time.Time) {
	run := consistencyRun{FinishedTime: epochMillis(now), CheckResult: checkConsistent, Results: items}
	for _, it := range items {
		if *it.NumDifferentFiles+*it.NumTargetMissFiles+*it.NumTargetMoreFiles > 0 {
			run.CheckResult = checkInconsistent
		}
	}
	t.consistency = append(t.consistency, run)
}

// showConsistencyResult: GET /v3/tasks/{task_id}/consistency-result, newest
// run first.
func (s *Server) showConsistencyResult(c *call) result {
	return s.withTask(c, func(t *task) result {
		runs := make([]consistencyRun, 0, len(t.consistency))
		for i := len(t.consistency) - 1; i >= 0; i-- {
			runs = append(runs, t.consistency[i])
		}
		return ok(map[string]any{"task_id": t.id, "result_list": runs})
	})
}

// exportConsistencyReq is BatchGetConsistencyResultReq.
type exportConsistencyReq struct {
	TaskInfo []struct {
		TaskID     *string `json:"task_id,omitempty"`
		SourceID   *string `json:"source_id,omitempty"`
		SourceName *string `json:"source_name,omitempty"`
	} `json:"task_info,omitempty" req:"true" items:"1,65535"`
}

// exportConsistencyResults: POST /v3/tasks/consistency-results/export. The
// answer is a file (the SDK reads it as a stream): the fake writes CSV, one
// line per directory of each task's latest run. An item names its task by
// task_id, or by source_id; one naming neither, or an unknown one, is 404.
func (s *Server) exportConsistencyResults(c *call) result {
	req, e := decodeModel[exportConsistencyReq](c.body)
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"task_id", "source_name", "finished_time", "check_result", "dir_check",
		"num_total_files", "num_different_files", "num_target_miss_files", "num_target_more_files"})
	for i, item := range req.TaskInfo {
		var t *task
		switch {
		case item.TaskID != nil:
			t = s.tasks[*item.TaskID]
		case item.SourceID != nil && s.sources[*item.SourceID] != nil:
			t = s.tasks[s.sources[*item.SourceID].taskID]
		}
		if t == nil {
			return result{body: smsError(http.StatusNotFound, codeSMSNotFound,
				"No migration task matches task_info item "+strconv.Itoa(i)+".", fmt.Sprintf("task_info[%d]", i))}
		}
		if len(t.consistency) == 0 {
			continue
		}
		run := t.consistency[len(t.consistency)-1]
		for _, r := range run.Results {
			_ = w.Write([]string{t.id, t.src.name, strconv.FormatInt(run.FinishedTime, 10), run.CheckResult, *r.DirCheck,
				fmt.Sprint(*r.NumTotalFiles), fmt.Sprint(*r.NumDifferentFiles), fmt.Sprint(*r.NumTargetMissFiles), fmt.Sprint(*r.NumTargetMoreFiles)})
		}
	}
	w.Flush()
	return result{status: http.StatusOK, body: fileBody{name: "consistency_results.csv", contentType: "text/csv", data: buf.Bytes()}}
}

// fileBody is an answer that is a file rather than JSON.
type fileBody struct {
	name, contentType string
	data              []byte
}

// networkCheckReq is NetworkCheckInfoRequestBody; the percentages are
// 0-100 (the model's units).
type networkCheckReq struct {
	DomainConnectivity      *bool    `json:"domain_connectivity,omitempty"`
	DestinationConnectivity *bool    `json:"destination_connectivity,omitempty"`
	NetworkDelay            *float64 `json:"network_delay,omitempty" req:"true" range:"0,2147483647"`
	NetworkJitter           *float64 `json:"network_jitter,omitempty" req:"true" range:"0,2147483647"`
	MigrationSpeed          *float64 `json:"migration_speed,omitempty" req:"true" range:"0,2147483647"`
	LossPercentage          *float64 `json:"loss_percentage,omitempty" req:"true" range:"0,100"`
	CPUUsage                *float64 `json:"cpu_usage,omitempty" req:"true" range:"0,100"`
	MemUsage                *float64 `json:"mem_usage,omitempty" req:"true" range:"0,100"`
	EvaluationResult        *string  `json:"evaluation_result,omitempty" req:"true"`
}

// updateNetworkCheckInfo: POST /v3/{task_id}/update-network-check-info. The
// report becomes the task's network_check_info.
func (s *Server) updateNetworkCheckInfo(c *call) result {
	req, e := decodeModel[networkCheckReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withTask(c, func(t *task) result {
		t.net = netCheck{done: true, runs: t.net.runs + 1, report: &networkCheckJSON{
			DomainConnectivity: boolean(req.DomainConnectivity, false), DestinationConnectivity: boolean(req.DestinationConnectivity, false),
			NetworkDelay: *req.NetworkDelay, NetworkJitter: *req.NetworkJitter, MigrationSpeed: *req.MigrationSpeed,
			LossPercentage: *req.LossPercentage, CPUUsage: *req.CPUUsage, MemUsage: *req.MemUsage, EvaluationResult: *req.EvaluationResult,
		}}
		return ok(map[string]string{"task_id": t.id})
	})
}

// taskSpeedReq is UpdateTaskSpeedReq; the sub-task names are its enum.
type taskSpeedReq struct {
	SubtaskName       *string  `json:"subtask_name,omitempty" req:"true" enum:"CREATE_CLOUD_SERVER|SSL_CONFIG|ATTACH_AGENT_IMAGE|DETTACH_AGENT_IMAGE|FORMAT_DISK_LINUX|FORMAT_DISK_LINUX_FILE|FORMAT_DISK_LINUX_BLOCK|FORMAT_DISK_WINDOWS|MIGRATE_LINUX_FILE|MIGRATE_LINUX_BLOCK|MIGRATE_WINDOWS_BLOCK|CLONE_VM|SYNC_LINUX_FILE|SYNC_LINUX_BLOCK|SYNC_WINDOWS_BLOCK|CONFIGURE_LINUX|CONFIGURE_LINUX_BLOCK|CONFIGURE_LINUX_FILE|CONFIGURE_WINDOWS"`
	Progress          *int32   `json:"progress,omitempty" req:"true" range:"0,100"`
	Replicatesize     *int64   `json:"replicatesize,omitempty" req:"true" range:"0,9223372036854775807"`
	Totalsize         *int64   `json:"totalsize,omitempty" req:"true" range:"0,9223372036854775807"`
	ProcessTrace      *string  `json:"process_trace,omitempty" req:"true" max:"2048"`
	MigrateSpeed      *float64 `json:"migrate_speed,omitempty" range:"0,2147483647"`
	CompressRate      *float64 `json:"compress_rate,omitempty" range:"0,2147483647"`
	RemainTime        *int64   `json:"remain_time,omitempty" range:"0,9223372036854775807"`
	TotalCPUUsage     *float64 `json:"total_cpu_usage,omitempty" range:"0,100"`
	AgentCPUUsage     *float64 `json:"agent_cpu_usage,omitempty" range:"0,100"`
	TotalMemUsage     *float64 `json:"total_mem_usage,omitempty" range:"0,2147483647"`
	AgentMemUsage     *float64 `json:"agent_mem_usage,omitempty" range:"0,2147483647"`
	TotalDiskIO       *float64 `json:"total_disk_io,omitempty" range:"0,2147483647"`
	AgentDiskIO       *float64 `json:"agent_disk_io,omitempty" range:"0,2147483647"`
	NeedMigrationTest *bool    `json:"need_migration_test,omitempty"`
	AgentTime         *string  `json:"agent_time,omitempty"`
}

// ProgressReport is the agent's last progress report of a task.
type ProgressReport struct {
	SubtaskName   string   `json:"subtask_name"`
	Progress      int      `json:"progress"`
	Replicatesize int64    `json:"replicatesize"`
	Totalsize     int64    `json:"totalsize"`
	ProcessTrace  string   `json:"process_trace"`
	MigrateSpeed  *float64 `json:"migrate_speed,omitempty"`
	CompressRate  *float64 `json:"compress_rate,omitempty"`
	RemainTime    *int64   `json:"remain_time,omitempty"`
	AgentTime     string   `json:"agent_time,omitempty"`
	usage
}

// updateTaskSpeed: PUT /v3/tasks/{task_id}/progress. The report sets the
// named sub-task's progress (when the task has it and the fake is not
// moving it), the task's speed, compression, time left and usage while no
// timed transition of the fake's runs, and the source's replicatesize and
// totalsize.
func (s *Server) updateTaskSpeed(c *call) result {
	req, e := decodeModel[taskSpeedReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withTask(c, func(t *task) result {
		now := s.nowLocked()
		r := &ProgressReport{SubtaskName: *req.SubtaskName, Progress: int(*req.Progress), Replicatesize: *req.Replicatesize,
			Totalsize: *req.Totalsize, ProcessTrace: *req.ProcessTrace, MigrateSpeed: req.MigrateSpeed,
			CompressRate: req.CompressRate, RemainTime: req.RemainTime, AgentTime: str(req.AgentTime, "")}
		r.usage = usage{TotalCPUUsage: floatOr(req.TotalCPUUsage), AgentCPUUsage: floatOr(req.AgentCPUUsage),
			TotalMemUsage: floatOr(req.TotalMemUsage), AgentMemUsage: floatOr(req.AgentMemUsage),
			TotalDiskIO: floatOr(req.TotalDiskIO), AgentDiskIO: floatOr(req.AgentDiskIO)}
		t.report = r
		for i, st := range t.subTasks {
			if st.name != r.SubtaskName || (t.ph.sub == i && t.ph.kind != phNone) {
				continue
			}
			st.progress = r.Progress
			if st.start.IsZero() {
				st.start = now
			}
			if r.Progress == 100 && st.end.IsZero() {
				st.end = now
			}
		}
		t.src.agent.replicateSize, t.src.agent.totalSize = r.Replicatesize, r.Totalsize
		return ok(struct{}{})
	})
}

func floatOr(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// NetworkCheckView is a network check result as the agent reported it.
type NetworkCheckView networkCheckJSON

// ConsistencyDir is one directory's result in a consistency check.
type ConsistencyDir struct {
	Dir           string `json:"dir_check"`
	Total         int32  `json:"num_total_files"`
	Different     int32  `json:"num_different_files"`
	TargetMissing int32  `json:"num_target_miss_files"`
	TargetExtra   int32  `json:"num_target_more_files"`
}

// ConsistencyRun is one consistency check of a task.
type ConsistencyRun struct {
	Finished time.Time        `json:"finished"`
	Result   string           `json:"check_result"`
	Dirs     []ConsistencyDir `json:"dirs"`
}

func (r consistencyRun) view() ConsistencyRun {
	v := ConsistencyRun{Finished: time.UnixMilli(r.FinishedTime), Result: r.CheckResult, Dirs: []ConsistencyDir{}}
	for _, it := range r.Results {
		v.Dirs = append(v.Dirs, ConsistencyDir{Dir: *it.DirCheck, Total: *it.NumTotalFiles, Different: *it.NumDifferentFiles,
			TargetMissing: *it.NumTargetMissFiles, TargetExtra: *it.NumTargetMoreFiles})
	}
	return v
}

// AddConsistencyResult records a consistency check of a task as the
// agent's report (UpdateConsistencyResult) would, finished now.
func (s *Server) AddConsistencyResult(taskID string, dirs ...ConsistencyDir) error {
	if len(dirs) == 0 {
		return fmt.Errorf("a consistency result needs at least one directory")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	t := s.tasks[taskID]
	if t == nil {
		return fmt.Errorf("task %s: %w", taskID, errNotFound)
	}
	items := make([]consistencyItem, 0, len(dirs))
	for _, d := range dirs {
		items = append(items, consistencyItem{DirCheck: ptr(d.Dir), NumTotalFiles: ptr(d.Total), NumDifferentFiles: ptr(d.Different),
			NumTargetMissFiles: ptr(d.TargetMissing), NumTargetMoreFiles: ptr(d.TargetExtra)})
	}
	s.addConsistencyRun(t, items, now)
	return nil
}

// Source returns a source server's current view.
func (s *Server) Source(id string) (Source, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	src := s.sources[id]
	if src == nil {
		return Source{}, false
	}
	return src.view(), true
}

// DeleteSourceOutOfBand removes a source server and its task (if any) at
// once, as another user of the account would; it reports whether the
// source existed.
func (s *Server) DeleteSourceOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	src := s.sources[id]
	if src == nil {
		return false
	}
	if t := s.tasks[src.taskID]; t != nil {
		s.removeTask(t)
	}
	delete(s.sources, id)
	return true
}
