package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// A task's diagnostics: uploading its logs to an OBS bucket, and the results
// of its data consistency checks.

// CollectLog asks the agent of a task's source server to upload the
// migration logs to an OBS bucket (CollectLog, POST /v3/tasks/{id}/log).
// The upload runs in the background: the task's log_collect_status (in
// ListTasks) tells how it went. Not idempotent: each call starts an upload.
func (c *Client) CollectLog(ctx context.Context, taskID, bucket string) error {
	path, err := taskPath(taskID, "/log")
	if err != nil {
		return err
	}
	if bucket == "" {
		return errors.New("CollectLog: log bucket must not be empty")
	}
	body := struct {
		LogBucket string `json:"log_bucket"`
	}{bucket}
	return c.do(ctx, request{method: http.MethodPost, path: path, body: body}, nil)
}

// ConsistencyResults is a task's consistency check results
// (ShowConsistencyResult, GET /v3/tasks/{id}/consistency-result).
type ConsistencyResults struct {
	TaskID  string
	Results []ConsistencyCheck
}

// ConsistencyCheck is one check of a task. The SDK model types each result
// as a string; the official provider's acceptance tests read objects with
// finished_time, check_result and consistency_result. Both are accepted: an
// object, or a string holding one, fills the fields; Raw always holds the
// result as it came (a string's text, an object's JSON).
type ConsistencyCheck struct {
	Raw          string
	FinishedTime int64
	CheckResult  string
	Directories  []ConsistencyDirectory
}

// ConsistencyDirectory is the result of one checked directory
// (ConsistencyResult).
type ConsistencyDirectory struct {
	DirCheck           string `json:"dir_check"`
	NumTotalFiles      int64  `json:"num_total_files"`
	NumDifferentFiles  int64  `json:"num_different_files"`
	NumTargetMissFiles int64  `json:"num_target_miss_files"`
	NumTargetMoreFiles int64  `json:"num_target_more_files"`
}

// ShowConsistencyResult reads a task's consistency check results.
func (c *Client) ShowConsistencyResult(ctx context.Context, taskID string) (*ConsistencyResults, error) {
	path, err := taskPath(taskID, "/consistency-result")
	if err != nil {
		return nil, err
	}
	var body struct {
		TaskID     string            `json:"task_id"`
		ResultList []json.RawMessage `json:"result_list"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &body); err != nil {
		return nil, err
	}
	out := &ConsistencyResults{TaskID: body.TaskID, Results: make([]ConsistencyCheck, 0, len(body.ResultList))}
	for i, raw := range body.ResultList {
		check, err := parseConsistencyCheck(raw)
		if err != nil {
			return nil, fmt.Errorf("GET %s: result_list[%d]: %w", path, i, err)
		}
		out.Results = append(out.Results, check)
	}
	return out, nil
}

// parseConsistencyCheck reads one result_list element: a string (its text
// is parsed as an object when it holds one) or an object.
func parseConsistencyCheck(raw json.RawMessage) (ConsistencyCheck, error) {
	raw = bytes.TrimSpace(raw)
	var check ConsistencyCheck
	object := []byte(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return check, err
		}
		check.Raw = text
		object = []byte(strings.TrimSpace(text))
		if len(object) == 0 || object[0] != '{' {
			return check, nil // plain text: Raw is all there is
		}
	} else {
		check.Raw = string(raw)
	}
	var fields struct {
		FinishedTime      int64                  `json:"finished_time"`
		CheckResult       string                 `json:"check_result"`
		ConsistencyResult []ConsistencyDirectory `json:"consistency_result"`
	}
	if err := json.Unmarshal(object, &fields); err != nil {
		if raw[0] == '"' {
			return check, nil // text that only looks like an object
		}
		return check, err
	}
	check.FinishedTime, check.CheckResult, check.Directories = fields.FinishedTime, fields.CheckResult, fields.ConsistencyResult
	return check, nil
}

// MaxExportConsistencyTasks is the most tasks one export takes (task_info,
// 1 to 200).
const MaxExportConsistencyTasks = 200

// ConsistencyExportTask names one task of an export (BatchConsistencyReq);
// empty fields are left out.
type ConsistencyExportTask struct {
	TaskID     string `json:"task_id,omitempty"`
	SourceID   string `json:"source_id,omitempty"`
	SourceName string `json:"source_name,omitempty"`
}

// ExportConsistencyResultsRequest is ExportConsistencyResults' request: the
// tasks (BatchGetConsistencyResultReq) and the X-Language header, which the
// pages say only English answers; empty leaves the header out.
type ExportConsistencyResultsRequest struct {
	Tasks    []ConsistencyExportTask
	Language string
}

// ExportConsistencyResults exports the consistency check results of up to
// 200 tasks (POST /v3/tasks/consistency-results/export) and returns the
// exported file as the service sent it. It only reads, so it is retried like
// a read.
func (c *Client) ExportConsistencyResults(ctx context.Context, req ExportConsistencyResultsRequest) ([]byte, error) {
	if len(req.Tasks) == 0 || len(req.Tasks) > MaxExportConsistencyTasks {
		return nil, fmt.Errorf("ExportConsistencyResults: 1 to %d tasks, got %d", MaxExportConsistencyTasks, len(req.Tasks))
	}
	body := struct {
		TaskInfo []ConsistencyExportTask `json:"task_info"`
	}{req.Tasks}
	var header http.Header
	if req.Language != "" {
		header = http.Header{"X-Language": {req.Language}}
	}
	var file []byte
	r := request{method: http.MethodPost, path: "/v3/tasks/consistency-results/export", body: body, header: header, idempotent: true, responseBody: &file}
	if err := c.do(ctx, r, nil); err != nil {
		return nil, err
	}
	return file, nil
}
