package fakecloud

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Throttle is the API gateway's flow control: a token bucket per project.
// Every API request (not /_fake/) takes one token once it is authenticated;
// with none left the gateway answers 429 APIGW.0308 with Retry-After (whole
// seconds until the next token) and the request has no effect. The zero
// value disables it.
type Throttle struct {
	// Rate is how many calls per second the bucket refills. Zero disables
	// the throttle.
	Rate float64 `json:"rate"`
	// Burst is the bucket's size, i.e. how many calls may go at once after
	// a quiet period. Zero means max(1, Rate).
	Burst int `json:"burst"`
	// PerCall, when set, refills the bucket by this many tokens per API call
	// instead of by time: a gateway on a clock of calls, for tests whose
	// throttling must happen whatever the client's pace (below 1, a client
	// that keeps calling is throttled once the burst is spent, and a share
	// of 1-PerCall of its calls answered 429 from then on).
	PerCall float64 `json:"per_call,omitempty"`
}

func (t Throttle) enabled() bool { return t.Rate > 0 || t.PerCall > 0 }

func (t Throttle) validate() error {
	if t.Rate < 0 || math.IsNaN(t.Rate) || math.IsInf(t.Rate, 0) {
		return errors.New("throttle rate must be a finite number >= 0")
	}
	if t.PerCall < 0 || t.PerCall >= 1 || math.IsNaN(t.PerCall) {
		return errors.New("throttle per_call must be >= 0 and below 1")
	}
	if t.Burst < 0 {
		return errors.New("throttle burst must be >= 0")
	}
	return nil
}

func (t Throttle) burst() float64 {
	if t.Burst > 0 {
		return float64(t.Burst)
	}
	return max(1, t.Rate)
}

// refill is how many tokens a bucket gains for one call made elapsed after
// the previous one.
func (t Throttle) refill(elapsed time.Duration) float64 {
	if t.PerCall > 0 {
		return t.PerCall
	}
	return elapsed.Seconds() * t.Rate
}

// throttle holds one bucket per project. It runs on the wall clock, not on
// the fake's (movable) clock: it limits the client's real call rate.
type throttle struct {
	mu      sync.Mutex
	cfg     Throttle
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// SetThrottle replaces the flow control (Throttle{} turns it off) and
// refills every bucket.
func (s *Server) SetThrottle(t Throttle) error {
	if err := t.validate(); err != nil {
		return err
	}
	s.throttle.mu.Lock()
	defer s.throttle.mu.Unlock()
	s.throttle.cfg = t
	s.throttle.buckets = map[string]*bucket{}
	return nil
}

// CurrentThrottle returns the flow control in force.
func (s *Server) CurrentThrottle() Throttle {
	s.throttle.mu.Lock()
	defer s.throttle.mu.Unlock()
	return s.throttle.cfg
}

// take spends one token of project's bucket. When none is left it returns
// how long until one is.
func (th *throttle) take(project string) (time.Duration, bool) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if !th.cfg.enabled() {
		return 0, true
	}
	now := time.Now()
	if th.now != nil {
		now = th.now()
	}
	if th.buckets == nil {
		th.buckets = map[string]*bucket{}
	}
	b := th.buckets[project]
	if b == nil {
		b = &bucket{tokens: th.cfg.burst(), at: now}
		th.buckets[project] = b
	}
	b.tokens = min(th.cfg.burst(), b.tokens+th.cfg.refill(now.Sub(b.at)))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	if th.cfg.Rate <= 0 {
		return time.Second, false // a clock of calls: any later call may pass
	}
	return time.Duration((1 - b.tokens) / th.cfg.Rate * float64(time.Second)), false
}

// applyThrottle answers 429 when the caller's project has no token left; it
// reports whether the request was answered.
func (s *Server) applyThrottle(c *call) bool {
	project := c.r.Header.Get("X-Project-Id")
	if project == "" {
		project = s.opts.ProjectID
	}
	wait, ok := s.throttle.take(project)
	if ok {
		return false
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	c.w.Header().Set("Retry-After", strconv.Itoa(secs))
	cfg := s.CurrentThrottle()
	s.writeError(c, &apiError{
		status: http.StatusTooManyRequests, code: codeThrottled, shape: shapeGateway,
		msg: fmt.Sprintf("The throttling threshold has been reached: policy user over ratelimit, limit:%g, time:1 second", cfg.Rate),
	})
	return true
}

// putThrottle serves PUT /_fake/throttle.
func (c *controlAPI) putThrottle(r *http.Request) (int, any, error) {
	var t Throttle
	if err := decodeControl(r, &t); err != nil {
		return http.StatusBadRequest, nil, err
	}
	if err := c.s.SetThrottle(t); err != nil {
		return http.StatusBadRequest, nil, err
	}
	return http.StatusOK, t, nil
}
