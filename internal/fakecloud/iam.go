package fakecloud

import (
	"net/http"
	"net/url"
)

// IAM discovery: the two Keystone-style calls SDKs and the provider make to
// find the project id and the account (domain) id. Both are signed like any
// other call but carry no X-Project-Id.

type iamLinks struct {
	Self     string  `json:"self"`
	Previous *string `json:"previous"`
	Next     *string `json:"next"` // always null: clients follow it
}

type selfLink struct {
	Self string `json:"self"`
}

type projectJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	DomainID    string   `json:"domain_id"`
	ParentID    string   `json:"parent_id"`
	Description string   `json:"description"`
	Enabled     bool     `json:"enabled"`
	IsDomain    bool     `json:"is_domain"`
	Links       selfLink `json:"links"`
}

type domainJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Enabled     bool     `json:"enabled"`
	Links       selfLink `json:"links"`
}

// baseURL is the scheme and host the client used, for links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// listProjects: GET /v3/projects?name=<region>: the account's project in
// that region (projects.go); without a name, the configured region's. A
// name that is no region gives an empty list.
func (s *Server) listProjects(c *call) result {
	q := c.r.URL.Query()
	base := baseURL(c.r)
	self := base + "/v3/projects"
	if len(q) > 0 {
		self += "?" + q.Encode()
	}
	out := struct {
		Projects []projectJSON `json:"projects"`
		Links    iamLinks      `json:"links"`
	}{Projects: []projectJSON{}, Links: iamLinks{Self: self}}
	region := s.opts.Region
	if q.Has("name") {
		region = q.Get("name")
	}
	if id := s.projectOf(region); id != "" && (q.Get("domain_id") == "" || q.Get("domain_id") == s.opts.DomainID) {
		s.rememberProject(region, id)
		out.Projects = append(out.Projects, projectJSON{
			ID: id, Name: region, DomainID: s.opts.DomainID, ParentID: s.opts.DomainID,
			Description: "", Enabled: true, IsDomain: false,
			Links: selfLink{Self: base + "/v3/projects/" + url.PathEscape(id)},
		})
	}
	return ok(out)
}

// listAuthDomains: GET /v3/auth/domains.
func (s *Server) listAuthDomains(c *call) result {
	base := baseURL(c.r)
	return ok(struct {
		Domains []domainJSON `json:"domains"`
		Links   iamLinks     `json:"links"`
	}{
		Domains: []domainJSON{{
			ID: s.opts.DomainID, Name: s.opts.DomainName, Description: "", Enabled: true,
			Links: selfLink{Self: base + "/v3/domains/" + url.PathEscape(s.opts.DomainID)},
		}},
		Links: iamLinks{Self: base + "/v3/auth/domains"},
	})
}
