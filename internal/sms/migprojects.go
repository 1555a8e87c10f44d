package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ListMigProjects paging limits.
const (
	DefaultMigProjectPageSize = 50
	MaxMigProjectPageSize     = 100
)

// Migration project types.
const (
	MigProjectTypeBlock = "MIGRATE_BLOCK"
	MigProjectTypeFile  = "MIGRATE_FILE"
)

// MigProject is a migration project: a group of source servers with the
// defaults their tasks are created with. Requests leave nil fields out.
type MigProject struct {
	ID                string  `json:"id,omitempty"`
	Name              *string `json:"name,omitempty"`
	Description       *string `json:"description,omitempty"`
	IsDefault         *bool   `json:"isdefault,omitempty"`
	Region            *string `json:"region,omitempty"`
	StartTargetServer *bool   `json:"start_target_server,omitempty"`
	SpeedLimit        *int    `json:"speed_limit,omitempty"`
	UsePublicIP       *bool   `json:"use_public_ip,omitempty"`
	ExistServer       *bool   `json:"exist_server,omitempty"`
	Type              *string `json:"type,omitempty"`
	EnterpriseProject *string `json:"enterprise_project,omitempty"`
	Syncing           *bool   `json:"syncing,omitempty"`
	StartNetworkCheck *bool   `json:"start_network_check,omitempty"`
}

// CreateMigProject creates a migration project (POST /v3/migprojects) and
// returns its id. Name, Region and Type are required. Not idempotent.
func (c *Client) CreateMigProject(ctx context.Context, p *MigProject) (string, error) {
	if p == nil || p.Name == nil || p.Region == nil || p.Type == nil {
		return "", errors.New("CreateMigProject: name, region and type are required")
	}
	body := *p
	body.ID = ""
	return c.create(ctx, "/v3/migprojects", body, "project")
}

// ShowMigProject reads a migration project (GET /v3/migprojects/{id}).
func (c *Client) ShowMigProject(ctx context.Context, id string) (*MigProject, error) {
	path, err := migProjectPath(id, "")
	if err != nil {
		return nil, err
	}
	var p MigProject
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &p); err != nil {
		return nil, err
	}
	p.ID = id // the show answer has no id
	return &p, nil
}

// ListMigProjects returns every migration project, following the pages.
func (c *Client) ListMigProjects(ctx context.Context, pageSz int) ([]MigProject, error) {
	limit, err := pageSize(pageSz, DefaultMigProjectPageSize, MaxMigProjectPageSize)
	if err != nil {
		return nil, fmt.Errorf("ListMigProjects: %w", err)
	}
	return collectPages(ctx, func(ctx context.Context, offset int) (page[MigProject], error) {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
		var body struct {
			Count       *int         `json:"count"`
			Migprojects []MigProject `json:"migprojects"`
		}
		if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/migprojects", query: q, idempotent: true}, &body); err != nil {
			return page[MigProject]{}, err
		}
		return page[MigProject]{items: body.Migprojects, total: body.Count}, nil
	})
}

// UpdateMigProject changes the fields set in p (PUT /v3/migprojects/{id}).
func (c *Client) UpdateMigProject(ctx context.Context, id string, p *MigProject) error {
	if p == nil {
		return errors.New("UpdateMigProject: project must not be nil")
	}
	path, err := migProjectPath(id, "")
	if err != nil {
		return err
	}
	body := *p
	body.ID = ""
	return c.do(ctx, request{method: http.MethodPut, path: path, body: body, idempotent: true}, nil)
}

// SetDefaultMigProject makes a project the default one (PUT
// /v3/migprojects/{id}/default); the previous default stops being one.
func (c *Client) SetDefaultMigProject(ctx context.Context, id string) error {
	path, err := migProjectPath(id, "/default")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodPut, path: path, idempotent: true}, nil)
}

// DeleteMigProject deletes a migration project (DELETE /v3/migprojects/{id}).
// The service keeps the default project and projects with source servers.
func (c *Client) DeleteMigProject(ctx context.Context, id string) error {
	path, err := migProjectPath(id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path, idempotent: true}, nil)
}

func migProjectPath(id, suffix string) (string, error) {
	seg, err := pathSegment("migration project id", id)
	if err != nil {
		return "", err
	}
	return "/v3/migprojects/" + seg + suffix, nil
}
