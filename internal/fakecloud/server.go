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
