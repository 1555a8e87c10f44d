package sms

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// projectCache holds the discovered project id. At most one discovery runs
// at a time; concurrent callers wait for it. A failure is not cached, so the
// next call tries again (the cause may be transient).
type projectCache struct {
	mu       sync.Mutex
	id       string
	inflight *projectLookup
}

type projectLookup struct {
	done chan struct{}
	id   string
	err  error
}

// projectOverrideKey carries a per-call project id (WithProjectID).
type projectOverrideKey struct{}

// WithProjectID returns a context whose calls use projectID instead of the
// client's project: in DCS paths and in the X-Project-Id header, which must
// agree. An empty projectID changes nothing.
func WithProjectID(ctx context.Context, projectID string) context.Context {
	if projectID == "" {
		return ctx
	}
	return context.WithValue(ctx, projectOverrideKey{}, projectID)
}

// ProjectID returns the project set on ctx with WithProjectID, else
// Config.ProjectID, else discovers it on first use with
// IAM GET /v3/projects?name=<project_name or region>, which must return
// exactly one project.
func (c *Client) ProjectID(ctx context.Context) (string, error) {
	if id, ok := ctx.Value(projectOverrideKey{}).(string); ok && id != "" {
		return id, nil
	}
	if c.cfg.ProjectID != "" {
		return c.cfg.ProjectID, nil
	}
	p := &c.project
	p.mu.Lock()
	if p.id != "" {
		id := p.id
		p.mu.Unlock()
		return id, nil
	}
	lookup := p.inflight
	leader := lookup == nil
	if leader {
		lookup = &projectLookup{done: make(chan struct{})}
		p.inflight = lookup
	}
	p.mu.Unlock()

	if !leader {
		select {
		case <-lookup.done:
			return lookup.id, lookup.err
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for the project id discovery of region %q: %w", c.cfg.Region, ctx.Err())
		}
	}

	defer func() {
		p.mu.Lock()
		if lookup.err == nil {
			p.id = lookup.id
		}
		p.inflight = nil
		p.mu.Unlock()
		close(lookup.done)
	}()
	// Waiters see this if discovery panics; normally it is overwritten.
	lookup.err = errors.New("project id discovery did not complete")
	lookup.id, lookup.err = c.discoverProjectID(ctx)
	return lookup.id, lookup.err
}

// projectName is the IAM project whose id is discovered: ProjectName, else
// the region.
func (c *Client) projectName() string {
	if c.cfg.ProjectName != "" {
		return c.cfg.ProjectName
	}
	return c.cfg.Region
}

func (c *Client) discoverProjectID(ctx context.Context) (string, error) {
	if c.cfg.AuthToken != "" && c.creds != nil {
		// The token's re-scoping (its first fetch) names the project.
		if _, err := c.creds.current(ctx); err != nil {
			return "", &credentialError{err}
		}
		c.project.mu.Lock()
		id := c.project.id
		c.project.mu.Unlock()
		if id != "" {
			return id, nil
		}
	}
	region := c.projectName()
	projects, err := c.ListProjects(ctx, region)
	if err != nil {
		return "", fmt.Errorf("discovering the id of project %q (set project_id to skip discovery): %w", region, err)
	}
	var ids []string
	for _, p := range projects {
		// IAM filters by name already; checking again guards against an
		// endpoint that ignores the filter.
		if p.Name == region && p.ID != "" {
			ids = append(ids, p.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("no IAM project named %q exists for these credentials; check the region or set project_id", region)
	case 1:
		return ids[0], nil
	default:
		return "", fmt.Errorf("IAM returned %d projects named %q (ids %s); set project_id to choose one", len(ids), region, strings.Join(ids, ", "))
	}
}
