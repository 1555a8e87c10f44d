package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ListTemplates paging limits.
const (
	DefaultTemplatePageSize = 50
	MaxTemplatePageSize     = 100
)

// AutoCreate in a template's vpc, nics or security_groups id asks the
// service to create that network resource during the migration.
const AutoCreate = "autoCreate"

// Template is a server template: the target server settings a task can be
// created from (TemplateRequest / TemplateResponseBody).
type Template struct {
	ID               string         `json:"id,omitempty"`
	Name             string         `json:"name"`
	IsTemplate       *bool          `json:"is_template,omitempty"`
	Region           string         `json:"region,omitempty"`
	ProjectID        string         `json:"projectid,omitempty"`
	TargetServerName string         `json:"target_server_name,omitempty"`
	AvailabilityZone string         `json:"availability_zone,omitempty"`
	VolumeType       string         `json:"volumetype,omitempty"`
	Flavor           string         `json:"flavor,omitempty"`
	VPC              *TemplateVPC   `json:"vpc,omitempty"`
	Nics             []TemplateNic  `json:"nics,omitempty"`
	SecurityGroups   []TemplateSG   `json:"security_groups,omitempty"`
	PublicIP         *TemplateEIP   `json:"publicip,omitempty"`
	Disks            []TemplateDisk `json:"disk,omitempty"`
	DataVolumeType   string         `json:"data_volume_type,omitempty"`
	// TargetPassword is only ever sent. Reads drop it (see ShowTemplate).
	TargetPassword string `json:"target_password,omitempty"`
	ImageID        string `json:"image_id,omitempty"`
}

// TemplateVPC is the target VPC.
type TemplateVPC struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Cidr string `json:"cidr,omitempty"`
}

// TemplateNic is a target subnet.
type TemplateNic struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Cidr string `json:"cidr,omitempty"` // the official provider sends autoCreate without one
	IP   string `json:"ip,omitempty"`
}

// TemplateSG is a target security group.
type TemplateSG struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TemplateEIP is the public IP used for the migration.
type TemplateEIP struct {
	Type               string `json:"type"`
	BandwidthSize      int    `json:"bandwidth_size"`
	BandwidthShareType string `json:"bandwidth_share_type,omitempty"`
}

// TemplateDisk is a target disk; Size is GB.
type TemplateDisk struct {
	ID        *int64 `json:"id,omitempty"`
	Index     int    `json:"index"`
	Name      string `json:"name"`
	DiskType  string `json:"disktype"`
	Size      int64  `json:"size"`
	DeviceUse string `json:"device_use,omitempty"`
}

// templateRead is TemplateResponseBody: is_template is a string there.
type templateRead struct {
	Template
	IsTemplate string `json:"is_template"`
}

func (r templateRead) template() Template {
	t := r.Template
	b, err := strconv.ParseBool(r.IsTemplate)
	t.IsTemplate = nil
	if err == nil {
		t.IsTemplate = &b
	}
	// Never hand a password read from the API to callers: nothing that
	// reads a template may keep it.
	t.TargetPassword = ""
	return t
}

// ListTemplatesFilter narrows ListTemplates; empty fields are not sent.
type ListTemplatesFilter struct {
	Name             string
	AvailabilityZone string
	Region           string
	ID               string
	PageSize         int
}

// CreateTemplate creates a server template (POST /v3/vm/templates) and
// returns its id. It is not idempotent.
func (c *Client) CreateTemplate(ctx context.Context, t *Template) (string, error) {
	if t == nil {
		return "", errors.New("CreateTemplate: template must not be nil")
	}
	body := struct {
		Template *Template `json:"template"`
	}{t}
	return c.create(ctx, "/v3/vm/templates", body, "template")
}

// ShowTemplate reads a server template (GET /v3/vm/templates/{id}). The
// returned TargetPassword is always empty.
func (c *Client) ShowTemplate(ctx context.Context, id string) (*Template, error) {
	path, err := templatePath(id)
	if err != nil {
		return nil, err
	}
	var out struct {
		Template *templateRead `json:"template"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return nil, err
	}
	if out.Template == nil {
		return nil, fmt.Errorf("GET %s: the response has no template", path)
	}
	t := out.Template.template()
	if t.ID == "" {
		t.ID = id
	}
	return &t, nil
}

// ListTemplates returns every template matching f, following the pages.
// Passwords are dropped as in ShowTemplate.
func (c *Client) ListTemplates(ctx context.Context, f ListTemplatesFilter) ([]Template, error) {
	limit, err := pageSize(f.PageSize, DefaultTemplatePageSize, MaxTemplatePageSize)
	if err != nil {
		return nil, fmt.Errorf("ListTemplates: %w", err)
	}
	return collectPages(ctx, func(ctx context.Context, offset int) (page[Template], error) {
		q := url.Values{}
		for k, v := range map[string]string{"name": f.Name, "availability_zone": f.AvailabilityZone, "region": f.Region, "id": f.ID} {
			if v != "" {
				q.Set(k, v)
			}
		}
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(offset))
		var body struct {
			Count     *int           `json:"count"`
			Templates []templateRead `json:"templates"`
		}
		if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/vm/templates", query: q, idempotent: true}, &body); err != nil {
			return page[Template]{}, err
		}
		items := make([]Template, 0, len(body.Templates))
		for _, t := range body.Templates {
			items = append(items, t.template())
		}
		return page[Template]{items: items, total: body.Count}, nil
	})
}

// UpdateTemplate replaces a server template's settings (PUT
// /v3/vm/templates/{id}). Leave TargetPassword empty to keep the stored one.
func (c *Client) UpdateTemplate(ctx context.Context, id string, t *Template) error {
	if t == nil {
		return errors.New("UpdateTemplate: template must not be nil")
	}
	path, err := templatePath(id)
	if err != nil {
		return err
	}
	body := struct {
		Template *Template `json:"template"`
	}{t}
	return c.do(ctx, request{method: http.MethodPut, path: path, body: body, idempotent: true}, nil)
}

// DeleteTemplate deletes a server template (DELETE /v3/vm/templates/{id}).
func (c *Client) DeleteTemplate(ctx context.Context, id string) error {
	path, err := templatePath(id)
	if err != nil {
		return err
	}
	return c.do(ctx, request{method: http.MethodDelete, path: path, idempotent: true}, nil)
}

func templatePath(id string) (string, error) {
	seg, err := pathSegment("template id", id)
	if err != nil {
		return "", err
	}
	return "/v3/vm/templates/" + seg, nil
}

// MaxDeleteTemplatesIDs is the most ids one DeleteTemplates call takes (the
// current pages: 1 to 50; older ones allowed more).
const MaxDeleteTemplatesIDs = 50

// DeleteTemplates deletes several server templates at once (POST
// /v3/vm/templates/delete). Deleting the same ids twice has the same effect.
// Only each template's own 404 (ShowTemplate) proves it gone.
func (c *Client) DeleteTemplates(ctx context.Context, ids []string) error {
	return c.postIDs(ctx, "DeleteTemplates", "/v3/vm/templates/delete", ids, MaxDeleteTemplatesIDs)
}

// ShowTargetPassword reads the password a server template gives its target
// server (GET /v3/vm/templates/{id}/target-password). It is a secret: never
// log it, never keep it in state.
func (c *Client) ShowTargetPassword(ctx context.Context, id string) (string, error) {
	path, err := templatePath(id)
	if err != nil {
		return "", err
	}
	var out struct {
		TemplateID     string `json:"template_id"`
		TargetPassword string `json:"target_password"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: path + "/target-password", idempotent: true}, &out); err != nil {
		return "", err
	}
	return out.TargetPassword, nil
}
