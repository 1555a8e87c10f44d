package fakecloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

func TestThrottlingThenSuccess(t *testing.T) {
	e := newEnv(t, Options{})
	e.fake.InjectFault(Fault{Route: RouteListTasks, Kind: FaultStatus, Status: 429, RetryAfter: "2", Count: 2})
	for i := range 2 {
		r := e.send("GET", "/v3/tasks", nil)
		eb := r.expectError(t, http.StatusTooManyRequests, "APIGW.0308")
		if r.header.Get("Retry-After") != "2" {
			t.Fatalf("attempt %d: Retry-After %q", i, r.header.Get("Retry-After"))
		}
		if eb.ErrorMsg != "The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute" {
			t.Fatalf("error_msg = %q", eb.ErrorMsg)
		}
	}
	r := e.send("GET", "/v3/tasks", nil)
	r.expectStatus(t, http.StatusOK)
	if r.header.Get("Retry-After") != "" {
		t.Fatal("Retry-After on success")
	}
	if f := e.fake.Faults(); len(f) != 0 {
		t.Fatalf("spent fault still listed: %+v", f)
	}
	st := e.fake.Stats()
	if st.FaultsInjected != 2 || st.Statuses["429"] != 2 || st.Statuses["200"] != 1 || st.Verified != 3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestFaultCountAndRouteMatching(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{})
	e.fake.InjectFault(Fault{Route: RouteDeleteTask, Kind: FaultStatus, Status: 503, Count: 3})
	if f := e.fake.Faults(); len(f) != 1 || f[0].Count != 3 {
		t.Fatalf("faults = %+v", f)
	}
	// Other routes and methods on the same path are untouched.
	e.send("GET", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)

	eb := e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectError(t, http.StatusServiceUnavailable, "SMS.2007")
	if len(eb.Details) != 1 {
		t.Fatalf("5xx body is not the SMS shape: %+v", eb)
	}
	if f := e.fake.Faults(); f[0].Count != 2 {
		t.Fatalf("count after one use = %d", f[0].Count)
	}
	// The faulted request had no effect.
	e.expectState(task.ID, "READY", "waiting")
	e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusServiceUnavailable)
	e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusServiceUnavailable)
	e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)

	// Method field plus a concrete path.
	other := e.fake.SeedTask(TaskSpec{})
	e.fake.InjectFault(Fault{Method: "GET", Route: "/v3/tasks/" + other.ID, Kind: FaultStatus, Status: 500, Code: "SMS.9999", Message: "boom", Count: 1})
	e.send("GET", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
	eb = e.send("GET", "/v3/tasks/"+other.ID, nil).expectError(t, http.StatusInternalServerError, "SMS.9999")
	if eb.ErrorMsg != "boom" {
		t.Fatalf("error_msg = %q", eb.ErrorMsg)
	}

	// "*" hits every route, DCS ones with the DCS code.
	e.fake.InjectFault(Fault{Route: "*", Kind: FaultStatus, Status: 500, Count: 2})
	e.send("GET", "/v3/auth/domains", nil).expectError(t, http.StatusInternalServerError, "SMS.2007")
	e.send("GET", "/v2/"+e.fake.ProjectID()+"/instances/i-1/tasks", nil).expectError(t, http.StatusInternalServerError, "DCS.5000")
	e.send("GET", "/v3/auth/domains", nil).expectStatus(t, http.StatusOK)

	// Unlimited faults stay until cleared.
	e.fake.InjectFault(Fault{Route: RouteListSources, Kind: FaultStatus, Status: 403})
	for range 3 {
		eb := e.send("GET", "/v3/sources", nil).expectError(t, http.StatusForbidden, "SMS.9004")
		if eb.EncodedAuthorizationMessage == "" {
			t.Fatal("403 without encoded_authorization_message")
		}
	}
	e.fake.ClearFaults()
	e.send("GET", "/v3/sources", nil).expectStatus(t, http.StatusOK)
}

func TestFaultsComeAfterAuthentication(t *testing.T) {
	e := newEnv(t, Options{})
	e.fake.InjectFault(Fault{Kind: FaultStatus, Status: 500, Count: 1})
	req, _ := http.NewRequest("GET", e.srv.URL+"/v3/tasks", nil)
	e.do(req).expectError(t, http.StatusUnauthorized, "APIGW.0301")
	if f := e.fake.Faults(); len(f) != 1 {
		t.Fatal("an unauthenticated request consumed the fault")
	}
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusInternalServerError)
}

func TestResetClosesTheConnection(t *testing.T) {
	e := newEnv(t, Options{})
	task := e.fake.SeedTask(TaskSpec{})
	e.fake.InjectFault(Fault{Route: RouteDeleteTask, Kind: FaultReset, Count: 1})
	req, _ := http.NewRequest("DELETE", e.srv.URL+"/v3/tasks/"+task.ID, nil)
	req.Header.Set("X-Project-Id", e.fake.ProjectID())
	if err := signer.SignHTTP(req, nil, e.cred, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := e.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got HTTP %d, want a broken connection", resp.StatusCode)
	}
	e.expectState(task.ID, "READY", "waiting")
	if st := e.fake.Stats(); st.Statuses["reset"] != 1 {
		t.Fatalf("statuses = %v", st.Statuses)
	}
	e.send("DELETE", "/v3/tasks/"+task.ID, nil).expectStatus(t, http.StatusOK)
}

func TestSlowFault(t *testing.T) {
	e := newEnv(t, Options{})
	e.fake.InjectFault(Fault{Route: RouteListTasks, Kind: FaultSlow, Delay: 60 * time.Millisecond, Count: 1})
	start := time.Now()
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answered after %s", d)
	}

	// A client that gives up during the delay leaves no effect.
	task := e.fake.SeedTask(TaskSpec{})
	e.fake.InjectFault(Fault{Route: RouteTaskAction, Kind: FaultSlow, Delay: 2 * time.Second, Count: 1})
	body := []byte(`{"operation":"start"}`)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/v3/tasks/"+task.ID+"/action", bytes.NewReader(body))
	req.Header.Set("X-Project-Id", e.fake.ProjectID())
	if err := signer.SignHTTP(req, body, e.cred, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	// The handler goroutine notices the cancellation; wait for it.
	deadline := time.Now().Add(2 * time.Second)
	for e.fake.Stats().Statuses["499"] == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	e.expectState(task.ID, "READY", "waiting")
	if acts := e.fake.Actions(task.ID); len(acts) != 0 {
		t.Fatalf("abandoned request took effect: %v", acts)
	}

	// A slow fault with a status answers that status after the delay.
	e.fake.InjectFault(Fault{Route: RouteListTasks, Kind: FaultSlow, Delay: 10 * time.Millisecond, Status: 504, Count: 1})
	e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusGatewayTimeout, "SMS.2007")
}

func TestInvalidFaults(t *testing.T) {
	e := newEnv(t, Options{})
	for _, f := range []Fault{
		{Kind: "explode"},
		{Kind: FaultSlow},
		{Kind: FaultStatus, Status: 200},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("InjectFault(%+v) did not panic", f)
				}
			}()
			e.fake.InjectFault(f)
		}()
	}
}

func TestFaultJSON(t *testing.T) {
	in := Fault{Route: RouteListTasks, Kind: FaultSlow, Delay: 1500 * time.Millisecond, Count: 2}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !containsAll(string(b), `"delay":"1.5s"`, `"kind":"slow"`, `"route":"GET /v3/tasks"`) {
		t.Fatalf("json = %s", b)
	}
	var out Fault
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Fatalf("round trip: %+v != %+v", out, in)
	}
}

func TestLatencyOption(t *testing.T) {
	e := newEnv(t, Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("API answered in %s", d)
	}
	start = time.Now()
	e.control("GET", "/_fake/health", nil).expectStatus(t, http.StatusOK)
	if d := time.Since(start); d >= 30*time.Millisecond {
		t.Fatalf("control API delayed by %s", d)
	}
}

// A lost answer still takes effect: the task exists although the client saw
// a reset or a gateway error, which is what makes CreateTask ambiguous.
func TestLoseResponseAppliesTheRequest(t *testing.T) {
	e := newEnv(t, Options{})
	e.fake.InjectFault(Fault{Route: RouteCreateTask, Kind: FaultLoseResponse, Status: 502, Count: 1})
	src := e.fake.SeedSource(SourceSpec{Name: "lost-src"})
	body := e.taskBody("lost", src.ID)
	e.send("POST", "/v3/tasks", body).expectError(t, http.StatusBadGateway, "SMS.2007")
	if got := e.fake.Tasks(); len(got) != 1 || got[0].Name != "lost" {
		t.Fatalf("tasks after a lost answer = %+v, want the one task it created", got)
	}

	e.fake.InjectFault(Fault{Route: RouteDeleteTask, Kind: FaultLoseResponse, Count: 1})
	id := e.fake.Tasks()[0].ID
	req, _ := http.NewRequest("DELETE", e.srv.URL+"/v3/tasks/"+id, nil)
	req.Header.Set("X-Project-Id", e.fake.ProjectID())
	if err := signer.SignHTTP(req, nil, e.cred, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if resp, err := e.srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got HTTP %d, want a broken connection", resp.StatusCode)
	}
	if v, ok := e.fake.Task(id); ok && v.State != StateDeleting {
		t.Fatalf("task after a lost delete answer: %+v, want it deleting or gone", v)
	}
}
