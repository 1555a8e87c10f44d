package sms

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ListSources paging limits.
const (
	DefaultSourcePageSize = 100
	MaxSourcePageSize     = 200
)

// SourceServer is a server registered by the SMS agent (GET /v3/sources).
type SourceServer struct {
	ID                       string             `json:"id"`
	Name                     string             `json:"name"`
	IP                       string             `json:"ip"`
	Hostname                 string             `json:"hostname,omitempty"`
	EnterpriseProjectID      string             `json:"enterprise_project_id,omitempty"`
	AddDate                  int64              `json:"add_date,omitempty"`
	OsType                   string             `json:"os_type"`
	OsVersion                string             `json:"os_version"`
	OemSystem                bool               `json:"oem_system,omitempty"`
	State                    string             `json:"state"` // a SourceState* constant
	Connected                bool               `json:"connected"`
	CPUQuantity              int                `json:"cpu_quantity,omitempty"`
	Memory                   int64              `json:"memory,omitempty"` // ListServers: bytes; ShowServer: MB (SDK field comments)
	MigrationCycle           string             `json:"migration_cycle,omitempty"`
	CurrentTask              *SourceCurrentTask `json:"current_task,omitempty"`
	InitTargetServer         InitTargetServer   `json:"init_target_server"`
	Disks                    []Disk             `json:"disks,omitempty"`
	VolumeGroups             []VolumeGroup      `json:"volume_groups,omitempty"`
	StateActionTime          int64              `json:"state_action_time,omitempty"`
	StageActionTime          int64              `json:"stage_action_time,omitempty"`
	LastVisitTime            int64              `json:"last_visit_time,omitempty"`
	Replicatesize            int64              `json:"replicatesize,omitempty"`
	Totalsize                int64              `json:"totalsize,omitempty"`
	AgentVersion             string             `json:"agent_version,omitempty"`
	HasTC                    bool               `json:"has_tc,omitempty"`
	StartType                string             `json:"start_type,omitempty"`
	IsConsistencyResultExist bool               `json:"is_consistency_result_exist,omitempty"`
}

// InitTargetServer is the target layout the service suggests for a source;
// its disks can be sent unchanged as a new task's target disks.
type InitTargetServer struct {
	Disks        []Disk        `json:"disks"`
	VolumeGroups []VolumeGroup `json:"volume_groups,omitempty"`
}

// SourceCurrentTask is the task a source server is attached to.
type SourceCurrentTask struct {
	ID                string       `json:"id"`
	Name              string       `json:"name"`
	Type              string       `json:"type"`
	State             string       `json:"state"`
	StartDate         int64        `json:"start_date,omitempty"`
	SpeedLimit        int          `json:"speed_limit,omitempty"`
	MigrateSpeed      float64      `json:"migrate_speed,omitempty"`
	StartTargetServer bool         `json:"start_target_server"`
	VMTemplateID      string       `json:"vm_template_id,omitempty"`
	RegionID          string       `json:"region_id,omitempty"`
	ProjectName       string       `json:"project_name,omitempty"`
	ProjectID         string       `json:"project_id,omitempty"`
	TargetServer      *TargetRef   `json:"target_server,omitempty"`
	LogCollectStatus  string       `json:"log_collect_status,omitempty"`
	ExistServer       *bool        `json:"exist_server,omitempty"`  // optional in the SDK model
	UsePublicIP       *bool        `json:"use_public_ip,omitempty"` // optional in the SDK model
	CloneServer       *CloneServer `json:"clone_server,omitempty"`
	SubtaskInfo       string       `json:"subtask_info,omitempty"`
}

// TargetRef names a target server.
type TargetRef struct {
	VMID string `json:"vm_id"`
	Name string `json:"name"`
}

// ListSourcesFilter narrows ListSources; empty fields are not sent.
type ListSourcesFilter struct {
	State               string
	Name                string
	ID                  string
	IP                  string
	MigProject          string
	MigrationCycle      string
	EnterpriseProjectID string
	VMID                string
	Connected           *bool
	// PageSize is the limit per request (default 100, max 200).
	PageSize int
}

func (f ListSourcesFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{
		"state":                 f.State,
		"name":                  f.Name,
		"id":                    f.ID,
		"ip":                    f.IP,
		"migproject":            f.MigProject,
		"migration_cycle":       f.MigrationCycle,
		"enterprise_project_id": f.EnterpriseProjectID,
		"vm_id":                 f.VMID,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Connected != nil {
		q.Set("connected", strconv.FormatBool(*f.Connected))
	}
	return q
}

// ShowSource reads one source server (GET /v3/sources/{id}).
func (c *Client) ShowSource(ctx context.Context, id string) (*SourceServer, error) {
	path, err := sourcePath(id, "")
	if err != nil {
		return nil, err
	}
	var s SourceServer
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ListSources returns every source server matching f, following the pages.
func (c *Client) ListSources(ctx context.Context, f ListSourcesFilter) ([]SourceServer, error) {
	limit, err := pageSize(f.PageSize, DefaultSourcePageSize, MaxSourcePageSize)
	if err != nil {
		return nil, fmt.Errorf("ListSources: %w", err)
	}
	return collectPages(ctx, func(ctx context.Context, offset int) (page[SourceServer], error) {
		q := f.query()
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(offset))
		var body struct {
			Count         *int           `json:"count"`
			SourceServers []SourceServer `json:"source_servers"`
		}
		if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/sources", query: q, idempotent: true}, &body); err != nil {
			return page[SourceServer]{}, err
		}
		return page[SourceServer]{items: body.SourceServers, total: body.Count}, nil
	})
}

// SourcePage is one page of ListSources: its source servers and the total
// number of matching ones.
type SourcePage struct {
	Count         int
	SourceServers []SourceServer
}

// ListSourcesPage returns one page: up to limit source servers starting at
// record offset. f.PageSize is ignored here.
func (c *Client) ListSourcesPage(ctx context.Context, f ListSourcesFilter, limit, offset int) (*SourcePage, error) {
	if limit < 1 || limit > MaxSourcePageSize {
		return nil, fmt.Errorf("ListSourcesPage: limit must be between 1 and %d, got %d", MaxSourcePageSize, limit)
	}
	if offset < 0 {
		return nil, fmt.Errorf("ListSourcesPage: offset must not be negative, got %d", offset)
	}
	q := f.query()
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset))
	var body struct {
		Count         *int           `json:"count"`
		SourceServers []SourceServer `json:"source_servers"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/sources", query: q, idempotent: true}, &body); err != nil {
		return nil, err
	}
	out := &SourcePage{SourceServers: body.SourceServers}
	if body.Count != nil {
		out.Count = *body.Count
	} else {
		// Without a count the listing cannot tell its size: one page is all.
		out.Count = offset + len(body.SourceServers)
	}
	return out, nil
}
