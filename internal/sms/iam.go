package sms

import (
	"context"
	"net/http"
	"net/url"
)

// Project is an IAM project (GET /v3/projects).
type Project struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DomainID    string `json:"domain_id"`
	ParentID    string `json:"parent_id,omitempty"`
	Description string `json:"description,omitempty"`
	Enabled     bool   `json:"enabled"`
	IsDomain    bool   `json:"is_domain,omitempty"`
}

// Domain is an IAM account (GET /v3/auth/domains).
type Domain struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Enabled     bool   `json:"enabled"`
}

// ListProjects lists the IAM projects named name (all projects visible to
// the credentials when name is empty). It never sends X-Project-Id: it is how
// the project id is found in the first place.
func (c *Client) ListProjects(ctx context.Context, name string) ([]Project, error) {
	q := url.Values{}
	if name != "" {
		q.Set("name", name)
	}
	if c.cfg.DomainID != "" {
		q.Set("domain_id", c.cfg.DomainID) // only the configured account's projects
	}
	var out struct {
		Projects []Project `json:"projects"`
	}
	err := c.do(ctx, request{service: serviceIAM, method: http.MethodGet, path: "/v3/projects", query: q, idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return out.Projects, nil
}

// ListAuthDomains lists the accounts the credentials belong to.
func (c *Client) ListAuthDomains(ctx context.Context) ([]Domain, error) {
	var out struct {
		Domains []Domain `json:"domains"`
	}
	err := c.do(ctx, request{service: serviceIAM, method: http.MethodGet, path: "/v3/auth/domains", idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	return out.Domains, nil
}
