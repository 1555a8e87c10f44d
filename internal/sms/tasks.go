package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// ListTasks paging limits (limit 0-200, default 100).
const (
	DefaultTaskPageSize = 100
	MaxTaskPageSize     = 200
)

// AllEnterpriseProjects as a listing's enterprise_project_id asks for the
// tasks of every enterprise project the caller may see (the ListTasks
// page); without it a listing may show the default project only.
const AllEnterpriseProjects = "all_granted_eps"

// ListTasksFilter narrows ListTasks; empty fields are not sent.
type ListTasksFilter struct {
	State               string
	Name                string
	ID                  string
	SourceServerID      string
	EnterpriseProjectID string
	// PageSize is the limit per request (default 100, max 200).
	PageSize int
}

func (f ListTasksFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{
		"state":                 f.State,
		"name":                  f.Name,
		"id":                    f.ID,
		"source_server_id":      f.SourceServerID,
		"enterprise_project_id": f.EnterpriseProjectID,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// CreateTask creates a migration task (POST /v3/tasks) and returns its id.
// It is not idempotent: on an ambiguous failure (IsAmbiguous) a task may
// exist; list the tasks of the source server before creating again.
func (c *Client) CreateTask(ctx context.Context, req *CreateTaskRequest) (string, error) {
	if req == nil {
		return "", errors.New("CreateTask: request must not be nil")
	}
	return c.create(ctx, "/v3/tasks", req, "task")
}

// ShowTask reads one task (GET /v3/tasks/{id}).
func (c *Client) ShowTask(ctx context.Context, id string) (*Task, error) {
	path, err := taskPath(id, "")
	if err != nil {
		return nil, err
	}
	var t Task
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// ListTasks returns every task matching f, following the pages.
func (c *Client) ListTasks(ctx context.Context, f ListTasksFilter) ([]Task, error) {
	limit, err := pageSize(f.PageSize, DefaultTaskPageSize, MaxTaskPageSize)
	if err != nil {
		return nil, fmt.Errorf("ListTasks: %w", err)
	}
	all, err := collectPages(ctx, func(ctx context.Context, offset int) (page[Task], error) {
		p, err := c.listTasksPage(ctx, f, limit, offset)
		if err != nil {
			return page[Task]{}, err
		}
		return page[Task]{items: p.Tasks, total: p.Count}, nil
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(t Task) bool { return !f.matches(t) }), nil
}

// matches applies the name filter exactly. The ListTasks page says only
// "task name" of its name parameter; a service that matches it fuzzily
// (the fake's task-name-filter=contains reading) returns more, which the
// client drops. The paging still counts what the service returned.
func (f ListTasksFilter) matches(t Task) bool {
	return f.Name == "" || t.Name == f.Name
}

// ListTasksPage returns one page: up to limit tasks starting at record
// offset. f.PageSize is ignored here.
func (c *Client) ListTasksPage(ctx context.Context, f ListTasksFilter, limit, offset int) (*TaskPage, error) {
	if limit < 1 || limit > MaxTaskPageSize {
		return nil, fmt.Errorf("ListTasksPage: limit must be between 1 and %d, got %d", MaxTaskPageSize, limit)
	}
	if offset < 0 {
		return nil, fmt.Errorf("ListTasksPage: offset must not be negative, got %d", offset)
	}
	p, err := c.listTasksPage(ctx, f, limit, offset)
	if err != nil {
		return nil, err
	}
	out := &TaskPage{Tasks: p.Tasks}
	if p.Count != nil {
		out.Count = *p.Count
	}
	return out, nil
}

// taskPageBody keeps count as a pointer: a missing count must not read as
// "zero records in total" and cut the paging short.
type taskPageBody struct {
	Count *int   `json:"count"`
	Tasks []Task `json:"tasks"`
}

func (c *Client) listTasksPage(ctx context.Context, f ListTasksFilter, limit, offset int) (*taskPageBody, error) {
	q := f.query()
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset))
	var p taskPageBody
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/tasks", query: q, idempotent: true}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// UpdateTask changes a task (PUT /v3/tasks/{id}).
func (c *Client) UpdateTask(ctx context.Context, id string, req *UpdateTaskRequest) error {
	if req == nil {
		return errors.New("UpdateTask: request must not be nil")
	}
	path, err := taskPath(id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodPut, path: path, body: req, idempotent: true}, nil)
}

// DeleteTask deletes a task (DELETE /v3/tasks/{id}). The service refuses to
// delete a running or stopping task (IsDeleteRefused): stop it first.
func (c *Client) DeleteTask(ctx context.Context, id string) error {
	path, err := taskPath(id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path, idempotent: true}, nil)
}

// DeleteTasks deletes several tasks at once (POST /v3/tasks/delete). It is
// treated as idempotent: deleting the same ids twice has the same effect.
func (c *Client) DeleteTasks(ctx context.Context, ids []string) error {
	return c.postIDs(ctx, "DeleteTasks", "/v3/tasks/delete", ids, 0)
}

// UpdateTaskStatus runs an operation on a task (POST /v3/tasks/{id}/action).
// It is not idempotent: on an ambiguous failure (IsAmbiguous) read the task
// before trying again.
func (c *Client) UpdateTaskStatus(ctx context.Context, id string, req *TaskActionRequest) error {
	if req == nil || req.Operation == "" {
		return errors.New("UpdateTaskStatus: operation must not be empty")
	}
	path, err := taskPath(id, "/action")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodPost, path: path, body: req}, nil)
}

func taskPath(id, suffix string) (string, error) {
	seg, err := pathSegment("task id", id)
	if err != nil {
		return "", err
	}
	return "/v3/tasks/" + seg + suffix, nil
}
