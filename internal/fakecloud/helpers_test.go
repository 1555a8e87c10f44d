package fakecloud

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2025, 6, 12, 8, 30, 15, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testTiming gives every transition a distinct, round duration.
var testTiming = Timing{
	Start: 10 * time.Second, Migrate: 100 * time.Second, Stop: 5 * time.Second, Delete: 7 * time.Second,
	Test: 8 * time.Second, Clone: 9 * time.Second, NetworkCheck: 4 * time.Second, Clear: 6 * time.Second,
	Skip: 3 * time.Second, MigrationTest: 11 * time.Second, Rollback: 2 * time.Second,
}

// env is one fake cloud behind an httptest server, with a signing client.
type env struct {
	t     *testing.T
	fake  *Server
	srv   *httptest.Server
	clock *testClock
	cred  signer.Credentials
	// header is added to every request (X-Project-Id by default).
	header http.Header
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	clock := newTestClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Timing == (Timing{}) {
		opts.Timing = testTiming
	}
	fake := New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	cred := signer.Credentials{AccessKey: DefaultAccessKey, SecretKey: DefaultSecretKey}
	for ak, sk := range opts.Credentials {
		cred = signer.Credentials{AccessKey: ak, SecretKey: sk}
		break
	}
	h := http.Header{}
	h.Set("X-Project-Id", fake.ProjectID())
	h.Set("Content-Type", "application/json")
	return &env{t: t, fake: fake, srv: srv, clock: clock, cred: cred, header: h}
}

// response is an HTTP answer read in full.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
}

// errorBody is the union of the error body shapes.
type errorBody struct {
	ErrorCode                   string   `json:"error_code"`
	ErrorMsg                    string   `json:"error_msg"`
	ErrorParam                  []string `json:"error_param"`
	EncodedAuthorizationMessage string   `json:"encoded_authorization_message"`
	RequestID                   string   `json:"request_id"`
	Details                     []struct {
		ErrorCode string `json:"error_code"`
		ErrorMsg  string `json:"error_msg"`
	} `json:"details"`
}

func (r *response) errBody(t *testing.T) errorBody {
	t.Helper()
	var e errorBody
	r.decode(t, &e)
	return e
}

// expectError checks status and error code.
func (r *response) expectError(t *testing.T, status int, code string) errorBody {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	e := r.errBody(t)
	if e.ErrorCode != code {
		t.Fatalf("error_code = %q, want %q; body %s", e.ErrorCode, code, r.body)
	}
	return e
}

func (r *response) expectStatus(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
}

// rawBody marks a body that is sent as is, not JSON-encoded.
type rawBody string

// send performs a request signed with e.cred at the fake clock's time.
func (e *env) send(method, path string, body any, edit ...func(*http.Request)) *response {
	e.t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case rawBody:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(data))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, vs := range e.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if err := signer.SignHTTP(req, data, e.cred, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	for _, f := range edit {
		f(req)
	}
	return e.do(req)
}

// do sends req as is.
func (e *env) do(req *http.Request) *response {
	e.t.Helper()
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}
}

// control calls the /_fake/ API.
func (e *env) control(method, path string, body any) *response {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(req)
}

// Task body fields the tests look at.
type taskBody struct {
	ID                   string  `json:"id"`
	Name                 string  `json:"name"`
	Type                 string  `json:"type"`
	OSType               string  `json:"os_type"`
	State                string  `json:"state"`
	Priority             int     `json:"priority"`
	SpeedLimit           int     `json:"speed_limit"`
	Connected            bool    `json:"connected"`
	CreateDate           int64   `json:"create_date"`
	StartDate            *int64  `json:"start_date"`
	FinishDate           *int64  `json:"finish_date"`
	MigrateSpeed         float64 `json:"migrate_speed"`
	RemainSeconds        int64   `json:"remain_seconds"`
	EstimateCompleteTime *int64  `json:"estimate_complete_time"`
	ErrorJSON            string  `json:"error_json"`
	MigrationIP          string  `json:"migration_ip"`
	VMTemplateID         string  `json:"vm_template_id"`
	StartTargetServer    *bool   `json:"start_target_server"`
	Syncing              *bool   `json:"syncing"`
	NeedMigrationTest    *bool   `json:"need_migration_test"`
	RegionName           string  `json:"region_name"`
	ProjectID            string  `json:"project_id"`
	EnterpriseProjectID  string  `json:"enterprise_project_id"`
	LogCollectStatus     string  `json:"log_collect_status"`
	SourceServer         struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		IP             string `json:"ip"`
		OSType         string `json:"os_type"`
		State          string `json:"state"`
		MigrationCycle string `json:"migration_cycle"`
	} `json:"source_server"`
	TargetServer struct {
		VMID  string `json:"vm_id"`
		Name  string `json:"name"`
		Disks []struct {
			ID        *int64 `json:"id"`
			Name      string `json:"name"`
			Size      int64  `json:"size"`
			DeviceUse string `json:"device_use"`
		} `json:"disks"`
	} `json:"target_server"`
	CloneServer *struct {
		VMID       string `json:"vm_id"`
		Name       string `json:"name"`
		CloneState string `json:"clone_state"`
	} `json:"clone_server"`
	SubTasks []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Progress int    `json:"progress"`
	} `json:"sub_tasks"`
	NetworkCheckInfo *struct {
		NetworkDelay     float64 `json:"network_delay"`
		MigrationSpeed   float64 `json:"migration_speed"`
		EvaluationResult string  `json:"evaluation_result"`
	} `json:"network_check_info"`
}

func (e *env) getTask(id string) taskBody {
	e.t.Helper()
	r := e.send("GET", "/v3/tasks/"+id, nil)
	r.expectStatus(e.t, http.StatusOK)
	var tb taskBody
	r.decode(e.t, &tb)
	return tb
}

// expectState checks the task state and its source's state through the API.
func (e *env) expectState(id, state, srcState string) taskBody {
	e.t.Helper()
	tb := e.getTask(id)
	if tb.State != state || tb.SourceServer.State != srcState {
		e.t.Fatalf("task %s: state %s / source %s, want %s / %s", id, tb.State, tb.SourceServer.State, state, srcState)
	}
	return tb
}

func (e *env) action(id, op string, extra ...map[string]any) *response {
	e.t.Helper()
	body := map[string]any{"operation": op}
	for _, m := range extra {
		for k, v := range m {
			body[k] = v
		}
	}
	return e.send("POST", "/v3/tasks/"+id+"/action", body)
}

func (e *env) mustAction(id, op string, extra ...map[string]any) {
	e.t.Helper()
	e.action(id, op, extra...).expectStatus(e.t, http.StatusOK)
}

// createTask creates a task through the API on a new connected source.
// taskBody is a CreateTask body with every field PostTask requires.
func (e *env) taskBody(name, sourceID string) map[string]any {
	return map[string]any{
		"name": name, "type": "MIGRATE_BLOCK", "os_type": "LINUX",
		"source_server": map[string]any{"id": sourceID},
		"target_server": map[string]any{"vm_id": "", "name": name + "-target"},
		"region_name":   "cn-north-4", "region_id": "cn-north-4",
		"project_name": "cn-north-4", "project_id": e.fake.ProjectID(),
	}
}

func (e *env) createTask(name string, extra map[string]any) string {
	e.t.Helper()
	src := e.fake.SeedSource(SourceSpec{Name: name + "-src"})
	body := e.taskBody(name, src.ID)
	for k, v := range extra {
		body[k] = v
	}
	r := e.send("POST", "/v3/tasks", body)
	r.expectStatus(e.t, http.StatusOK)
	var out struct {
		ID string `json:"id"`
	}
	r.decode(e.t, &out)
	if out.ID == "" {
		e.t.Fatalf("no id in %s", r.body)
	}
	return out.ID
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
