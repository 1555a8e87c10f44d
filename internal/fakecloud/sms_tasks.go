package fakecloud

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// taskNamePattern: 1-64 Chinese characters, letters, digits, "_" and "-".
var taskNamePattern = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]{1,64}$`)

type sourceRef struct {
	ID *string `json:"id"`
}

// createTaskReq is the CreateTask body (PostTask).
type createTaskReq struct {
	Name                   *string         `json:"name"`
	Type                   *string         `json:"type"`
	OSType                 *string         `json:"os_type"`
	SourceServer           *sourceRef      `json:"source_server"`
	TargetServer           *targetServerIn `json:"target_server"`
	MigrationIP            *string         `json:"migration_ip"`
	RegionName             *string         `json:"region_name"`
	RegionID               *string         `json:"region_id"`
	ProjectName            *string         `json:"project_name"`
	ProjectID              *string         `json:"project_id"`
	Priority               *int            `json:"priority"`
	VMTemplateID           *string         `json:"vm_template_id"`
	ClonevmTemplateID      *string         `json:"clonevm_template_id"`
	StartTargetServer      *bool           `json:"start_target_server"`
	AutoStart              *bool           `json:"auto_start"`
	UsePublicIP            *bool           `json:"use_public_ip"`
	UseIPv6                *bool           `json:"use_ipv6"`
	Syncing                *bool           `json:"syncing"`
	ExistServer            *bool           `json:"exist_server"`
	StartNetworkCheck      *bool           `json:"start_network_check"`
	SpeedLimit             *int            `json:"speed_limit"`
	OverSpeedThreshold     *float64        `json:"over_speed_threshold"`
	IsNeedConsistencyCheck *bool           `json:"is_need_consistency_check"`
	NeedMigrationTest      *bool           `json:"need_migration_test"`
}

func (r *createTaskReq) validate() *apiError {
	checks := []func() *apiError{
		func() *apiError { return checkName("name", r.Name) },
		func() *apiError {
			if r.Type == nil {
				return invalidParam("type", "is required")
			}
			return checkEnum("type", r.Type, "MIGRATE_FILE", "MIGRATE_BLOCK")
		},
		func() *apiError { return checkEnum("os_type", r.OSType, "WINDOWS", "LINUX") },
		func() *apiError {
			if r.SourceServer == nil || r.SourceServer.ID == nil || *r.SourceServer.ID == "" {
				return invalidParam("source_server.id", "is required")
			}
			return checkLen("source_server.id", r.SourceServer.ID, 255)
		},
		// PostTask and TargetServerByTask mark these required (SDK
		// v0.1.207; the CreateTask pages too): present, at most 255. A
		// task made from a template (vm_template_id) needs neither name nor
		// vm_id: the official provider's acceptance tests create theirs
		// with target_server holding only disks, and the service takes
		// the target from the template.
		func() *apiError {
			if r.TargetServer == nil {
				return invalidParam("target_server", "is required")
			}
			if str(r.VMTemplateID, "") != "" {
				return nil
			}
			if r.TargetServer.Name == nil || *r.TargetServer.Name == "" {
				return invalidParam("target_server.name", "is required")
			}
			// Required but empty without an existing target server (the
			// SDK always sends it, "" when unset).
			if r.TargetServer.VMID == nil {
				return invalidParam("target_server.vm_id", "is required")
			}
			return nil
		},
		func() *apiError {
			for _, f := range []struct {
				name string
				v    *string
			}{{"region_name", r.RegionName}, {"region_id", r.RegionID}, {"project_name", r.ProjectName}, {"project_id", r.ProjectID}} {
				if f.v == nil {
					return invalidParam(f.name, "is required")
				}
				if e := checkLen(f.name, f.v, 255); e != nil {
					return e
				}
			}
			return nil
		},
		func() *apiError { return checkRange("speed_limit", r.SpeedLimit, 0, 10000) },
		// 0-2: no request page limits priority, but ShowTaskResponse's
		// priority enum is 0, 1, 2, so no other value could be shown back.
		func() *apiError { return checkRange("priority", r.Priority, 0, 2) },
		func() *apiError {
			if v := r.OverSpeedThreshold; v != nil && (*v < 0 || *v > 100) {
				return invalidParam("over_speed_threshold", "must be between 0 and 100")
			}
			return nil
		},
		func() *apiError { return checkMigrationIP(r.MigrationIP) },
		func() *apiError { return checkLen("vm_template_id", r.VMTemplateID, 255) },
		r.TargetServer.validate,
	}
	for _, check := range checks {
		if e := check(); e != nil {
			return e
		}
	}
	return nil
}

// createTask: POST /v3/tasks.
func (s *Server) createTask(c *call) result {
	req, e := decodeValid[createTaskReq](c.body)
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)

	srcID := *req.SourceServer.ID
	src := s.sources[srcID]
	switch {
	case src == nil:
		return result{body: smsError(http.StatusBadRequest, codeSMSSourceMissing,
			"Failed to create the migration task: source server "+srcID+" does not exist.", "source_server.id")}
	case !src.connected || src.state == "unavailable":
		return result{body: smsError(http.StatusBadRequest, codeSMSSourceStatus,
			"source server status does not meet requirements", "source_server.id")}
	case src.taskID != "":
		return result{body: smsError(http.StatusBadRequest, codeSMSSourceHasTask,
			"The source server "+srcID+" already has a migration task ("+src.taskID+").", "source_server.id")}
	}
	cfg := taskConfig{
		Name:                 *req.Name,
		Type:                 *req.Type,
		OSType:               str(req.OSType, src.osType),
		Priority:             integer(req.Priority, 1),
		SpeedLimit:           integer(req.SpeedLimit, 0),
		MigrationIP:          str(req.MigrationIP, ""),
		VMTemplateID:         str(req.VMTemplateID, ""),
		StartTargetServer:    boolean(req.StartTargetServer, true),
		UsePublicIP:          boolean(req.UsePublicIP, true),
		UseIPv6:              boolean(req.UseIPv6, false),
		Syncing:              boolean(req.Syncing, false),
		ExistServer:          boolean(req.ExistServer, false),
		NeedMigrationTest:    boolean(req.NeedMigrationTest, false),
		RegionName:           str(req.RegionName, ""),
		RegionID:             str(req.RegionID, ""),
		ProjectName:          str(req.ProjectName, ""),
		ProjectID:            str(req.ProjectID, ""),
		EnterpriseProjectID:  src.enterpriseProjectID,
		OverSpeedThreshold:   req.OverSpeedThreshold,
		IsNeedConsistencyChk: boolean(req.IsNeedConsistencyCheck, false),
	}
	req.TargetServer.applyTo(&cfg.Target)
	if tpl := s.objs().templates[cfg.VMTemplateID]; tpl != nil && cfg.Target.Name == "" {
		// The target's name comes from the template.
		cfg.Target.Name = str(tpl.req.TargetServerName, str(tpl.req.Name, ""))
	}
	t := s.newTask(newUUID(), cfg, src, now)
	if boolean(req.StartNetworkCheck, false) {
		t.net = netCheck{pending: true, end: now.Add(s.timing.NetworkCheck)}
		s.active[t.id] = t
	}
	if boolean(req.AutoStart, false) {
		if s.opts.AutoStart == AutoStartImmediate {
			s.beginMigration(t, now)
		} else {
			s.queueCommand(t, "start")
		}
	}
	return ok(map[string]string{"id": t.id})
}

// newTask registers a READY task on src. Callers hold s.mu.
func (s *Server) newTask(id string, cfg taskConfig, src *source, now time.Time) *task {
	if cfg.EnterpriseProjectID == "" {
		cfg.EnterpriseProjectID = defaultEnterpriseProject
	}
	s.seq++
	t := &task{
		id: id, seq: s.seq, cfg: cfg, state: StateReady, src: src, createDate: now,
		ph: phase{sub: -1}, subTasks: newSubTasks(cfg),
	}
	s.tasks[id] = t
	src.taskID = id
	src.setState("waiting")
	return t
}

// lookupTask advances and returns the task, or a 404. Callers hold s.mu.
func (s *Server) lookupTask(id string, now time.Time) (*task, *apiError) {
	s.advanceAll(now)
	t := s.tasks[id]
	if t == nil {
		return nil, taskNotFound(id)
	}
	return t, nil
}

// withTask runs fn under the lock on the task the path names, brought up to
// the fake's clock, or answers 404 when there is none.
func (s *Server) withTask(c *call, fn func(t *task) result) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, e := s.lookupTask(c.params["task_id"], s.nowLocked())
	if e != nil {
		return result{body: e}
	}
	return fn(t)
}

// showTask: GET /v3/tasks/{task_id}.
func (s *Server) showTask(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	t, e := s.lookupTask(c.params["task_id"], now)
	if e != nil {
		return result{body: e}
	}
	return ok(s.showTaskBody(t, now))
}

// paging reads limit and offset. limit 0..maxLimit (default def), offset
// 0..maxOffset (a record offset).
func paging(q url.Values, def, maxLimit, maxOffset int, bad func(field, msg string) *apiError) (limit, offset int, e *apiError) {
	limit, offset = def, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxLimit {
			return 0, 0, bad("limit", fmt.Sprintf("must be an integer between 0 and %d", maxLimit))
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxOffset {
			return 0, 0, bad("offset", fmt.Sprintf("must be an integer between 0 and %d", maxOffset))
		}
		offset = n
	}
	return limit, offset, nil
}

func smsBadQuery(field, msg string) *apiError { return invalidParam(field, "%s", msg) }

// listTaskStates is ListTasksRequest's state enum: ten of the fourteen
// states a task can show (no SYNC_SUCCESS, SYNC_FAIL, SKIPPING, RESETING).
var listTaskStates = map[string]bool{
	StateReady: true, StateRunning: true, StateSyncing: true, StateMigrateSuccess: true, StateMigrateFail: true,
	StateAborting: true, StateAbort: true, StateDeleting: true, StateSyncFailRollbacking: true, StateSyncFailRollbackSuccess: true,
}

// listTasks: GET /v3/tasks.
func (s *Server) listTasks(c *call) result {
	q := c.r.URL.Query()
	limit, offset, e := paging(q, 100, 200, 65535, smsBadQuery)
	if e != nil {
		return result{body: e}
	}
	state := q.Get("state")
	if state != "" && !listTaskStates[state] {
		return result{body: invalidParam("state", "unknown task state %q", state)}
	}
	for _, f := range []struct {
		name string
		max  int
	}{{"name", 255}, {"id", 255}, {"source_server_id", 255}, {"enterprise_project_id", 255}} {
		v := q.Get(f.name)
		if e := checkLen(f.name, &v, f.max); e != nil {
			return result{body: e}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	ep := q.Get("enterprise_project_id")
	if ep == "" && s.opts.ListScope == ListScopeDefaultProject {
		ep = defaultEnterpriseProject
	}
	var matches []*task
	for _, t := range s.sortedTasks() {
		if (state == "" || t.state == state) &&
			(q.Get("name") == "" || t.cfg.Name == q.Get("name") ||
				(s.opts.TaskNameFilter == TaskNameContains && strings.Contains(t.cfg.Name, q.Get("name")))) &&
			(!q.Has("id") || q.Get("id") == "" || t.id == q.Get("id")) &&
			(!q.Has("source_server_id") || q.Get("source_server_id") == "" || t.src.id == q.Get("source_server_id")) &&
			(ep == "" || ep == allGrantedEPs || t.cfg.EnterpriseProjectID == ep) {
			matches = append(matches, t)
		}
	}
	matches = listed(s, matches)
	return ok(listTasksJSON{Count: len(matches), Tasks: pageOf(matches, offset, limit, func(t *task) listTaskJSON { return s.listTaskBody(t, now) })})
}

// sortedTasks returns the tasks in creation order. Callers hold s.mu.
func (s *Server) sortedTasks() []*task {
	out := make([]*task, 0, len(s.tasks))
	for _, t := range s.tasks {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *task) int { return int(a.seq - b.seq) })
	return out
}

// pageOf is the page of a listing's matches a record offset and a limit
// name, converted by item; never nil, so the JSON list is [] when empty.
func pageOf[T, U any](matches []T, offset, limit int, item func(T) U) []U {
	out := []U{}
	for i := offset; i < len(matches) && i < offset+limit; i++ {
		out = append(out, item(matches[i]))
	}
	return out
}

// same is pageOf's item function for matches already in their wire shape.
func same[T any](v T) T { return v }

// listed orders a listing's matches as Options.ListOrder says.
func listed[T any](s *Server, items []T) []T {
	if s.opts.ListOrder == ListNewestFirst {
		slices.Reverse(items)
	}
	return items
}

// updateTaskReq is the UpdateTask body (PutTaskReq).
type updateTaskReq struct {
	Name                 *string               `json:"name"`
	Type                 *string               `json:"type"`
	RegionID             *string               `json:"region_id"`
	RegionName           *string               `json:"region_name"`
	ProjectName          *string               `json:"project_name"`
	ProjectID            *string               `json:"project_id"`
	EnterpriseProject    *string               `json:"enterprise_project"`
	ExistServer          *bool                 `json:"exist_server"`
	MigrationIP          *string               `json:"migration_ip"`
	UseIPv6              *bool                 `json:"use_ipv6"`
	UsePublicIP          *bool                 `json:"use_public_ip"`
	SpeedLimit           *int                  `json:"speed_limit"`
	VMTemplateID         *string               `json:"vm_template_id"`
	ImageDiskID          *string               `json:"image_disk_id"`
	TargetDiskIDs        *string               `json:"target_disk_ids"`
	SnapshotIDs          *string               `json:"snapshot_ids"`
	CutoveredSnapshotIDs *string               `json:"cutovered_snapshot_ids"`
	TargetServer         *targetServerUpdateIn `json:"target_server"`
	CloneServer          *cloneServerIn        `json:"clone_server"`
}

func (r *updateTaskReq) validate() *apiError {
	if r.Name != nil {
		if e := checkName("name", r.Name); e != nil {
			return e
		}
	}
	checks := []*apiError{
		checkEnum("type", r.Type, "MIGRATE_FILE", "MIGRATE_BLOCK"),
		checkRange("speed_limit", r.SpeedLimit, 0, 10000),
		checkMigrationIP(r.MigrationIP),
		checkLen("vm_template_id", r.VMTemplateID, 255),
		checkLen("region_id", r.RegionID, 255),
		checkLen("region_name", r.RegionName, 255),
		checkLen("project_name", r.ProjectName, 255),
		checkLen("project_id", r.ProjectID, 255),
		checkLen("enterprise_project", r.EnterpriseProject, 255),
		checkModel(r.TargetServer, "target_server"),
		checkModel(r.CloneServer, "clone_server"),
	}
	for _, e := range checks {
		if e != nil {
			return e
		}
	}
	return nil
}

// updateTask: PUT /v3/tasks/{task_id}.
func (s *Server) updateTask(c *call) result {
	req, e := decodeValid[updateTaskReq](c.body)
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, e := s.lookupTask(c.params["task_id"], s.nowLocked())
	if e != nil {
		return result{body: e}
	}
	if t.state == StateDeleting {
		return result{body: smsError(http.StatusBadRequest, codeSMSStateRefused, "The task "+t.id+" is being deleted and cannot be modified.", t.id)}
	}
	cfg := &t.cfg
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setBool := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&cfg.Name, req.Name)
	set(&cfg.Type, req.Type)
	set(&cfg.RegionID, req.RegionID)
	set(&cfg.RegionName, req.RegionName)
	set(&cfg.ProjectName, req.ProjectName)
	set(&cfg.ProjectID, req.ProjectID)
	set(&cfg.EnterpriseProjectID, req.EnterpriseProject)
	set(&cfg.MigrationIP, req.MigrationIP)
	set(&cfg.VMTemplateID, req.VMTemplateID)
	set(&cfg.SnapshotIDs, req.SnapshotIDs)
	setBool(&cfg.ExistServer, req.ExistServer)
	setBool(&cfg.UseIPv6, req.UseIPv6)
	setBool(&cfg.UsePublicIP, req.UsePublicIP)
	if req.SpeedLimit != nil {
		cfg.SpeedLimit = *req.SpeedLimit
	}
	req.TargetServer.asCreate().applyTo(&cfg.Target)
	return ok(map[string]string{"id": t.id})
}

// taskAction: POST /v3/tasks/{task_id}/action.
func (s *Server) taskAction(c *call) result {
	var req actionReq
	if e := decodeBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if req.Operation == nil || *req.Operation == "" {
		return result{body: invalidParam("operation", "is required")}
	}
	op := *req.Operation
	if _, known := opRules[op]; !known || (undocumentedOperations[op] && !s.opts.UndocumentedOperations) {
		names := make([]string, 0, len(opRules))
		for name := range opRules {
			if !undocumentedOperations[name] || s.opts.UndocumentedOperations {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return result{body: invalidParam("operation", "unknown operation %q (one of %s)", op, strings.Join(names, ", "))}
	}
	// template_id: 0-255 characters on the current UpdateTaskStatus pages,
	// 2048 on the old en page (Options.TemplateIDMax).
	maxTemplateID := 255
	if s.opts.TemplateIDMax == TemplateID2048 {
		maxTemplateID = 2048
	}
	if e := checkLen("template_id", req.TemplateID, maxTemplateID); e != nil {
		return result{body: e}
	}
	if op == "clone_test" && (req.TemplateID == nil || *req.TemplateID == "") {
		return result{body: invalidParam("template_id", "is required for clone_test")}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	t, e := s.lookupTask(c.params["task_id"], now)
	if e != nil {
		return result{body: e}
	}
	if e := s.operate(t, op, req, now); e != nil {
		return result{body: e}
	}
	return ok(struct{}{})
}

// Enterprise project ids of the listings: "0" is the default project, and
// "all_granted_eps" (the ListTasks page) asks for every project the caller
// may see.
const (
	defaultEnterpriseProject = "0"
	allGrantedEPs            = "all_granted_eps"
)
