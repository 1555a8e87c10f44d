package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// What a user does with a source server the SMS agent registered: rename it
// (or move it to another migration project), remove it from SMS, and read
// the errors and the state counts of all of them.

// UpdateServerRequest is the body of UpdateServerName (PutSourceServerBody):
// the fields set are changed, the others kept. Disks and VolumeGroups only
// take effect while the source server has no target configured.
type UpdateServerRequest struct {
	Name         *string          `json:"name,omitempty"`
	MigProjectID *string          `json:"migprojectid,omitempty"`
	Disks        []PutDisk        `json:"disks,omitempty"`
	VolumeGroups []PutVolumeGroup `json:"volume_groups,omitempty"`
}

// PutDisk is one disk of UpdateServerRequest (PutDisk).
type PutDisk struct {
	NeedMigration   *bool       `json:"need_migration,omitempty"`
	ID              *string     `json:"id,omitempty"`
	AdjustSize      *int64      `json:"adjust_size,omitempty"`
	PhysicalVolumes []PutVolume `json:"physical_volumes,omitempty"`
}

// PutVolume is a partition of a PutDisk (PutVolume) or a logical volume of
// a PutVolumeGroup (PutLogicalVolume): the SDK's two models have the same
// three fields.
type PutVolume struct {
	ID            *string `json:"id,omitempty"`
	NeedMigration *bool   `json:"need_migration,omitempty"`
	AdjustSize    *int64  `json:"adjust_size,omitempty"`
}

// PutVolumeGroup is one volume group of UpdateServerRequest
// (PutVolumeGroups).
type PutVolumeGroup struct {
	LogicalVolumes []PutVolume `json:"logical_volumes,omitempty"`
	ID             *string     `json:"id,omitempty"`
	NeedMigration  *bool       `json:"need_migration,omitempty"`
	AdjustSize     *int64      `json:"adjust_size,omitempty"`
}

// UpdateServer changes a source server's name, migration project or disk
// selection (UpdateServerName, PUT /v3/sources/{id}). Setting the same
// values twice has the same effect, so it is retried like a read.
func (c *Client) UpdateServer(ctx context.Context, id string, req *UpdateServerRequest) error {
	if req == nil {
		return errors.New("UpdateServer: request must not be nil")
	}
	path, err := sourcePath(id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodPut, path: path, body: req, idempotent: true}, nil)
}

// DeleteServer removes a source server's record from SMS (DeleteServer,
// DELETE /v3/sources/{id}). The agent on the server registers it again, under
// a new id, only when it is restarted. Only ShowSource's 404 proves it gone.
func (c *Client) DeleteServer(ctx context.Context, id string) error {
	path, err := sourcePath(id, "")
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path, idempotent: true}, nil)
}

// MaxDeleteServersIDs is the most ids one DeleteServers call takes (the
// current pages: 1 to 50; older ones allowed more).
const MaxDeleteServersIDs = 50

// DeleteServers removes several source server records at once (POST
// /v3/sources/delete). Deleting the same ids twice has the same effect.
func (c *Client) DeleteServers(ctx context.Context, ids []string) error {
	return c.postIDs(ctx, "DeleteServers", "/v3/sources/delete", ids, MaxDeleteServersIDs)
}

// postIDs sends a batch delete's body, {"ids": [...]}, after refusing an
// empty batch, an empty id and more than maxIDs ids (maxIDs 0: no limit).
// Deleting the same ids twice has the same effect, so it is retried like a
// read.
func (c *Client) postIDs(ctx context.Context, op, path string, ids []string, maxIDs int) error {
	if len(ids) == 0 {
		return fmt.Errorf("%s: %w", op, errEmptyList)
	}
	if maxIDs > 0 && len(ids) > maxIDs {
		return fmt.Errorf("%s: at most %d ids per call, got %d", op, maxIDs, len(ids))
	}
	for i, id := range ids {
		if id == "" {
			return fmt.Errorf("%s: ids[%d] must not be empty", op, i)
		}
	}
	body := struct {
		IDs []string `json:"ids"`
	}{ids}
	return c.do(ctx, request{method: http.MethodPost, path: path, body: body, idempotent: true}, nil)
}

// SourceOverview counts the source servers by state (ShowOverview, GET
// /v3/sources/overview). A state the answer leaves out counts zero.
type SourceOverview struct {
	Waiting      int `json:"waiting"`
	Replicate    int `json:"replicate"`
	Syncing      int `json:"syncing"`
	Stopped      int `json:"stopped"`
	Deleting     int `json:"deleting"`
	Cutovering   int `json:"cutovering"`
	Unavailable  int `json:"unavailable"`
	Stopping     int `json:"stopping"`
	Skipping     int `json:"skipping"`
	Finished     int `json:"finished"`
	Initialize   int `json:"initialize"`
	Error        int `json:"error"`
	Cloning      int `json:"cloning"`
	Unconfigured int `json:"unconfigured"`
}

// ShowOverview reads the number of source servers in each state.
func (c *Client) ShowOverview(ctx context.Context) (*SourceOverview, error) {
	var out SourceOverview
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/sources/overview", idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListErrorServers paging limits (limit 0-100, default 50).
const (
	DefaultErrorPageSize = 50
	MaxErrorPageSize     = 100
)

// MigrationError is a source server whose migration reported an error
// (MigrationErrors).
type MigrationError struct {
	ErrorJSON string `json:"error_json"`
	HostName  string `json:"host_name"`
	Name      string `json:"name"`
	SourceID  string `json:"source_id"`
	SourceIP  string `json:"source_ip"`
	TargetIP  string `json:"target_ip"`
}

// ListErrorServersFilter narrows ListErrorServers; empty fields are not sent.
type ListErrorServersFilter struct {
	EnterpriseProjectID string
	// PageSize is the limit per request (default 50, max 100).
	PageSize int
}

// ListErrorServers returns every source server whose migration reported an
// error (GET /v3/errors), following the pages.
func (c *Client) ListErrorServers(ctx context.Context, f ListErrorServersFilter) ([]MigrationError, error) {
	limit, err := pageSize(f.PageSize, DefaultErrorPageSize, MaxErrorPageSize)
	if err != nil {
		return nil, fmt.Errorf("ListErrorServers: %w", err)
	}
	return collectPages(ctx, func(ctx context.Context, offset int) (page[MigrationError], error) {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
		if f.EnterpriseProjectID != "" {
			q.Set("enterprise_project_id", f.EnterpriseProjectID)
		}
		var body struct {
			Count           *int             `json:"count"`
			MigrationErrors []MigrationError `json:"migration_errors"`
		}
		if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/errors", query: q, idempotent: true}, &body); err != nil {
			return page[MigrationError]{}, err
		}
		return page[MigrationError]{items: body.MigrationErrors, total: body.Count}, nil
	})
}

func sourcePath(id, suffix string) (string, error) {
	seg, err := pathSegment("source server id", id)
	if err != nil {
		return "", err
	}
	return "/v3/sources/" + seg + suffix, nil
}
