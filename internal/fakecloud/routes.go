package fakecloud

import "strings"

// routeKind says which service a route belongs to; it decides the project
// checks and the error body shape.
type routeKind int

const (
	kindSMS routeKind = iota
	kindDCS
	kindIAM
	kindECS
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
// apiRoutes serves, so tests need not retype them. The comment names the
// SDK operation (huaweicloud-sdk-go-v3 services/sms/v3 SmsClient).
const (
	RouteCreateTask               = "POST /v3/tasks"                                     // CreateTask
	RouteListTasks                = "GET /v3/tasks"                                      // ListTasks
	RouteDeleteTasks              = "POST /v3/tasks/delete"                              // DeleteTasks
	RouteShowTask                 = "GET /v3/tasks/{task_id}"                            // ShowTask
	RouteUpdateTask               = "PUT /v3/tasks/{task_id}"                            // UpdateTask
	RouteDeleteTask               = "DELETE /v3/tasks/{task_id}"                         // DeleteTask
	RouteTaskAction               = "POST /v3/tasks/{task_id}/action"                    // UpdateTaskStatus
	RouteShowSpeedLimits          = "GET /v3/tasks/{task_id}/speed-limit"                // ShowsSpeedLimits
	RouteUpdateSpeedLimits        = "POST /v3/tasks/{task_id}/speed-limit"               // UpdateSpeed
	RouteShowConfigSetting        = "GET /v3/tasks/{task_id}/configuration-setting"      // ShowConfigSetting
	RouteUpdateConfigSetting      = "POST /v3/tasks/{task_id}/configuration-setting"     // UploadSpecialConfigurationSetting
	RouteShowPassphrase           = "GET /v3/tasks/{task_id}/passphrase"                 // ShowPassphrase
	RouteShowCertKey              = "GET /v3/tasks/{task_id}/certkey"                    // ShowCertKey
	RouteCollectLog               = "POST /v3/tasks/{task_id}/log"                       // CollectLog
	RouteShowConsistencyResult    = "GET /v3/tasks/{task_id}/consistency-result"         // ShowConsistencyResult
	RouteUpdateConsistencyResult  = "POST /v3/tasks/{task_id}/consistency-result"        // UpdateConsistencyResult
	RouteExportConsistencyResults = "POST /v3/tasks/consistency-results/export"          // ExportConsistencyResults
	RouteUpdateNetworkCheckInfo   = "POST /v3/{task_id}/update-network-check-info"       // UpdateNetworkCheckInfo
	RouteUpdateTaskSpeed          = "PUT /v3/tasks/{task_id}/progress"                   // UpdateTaskSpeed
	RouteListSources              = "GET /v3/sources"                                    // ListServers
	RouteRegisterServer           = "POST /v3/sources"                                   // RegisterServer
	RouteShowSource               = "GET /v3/sources/{source_id}"                        // ShowServer
	RouteUpdateServerName         = "PUT /v3/sources/{source_id}"                        // UpdateServerName
	RouteDeleteServer             = "DELETE /v3/sources/{source_id}"                     // DeleteServer
	RouteDeleteServers            = "POST /v3/sources/delete"                            // DeleteServers
	RouteShowOverview             = "GET /v3/sources/overview"                           // ShowOverview
	RouteUpdateCopyState          = "PUT /v3/sources/{source_id}/changestate"            // UpdateCopyState
	RouteUpdateDiskInfo           = "PUT /v3/sources/{source_id}/diskinfo"               // UpdateDiskInfo
	RouteShowCommand              = "GET /v3/sources/{server_id}/command"                // ShowCommand
	RouteUpdateCommandResult      = "POST /v3/sources/{server_id}/command_result"        // UpdateCommandResult
	RouteListErrorServers         = "GET /v3/errors"                                     // ListErrorServers
	RouteCreateTemplate           = "POST /v3/vm/templates"                              // CreateTemplate
	RouteListTemplates            = "GET /v3/vm/templates"                               // ListTemplates
	RouteShowTemplate             = "GET /v3/vm/templates/{id}"                          // ShowTemplate
	RouteUpdateTemplate           = "PUT /v3/vm/templates/{id}"                          // UpdateTemplate
	RouteDeleteTemplate           = "DELETE /v3/vm/templates/{id}"                       // DeleteTemplate
	RouteDeleteTemplates          = "POST /v3/vm/templates/delete"                       // DeleteTemplates
	RouteShowTargetPassword       = "GET /v3/vm/templates/{id}/target-password"          // ShowTargetPassword
	RouteCreateMigProject         = "POST /v3/migprojects"                               // CreateMigproject
	RouteListMigProjects          = "GET /v3/migprojects"                                // ListMigprojects
	RouteShowMigProject           = "GET /v3/migprojects/{mig_project_id}"               // ShowMigproject
	RouteUpdateMigProject         = "PUT /v3/migprojects/{mig_project_id}"               // UpdateMigproject
	RouteSetDefaultMigProject     = "PUT /v3/migprojects/{mig_project_id}/default"       // UpdateDefaultMigproject
	RouteDeleteMigProject         = "DELETE /v3/migprojects/{mig_project_id}"            // DeleteMigproject
	RouteShowPrivacyAgreements    = "GET /v3/privacy-agreements"                         // ShowPrivacyAgreements
	RouteCreatePrivacyAgreements  = "POST /v3/privacy-agreements"                        // CreatePrivacyAgreements
	RouteShowConfig               = "GET /v3/config"                                     // ShowConfig
	RouteListAPIVersions          = "GET /"                                              // ListApiVersion
	RouteShowAPIVersion           = "GET /{version}"                                     // ShowApiVersion
	RouteListBackgroundTasks      = "GET /v2/{project_id}/instances/{instance_id}/tasks" // DCS ListBackgroundTask
	RouteDeleteBackgroundTask     = "DELETE /v2/{project_id}/instances/{instance_id}/tasks/{task_id}"
	RouteListAvailabilityZones    = "GET /v2.1/{project_id}/os-availability-zone" // ECS NovaListAvailabilityZones
	RouteListProjects             = "GET /v3/projects"                            // IAM KeystoneListProjects
	RouteListAuthDomains          = "GET /v3/auth/domains"                        // IAM KeystoneListAuthDomains
)

// apiRoutes lists every API operation the fake serves.
func apiRoutes() []*route {
	batchDelete := newRoute("POST", "/v3/tasks/delete", kindSMS, (*Server).deleteTasks)
	batchDelete.maxBody = smsBatchDeleteMax
	sourcesDelete := newRoute("POST", "/v3/sources/delete", kindSMS, (*Server).deleteServers)
	sourcesDelete.maxBody = smsBatchDeleteMax
	templatesDelete := newRoute("POST", "/v3/vm/templates/delete", kindSMS, (*Server).deleteTemplates)
	templatesDelete.maxBody = smsBatchDeleteMax
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
		// SMS v3 task diagnostics and agent reports (task_reports.go).
		newRoute("POST", "/v3/tasks/{task_id}/log", kindSMS, (*Server).collectLog),
		newRoute("GET", "/v3/tasks/{task_id}/consistency-result", kindSMS, (*Server).showConsistencyResult),
		newRoute("POST", "/v3/tasks/{task_id}/consistency-result", kindSMS, (*Server).updateConsistencyResult),
		newRoute("POST", "/v3/tasks/consistency-results/export", kindSMS, (*Server).exportConsistencyResults),
		newRoute("POST", "/v3/{task_id}/update-network-check-info", kindSMS, (*Server).updateNetworkCheckInfo),
		newRoute("PUT", "/v3/tasks/{task_id}/progress", kindSMS, (*Server).updateTaskSpeed),
		// SMS v3 source servers (sources.go, sources_write.go, sources_agent.go).
		newRoute("GET", "/v3/sources", kindSMS, (*Server).listSources),
		newRoute("POST", "/v3/sources", kindSMS, (*Server).registerServer),
		newRoute("GET", "/v3/sources/{source_id}", kindSMS, (*Server).showSource),
		newRoute("PUT", "/v3/sources/{source_id}", kindSMS, (*Server).updateServerName),
		newRoute("DELETE", "/v3/sources/{source_id}", kindSMS, (*Server).deleteServer),
		sourcesDelete,
		newRoute("GET", "/v3/sources/overview", kindSMS, (*Server).showOverview),
		newRoute("PUT", "/v3/sources/{source_id}/changestate", kindSMS, (*Server).updateCopyState),
		newRoute("PUT", "/v3/sources/{source_id}/diskinfo", kindSMS, (*Server).updateDiskInfo),
		newRoute("GET", "/v3/sources/{server_id}/command", kindSMS, (*Server).showCommand),
		newRoute("POST", "/v3/sources/{server_id}/command_result", kindSMS, (*Server).updateCommandResult),
		newRoute("GET", "/v3/errors", kindSMS, (*Server).listErrorServers),
		// SMS v3 server templates (templates.go).
		newRoute("POST", "/v3/vm/templates", kindSMS, (*Server).createTemplate),
		newRoute("GET", "/v3/vm/templates", kindSMS, (*Server).listTemplates),
		newRoute("GET", "/v3/vm/templates/{id}", kindSMS, (*Server).showTemplate),
		newRoute("PUT", "/v3/vm/templates/{id}", kindSMS, (*Server).updateTemplate),
		newRoute("DELETE", "/v3/vm/templates/{id}", kindSMS, (*Server).deleteTemplate),
		templatesDelete,
		newRoute("GET", "/v3/vm/templates/{id}/target-password", kindSMS, (*Server).showTargetPassword),
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
		// SMS v3 account-wide calls (account.go).
		newRoute("GET", "/v3/privacy-agreements", kindSMS, (*Server).showPrivacyAgreements),
		newRoute("POST", "/v3/privacy-agreements", kindSMS, (*Server).createPrivacyAgreements),
		newRoute("GET", "/v3/config", kindSMS, (*Server).showConfig),
		newRoute("GET", "/", kindSMS, (*Server).listAPIVersions),
		newRoute("GET", "/{version}", kindSMS, (*Server).showAPIVersion),
		// DCS v2 background tasks.
		newRoute("GET", "/v2/{project_id}/instances/{instance_id}/tasks", kindDCS, (*Server).listBackgroundTasks),
		newRoute("DELETE", "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}", kindDCS, (*Server).deleteBackgroundTask),
		// ECS availability zones (ecs.go).
		newRoute("GET", "/v2.1/{project_id}/os-availability-zone", kindECS, (*Server).listAvailabilityZones),
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
