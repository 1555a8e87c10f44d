package fakecloud

import "strings"

// routeKind says which service a route belongs to; it decides the project
// checks and the error body shape.
type routeKind int

const (
	kindSMS routeKind = iota
	kindDCS
	kindIAM
)

// route is one API operation: a method and a path template.
type route struct {
	method   string
	template string // e.g. "/v3/tasks/{task_id}"
	parts    []string
	kind     routeKind
	maxBody  int // SMS body limit override (0 = the legacy 10240 bytes)
	handle   func(s *Server, c *call) result
}

// key is the route's name in Stats and in faults: "METHOD /template".
func (rt *route) key() string { return rt.method + " " + rt.template }

func newRoute(method, template string, kind routeKind, h func(*Server, *call) result) *route {
	return &route{method: method, template: template, parts: splitPath(template), kind: kind, handle: h}
}

// Route keys: how Stats.Routes and Fault.Route name the API operations
// apiRoutes serves, so tests need not retype them.
const (
	RouteCreateTask           = "POST /v3/tasks"
	RouteListTasks            = "GET /v3/tasks"
	RouteDeleteTasks          = "POST /v3/tasks/delete"
	RouteShowTask             = "GET /v3/tasks/{task_id}"
	RouteUpdateTask           = "PUT /v3/tasks/{task_id}"
	RouteDeleteTask           = "DELETE /v3/tasks/{task_id}"
	RouteTaskAction           = "POST /v3/tasks/{task_id}/action"
	RouteListSources          = "GET /v3/sources"
	RouteShowSource           = "GET /v3/sources/{source_id}"
	RouteShowSpeedLimits      = "GET /v3/tasks/{task_id}/speed-limit"
	RouteUpdateSpeedLimits    = "POST /v3/tasks/{task_id}/speed-limit"
	RouteShowConfigSetting    = "GET /v3/tasks/{task_id}/configuration-setting"
	RouteUpdateConfigSetting  = "POST /v3/tasks/{task_id}/configuration-setting"
	RouteShowPassphrase       = "GET /v3/tasks/{task_id}/passphrase"
	RouteShowCertKey          = "GET /v3/tasks/{task_id}/certkey"
	RouteCreateTemplate       = "POST /v3/vm/templates"
	RouteCreateMigProject     = "POST /v3/migprojects"
	RouteDeleteMigProject     = "DELETE /v3/migprojects/{mig_project_id}"
	RouteListBackgroundTasks  = "GET /v2/{project_id}/instances/{instance_id}/tasks"
	RouteDeleteBackgroundTask = "DELETE /v2/{project_id}/instances/{instance_id}/tasks/{task_id}"
	RouteListProjects         = "GET /v3/projects"
	RouteListAuthDomains      = "GET /v3/auth/domains"
)

// apiRoutes lists every API operation the fake serves.
func apiRoutes() []*route {
	batchDelete := newRoute("POST", "/v3/tasks/delete", kindSMS, (*Server).deleteTasks)
	batchDelete.maxBody = smsBatchDeleteMax
	return []*route{
		// SMS v3 tasks.
		newRoute("POST", "/v3/tasks", kindSMS, (*Server).createTask),
		newRoute("GET", "/v3/tasks", kindSMS, (*Server).listTasks),
		batchDelete,
		newRoute("GET", "/v3/tasks/{task_id}", kindSMS, (*Server).showTask),
		newRoute("PUT", "/v3/tasks/{task_id}", kindSMS, (*Server).updateTask),
		newRoute("DELETE", "/v3/tasks/{task_id}", kindSMS, (*Server).deleteTask),
		newRoute("POST", "/v3/tasks/{task_id}/action", kindSMS, (*Server).taskAction),
		newRoute("GET", "/v3/tasks/{task_id}/speed-limit", kindSMS, (*Server).showSpeedLimits),
		newRoute("POST", "/v3/tasks/{task_id}/speed-limit", kindSMS, (*Server).updateSpeedLimits),
		newRoute("GET", "/v3/tasks/{task_id}/configuration-setting", kindSMS, (*Server).showConfigSetting),
		newRoute("POST", "/v3/tasks/{task_id}/configuration-setting", kindSMS, (*Server).updateConfigSetting),
		// SMS v3 source servers.
		newRoute("GET", "/v3/sources", kindSMS, (*Server).listSources),
		newRoute("GET", "/v3/sources/{source_id}", kindSMS, (*Server).showSource),
		// SMS v3 server templates (templates.go).
		newRoute("POST", "/v3/vm/templates", kindSMS, (*Server).createTemplate),
		newRoute("GET", "/v3/vm/templates", kindSMS, (*Server).listTemplates),
		newRoute("GET", "/v3/vm/templates/{id}", kindSMS, (*Server).showTemplate),
		newRoute("PUT", "/v3/vm/templates/{id}", kindSMS, (*Server).updateTemplate),
		newRoute("DELETE", "/v3/vm/templates/{id}", kindSMS, (*Server).deleteTemplate),
		// SMS v3 migration projects (migprojects.go).
		newRoute("POST", "/v3/migprojects", kindSMS, (*Server).createMigProject),
		newRoute("GET", "/v3/migprojects", kindSMS, (*Server).listMigProjects),
		newRoute("GET", "/v3/migprojects/{mig_project_id}", kindSMS, (*Server).showMigProject),
		newRoute("PUT", "/v3/migprojects/{mig_project_id}", kindSMS, (*Server).updateMigProject),
		newRoute("PUT", "/v3/migprojects/{mig_project_id}/default", kindSMS, (*Server).setDefaultMigProject),
		newRoute("DELETE", "/v3/migprojects/{mig_project_id}", kindSMS, (*Server).deleteMigProject),
		// SMS v3 task secrets (passphrase.go).
		newRoute("GET", "/v3/tasks/{task_id}/passphrase", kindSMS, (*Server).showPassphrase),
		newRoute("GET", "/v3/tasks/{task_id}/certkey", kindSMS, (*Server).showCertKey),
		// DCS v2 background tasks.
		newRoute("GET", "/v2/{project_id}/instances/{instance_id}/tasks", kindDCS, (*Server).listBackgroundTasks),
		newRoute("DELETE", "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}", kindDCS, (*Server).deleteBackgroundTask),
		// IAM discovery.
		newRoute("GET", "/v3/projects", kindIAM, (*Server).listProjects),
		newRoute("GET", "/v3/auth/domains", kindIAM, (*Server).listAuthDomains),
	}
}

// splitPath splits a decoded path into segments, ignoring one trailing slash
// ("/v3/tasks/" is "/v3/tasks").
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// match finds the route for method and path. Literal segments win over
// parameters, so "/v3/tasks/delete" is not read as a task id.
func (s *Server) match(method, path string) (*route, map[string]string) {
	segs := splitPath(path)
	var best *route
	var bestParams map[string]string
	bestLiterals := -1
	for _, rt := range s.routes {
		if rt.method != method || len(rt.parts) != len(segs) {
			continue
		}
		params := map[string]string{}
		literals := 0
		matched := true
		for i, part := range rt.parts {
			if strings.HasPrefix(part, "{") {
				if segs[i] == "" {
					matched = false
					break
				}
				params[strings.Trim(part, "{}")] = segs[i]
				continue
			}
			if part != segs[i] {
				matched = false
				break
			}
			literals++
		}
		if matched && literals > bestLiterals {
			best, bestParams, bestLiterals = rt, params, literals
		}
	}
	return best, bestParams
}
