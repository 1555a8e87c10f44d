package fakecloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// FaultKind is what an injected fault does to a matching request.
type FaultKind string

const (
	// FaultStatus answers with Fault.Status and an error body instead of
	// running the handler.
	FaultStatus FaultKind = "status"
	// FaultReset hijacks the connection and closes it (with a TCP reset
	// where possible) without answering.
	FaultReset FaultKind = "reset"
	// FaultSlow sleeps Fault.Delay, then answers Fault.Status if set, else
	// runs the handler normally. If the client gives up during the delay the
	// request has no effect.
	FaultSlow FaultKind = "slow"
	// FaultLoseResponse runs the handler, so the request takes effect, and
	// then loses the answer: the connection is reset, or Fault.Status is
	// sent when set (a gateway error after the backend acted). This is the
	// case that makes non-idempotent calls ambiguous.
	FaultLoseResponse FaultKind = "lose_response"
)

// FaultBody is the body of a status fault that is not the service's answer.
type FaultBody string

const (
	FaultBodyHTML  FaultBody = "html"  // a proxy's HTML error page
	FaultBodyEmpty FaultBody = "empty" // no body
)

// proxyPage is the HTML page a proxy in front of the API answers with.
const proxyPage = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// Fault is an injected failure. Faults are checked in the order they were
// added, after authentication and project checks succeed and before the
// handler runs, so a faulted request (other than a completed Slow one) has
// no effect. Each request consumes at most one fault.
type Fault struct {
	// Method restricts the fault to one HTTP method ("" or "*": any).
	Method string `json:"method,omitempty"`
	// Route is a route template ("/v3/tasks/{task_id}"), optionally
	// prefixed with its method ("DELETE /v3/tasks/{task_id}"), or a concrete
	// path ("/v3/tasks/<id>"); "" or "*" matches every API route.
	Route string    `json:"route,omitempty"`
	Kind  FaultKind `json:"kind"`
	// Status is the HTTP status for FaultStatus (default 500) and optionally
	// FaultSlow.
	Status int `json:"status,omitempty"`
	// Code and Message override the error body's error_code and error_msg.
	// Defaults: 429 APIGW.0308 (throttling), 401 APIGW.0301, 403 SMS.9004 /
	// DCS.2003, 404 APIGW.0101, 5xx SMS.2007 / DCS.5000, other 4xx SMS.6400 /
	// DCS.4400.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Body makes a status fault answer as something other than the service
	// would: FaultBodyHTML (a proxy's error page) or FaultBodyEmpty (no body
	// at all). "" sends the error document Code and Message describe.
	Body FaultBody `json:"body,omitempty"`
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string `json:"retry_after,omitempty"`
	// Delay is FaultSlow's sleep. In JSON: "delay": "250ms".
	Delay time.Duration `json:"-"`
	// Count is how many matching requests the fault applies to; 0 or less
	// means every matching request until ClearFaults.
	Count int `json:"count,omitempty"`
}

type faultJSON Fault

type faultWire struct {
	*faultJSON
	Delay string `json:"delay,omitempty"`
}

// MarshalJSON writes Delay as a Go duration string.
func (f Fault) MarshalJSON() ([]byte, error) {
	fj := faultJSON(f)
	w := faultWire{faultJSON: &fj}
	if f.Delay != 0 {
		w.Delay = f.Delay.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads Delay from a Go duration string ("250ms").
func (f *Fault) UnmarshalJSON(b []byte) error {
	w := faultWire{faultJSON: (*faultJSON)(f)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Delay != "" {
		d, err := time.ParseDuration(w.Delay)
		if err != nil {
			return fmt.Errorf("delay: %w", err)
		}
		f.Delay = d
	}
	return nil
}

func (f *Fault) validate() error {
	switch f.Kind {
	case FaultStatus:
		if f.Status == 0 {
			f.Status = http.StatusInternalServerError
		}
	case FaultReset, FaultLoseResponse:
	case FaultSlow:
		if f.Delay <= 0 {
			return errors.New("a slow fault needs a positive delay")
		}
	default:
		return fmt.Errorf("unknown fault kind %q (want status, reset, slow or lose_response)", f.Kind)
	}
	switch f.Body {
	case "", FaultBodyHTML, FaultBodyEmpty:
	default:
		return fmt.Errorf("unknown fault body %q (want html or empty)", f.Body)
	}
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("fault status %d is not an error status (400-599)", f.Status)
	}
	return nil
}

// matches reports whether the fault applies to a request on rt at path.
func (f *Fault) matches(rt *route, method, path string) bool {
	wantMethod, wantRoute := f.Method, strings.TrimSpace(f.Route)
	if m, p, found := strings.Cut(wantRoute, " "); found {
		if wantMethod == "" || wantMethod == "*" {
			wantMethod = m
		}
		wantRoute = strings.TrimSpace(p)
	}
	if wantMethod != "" && wantMethod != "*" && !strings.EqualFold(wantMethod, method) {
		return false
	}
	if wantRoute == "" || wantRoute == "*" {
		return true
	}
	return wantRoute == rt.template || strings.TrimSuffix(wantRoute, "/") == strings.TrimSuffix(path, "/")
}

type faultEntry struct {
	f         Fault
	remaining int // <0: unlimited
}

type faultList struct {
	mu      sync.Mutex
	entries []*faultEntry
}

// take returns the first fault matching the request and consumes one use.
func (l *faultList) take(rt *route, method, path string) (Fault, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, e := range l.entries {
		if !e.f.matches(rt, method, path) {
			continue
		}
		if e.remaining > 0 {
			e.remaining--
			if e.remaining == 0 {
				l.entries = append(l.entries[:i], l.entries[i+1:]...)
			}
		}
		return e.f, true
	}
	return Fault{}, false
}

// InjectFault adds a fault. It panics on an invalid fault (unknown kind, a
// slow fault without delay, a non-error status); the HTTP control API
// answers 400 instead.
func (s *Server) InjectFault(f Fault) {
	if err := s.injectFault(f); err != nil {
		panic("fakecloud: InjectFault: " + err.Error())
	}
}

func (s *Server) injectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	e := &faultEntry{f: f, remaining: f.Count}
	if f.Count <= 0 {
		e.remaining = -1
	}
	s.faults.mu.Lock()
	s.faults.entries = append(s.faults.entries, e)
	s.faults.mu.Unlock()
	return nil
}

// Faults lists the pending faults; Count is the number of uses left (0 for
// unlimited).
func (s *Server) Faults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make([]Fault, 0, len(s.faults.entries))
	for _, e := range s.faults.entries {
		f := e.f
		f.Count = max(e.remaining, 0)
		out = append(out, f)
	}
	return out
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.entries = nil
	s.faults.mu.Unlock()
}

// applyFault runs the first matching fault; it reports whether the request
// has been fully handled (answered, reset or abandoned).
func (s *Server) applyFault(c *call) bool {
	f, found := s.faults.take(c.route, c.r.Method, c.r.URL.Path)
	if !found {
		return false
	}
	s.stats.fault()
	switch f.Kind {
	case FaultReset:
		s.reset(c)
		return true
	case FaultLoseResponse:
		c.lostAnswer = &f
		return false
	case FaultSlow:
		if !sleepCtx(c.r.Context(), f.Delay) {
			markStatus(c.w, statusClientGone) // the client gave up: no effect
			return true
		}
		if f.Status == 0 {
			return false
		}
	}
	if f.RetryAfter != "" {
		c.w.Header().Set("Retry-After", f.RetryAfter)
	}
	s.writeError(c, faultError(f, c.route.kind))
	return true
}

// loseAnswer ends a request whose handler has run under FaultLoseResponse.
func (s *Server) loseAnswer(c *call, f Fault) {
	if f.Status == 0 {
		s.reset(c)
		return
	}
	s.writeError(c, faultError(f, c.route.kind))
}

// faultError builds the error body of a status fault.
func faultError(f Fault, kind routeKind) *apiError {
	code, msg := f.Code, f.Message
	st := f.Status
	switch {
	case st == http.StatusTooManyRequests:
		code = firstNonEmpty(code, codeThrottled)
		msg = firstNonEmpty(msg, "The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute")
	case st == http.StatusUnauthorized:
		code = firstNonEmpty(code, codeAuthFailed)
		msg = firstNonEmpty(msg, "Incorrect IAM authentication information (injected fault).")
	case st == http.StatusNotFound:
		code = firstNonEmpty(code, codeRouteNotFound)
		msg = firstNonEmpty(msg, "The API does not exist or has not been published in the environment.")
	case st == http.StatusForbidden && kind == kindDCS:
		code = firstNonEmpty(code, codeDCSForbidden)
		msg = firstNonEmpty(msg, "The role does not have the permission (injected fault).")
	case st == http.StatusForbidden:
		code = firstNonEmpty(code, codeSMSForbidden)
		msg = firstNonEmpty(msg, "The current account does not have the permission to execute policy (injected fault).")
	case st >= 500 && kind == kindDCS:
		code = firstNonEmpty(code, codeDCSInternal)
		msg = firstNonEmpty(msg, "Internal error (injected fault).")
	case st >= 500:
		code = firstNonEmpty(code, codeSMSBackend)
		msg = firstNonEmpty(msg, "Backend exception (injected fault).")
	case kind == kindDCS:
		code = firstNonEmpty(code, codeDCSInvalidParam)
		msg = firstNonEmpty(msg, "Invalid request (injected fault).")
	default:
		code = firstNonEmpty(code, codeSMSInvalidParam)
		msg = firstNonEmpty(msg, "Invalid request (injected fault).")
	}
	e := &apiError{status: st, code: code, msg: msg, shape: shapeSMS}
	switch f.Body {
	case FaultBodyHTML:
		page := proxyPage
		e.raw = &page
	case FaultBodyEmpty:
		empty := ""
		e.raw = &empty
	}
	switch {
	case strings.HasPrefix(code, "APIGW."):
		e.shape = shapeGateway
	case kind == kindDCS:
		e.shape = shapeDCS
	}
	return e
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// resetConnection drops the client's connection without an answer.
// reset breaks the connection of a call. Its status is counted first: the
// client sees the broken connection at once, and Stats must already say so.
func (s *Server) reset(c *call) {
	markStatus(c.w, statusReset)
	if rec, isRec := c.w.(*statusRecorder); isRec {
		s.countStatus(rec)
	}
	resetConnection(c.w)
}

func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the stream instead.
		panic(http.ErrAbortHandler)
	}
	if tcp, isTCP := conn.(*net.TCPConn); isTCP {
		_ = tcp.SetLinger(0) // close with RST rather than FIN
	}
	_ = conn.Close()
}
