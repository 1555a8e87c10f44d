// Package fakecloud is a fake Huawei Cloud for the provider's acceptance tests
// and demo: a real HTTP server (an http.Handler) that serves SMS v3 migration
// tasks and source servers, DCS v2 background tasks and the two IAM discovery
// calls the way the API reference documents them (bodies, field names and
// JSON types, limits, states, the deletion gate, error bodies), so tests
// exercise the provider rather than a stub.
//
// The ground truth is the API reference and the official Go SDK's models.
// Where they have no answer (mostly error codes), the fake picks one and says
// so in the table below; the provider must not depend on a chosen one.
//
// # Requests
//
// Every request outside /_fake/ is authenticated first, whatever its route:
// an "SDK-HMAC-SHA256" (or "V11-HMAC-SHA256") Authorization header verified
// with internal/signer over the raw body, with a configured key pair and
// X-Sdk-Date within MaxClockSkew of the fake's clock; or an X-Auth-Token from
// Options.AuthTokens. A temporary key issued by the credential calls below
// must come with its X-Security-Token and be used before its expires_at (else
// 401 APIGW.0301, "token expires" for an expired one); with a configured key
// X-Security-Token is accepted as is. Then the route is
// matched (trailing slash ignored), the project checked, faults applied, the
// SMS body size limit enforced (10240 bytes; 1 MiB for POST /v3/tasks/delete),
// and the handler runs. Every response carries a fresh X-Request-Id.
//
// # Temporary credentials
//
// With Options.Federation the fake also serves, outside the authenticated
// API and outside Stats.Total (counted in Stats.CredentialCalls), the calls
// that issue temporary credentials, with the IAM SDK models' fields (request
// bodies decoded with unknown fields refused): the ID-token exchange (POST
// /v3.0/OS-AUTH/id-token/tokens, X-Idp-Id; 201 with X-Subject-Token; a JWT
// past its exp claim is refused), security tokens for a subject token or,
// signed, for an agency (POST /v3.0/OS-CREDENTIAL/securitytokens; 201 with
// credential access, secret, securitytoken and expires_at; 15 minutes
// unless duration_seconds says otherwise) and the ECS metadata service's GET
// /openstack/latest/securitykey (credentials for Federation.MetadataLifetime,
// a day by default), with the session token of PUT
// /meta-data/latest/api/token when the caller has one. POST /v3/auth/tokens
// re-scopes a configured token (Options.AuthTokens) to the project, whatever
// Federation says. Federation.CredentialLifetime caps every credential's and
// token's lifetime so tests see renewals soon; ExpireTemporaryCredentials
// revokes all of them at once; a fault whose Route names one of these calls
// applies to it (iam_credentials.go).
//
// # Only the documented API
//
// Every SMS and DCS body the fake sends holds only fields of the official Go
// SDK's model for that response (huaweicloud-sdk-go-v3 v0.1.207): ShowTask
// has no use_public_ip, use_ipv6, syncing or exist_server (they are accepted
// on create and update, stored, and visible in TaskView only), a ListTasks
// sub-task has no migrate_speed, a source's current_task has no
// compress_rate / remain_seconds / estimate_complete_time, and a DCS
// background task has no error_code or job_id. Request bodies are decoded
// against the SDK's request models (PostTask, PutTaskReq with its
// TargetServer and TargetDisk, UpdateTaskStatusReq, DeleteTasksReq) with
// unknown fields refused: 400 SMS.6400 naming the field, as a strict gateway
// would (enterprise_project_id is not a PostTask field). That strictness is
// the fake's, for tests: what the service does with an unknown field is not
// documented. Fields the models require are required (CreateTask:
// target_server with name and vm_id, "" allowed, region_name, region_id,
// project_name, project_id), enum fields take only their enum's values
// (UpdateTaskStatus: the nine operations of UpdateTaskStatusReq; ListTasks'
// state filter: the ten of ListTasksRequest). The sdkcompat package checks
// all of this, for every route in every task and source state, including
// that every request the models mark invalid is refused.
//
// What the service fills in by itself: when the CREATE_CLOUD_SERVER step of
// a task with no target vm_id ends (the server is created from
// vm_template_id), target_server.vm_id, a disk_id per target disk and
// migration_ip (when unset) appear.
//
// # Readings where the documents disagree or are silent
//
// The default is the harsher reading; Options switch, per test, to the other.
// Rules no source states at all default to the sources (no rule) and are
// switched on as Options.Readings (cmd/fakecloud -reading NAME):
//
//	undocumented-operations    UpdateTaskStatus also takes cutover and
//	                           sync_failed_rollback (a page's prose, an old golangsdk
//	                           comment); by default refused, like any value outside
//	                           the SDK enum.
//	strict-speed-limits        at most 5 speed-limit periods, no overlaps, HH:MM from
//	                           00:00 to 23:59; by default H:MM or HH:MM from 0:00 to
//	                           24:00 (SpeedLimitlJson's XX:XX, the v1 examples), end
//	                           after start, any number, overlaps allowed.
//	dcs-delete-only-finished   a DCS background task still EXECUTING, WAITING or
//	                           CREATED is not deleted (400 DCS.4957, the DCS error
//	                           table's "not allowed in the task's current state");
//	                           by default deleted in any state, as the page says
//	                           nothing.
//	empty-config-value-removes an empty config_value removes the key; by default
//	                           (harsher) it is stored as "".
//	template-password-kept     UpdateTemplate without target_password keeps the
//	                           stored one; by default (harsher) the update replaces
//	                           the template, password included.
//	nics-resolved-by-id        a template's subnets are resolved by id, any name
//	                           and cidr accepted; by default (harsher) a subnet
//	                           other than autoCreate needs a name and a CIDR block.
//
// The deletion readings:
//
//	Options.DeleteGate     GateAllowList (default): with the agent connected,
//	                       deletable only in unavailable, ready (read as waiting),
//	                       finished, error, stopped, so also cleared, clearfailed,
//	                       premigready, premiged, premigfailed are refused (older en
//	                       and batch pages). GateDenyList: refused only in the zh /
//	                       en-2026 deny list. GateAllowListLiteral: "ready" matches
//	                       nothing, so a connected READY task (waiting) is refused.
//	Options.DeleteRefusal  RefusalLegacy (default): 400 SMS.2015 (legacy list, the
//	                       only documented code). RefusalOtherCode: 400 SMS.6012.
//	                       RefusalForbidden: 403 SMS.6012 (the page's only
//	                       documented 403, SMS.9004, means no permission, which
//	                       the provider must not wait out).
//	Options.AfterDelete    AfterDeleteDeleting (default): DELETING ("deleting") for
//	                       Timing.Delete, then 404. AfterDeleteGone: 404 at once.
//	                       AfterDeletePrevious: the task keeps its state for
//	                       Timing.Delete (operations refused, a second delete
//	                       accepted and ignored), then 404. AfterDeleteFails:
//	                       DELETING for Timing.Delete, then back to the state it
//	                       had (the deletion failed; a later delete may succeed,
//	                       see Server.SetDeleteReadings).
//	Options.BatchDelete    BatchAllOrNothingNamed (default): an unknown id fails
//	                       the batch with a 404, a refused one with the gate's
//	                       refusal, each naming the ids in error_param; nothing is
//	                       deleted. BatchAllOrNothingUnnamed: the same, naming no
//	                       id. BatchPartial: the allowed ids are deleted and the
//	                       batch answers 200; refused and unknown ids are skipped
//	                       without a word (the batch page documents only 200 and
//	                       403).
//	Options.ListScope      ListScopeDefaultProject (default): ListTasks without
//	                       enterprise_project_id shows the default enterprise
//	                       project ("0") only, as many Huawei Cloud listings do;
//	                       "all_granted_eps" (the ListTasks page) shows all.
//	                       ListScopeAll: every task either way.
//	Throttle.PerCall       a gateway whose bucket refills per call instead of per
//	                       second, so that tests are throttled whatever their pace.
//
// A repeated network_check keeps showing the previous network_check_info
// until the new result replaces it (each result measures a slightly
// different network_delay). Legacy preconditions hold: restart only from a
// failed task (MIGRATE_FAIL, SYNC_FAIL; else SMS.1040), migration_test only
// on a task created with need_migration_test, skip only on a task created
// with is_need_consistency_check (else SMS.6012). TaskSpec.Fail forces a
// failed clone (clone_state ERROR), clear (clearfailed) or drill
// (premigfailed); restart goes through RESETING.
//
// Project scoping: on SMS routes an X-Project-Id (or X-Domain-Id) that is
// present must be the fake's project (domain), else 401 APIGW.0301; a request
// with neither is accepted (SDK clients built without a region send neither)
// and counted in Stats.NoProjectHeader, or refused with 401 when
// Options.RequireProjectHeader is set. DCS paths must carry the fake's project
// id. IAM discovery calls are not project scoped.
//
// The routes are listed once, in apiRoutes (routes.go); each answers with the
// SDK's response model for it. Details the models leave open: a new task id
// is a UUID v4; ShowMigproject has no id in its body; ShowCertKey adds the CA
// certificate when enable_ca_cert=true; an update to the speed-limit schedule
// replaces it (speed 0-1000, SpeedLimitlJson; period rules: see Readings);
// an upload to configuration-setting sets each key given (an empty value:
// see Readings). ShowServer gives memory in MB, ListServers in bytes (the
// SDK models' field comments).
//
// Lists page with a record offset and return an empty list past the end;
// count / task_count is the number of matches, ignoring paging. SMS lists are
// in creation order, DCS background tasks newest first. Task dates are epoch
// milliseconds; total_time is milliseconds too (the reference gives no unit).
//
// # Templates, migration projects and task secrets
//
// These routes (templates.go, migprojects.go, passphrase.go) are strict:
// request bodies with a field their SDK model lacks, and query parameters the
// route does not define, are refused (400 SMS.6400), and answers carry only
// SDK-model fields. Choices of the fake where the reference is silent:
//
//   - Template limits: name 1-255 characters of the task-name alphabet, other
//     strings at most 255, volumetype and data_volume_type any EVS type
//     (TemplateRequest: "not an enum"), nics name and cidr and security
//     group name required; a subnet other than autoCreate needs a name and
//     a valid CIDR block (see Readings: nics-resolved-by-id takes any),
//     the security group name is not checked, target_password 8-26
//     characters, publicip.bandwidth_size
//     1-2000 Mbit/s in the EIP steps (1 to 300, 50 to 1000, 500 above).
//   - ShowTemplate and ListTemplates echo target_password in clear: the
//     harsher reading of a field the response model declares, so tests prove
//     the provider never keeps what it reads.
//   - UpdateTemplate replaces the template (without target_password: see
//     Readings). is_template reads "false" once a task's
//     vm_template_id names the template, and such a template is not deleted.
//   - Migration projects: the account starts with one default project
//     ("default", id de7a0175-0000-4000-8000-000000000001) which every seeded
//     source server joins unless its spec names another (SourceSpec.MigProject,
//     Server.MoveSource). Name 1-100 characters and unique, description at
//     most 255, region 1-100, enterprise_project at most 255, speed_limit
//     0-1000 (the lower of the two documented maxima). Defaults follow the
//     CreateMigproject page (start_target_server, use_public_ip, exist_server
//     true; enterprise_project "default"). UpdateMigproject changes the fields
//     it is given. There is always exactly one default project: isdefault
//     true (create, update) or the /default route moves it, isdefault false
//     on the default project is refused, and the default project and a
//     project with source servers are not deleted. In ListMigproject's items
//     exist_server says whether the project has source servers
//     (MigprojectsResponseBody); ShowMigproject returns the setting.
//   - ListServers also filters by ip, migproject, connected,
//     enterprise_project_id, migration_cycle and vm_id (the clone server's
//     id, ListServersRequest says).
//   - Task secrets are made on first request (a random passphrase, ECDSA
//     P-256 self-signed certificates) and stay the same for the task.
//
// # State machine
//
// A task stores the transition it is going through and when it ends; every
// read or write first advances it by the fake's clock (Options.Now, shifted by
// Advance), applying every transition that has ended, so a test with a fake
// clock or tiny Timing values needs no sleeps. Operations (task states allowed
// → effect; "agent" means the source's agent must be connected):
//
//	start, restart   READY/ABORT/MIGRATE_FAIL (restart: MIGRATE_FAIL/SYNC_FAIL, first
//	                 RESETING, source "stopping", for Timing.Stop), agent
//	                 → RUNNING, source "initialize" for Timing.Start, then "replicate" for
//	                 Timing.Migrate → SYNCING ("syncing") if syncing, else MIGRATE_SUCCESS
//	                 ("finished", migration_cycle "cutovered"); MIGRATE_FAIL ("error",
//	                 error_json set) when the task was seeded or patched with FailMigration.
//	                 Three sub-tasks climb 0→100 over the migration.
//	stop             RUNNING/SYNCING/SKIPPING → ABORTING ("stopping") for Timing.Stop → ABORT ("stopped")
//	test, cutover    SYNCING/MIGRATE_SUCCESS, agent → "cutovering" for Timing.Test → MIGRATE_SUCCESS ("finished");
//	                 cutover only with Readings.UndocumentedOperations
//	clone_test       SYNCING/MIGRATE_SUCCESS, agent, template_id required → "cloning",
//	                 clone_server CREATING for Timing.Clone → FINISHED with vm_id and name;
//	                 the source goes back to its previous state, the task state is unchanged
//	network_check    READY/RUNNING/SYNCING/ABORT/MIGRATE_SUCCESS, agent → network_check_info
//	                 (absent until then) filled after Timing.NetworkCheck, evaluation_result GOOD
//	clear            MIGRATE_SUCCESS/ABORT → "clearing" for Timing.Clear → "cleared"
//	skip             RUNNING, agent → SKIPPING ("skipping") for Timing.Skip → RUNNING, the
//	                 migration resuming where it was
//	migration_test   READY, agent, created with need_migration_test → "premigready" for
//	                 Timing.Start, "premiging" for Timing.MigrationTest → "premiged" (task READY)
//	sync_failed_rollback  SYNC_FAIL → SYNC_F_ROLLBACKING ("stopping") for Timing.Rollback →
//	                 SYNC_F_ROLLBACK_SUCCESS ("stopped"); only with Readings.UndocumentedOperations
//
// While the source is "cloning", "cutovering", "clearing", "premiging",
// "stopping" or "deleting" every operation is refused. Refusals use the
// operation's precondition code (stop SMS.1038, start SMS.1039, restart
// SMS.1040, others SMS.6012); a disconnected agent gives SMS.0201. Accepted
// operations are recorded (Server.Actions).
//
// Deletion gate (DeleteTask and DeleteTasks): see Options.DeleteGate above;
// a refusal is answered as Options.DeleteRefusal says, naming the refused ids
// in error_param, and an accepted delete goes on as Options.AfterDelete says.
// Deleting a DELETING task with the agent disconnected is accepted and
// changes nothing. The batch checks every id first: any unknown id gives 404
// naming the unknown ids in error_param, any refused one the refusal naming
// the refused ids, and then nothing is deleted.
//
// A deleted DCS background task answers 200 {"message":""}, or 204 without
// a body when seeded with DeleteStatus 204 (busy tasks: see Readings).
//
// # Control
//
// Tests drive the fake through methods on *Server (SeedSource, SeedTask,
// SeedTasks, SeedBackgroundTask, SeedDCSInstance, Task, Tasks, SetTask,
// DeleteOutOfBand, Actions, BackgroundTask, InjectFault, Faults, ClearFaults,
// Stats, ResetStats, Advance; for templates, projects and task secrets
// Template, DeleteTemplateOutOfBand, MigProjects, DefaultMigProjectID,
// MoveSource, DeleteMigProjectOutOfBand, TaskSecrets, which have no HTTP
// control counterpart yet) and other processes through the same operations
// over HTTP under /_fake/ (see controlAPI), which needs no signature and is
// not counted in Stats. The seeding methods panic on an invalid spec (a test
// bug); over HTTP the answer is 400.
//
// # Throttling
//
// Options.Throttle (SetThrottle, PUT /_fake/throttle {"rate": 2, "burst": 10},
// cmd/fakecloud -throttle-rate/-throttle-burst) is the API gateway's flow
// control: a token bucket per project, refilled at Rate calls per second on
// the wall clock. An authenticated API request finding it empty gets 429
// APIGW.0308 with Retry-After (whole seconds until the next token) and has no
// effect; Stats.Statuses["429"] counts them.
//
// # Error bodies
//
// SMS errors: {"error_code", "error_msg", "error_param" (when a field or id is
// named, at most 20), "details": [{"error_code", "error_msg"}],
// "encoded_authorization_message" (403 only)}. Gateway (APIGW.*) errors:
// {"error_code", "error_msg", "request_id"}. DCS errors: {"error_msg",
// "error_code", "error_ext_msg": null}.
//
// # Error codes
//
// "documented" = found in Huawei's error code tables or API pages (see the
// reference); "legacy" = from the old SMS error code list; "chosen" = the fake's
// choice for lack of a documented code.
//
//	HTTP  Code        Provenance          When
//	401   APIGW.0301  documented          authentication failed: error_msg is "missing authentication",
//	                                      "malformed authentication", "unknown access key", "request date out
//	                                      of range", "signature mismatch", "invalid token", "project id does
//	                                      not match", "domain id does not match", "missing X-Project-Id or
//	                                      X-Domain-Id"; also the default of a 401 fault
//	404   APIGW.0101  documented          no such API (unknown path, or a known path with another method)
//	429   APIGW.0308  documented          throttling fault (default of a 429 fault); the token bucket
//	                                      (Options.Throttle), with Retry-After in whole seconds
//	400   SMS.0201    documented number,  operation needs the agent but it is disconnected
//	                  meaning chosen      (documented meaning: source cannot reach the API gateway)
//	400   SMS.1038    legacy              stop refused in the task's state
//	400   SMS.1039    legacy              start refused in the task's state
//	400   SMS.1040    legacy              restart refused in the task's state
//	401   SMS.2004    legacy              body over 10240 bytes (over 1 MiB for POST /v3/tasks/delete)
//	5xx   SMS.2007    legacy              default of a 5xx fault on SMS and IAM routes
//	400   SMS.2015    legacy              deletion gate refused (RefusalLegacy, the default)
//	400   SMS.2216    legacy              create task: the source server does not exist
//	400   SMS.6005    chosen number,      create task: the source's agent is disconnected or the source is
//	                  documented message  "unavailable" ("source server status does not meet requirements")
//	400   SMS.6010    documented          the body is not a JSON object (also: empty body on POST/PUT)
//	400   SMS.6011    chosen              create task: the source server already has a task
//	400   SMS.6012    chosen              operation not allowed in the task's state (other than
//	                                      start/stop/restart) or without need_migration_test /
//	                                      is_need_consistency_check; update of a DELETING task;
//	                                      deletion gate refused with RefusalOtherCode (403 with
//	                                      RefusalForbidden)
//	400   SMS.6400    chosen              a parameter is missing, of the wrong JSON type or out of range,
//	                                      or not a field of the SDK's request model (names it in
//	                                      error_param); unknown operation; clone_test
//	                                      without template_id; bad limit/offset/state query
//	404   SMS.6404    chosen              unknown task or source server (batch delete: lists the ids)
//	400   SMS.6021    chosen              delete template: a task uses it (error_param lists the tasks)
//	400   SMS.6022    chosen              delete or unset the default migration project
//	400   SMS.6023    chosen code,        delete migration project: it still has source servers (error_param
//	                  documented rule     lists them; "only projects that have no servers can be deleted"
//	                                      is documented, the code is not); the provider recognises the refusal by status and by
//	                                      listing the project's servers, not by this code
//	400   SMS.6024    chosen              migration project name already used
//	403   SMS.9004    documented          no permission: the default of a 403 fault on SMS routes
//	401   DCS.1004    documented          DCS path (or X-Project-Id) project id is not the fake's
//	403   DCS.2003    documented          default of a 403 fault on DCS routes
//	404   DCS.3022    documented          DCS instance does not exist
//	400   DCS.4002    documented          DCS path project id is not 32 hex digits
//	400   DCS.4061    documented          malformed instance id
//	400   DCS.4070    documented          malformed background task id
//	400   DCS.4400    chosen              bad offset/limit/start_time/end_time query; default of other
//	                                      4xx faults on DCS routes
//	404   DCS.4404    chosen              background task does not exist (clients must not need the
//	                                      code: any 404 but DCS.3022 means the task is gone)
//	400   DCS.4957    documented code,    background task still EXECUTING, WAITING or CREATED, under
//	                  chosen use          Readings.DCSDeleteOnlyFinished
//	5xx   DCS.5000    documented          default of a 5xx fault on DCS routes
//
// A migration forced to fail sets error_json to
// {"error_code":"FAKE.0001",...}; that is task data, not an API error.
package fakecloud
