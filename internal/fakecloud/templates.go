package fakecloud

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Wire shapes of the server template APIs (/v3/vm/templates); the same
// nested objects are used in requests and responses.

type vpcJSON struct {
	ID   *string `json:"id,omitempty"`
	Name *string `json:"name,omitempty"`
	Cidr *string `json:"cidr,omitempty"`
}

// nicJSON is Nics and sgJSON SgObject: id and name are required (pointers
// tell a missing one). The model marks cidr required too, but the official
// provider's acceptance tests create templates whose autoCreate subnet has
// none ({"id":"autoCreate","name":"autoCreate"}), so it is optional; whether
// the service checks a subnet's name and cidr against it is a reading
// (Options.NicsResolvedByID, checkNics).
type nicJSON struct {
	ID   string  `json:"id"`
	Name *string `json:"name"`
	Cidr *string `json:"cidr,omitempty"`
	IP   *string `json:"ip,omitempty"`
}

type sgJSON struct {
	ID   string  `json:"id"`
	Name *string `json:"name"`
}

type publicIPJSON struct {
	Type               string  `json:"type"`
	BandwidthSize      int     `json:"bandwidth_size"`
	BandwidthShareType *string `json:"bandwidth_share_type,omitempty"`
}

type templateDiskJSON struct {
	ID        *int64  `json:"id,omitempty"`
	Index     *int    `json:"index"` // required (TemplateDisk)
	Name      string  `json:"name"`
	Disktype  string  `json:"disktype"`
	Size      int64   `json:"size"`
	DeviceUse *string `json:"device_use,omitempty"`
}

// templateReqJSON is TemplateRequest (create and update bodies).
type templateReqJSON struct {
	Name             *string            `json:"name"`
	IsTemplate       *bool              `json:"is_template"`
	Region           *string            `json:"region"`
	Projectid        *string            `json:"projectid"`
	TargetServerName *string            `json:"target_server_name"`
	AvailabilityZone *string            `json:"availability_zone"`
	Volumetype       *string            `json:"volumetype"`
	Flavor           *string            `json:"flavor"`
	Vpc              *vpcJSON           `json:"vpc"`
	Nics             []nicJSON          `json:"nics"`
	SecurityGroups   []sgJSON           `json:"security_groups"`
	Publicip         *publicIPJSON      `json:"publicip"`
	Disk             []templateDiskJSON `json:"disk"`
	DataVolumeType   *string            `json:"data_volume_type"`
	TargetPassword   *string            `json:"target_password"`
	ImageID          *string            `json:"image_id"`
}

// templateBodyJSON is {"template": TemplateRequest}.
type templateBodyJSON struct {
	Template *templateReqJSON `json:"template"`
}

// templateJSON is TemplateResponseBody.
type templateJSON struct {
	ID               string             `json:"id"`
	Name             string             `json:"name"`
	IsTemplate       string             `json:"is_template"`
	Region           string             `json:"region"`
	Projectid        string             `json:"projectid"`
	TargetServerName string             `json:"target_server_name"`
	AvailabilityZone string             `json:"availability_zone"`
	Volumetype       string             `json:"volumetype"`
	Flavor           string             `json:"flavor"`
	Vpc              *vpcJSON           `json:"vpc"`
	Nics             []nicJSON          `json:"nics"`
	SecurityGroups   []sgJSON           `json:"security_groups"`
	Publicip         *publicIPJSON      `json:"publicip"`
	Disk             []templateDiskJSON `json:"disk"`
	DataVolumeType   string             `json:"data_volume_type"`
	TargetPassword   string             `json:"target_password"`
	ImageID          string             `json:"image_id,omitempty"`
}

// Limits of the template APIs (README.md).
const (
	templateNameMax      = 255
	templatePasswordMin  = 8
	templatePasswordMax  = 26
	templateBandwidthMax = 2000
	templateListDefault  = 50
	templateListMax      = 100
)

var templateNamePattern = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]+$`)

// vmTemplate is a stored server template.
type vmTemplate struct {
	id  string
	seq int64
	req templateReqJSON // as last written, password included
}

func (r *templateReqJSON) validate(strict bool) *apiError {
	if r == nil {
		return invalidParam("template", "is required")
	}
	if r.Name == nil || *r.Name == "" {
		return invalidParam("template.name", "is required")
	}
	if !templateNamePattern.MatchString(*r.Name) {
		return invalidParam("template.name", "must be Chinese characters, letters, digits, underscores (_) or hyphens (-)")
	}
	for field, v := range map[string]*string{
		"template.name": r.Name, "template.region": r.Region, "template.projectid": r.Projectid,
		"template.target_server_name": r.TargetServerName, "template.availability_zone": r.AvailabilityZone,
		"template.flavor": r.Flavor, "template.image_id": r.ImageID,
		// TemplateRequest: an EVS disk type, "not an enum" (SAS, SSD,
		// SATA are examples; the response model's enum lists only those).
		"template.volumetype": r.Volumetype, "template.data_volume_type": r.DataVolumeType,
	} {
		if e := checkLen(field, v, templateNameMax); e != nil {
			return e
		}
	}
	if p := r.TargetPassword; p != nil && strict {
		if n := len([]rune(*p)); n < templatePasswordMin || n > templatePasswordMax {
			return invalidParam("template.target_password", "must be %d to %d characters", templatePasswordMin, templatePasswordMax)
		}
	}
	for i, n := range r.Nics {
		field := fmt.Sprintf("template.nics[%d]", i)
		switch {
		case n.ID == "":
			return invalidParam(field+".id", "is required")
		case n.Name == nil:
			return invalidParam(field+".name", "is required")
		}
	}
	for i, sg := range r.SecurityGroups {
		field := fmt.Sprintf("template.security_groups[%d]", i)
		switch {
		case sg.ID == "":
			return invalidParam(field+".id", "is required")
		case sg.Name == nil:
			return invalidParam(field+".name", "is required")
		}
	}
	if ip := r.Publicip; ip != nil {
		if ip.Type == "" {
			return invalidParam("template.publicip.type", "is required")
		}
		if msg := bandwidthProblem(ip.BandwidthSize, strict); msg != "" {
			return invalidParam("template.publicip.bandwidth_size", "%s", msg)
		}
	}
	for i, d := range r.Disk {
		field := fmt.Sprintf("template.disk[%d]", i)
		if d.Name == "" || d.Disktype == "" {
			return invalidParam(field, "name and disktype are required")
		}
		if d.Index == nil || *d.Index < 0 || d.Size <= 0 {
			return invalidParam(field, "index must not be negative and size (GB) must be positive")
		}
	}
	return nil
}

// bandwidthProblem: a bandwidth is at least 1 Mbit/s; under
// Options.StrictTemplateLimits at most 2000 in the EIP bandwidth steps (1
// Mbit/s up to 300, 50 up to 1000, 500 above), which the SMS sources do
// not state.
func bandwidthProblem(n int, strict bool) string {
	switch {
	case n < 1:
		return "must be at least 1 Mbit/s"
	case !strict:
	case n > templateBandwidthMax:
		return fmt.Sprintf("must be between 1 and %d Mbit/s", templateBandwidthMax)
	case n > 1000 && n%500 != 0:
		return "above 1000 Mbit/s must be a multiple of 500"
	case n > 300 && n%50 != 0:
		return "between 300 and 1000 Mbit/s must be a multiple of 50"
	}
	return ""
}

func templateNotFound(id string) *apiError {
	return smsError(http.StatusNotFound, codeSMSNotFound, "The template "+id+" does not exist.", id)
}

// templateUsers names the tasks that use a template. A task whose delete
// was accepted no longer counts: the official provider's acceptance tests
// delete their template right after the task, without waiting for the
// task's 404. Callers hold s.mu.
func (s *Server) templateUsers(id string) []string {
	var ids []string
	for _, t := range s.sortedTasks() {
		if t.cfg.VMTemplateID == id && t.ph.kind != phDelete {
			ids = append(ids, t.id)
		}
	}
	return ids
}

func (s *Server) templateBody(t *vmTemplate) templateJSON {
	r := t.req
	b := templateJSON{
		ID: t.id, Name: str(r.Name, ""), IsTemplate: strconv.FormatBool(boolean(r.IsTemplate, true)),
		Region: str(r.Region, s.opts.Region), Projectid: str(r.Projectid, s.opts.ProjectID),
		TargetServerName: str(r.TargetServerName, ""), AvailabilityZone: str(r.AvailabilityZone, ""),
		Volumetype: str(r.Volumetype, "SAS"), Flavor: str(r.Flavor, ""), Vpc: r.Vpc,
		Nics: slices.Clone(r.Nics), SecurityGroups: slices.Clone(r.SecurityGroups), Publicip: r.Publicip,
		Disk: slices.Clone(r.Disk), ImageID: str(r.ImageID, ""),
		// The service's show answer carries the password field; the fake
		// echoes it in clear (the harsher reading) so tests prove the
		// provider never keeps what it reads.
		TargetPassword: str(r.TargetPassword, ""),
	}
	b.DataVolumeType = str(r.DataVolumeType, b.Volumetype)
	if len(s.templateUsers(t.id)) > 0 {
		b.IsTemplate = "false"
	}
	if b.Nics == nil {
		b.Nics = []nicJSON{}
	}
	if b.SecurityGroups == nil {
		b.SecurityGroups = []sgJSON{}
	}
	if b.Disk == nil {
		b.Disk = []templateDiskJSON{}
	}
	return b
}

// autoCreate in place of a VPC, subnet or security group id has the
// migration create one.
const autoCreate = "autoCreate"

// checkNics applies the harsher reading of the Nics model (see
// Readings.NicsResolvedByID): a subnet other than autoCreate comes with a
// name and a CIDR block, as a subnet has them.
func (s *Server) checkNics(r *templateReqJSON) *apiError {
	if s.opts.NicsResolvedByID {
		return nil
	}
	for i, n := range r.Nics {
		if n.ID == autoCreate {
			continue
		}
		field := fmt.Sprintf("template.nics[%d]", i)
		if *n.Name == "" {
			return invalidParam(field+".name", "must be the name of subnet %s", n.ID)
		}
		if _, _, err := net.ParseCIDR(str(n.Cidr, "")); err != nil {
			return invalidParam(field+".cidr", "must be the CIDR block of subnet %s, such as 192.168.0.0/24", n.ID)
		}
	}
	return nil
}

// createTemplate: POST /v3/vm/templates.
func (s *Server) createTemplate(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	var body templateBodyJSON
	if e := decodeStrictBody(c.body, &body); e != nil {
		return result{body: e}
	}
	if e := body.Template.validate(s.opts.StrictTemplateLimits); e != nil {
		return result{body: e}
	}
	if e := s.checkNics(body.Template); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objs()
	id := s.objectID("7e3b")
	o.templates[id] = &vmTemplate{id: id, seq: o.seq, req: *body.Template}
	return ok(map[string]string{"id": id})
}

// showTemplate: GET /v3/vm/templates/{id}.
func (s *Server) showTemplate(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	t, e := s.templateAt(c)
	if e != nil {
		return result{body: e}
	}
	return ok(map[string]templateJSON{"template": s.templateBody(t)})
}

// listTemplates: GET /v3/vm/templates.
func (s *Server) listTemplates(c *call) result {
	if e := checkQuery(c, "name", "availability_zone", "region", "limit", "offset", "id"); e != nil {
		return result{body: e}
	}
	q := c.r.URL.Query()
	limit, offset, e := paging(q, templateListDefault, templateListMax, 65535, smsBadQuery)
	if e != nil {
		return result{body: e}
	}
	if limit == 0 {
		limit = templateListDefault
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	all := make([]*vmTemplate, 0)
	for _, t := range s.objs().templates {
		all = append(all, t)
	}
	slices.SortFunc(all, func(a, b *vmTemplate) int { return int(a.seq - b.seq) })
	var matches []templateJSON
	for _, t := range all {
		b := s.templateBody(t)
		if (q.Get("name") == "" || b.Name == q.Get("name")) && (q.Get("id") == "" || b.ID == q.Get("id")) &&
			(q.Get("availability_zone") == "" || b.AvailabilityZone == q.Get("availability_zone")) &&
			(q.Get("region") == "" || b.Region == q.Get("region")) {
			matches = append(matches, b)
		}
	}
	out := struct {
		Count     int            `json:"count"`
		Templates []templateJSON `json:"templates"`
	}{Count: len(matches), Templates: pageOf(matches, offset, limit, same[templateJSON])}
	return ok(out)
}

// updateTemplate: PUT /v3/vm/templates/{id}. The body replaces the template,
// password included; with Readings.TemplatePasswordKept a body without
// target_password keeps the stored one. No page says which.
func (s *Server) updateTemplate(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	var body templateBodyJSON
	if e := decodeStrictBody(c.body, &body); e != nil {
		return result{body: e}
	}
	if body.Template == nil {
		// UpdateTemplateReq's template is optional: nothing to change.
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, e := s.templateAt(c); e != nil {
			return result{body: e}
		}
		return result{status: http.StatusOK}
	}
	if e := body.Template.validate(s.opts.StrictTemplateLimits); e != nil {
		return result{body: e}
	}
	if e := s.checkNics(body.Template); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, e := s.templateAt(c)
	if e != nil {
		return result{body: e}
	}
	next := *body.Template
	if next.TargetPassword == nil && s.opts.TemplatePasswordKept {
		next.TargetPassword = t.req.TargetPassword
	}
	t.req = next
	return result{status: http.StatusOK}
}

// deleteTemplate: DELETE /v3/vm/templates/{id}. A template a task uses is
// kept (400, the fake's code).
func (s *Server) deleteTemplate(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	id := c.params["id"]
	if s.objs().templates[id] == nil {
		return result{body: templateNotFound(id)}
	}
	if users := s.templateUsers(id); len(users) > 0 {
		return result{body: smsError(http.StatusBadRequest, codeSMSTemplateInUse,
			"The template "+id+" is used by a migration task and cannot be deleted.", users...)}
	}
	delete(s.objects.templates, id)
	return result{status: http.StatusOK}
}

// deleteTemplates: POST /v3/vm/templates/delete. Each id is checked as
// DeleteTemplate checks it before any is deleted; Options.BatchDelete says
// what becomes of a batch with unknown or used templates.
func (s *Server) deleteTemplates(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	ids, e := s.batchIDs(c.body, "template")
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	var unknown, used, users []string
	for _, id := range ids {
		switch {
		case s.objs().templates[id] == nil:
			unknown = addOnce(unknown, id)
		case len(s.templateUsers(id)) > 0:
			used = addOnce(used, id)
			users = append(users, s.templateUsers(id)...)
		}
	}
	del, e := s.batchOutcome(ids, unknown, used, "templates", func(ids []string, named bool) *apiError {
		params := users
		if !named {
			params = nil
		}
		return smsError(http.StatusBadRequest, codeSMSTemplateInUse,
			"Templates used by a migration task cannot be deleted ("+strings.Join(ids, ", ")+").", params...)
	})
	if e != nil {
		return result{body: e}
	}
	for _, id := range del {
		delete(s.objects.templates, id)
	}
	return ok(struct{}{})
}

// templateAt is the template the path names, or its 404. Callers hold s.mu.
func (s *Server) templateAt(c *call) (*vmTemplate, *apiError) {
	if t := s.objs().templates[c.params["id"]]; t != nil {
		return t, nil
	}
	return nil, templateNotFound(c.params["id"])
}

// showTargetPassword: GET /v3/vm/templates/{id}/target-password, the
// template's password in clear (ShowTargetPasswordResponse); absent when
// the template has none.
func (s *Server) showTargetPassword(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, e := s.templateAt(c)
	if e != nil {
		return result{body: e}
	}
	out := struct {
		TemplateID     string  `json:"template_id"`
		TargetPassword *string `json:"target_password,omitempty"`
	}{TemplateID: t.id, TargetPassword: t.req.TargetPassword}
	return ok(out)
}

// TemplateView is what a test can read of a stored template, the password
// included (tests check it arrived without it being in Terraform's state).
type TemplateView struct {
	ID, Name, TargetPassword string
	HasPassword              bool
	// Nics and SecurityGroups as last written: id, name and (subnets) cidr.
	Nics           []NicView
	SecurityGroups []NicView
}

// NicView is a template's subnet (with its cidr) or security group.
type NicView struct{ ID, Name, Cidr string }

// Template returns a stored template.
func (s *Server) Template(id string) (TemplateView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.objs().templates[id]
	if t == nil {
		return TemplateView{}, false
	}
	v := TemplateView{ID: t.id, Name: str(t.req.Name, ""), TargetPassword: str(t.req.TargetPassword, ""),
		HasPassword: t.req.TargetPassword != nil}
	for _, n := range t.req.Nics {
		v.Nics = append(v.Nics, NicView{ID: n.ID, Name: str(n.Name, ""), Cidr: str(n.Cidr, "")})
	}
	for _, g := range t.req.SecurityGroups {
		v.SecurityGroups = append(v.SecurityGroups, NicView{ID: g.ID, Name: str(g.Name, "")})
	}
	return v, true
}

// DeleteTemplateOutOfBand removes a template as another user of the account
// would; it reports whether the template existed.
func (s *Server) DeleteTemplateOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.objs().templates[id]
	delete(s.objects.templates, id)
	return found
}
