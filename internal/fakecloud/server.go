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
	// DeleteGate selects the reading of the deletion gate (DeleteTask and
	// DeleteTasks). The default, GateAllowList, refuses the most.
	DeleteGate DeleteGate
	// DeleteRefusal selects how a delete refused by the gate is answered.
	// Default RefusalLegacy: 400 SMS.2015.
	DeleteRefusal DeleteRefusal
	// AfterDelete selects what a task shows between an accepted delete and
	// its 404. Default AfterDeleteDeleting.
	AfterDelete AfterDelete
	// BatchDelete selects how POST /v3/tasks/delete answers a batch some of
	// whose ids the gate refuses or the service does not know. The batch
	// page documents only a 200 and a 403. Default BatchAllOrNothingNamed.
	BatchDelete BatchDeleteReading
	// ListScope selects which tasks ListTasks shows when the request names
	// no enterprise_project_id. Default ListScopeDefaultProject.
	ListScope ListScope
	// Throttle enforces the gateway's per-project flow control (429
	// APIGW.0308 with Retry-After); the zero value disables it.
	Throttle Throttle
	// Readings picks, per rule the sources leave open, the reading the fake
	// follows (see Readings); the zero value is the default of each.
	Readings Readings
	// Federation enables the calls that issue temporary credentials and
	// the ECS metadata service (iam_credentials.go).
	Federation Federation
	// Logf receives one line per request: method, route, status, duration and
	// request id. It never sees headers or bodies.
	Logf func(format string, args ...any)
}

// DeleteGate is a reading of the documented deletion gate. The documents
// disagree: the current zh/en-2026 pages give a deny list, the older en and
// batch pages an allow list, and the two are not complements.
type DeleteGate int

const (
	// GateAllowList (default, the harsher reading: it refuses more): with
	// the agent connected, a task is deletable only when its source is
	// unavailable, ready, finished, error or stopped. "ready" is not a
	// source state value; the fake reads it as "waiting" (a READY task's
	// source), so cleared, clearfailed, premigready, premiged, premigfailed
	// and every busy state are refused.
	GateAllowList DeleteGate = iota
	// GateDenyList: with the agent connected, refused only while the source
	// is initialize, stopping, deleting, cloning, replicate, syncing,
	// cutovering, skipping, clearing or premiging.
	GateDenyList
	// GateAllowListLiteral is GateAllowList with "ready" matching no source
	// state, so a connected READY task ("waiting") is refused too: nothing
	// the provider can do makes it deletable, and destroy must end with a
	// diagnostic once its timeout is over.
	GateAllowListLiteral
)

// DeleteRefusal is how the gate's refusal is answered; only the legacy code
// is documented, so the provider must recognise any of them.
type DeleteRefusal int

const (
	RefusalLegacy    DeleteRefusal = iota // 400 SMS.2015 (legacy error code list)
	RefusalOtherCode                      // 400 SMS.6012 (the fake's "not allowed in the current state")
	RefusalForbidden                      // 403 SMS.9004 with the documented 403 body
)

// AfterDelete is what a task shows after an accepted delete, for
// Timing.Delete, before it answers 404. No document says.
type AfterDelete int

const (
	AfterDeleteDeleting AfterDelete = iota // DELETING (source "deleting"), then 404
	AfterDeleteGone                        // 404 at once
	AfterDeletePrevious                    // its previous state, unchanged, then 404
	// AfterDeleteFails: DELETING for Timing.Delete, then back to the state
	// it had: the deletion failed and the task stays.
	AfterDeleteFails
)

// BatchDeleteReading is how the batch delete treats ids it cannot delete.
// No document says; each reading is one the provider must survive.
type BatchDeleteReading int

const (
	// BatchAllOrNothingNamed: any unknown id fails the whole batch with a
	// 404 naming the unknown ids (error_param), else any refused id fails it
	// with the gate's refusal naming the refused ids; nothing is deleted.
	BatchAllOrNothingNamed BatchDeleteReading = iota
	// BatchAllOrNothingUnnamed: as BatchAllOrNothingNamed, but the error
	// names no id.
	BatchAllOrNothingUnnamed
	// BatchPartial: the ids the gate allows are deleted and the answer is a
	// 200 for the whole batch; refused and unknown ids are skipped silently.
	BatchPartial
)

// ListScope is which tasks a listing without enterprise_project_id shows.
// Many Huawei Cloud list APIs show only the default enterprise project
// then; the ListTasks page documents "all_granted_eps" for every project
// the caller may see.
type ListScope int

const (
	// ListScopeDefaultProject (default, the harsher reading): only tasks of
	// the default enterprise project ("0").
	ListScopeDefaultProject ListScope = iota
	// ListScopeAll: every task.
	ListScopeAll
)

// SetDeleteReadings switches what an accepted delete does and how the batch
// delete answers, as a service whose behaviour changes while a test runs
// (a failing deletion that later succeeds).
func (s *Server) SetDeleteReadings(after AfterDelete, batch BatchDeleteReading) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.AfterDelete = after
	s.opts.BatchDelete = batch
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
	}
}

// FastTiming returns a Timing where every transition takes d.
func FastTiming(d time.Duration) Timing {
	return Timing{Start: d, Migrate: d, Stop: d, Delete: d, Test: d, Clone: d,
		NetworkCheck: d, Clear: d, Skip: d, MigrationTest: d, Rollback: d}
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
	seq         int64 // creation order of tasks and sources
	seedSeq     int   // counter behind deterministic seeded ids
	tasks       map[string]*task
	active      map[string]*task // tasks with a timed transition pending
	sources     map[string]*source
	actions     map[string][]string
	dcs         map[string]*dcsInstance
	objects     objectStore // templates, migration projects, task secrets (objects.go)
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
		unnamed := s.opts.Readings.NotFoundUnnamed
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
