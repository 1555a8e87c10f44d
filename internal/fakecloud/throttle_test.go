package fakecloud

import (
	"net/http"
	"testing"
	"time"
)

func TestThrottleTokenBucket(t *testing.T) {
	e := newEnv(t, Options{Throttle: Throttle{Rate: 0.5, Burst: 3}})
	clock := time.Unix(1_700_000_000, 0)
	e.fake.throttle.now = func() time.Time { return clock }
	for range 3 {
		e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	}
	r := e.send("GET", "/v3/tasks", nil)
	r.expectError(t, http.StatusTooManyRequests, "APIGW.0308")
	if got := r.header.Get("Retry-After"); got != "2" {
		t.Fatalf("Retry-After = %q, want 2 (one token every 2s)", got)
	}
	clock = clock.Add(1500 * time.Millisecond)
	r = e.send("GET", "/v3/tasks", nil)
	r.expectError(t, http.StatusTooManyRequests, "APIGW.0308")
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After = %q after 1.5s, want 1", got)
	}
	clock = clock.Add(500 * time.Millisecond)
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	// A throttled call has no effect, and the control API is never throttled.
	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": []string{"nope"}}).expectError(t, http.StatusTooManyRequests, "APIGW.0308")
	if st := e.fake.Stats(); st.Statuses["429"] != 3 || st.Statuses["200"] != 4 || st.Statuses["404"] != 0 {
		t.Fatalf("statuses = %v", st.Statuses)
	}

	// The control API switches it off and on.
	e.control("PUT", "/_fake/throttle", map[string]any{"rate": 0}).expectStatus(t, http.StatusOK)
	for range 5 {
		e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	}
	e.control("PUT", "/_fake/throttle", map[string]any{"rate": -1}).expectStatus(t, http.StatusBadRequest)
	e.control("PUT", "/_fake/throttle", map[string]any{"rate": 1, "burst": 1}).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusTooManyRequests, "APIGW.0308")
	if got := e.fake.CurrentThrottle(); got != (Throttle{Rate: 1, Burst: 1}) {
		t.Fatalf("CurrentThrottle = %+v", got)
	}
}
