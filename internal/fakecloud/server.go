package fakecloud

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults used when the matching Options field is empty.
const (
	DefaultAccessKey  = "FAKEAK0000000000TEST"
	DefaultSecretKey  = "fake-secret-key-0000000000000000000000"
	DefaultProjectID  = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	DefaultRegion     = "cn-north-4"
	DefaultDomainID   = "d0a1b2c3d4e5f60718293a4b5c6d7e8f"
	DefaultDomainName = "fakecloud-domain"
	// DefaultMaxClockSkew is Huawei's API gateway limit for X-Sdk-Date.
	DefaultMaxClockSkew = 15 * time.Minute
)

// Body size limits of SMS requests.
const (
	smsMaxBody        = 10240   // SMS.2004, "body over 10240 bytes": the legacy SMS error code list
	smsBatchDeleteMax = 1 << 20 // POST /v3/tasks/delete may list many ids
)

// Options configures a fake cloud. The zero value is usable.
type Options struct {
	// Credentials maps accepted access keys to their secret keys. Default: one
	// pair, DefaultAccessKey / DefaultSecretKey.
	Credentials map[string]string
	// AuthTokens are the accepted X-Auth-Token values (default none).
	AuthTokens []string
	// ProjectID is the only project; X-Project-Id and DCS paths must carry it.
	ProjectID string
	// Region is the project's name (IAM /v3/projects?name=...).
	Region     string
	DomainID   string
	DomainName string
	// RequireProjectHeader makes SMS requests without X-Project-Id or
	// X-Domain-Id fail with 401. By default they are accepted (SDK clients
	// built without a region send neither) and counted in
	// Stats.NoProjectHeader, so a test can assert they never happen.
	RequireProjectHeader bool
	// Timing sets how long each transition takes; zero fields take the
	// defaults of DefaultTiming, negative ones mean "immediately".
	Timing Timing
	// MaxClockSkew bounds |X-Sdk-Date - Now()|. Default 15m; negative
	// disables the check.
	MaxClockSkew time.Duration
	// Now is the fake's clock (default time.Now). Every state-machine
	// transition reads it, so a test that moves it needs no sleeps.
	Now func() time.Time
	// Latency is added to every API request (not to /_fake/ control requests).
	Latency time.Duration
	// SeedTasks tasks (each with its own connected source) exist from the
	// start, READY, named seed-001, seed-002, ...
	SeedTasks int
	// Throttle enforces the gateway's per-project flow control (429
	// APIGW.0308 with Retry-After); the zero value disables it.
	Throttle Throttle

	// Readings: each field below picks one reading of a rule the sources
	// leave open or state two ways. The zero value is the default reading;
	// readingTable (readings.go) lists them all, by the names SetReading
	// and cmd/fakecloud's -reading flag take.

	// DeleteGate: the deletion gate of DeleteTask and DeleteTasks.
	DeleteGate DeleteGate
	// DeleteRefusal: how a delete the gate refuses is answered.
	DeleteRefusal DeleteRefusal
	// AfterDelete: what a task shows between an accepted delete and its 404.
	AfterDelete AfterDelete
	// BatchDelete: how POST /v3/tasks/delete answers a batch some of whose
	// ids the gate refuses or the service does not know (the batch page
	// documents only a 200 and a 403).
	BatchDelete BatchDeleteReading
	// ListScope: which tasks ListTasks shows when the request names no
	// enterprise_project_id.
	ListScope ListScope
	// SourceDelete: what DeleteServer(s) does with a source's task.
	SourceDelete SourceDelete
	// BatchIDs: how many ids, of what length, a batch delete takes.
	BatchIDs BatchIDs
	// TemplateIDMax: the longest template_id UpdateTaskStatus takes.
	TemplateIDMax TemplateIDMax
	// TaskNameFilter: how ListTasks' name parameter matches.
	TaskNameFilter TaskNameFilter
	// ListOrder: the order of ListTasks and ListServers.
	ListOrder ListOrder
	// AutoStart: what CreateTask's auto_start does.
	AutoStart AutoStart
	// UndocumentedOperations: UpdateTaskStatus also accepts cutover and
	// sync_failed_rollback, which only a page's prose and an old golangsdk
	// comment mention. Default: refused like any operation outside
	// UpdateTaskStatusReq's operation enum (SDK v0.1.207).
	UndocumentedOperations bool
	// StrictSpeedLimits: a speed-limit schedule holds at most 5 periods that
	// do not overlap, each time two-digit HH:MM from 00:00 to 23:59. No page
	// states these rules. Default, the sources: times H:MM or HH:MM from
	// 0:00 to 24:00 (SpeedLimitlJson says "XX:XX", the v1 examples use 0:00
	// and 24:00), end after start, any number of periods.
	StrictSpeedLimits bool
	// DCSDeleteOnlyFinished: a DCS background task still EXECUTING, WAITING
	// or CREATED cannot be deleted (400 DCS.4957, the DCS error table's
	// "operation not allowed in the task's current state"). The
	// DeleteBackgroundTask page states no such rule, so by default a task
	// is deleted in any state.
	DCSDeleteOnlyFinished bool
	// EmptyConfigValueRemoves: an empty config_value sent to
	// configuration-setting removes the key. No page says so; by default
	// (the harsher reading) the empty value is stored like any other, so a
	// key once set stays, with the value "".
	EmptyConfigValueRemoves bool
	// TemplatePasswordKept: an UpdateTemplate body without target_password
	// keeps the stored one. No page says so; by default (the harsher
	// reading) the update replaces the template and its password with it.
	TemplatePasswordKept bool
	// NicsResolvedByID: a template's subnets (Nics) and security groups
	// (SgObject) are resolved by id, whatever name and cidr come with them.
	// The models mark name and cidr required and no page says whether the
	// service checks them; by default (the harsher reading) a subnet other
	// than autoCreate needs a name and its CIDR block, so the provider's
	// id-only form (the id as the name, an empty cidr) is refused.
	NicsResolvedByID bool
	// StrictTemplateLimits: a template's target_password is 8-26 characters
	// and its EIP bandwidth_size at most 2000 Mbit/s in the EIP steps (1 up
	// to 300, 50 up to 1000, 500 above): ECS and EIP rules no SMS source
	// states. By default a password is any length the model takes and a
	// bandwidth any number from 1.
	StrictTemplateLimits bool
	// NotFoundUnnamed: a missing task, template, project or source server is
	// answered with another SMS code (SMS.2252, the legacy list's 404 "no
	// associated task") and names no id. No page documents the answer for a
	// missing object; by default the fake answers 404 SMS.6404 naming the id
	// in error_param. The provider takes any SMS 404 on the object's own
	// route for "gone", whatever its code, and nothing else.
	NotFoundUnnamed bool

	// Federation enables the calls that issue temporary credentials and
	// the ECS metadata service (iam_credentials.go).
	Federation Federation
	// Logf receives one line per request: method, route, status, duration and
	// request id. It never sees headers or bodies.
	Logf func(format string, args ...any)
}

// Timing holds how long each timed transition takes.
type Timing struct {
	Start         time.Duration // RUNNING with source "initialize", before replication
	Migrate       time.Duration // replication ("replicate") until SYNCING / MIGRATE_SUCCESS
	Stop          time.Duration // ABORTING ("stopping") until ABORT
	Delete        time.Duration // DELETING until the task is gone
	Test          time.Duration // test/cutover: "cutovering" until "finished"
	Clone         time.Duration // clone_test: "cloning" until the clone is FINISHED
	NetworkCheck  time.Duration // network_check until network_check_info is filled
	Clear         time.Duration // clear: "clearing" until "cleared"
	Skip          time.Duration // skip: SKIPPING until RUNNING again
	MigrationTest time.Duration // migration_test: "premiging" until "premiged"
	Rollback      time.Duration // sync_failed_rollback: SYNC_F_ROLLBACKING until SYNC_F_ROLLBACK_SUCCESS
	LogUpload     time.Duration // CollectLog: UPLOADING until UPLOADED
}

// DefaultTiming returns the durations used for zero Timing fields: a few
// seconds each, so a demo can watch the states change.
func DefaultTiming() Timing {
	return Timing{
		Start:         3 * time.Second,
		Migrate:       20 * time.Second,
		Stop:          2 * time.Second,
		Delete:        2 * time.Second,
		Test:          3 * time.Second,
		Clone:         5 * time.Second,
		NetworkCheck:  3 * time.Second,
		Clear:         2 * time.Second,
		Skip:          2 * time.Second,
		MigrationTest: 3 * time.Second,
		Rollback:      2 * time.Second,
		LogUpload:     3 * time.Second,
	}
}

// FastTiming returns a Timing where every transition takes d.
func FastTiming(d time.Duration) Timing {
	return Timing{Start: d, Migrate: d, Stop: d, Delete: d, Test: d, Clone: d,
		NetworkCheck: d, Clear: d, Skip: d, MigrationTest: d, Rollback: d, LogUpload: d}
}

func (t Timing) withDefaults() Timing {
	def := DefaultTiming()
	pick := func(v, d time.Duration) time.Duration {
		switch {
		case v == 0:
			return d
		case v < 0:
			return 0
		}
		return v
	}
	return Timing{
		Start:         pick(t.Start, def.Start),
		Migrate:       pick(t.Migrate, def.Migrate),
		Stop:          pick(t.Stop, def.Stop),
		Delete:        pick(t.Delete, def.Delete),
		Test:          pick(t.Test, def.Test),
		Clone:         pick(t.Clone, def.Clone),
		NetworkCheck:  pick(t.NetworkCheck, def.NetworkCheck),
		Clear:         pick(t.Clear, def.Clear),
		Skip:          pick(t.Skip, def.Skip),
		MigrationTest: pick(t.MigrationTest, def.MigrationTest),
		Rollback:      pick(t.Rollback, def.Rollback),
		LogUpload:     pick(t.LogUpload, def.LogUpload),
	}
}

// Server is the fake cloud: an http.Handler serving SMS v3, DCS v2 and the
// IAM discovery calls, plus the /_fake/ control API.
type Server struct {
	opts    Options
	timing  Timing
	creds   map[string]string
	tokens  map[string]bool
	routes  []*route
	control *controlAPI
	stats   statsCollector
	faults  faultList
	// credentials are the temporary keys and subject tokens issued.
	credentials credentialStore
	// throttle is the gateway's flow control (throttle.go).
	throttle throttle

	mu          sync.Mutex // guards everything below
	clockOffset time.Duration
	// otherProjects are the account's projects in other regions that the
	// fake has named (projects.go), by id.
	otherProjects map[string]string
	seq           int64 // creation order of tasks and sources
	seedSeq       int   // counter behind deterministic seeded ids
	tasks         map[string]*task
	active        map[string]*task // tasks with a timed transition pending
	sources       map[string]*source
	actions       map[string][]string
	dcs           map[string]*dcsInstance
	objects       objectStore // templates, migration projects, task secrets (objects.go)
}

// New builds a fake cloud from opts.
func New(opts Options) *Server {
	if opts.ProjectID == "" {
		opts.ProjectID = DefaultProjectID
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.DomainID == "" {
		opts.DomainID = DefaultDomainID
	}
	if opts.DomainName == "" {
		opts.DomainName = DefaultDomainName
	}
	if opts.MaxClockSkew == 0 {
		opts.MaxClockSkew = DefaultMaxClockSkew
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:        opts,
		timing:      opts.Timing.withDefaults(),
		creds:       map[string]string{},
		tokens:      map[string]bool{},
		tasks:       map[string]*task{},
		active:      map[string]*task{},
		sources:     map[string]*source{},
		actions:     map[string][]string{},
		dcs:         map[string]*dcsInstance{},
		credentials: credentialStore{temp: map[string]tempCredential{}, subjects: map[string]time.Time{}, sessions: map[string]time.Time{}},
	}
	if len(opts.Credentials) == 0 {
		s.creds[DefaultAccessKey] = DefaultSecretKey
	}
	for ak, sk := range opts.Credentials {
		s.creds[ak] = sk
	}
	for _, t := range opts.AuthTokens {
		if t != "" {
			s.tokens[t] = true
		}
	}
	s.stats.reset()
	s.throttle.cfg = opts.Throttle
	s.routes = apiRoutes()
	s.control = newControlAPI(s)
	if opts.SeedTasks > 0 {
		s.SeedTasks(opts.SeedTasks, TaskSpec{Name: "seed"})
	}
	return s
}

// ProjectID returns the project the fake serves.
func (s *Server) ProjectID() string { return s.opts.ProjectID }

// Region returns the region (project name) the fake serves.
func (s *Server) Region() string { return s.opts.Region }

// DomainID returns the account (domain) id the fake serves.
func (s *Server) DomainID() string { return s.opts.DomainID }

// now reads the fake's clock, shifted by Advance.
func (s *Server) now() time.Time {
	s.mu.Lock()
	off := s.clockOffset
	s.mu.Unlock()
	return s.opts.Now().Add(off)
}

// nowLocked is now() for callers that hold s.mu.
func (s *Server) nowLocked() time.Time { return s.opts.Now().Add(s.clockOffset) }

// Advance moves the fake's clock forward by d (on top of Options.Now), so a
// demo running on the wall clock can skip ahead.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.clockOffset += d
	s.mu.Unlock()
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// call carries one API request through authentication, faults and its handler.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	requestID string
	route     *route
	params    map[string]string
	body      []byte
	// lostAnswer is a FaultLoseResponse to apply once the handler has run.
	lostAnswer *Fault
}

// result is what a handler answers: a status and a JSON body (nil for none).
type result struct {
	status int
	body   any
}

func ok(body any) result { return result{status: http.StatusOK, body: body} }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rid := newRequestID()
	w.Header().Set("X-Request-Id", rid)
	if r.URL.Path == "/_fake" || strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.control.serve(w, r)
		return
	}
	if s.serveCredentials(w, r) {
		return
	}
	rec := &statusRecorder{ResponseWriter: w}
	start := time.Now()
	routeKey := r.Method + " " + r.URL.Path + " (no route)"
	defer func() {
		s.countStatus(rec)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		s.logf("fakecloud: %s -> %d in %s (request id %s)", routeKey, status, time.Since(start).Round(time.Microsecond), rid)
	}()
	s.stats.total()

	if s.opts.Latency > 0 && !sleepCtx(r.Context(), s.opts.Latency) {
		rec.status = statusClientGone // nothing is written
		return
	}
	rt, params := s.match(r.Method, r.URL.Path)
	if rt != nil {
		routeKey = rt.key()
		s.stats.route(routeKey)
	} else {
		s.stats.unrouted()
	}
	c := &call{w: rec, r: r, requestID: rid, route: rt, params: params}

	// Read the body once: the signature covers its raw bytes.
	body, err := io.ReadAll(io.LimitReader(r.Body, smsBatchDeleteMax+1))
	if err != nil {
		s.writeError(c, smsError(http.StatusBadRequest, codeSMSNotJSON, "The request body could not be read."))
		return
	}
	if len(body) > smsBatchDeleteMax {
		// Too big to verify; refuse before authentication.
		s.writeError(c, smsError(http.StatusUnauthorized, codeSMSBodyTooLarge, fmt.Sprintf("The request body exceeds %d bytes.", smsBatchDeleteMax)))
		return
	}
	c.body = body

	if e := s.authenticate(r, body); e != nil {
		s.writeError(c, e)
		return
	}
	if rt == nil {
		s.writeError(c, gatewayError(http.StatusNotFound, codeRouteNotFound, "The API does not exist or has not been published in the environment."))
		return
	}
	if e := s.checkProject(c); e != nil {
		s.writeError(c, e)
		return
	}
	if s.applyThrottle(c) {
		return
	}
	if handled := s.applyFault(c); handled {
		return
	}
	if rt.kind == kindSMS {
		limit := smsMaxBody
		if rt.maxBody > 0 {
			limit = rt.maxBody
		}
		if len(body) > limit {
			s.writeError(c, smsError(http.StatusUnauthorized, codeSMSBodyTooLarge, fmt.Sprintf("The request body exceeds %d bytes.", limit)))
			return
		}
	}
	res := rt.handle(s, c)
	if f := c.lostAnswer; f != nil {
		s.loseAnswer(c, *f)
		return
	}
	s.write(c, res)
}

// write sends a handler's result.
func (s *Server) write(c *call, res result) {
	if e, isErr := res.body.(*apiError); isErr {
		s.writeError(c, e)
		return
	}
	if f, isFile := res.body.(fileBody); isFile {
		c.w.Header().Set("Content-Type", f.contentType)
		c.w.Header().Set("Content-Disposition", `attachment; filename="`+f.name+`"`)
		c.w.WriteHeader(res.status)
		_, _ = c.w.Write(f.data)
		return
	}
	if res.body == nil {
		c.w.WriteHeader(res.status)
		return
	}
	writeJSON(c.w, res.status, res.body)
}

func (s *Server) writeError(c *call, e *apiError) {
	if e.raw != nil {
		// Not the service's answer: a proxy's page, or nothing at all.
		if *e.raw != "" {
			c.w.Header().Set("Content-Type", "text/html")
		}
		c.w.WriteHeader(e.status)
		_, _ = c.w.Write([]byte(*e.raw))
		return
	}
	if e.status == http.StatusNotFound && e.code == codeSMSNotFound {
		s.mu.Lock()
		unnamed := s.opts.NotFoundUnnamed
		s.mu.Unlock()
		if unnamed {
			cp := *e
			cp.code, cp.params = codeSMSNotFoundOther, nil
			e = &cp
		}
	}
	writeJSON(c.w, e.status, e.body(c.requestID))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error_code":"SMS.2007","error_msg":"response encoding failed"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// statusRecorder remembers the status for the request log and stats.
type statusRecorder struct {
	http.ResponseWriter
	status  int
	counted bool // the status is in Stats already
}

// countStatus adds a call's status to Stats, once.
func (s *Server) countStatus(rec *statusRecorder) {
	if !rec.counted {
		rec.counted = true
		s.stats.status(rec.status)
	}
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Pseudo statuses for the request log and Stats.Statuses.
const (
	statusClientGone = 499 // the client went away before the answer
	statusReset      = -1  // the connection was reset by a fault
)

// markStatus records a pseudo status on a statusRecorder.
func markStatus(w http.ResponseWriter, code int) {
	if rec, isRec := w.(*statusRecorder); isRec && rec.status == 0 {
		rec.status = code
	}
}

// Unwrap lets http.ResponseController reach the connection (for Hijack).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// sleepCtx waits d unless ctx ends first; it reports whether d elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
