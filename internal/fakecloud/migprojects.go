package fakecloud

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
)

// Limits of the migration project APIs (CreateMigproject request page; the
// speed limit takes the lower of the two documented maxima).
const (
	migProjectNameMax     = 100
	migProjectDescMax     = 255
	migProjectRegionMax   = 100
	migProjectEPMax       = 255
	migProjectSpeedMax    = 1000
	migProjectListDefault = 50
	migProjectListMax     = 100
)

var migProjectNamePattern = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]+$`)

var migProjectTypes = []string{"MIGRATE_BLOCK", "MIGRATE_FILE"}

// migProjectConfig is what a project was created (and updated) with.
type migProjectConfig struct {
	Name, Description, Region, Type, EnterpriseProject string
	StartTargetServer, UsePublicIP, ExistServer        bool
	Syncing, StartNetworkCheck                         bool
	SpeedLimit                                         int
}

type migProject struct {
	id        string
	seq       int64
	isDefault bool
	cfg       migProjectConfig
}

// migProjectReqJSON is PostMigProjectBody (create) and MigProject (update):
// the same fields; create requires name, region and type.
type migProjectReqJSON struct {
	Name              *string `json:"name"`
	Description       *string `json:"description"`
	Isdefault         *bool   `json:"isdefault"`
	Region            *string `json:"region"`
	StartTargetServer *bool   `json:"start_target_server"`
	SpeedLimit        *int    `json:"speed_limit"`
	UsePublicIP       *bool   `json:"use_public_ip"`
	ExistServer       *bool   `json:"exist_server"`
	Type              *string `json:"type"`
	EnterpriseProject *string `json:"enterprise_project"`
	Syncing           *bool   `json:"syncing"`
	StartNetworkCheck *bool   `json:"start_network_check"`
}

// migProjectJSON is MigprojectsResponseBody (list) and, without id,
// ShowMigprojectResponse.
type migProjectJSON struct {
	ID                string `json:"id,omitempty"`
	Name              string `json:"name"`
	Description       string `json:"description"`
	Isdefault         bool   `json:"isdefault"`
	Region            string `json:"region"`
	StartTargetServer bool   `json:"start_target_server"`
	SpeedLimit        int    `json:"speed_limit"`
	UsePublicIP       bool   `json:"use_public_ip"`
	ExistServer       bool   `json:"exist_server"`
	Type              string `json:"type"`
	EnterpriseProject string `json:"enterprise_project"`
	Syncing           bool   `json:"syncing"`
	StartNetworkCheck bool   `json:"start_network_check"`
}

func (r *migProjectReqJSON) validate(create bool) *apiError {
	if create {
		switch {
		case r.Name == nil:
			return invalidParam("name", "is required")
		case r.Region == nil || *r.Region == "":
			return invalidParam("region", "is required")
		case r.Type == nil:
			return invalidParam("type", "is required")
		}
	}
	if r.Name != nil && !migProjectNamePattern.MatchString(*r.Name) {
		return invalidParam("name", "must be Chinese characters, letters, digits, underscores (_) or hyphens (-)")
	}
	for field, lim := range map[string]struct {
		v   *string
		max int
	}{
		"name": {r.Name, migProjectNameMax}, "description": {r.Description, migProjectDescMax},
		"region": {r.Region, migProjectRegionMax}, "enterprise_project": {r.EnterpriseProject, migProjectEPMax},
	} {
		if e := checkLen(field, lim.v, lim.max); e != nil {
			return e
		}
	}
	if e := checkEnum("type", r.Type, migProjectTypes...); e != nil {
		return e
	}
	return checkRange("speed_limit", r.SpeedLimit, 0, migProjectSpeedMax)
}

// apply writes the fields present in r over cfg.
func (r *migProjectReqJSON) apply(cfg *migProjectConfig) {
	setS := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setB := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	setS(&cfg.Name, r.Name)
	setS(&cfg.Description, r.Description)
	setS(&cfg.Region, r.Region)
	setS(&cfg.Type, r.Type)
	setS(&cfg.EnterpriseProject, r.EnterpriseProject)
	setB(&cfg.StartTargetServer, r.StartTargetServer)
	setB(&cfg.UsePublicIP, r.UsePublicIP)
	setB(&cfg.ExistServer, r.ExistServer)
	setB(&cfg.Syncing, r.Syncing)
	setB(&cfg.StartNetworkCheck, r.StartNetworkCheck)
	if r.SpeedLimit != nil {
		cfg.SpeedLimit = *r.SpeedLimit
	}
}

func (p *migProject) body(withID bool) migProjectJSON {
	b := migProjectJSON{
		Name: p.cfg.Name, Description: p.cfg.Description, Isdefault: p.isDefault, Region: p.cfg.Region,
		StartTargetServer: p.cfg.StartTargetServer, SpeedLimit: p.cfg.SpeedLimit, UsePublicIP: p.cfg.UsePublicIP,
		ExistServer: p.cfg.ExistServer, Type: p.cfg.Type, EnterpriseProject: p.cfg.EnterpriseProject,
		Syncing: p.cfg.Syncing, StartNetworkCheck: p.cfg.StartNetworkCheck,
	}
	if withID {
		b.ID = p.id
	}
	return b
}

func migProjectNotFound(id string) *apiError {
	return smsError(http.StatusNotFound, codeSMSNotFound, "The migration project "+id+" does not exist.", id)
}

// nameTaken reports another project with this name. Callers hold s.mu.
func (s *Server) migProjectNameTaken(name, except string) *apiError {
	for _, p := range s.objs().projects {
		if p.id != except && p.cfg.Name == name {
			return smsError(http.StatusBadRequest, codeSMSProjectNameTaken, "A migration project named "+name+" already exists.", "name")
		}
	}
	return nil
}

// makeDefault moves the default flag to p. Callers hold s.mu.
func (s *Server) makeDefault(p *migProject) {
	for _, other := range s.objs().projects {
		other.isDefault = false
	}
	p.isDefault = true
}

// createMigProject: POST /v3/migprojects.
func (s *Server) createMigProject(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	var req migProjectReqJSON
	if e := decodeStrictBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if e := req.validate(true); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.migProjectNameTaken(*req.Name, ""); e != nil {
		return result{body: e}
	}
	// Defaults of the CreateMigproject page.
	cfg := migProjectConfig{StartTargetServer: true, UsePublicIP: true, ExistServer: true, EnterpriseProject: "default"}
	req.apply(&cfg)
	o := s.objs()
	id := s.objectID("3a9c")
	p := &migProject{id: id, seq: o.seq, cfg: cfg}
	o.projects[id] = p
	if req.Isdefault != nil && *req.Isdefault {
		s.makeDefault(p)
	}
	return ok(map[string]string{"id": id})
}

// withMigProject runs fn under the lock on the migration project the path
// names, or answers 404 when there is none.
func (s *Server) withMigProject(c *call, fn func(p *migProject) result) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.objs().projects[c.params["mig_project_id"]]
	if p == nil {
		return result{body: migProjectNotFound(c.params["mig_project_id"])}
	}
	return fn(p)
}

// showMigProject: GET /v3/migprojects/{mig_project_id}.
func (s *Server) showMigProject(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	return s.withMigProject(c, func(p *migProject) result {
		return ok(p.body(false))
	})
}

// listMigProjects: GET /v3/migprojects.
func (s *Server) listMigProjects(c *call) result {
	if e := checkQuery(c, "limit", "offset"); e != nil {
		return result{body: e}
	}
	limit, offset, e := paging(c.r.URL.Query(), migProjectListDefault, migProjectListMax, 65535, smsBadQuery)
	if e != nil {
		return result{body: e}
	}
	if limit == 0 {
		limit = migProjectListDefault
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]*migProject, 0)
	for _, p := range s.objs().projects {
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b *migProject) int { return int(a.seq - b.seq) })
	out := struct {
		Count       int              `json:"count"`
		Migprojects []migProjectJSON `json:"migprojects"`
	}{Count: len(all), Migprojects: []migProjectJSON{}}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		b := all[i].body(true)
		// MigprojectsResponseBody.exist_server: "whether the project has
		// servers" (SDK v0.1.207), not the setting ShowMigproject returns.
		b.ExistServer = len(s.migProjectServers(all[i].id)) > 0
		out.Migprojects = append(out.Migprojects, b)
	}
	return ok(out)
}

// updateMigProject: PUT /v3/migprojects/{mig_project_id}. Fields left out
// keep their values. The default flag only moves to a project: clearing it
// on the default project is refused, as there is always one default.
func (s *Server) updateMigProject(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	var req migProjectReqJSON
	if e := decodeStrictBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if e := req.validate(false); e != nil {
		return result{body: e}
	}
	return s.withMigProject(c, func(p *migProject) result {
		if req.Name != nil {
			if e := s.migProjectNameTaken(*req.Name, p.id); e != nil {
				return result{body: e}
			}
		}
		if req.Isdefault != nil && !*req.Isdefault && p.isDefault {
			return result{body: smsError(http.StatusBadRequest, codeSMSProjectDefault,
				"The default migration project stays the default until another project is made the default.", "isdefault")}
		}
		req.apply(&p.cfg)
		if req.Isdefault != nil && *req.Isdefault {
			s.makeDefault(p)
		}
		return result{status: http.StatusOK}
	})
}

// setDefaultMigProject: PUT /v3/migprojects/{mig_project_id}/default.
func (s *Server) setDefaultMigProject(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	return s.withMigProject(c, func(p *migProject) result {
		s.makeDefault(p)
		return result{status: http.StatusOK}
	})
}

// deleteMigProject: DELETE /v3/migprojects/{mig_project_id}. The default
// project and a project that still has source servers are kept (400, the
// fake's codes).
func (s *Server) deleteMigProject(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	return s.withMigProject(c, func(p *migProject) result {
		if p.isDefault {
			return result{body: smsError(http.StatusBadRequest, codeSMSProjectDefault,
				"The default migration project cannot be deleted.", p.id)}
		}
		if servers := s.migProjectServers(p.id); len(servers) > 0 {
			return result{body: smsError(http.StatusBadRequest, codeSMSProjectHasServers,
				"The migration project "+p.id+" still has source servers and cannot be deleted.", servers...)}
		}
		delete(s.objects.projects, p.id)
		return result{status: http.StatusOK}
	})
}

// MigProjectView is what a test can read of a stored migration project.
type MigProjectView struct {
	ID, Name  string
	IsDefault bool
}

// MigProjects returns every migration project in creation order.
func (s *Server) MigProjects() []MigProjectView {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]*migProject, 0)
	for _, p := range s.objs().projects {
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b *migProject) int { return int(a.seq - b.seq) })
	out := make([]MigProjectView, 0, len(all))
	for _, p := range all {
		out = append(out, MigProjectView{ID: p.id, Name: p.cfg.Name, IsDefault: p.isDefault})
	}
	return out
}

// DefaultMigProjectID is the id of the project the account starts with.
func (s *Server) DefaultMigProjectID() string { return defaultMigProjectID }

// MoveSource puts a source server into a migration project, as the SMS
// agent or the console would; it reports whether both exist.
func (s *Server) MoveSource(sourceID, migProjectID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := s.sources[sourceID]
	if src == nil || s.objs().projects[migProjectID] == nil {
		return false
	}
	src.migProject = migProjectID
	return true
}

// DeleteMigProjectOutOfBand removes a project as another user would.
func (s *Server) DeleteMigProjectOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.objs().projects[id]
	delete(s.objects.projects, id)
	return found
}

// sourceFilter reads the ListServers filters beyond state, name and id:
// ip, migproject, connected and enterprise_project_id.
func sourceFilter(q url.Values) (func(*source) bool, *apiError) {
	ip, ipv6, mp, ep := q.Get("ip"), q.Get("ipv6"), q.Get("migproject"), q.Get("enterprise_project_id")
	var connected *bool
	if v := q.Get("connected"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, invalidParam("connected", "must be true or false")
		}
		connected = &b
	}
	return func(src *source) bool {
		return (ip == "" || src.ip == ip) && (ipv6 == "" || src.agent.ipv6 == ipv6) && (mp == "" || src.migProject == mp) &&
			(ep == "" || src.enterpriseProjectID == ep) && (connected == nil || src.connected == *connected)
	}, nil
}

// migProjectServers lists the source servers of project id, in creation
// order. Callers hold s.mu.
func (s *Server) migProjectServers(id string) []string {
	var out []string
	for _, src := range s.sortedSources() {
		if src.migProject == id {
			out = append(out, src.id)
		}
	}
	return out
}
