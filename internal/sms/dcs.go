package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ListBackgroundTasks paging limits (limit 1-1000).
const (
	DefaultBackgroundTaskPageSize = 100
	MaxBackgroundTaskPageSize     = 1000
)

// dcsTimeLayout is the yyyyMMddHHmmss (UTC) format of start_time/end_time.
const dcsTimeLayout = "20060102150405"

// BackgroundTask is a DCS instance background task.
type BackgroundTask struct {
	ID         string                `json:"id"`
	Name       string                `json:"name"`
	UserName   string                `json:"user_name"`
	UserID     string                `json:"user_id"`
	Params     string                `json:"params"` // a JSON document encoded as a string
	Status     string                `json:"status"` // SUCCESS, FAILED, EXECUTING, CREATED, WAITING…
	CreatedAt  string                `json:"created_at"`
	UpdatedAt  string                `json:"updated_at"`
	EnableShow bool                  `json:"enable_show"`
	Details    BackgroundTaskDetails `json:"details"`
}

// BackgroundTaskDetails is the details object; which fields are set depends
// on the task name.
type BackgroundTaskDetails struct {
	OldCapacity          string   `json:"old_capacity,omitempty"`
	NewCapacity          string   `json:"new_capacity,omitempty"`
	EnablePublicIP       *bool    `json:"enable_public_ip,omitempty"`
	PublicIPID           string   `json:"public_ip_id,omitempty"`
	PublicIPAddress      string   `json:"public_ip_address,omitempty"`
	EnableSSL            *bool    `json:"enable_ssl,omitempty"`
	OldCacheMode         string   `json:"old_cache_mode,omitempty"`
	NewCacheMode         string   `json:"new_cache_mode,omitempty"`
	OldResourceSpecCode  string   `json:"old_resource_spec_code,omitempty"`
	NewResourceSpecCode  string   `json:"new_resource_spec_code,omitempty"`
	OldReplicaNum        int      `json:"old_replica_num,omitempty"`
	NewReplicaNum        int      `json:"new_replica_num,omitempty"`
	OldCacheType         string   `json:"old_cache_type,omitempty"`
	NewCacheType         string   `json:"new_cache_type,omitempty"`
	ReplicaIP            string   `json:"replica_ip,omitempty"`
	ReplicaAZ            string   `json:"replica_az,omitempty"`
	GroupName            string   `json:"group_name,omitempty"`
	OldPort              int      `json:"old_port,omitempty"`
	NewPort              int      `json:"new_port,omitempty"`
	IsOnlyAdjustCharging *bool    `json:"is_only_adjust_charging,omitempty"`
	AccountName          string   `json:"account_name,omitempty"`
	SourceIP             string   `json:"source_ip,omitempty"`
	TargetIP             string   `json:"target_ip,omitempty"`
	NodeName             string   `json:"node_name,omitempty"`
	RenameCommands       []string `json:"rename_commands,omitempty"`
	UpdatedConfigLength  int      `json:"updated_config_length,omitempty"`
}

// BackgroundTaskFilter narrows ListBackgroundTasks. Zero times are not sent.
type BackgroundTaskFilter struct {
	StartTime time.Time
	EndTime   time.Time
	// PageSize is the limit per request (default 100, max 1000).
	PageSize int
}

// DeleteBackgroundTask deletes a DCS background task record
// (DELETE {dcs}/v2/{project_id}/instances/{instance_id}/tasks/{task_id}).
func (c *Client) DeleteBackgroundTask(ctx context.Context, instanceID, taskID string) error {
	base, err := c.dcsTasksPath(ctx, instanceID)
	if err != nil {
		return err
	}
	task, err := pathSegment("task id", taskID)
	if err != nil {
		return err
	}
	return c.do(ctx, request{service: serviceDCS, method: http.MethodDelete, path: base + "/" + task, idempotent: true}, nil)
}

// ListBackgroundTasks returns every background task of an instance,
// following the pages.
func (c *Client) ListBackgroundTasks(ctx context.Context, instanceID string, f BackgroundTaskFilter) ([]BackgroundTask, error) {
	limit, err := pageSize(f.PageSize, DefaultBackgroundTaskPageSize, MaxBackgroundTaskPageSize)
	if err != nil {
		return nil, fmt.Errorf("ListBackgroundTasks: %w", err)
	}
	path, err := c.dcsTasksPath(ctx, instanceID)
	if err != nil {
		return nil, err
	}
	return collectPages(ctx, func(ctx context.Context, offset int) (page[BackgroundTask], error) {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
		if !f.StartTime.IsZero() {
			q.Set("start_time", f.StartTime.UTC().Format(dcsTimeLayout))
		}
		if !f.EndTime.IsZero() {
			q.Set("end_time", f.EndTime.UTC().Format(dcsTimeLayout))
		}
		var body struct {
			TaskCount flexInt          `json:"task_count"`
			Tasks     []BackgroundTask `json:"tasks"`
		}
		if err := c.do(ctx, request{service: serviceDCS, method: http.MethodGet, path: path, query: q, idempotent: true}, &body); err != nil {
			return page[BackgroundTask]{}, err
		}
		return page[BackgroundTask]{items: body.Tasks, total: body.TaskCount.value}, nil
	})
}

// dcsTasksPath is /v2/{project_id}/instances/{instance_id}/tasks.
func (c *Client) dcsTasksPath(ctx context.Context, instanceID string) (string, error) {
	inst, err := pathSegment("instance id", instanceID)
	if err != nil {
		return "", err
	}
	pid, err := c.ProjectID(ctx)
	if err != nil {
		return "", err
	}
	return "/v2/" + url.PathEscape(pid) + "/instances/" + inst + "/tasks", nil
}

// flexInt decodes a count sent as a string ("3", the documented form) or a
// number (3, as some examples show). Anything else leaves value nil, which
// the pager treats as "unknown".
type flexInt struct{ value *int }

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return nil //nolint:nilerr // an unreadable count is "unknown" (value nil), not a failed decode
		}
		b = []byte(s)
	}
	if n, err := strconv.Atoi(string(b)); err == nil {
		f.value = &n
	}
	return nil
}
