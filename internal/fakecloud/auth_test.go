package fakecloud

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// signingVector is the part of a signer test vector
// needed to replay it as a wire request.
type signingVector struct {
	Name        string            `json:"name"`
	AK          string            `json:"ak"`
	SK          string            `json:"sk"`
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Body        string            `json:"body"`
	WireHeaders map[string]string `json:"wire_headers"`
	Expected    struct {
		XSdkDate string `json:"x_sdk_date"`
	} `json:"expected"`
}

var vectorsPath = "../signer/testdata/signing-vectors.json"

func loadVectors(t *testing.T) []signingVector {
	t.Helper()
	data, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Skipf("signing vectors not available: %v", err)
	}
	var file struct {
		Vectors        []signingVector `json:"vectors"`
		DerivedVectors []signingVector `json:"derived_vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	all := append(append([]signingVector{}, file.Vectors...), file.DerivedVectors...)
	if len(all) < 30 {
		t.Fatalf("only %d vectors in %s", len(all), vectorsPath)
	}
	return all
}

// vectorEnv is a fake holding the vector's key pair, its clock pinned to the
// vector's X-Sdk-Date (plus skew), and the domain id the vector sends.
func vectorEnv(t *testing.T, v signingVector, sk string, skew time.Duration) *env {
	t.Helper()
	date, err := time.Parse(signer.DateLayout, v.Expected.XSdkDate)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Credentials: map[string]string{v.AK: sk}}
	if d := v.WireHeaders["X-Domain-Id"]; d != "" {
		opts.DomainID = d
	}
	e := newEnv(t, opts)
	e.clock.Advance(date.Add(skew).Sub(e.clock.Now()))
	return e
}

// wireRequest rebuilds the vector's request as it went over the wire, aimed
// at the test server but keeping the original Host, path and query bytes.
func wireRequest(t *testing.T, e *env, v signingVector, body string) *http.Request {
	t.Helper()
	u, err := url.Parse(v.URL)
	if err != nil {
		t.Fatal(err)
	}
	srvURL, _ := url.Parse(e.srv.URL)
	req, err := http.NewRequest(v.Method, e.srv.URL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.URL = &url.URL{Scheme: srvURL.Scheme, Host: srvURL.Host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}
	if req.URL.Path == "" {
		req.URL.Path = "/"
	}
	req.Host = u.Host // Go sends the endpoint's host whatever a Host header says
	for k, val := range v.WireHeaders {
		if k == "Host" {
			continue
		}
		req.Header[k] = []string{val}
	}
	return req
}

func TestSigningVectorsReplayed(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			e := vectorEnv(t, v, v.SK, 0)
			r := e.do(wireRequest(t, e, v, v.Body))
			st := e.fake.Stats()
			if v.Name == "host_header_differs_from_endpoint" {
				// The signed Host param is not the host the request reached.
				r.expectError(t, http.StatusUnauthorized, "APIGW.0301")
				if st.Verified != 0 || st.BadSignature != 1 || st.AuthFailures[ReasonMismatch] != 1 {
					t.Fatalf("stats = %+v, want one signature mismatch", st)
				}
				return
			}
			if r.status == http.StatusUnauthorized {
				t.Fatalf("rejected: %s", r.body)
			}
			if st.Verified != 1 || st.BadSignature != 0 || st.Total != 1 {
				t.Fatalf("stats = %+v, want the request verified", st)
			}
		})
	}
}

func findVector(t *testing.T, name string) signingVector {
	t.Helper()
	for _, v := range loadVectors(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("vector %s not found", name)
	return signingVector{}
}

func TestTamperedVectorsRejected(t *testing.T) {
	post := findVector(t, "e2e_sms_delete_tasks")
	list := findVector(t, "e2e_sms_list_tasks")
	cases := []struct {
		name   string
		v      signingVector
		sk     string
		skew   time.Duration
		edit   func(req *http.Request, body *string)
		reason string
		msg    string
	}{
		{name: "body changed", v: post, edit: func(_ *http.Request, body *string) {
			*body = strings.Replace(*body, "6f1c", "7f1c", 1)
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "path changed", v: post, edit: func(req *http.Request, _ *string) {
			req.URL.Path, req.URL.RawPath = "/v3/tasks/deletex", ""
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "query changed", v: list, edit: func(req *http.Request, _ *string) {
			req.URL.RawQuery = strings.Replace(req.URL.RawQuery, "limit=10", "limit=11", 1)
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "query added", v: list, edit: func(req *http.Request, _ *string) {
			req.URL.RawQuery += "&id=x"
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "signed header changed", v: list, edit: func(req *http.Request, _ *string) {
			req.Header.Set("User-Agent", req.Header.Get("User-Agent")+" tampered")
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "signed header removed", v: list, edit: func(req *http.Request, _ *string) {
			req.Header.Del("X-Project-Id")
		}, reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "date skewed 16 minutes", v: post, skew: 16 * time.Minute, reason: ReasonDateSkew, msg: "request date out of range"},
		{name: "date skewed -16 minutes", v: list, skew: -16 * time.Minute, reason: ReasonDateSkew, msg: "request date out of range"},
		{name: "wrong secret key", v: post, sk: "not-the-right-secret-key", reason: ReasonMismatch, msg: "signature mismatch"},
		{name: "unknown access key", v: post, edit: func(req *http.Request, _ *string) {
			req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "Access=HPUAQ0EXAMPLEAK12345", "Access=UNKNOWNAK", 1))
		}, reason: ReasonUnknownKey, msg: "unknown access key"},
		{name: "malformed authorization", v: post, edit: func(req *http.Request, _ *string) {
			req.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
		}, reason: ReasonMalformed, msg: "malformed authentication"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sk := tc.v.SK
			if tc.sk != "" {
				sk = tc.sk
			}
			e := vectorEnv(t, tc.v, sk, tc.skew)
			body := tc.v.Body
			req := wireRequest(t, e, tc.v, body)
			if tc.edit != nil {
				tc.edit(req, &body)
				req.Body, req.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
			}
			r := e.do(req)
			eb := r.expectError(t, http.StatusUnauthorized, "APIGW.0301")
			if eb.ErrorMsg != tc.msg {
				t.Errorf("error_msg = %q, want %q", eb.ErrorMsg, tc.msg)
			}
			if eb.RequestID == "" || r.header.Get("X-Request-Id") != eb.RequestID {
				t.Errorf("request id: body %q, header %q", eb.RequestID, r.header.Get("X-Request-Id"))
			}
			st := e.fake.Stats()
			if st.Verified != 0 || st.BadSignature != 1 || st.AuthFailures[tc.reason] != 1 {
				t.Fatalf("stats = %+v, want one failure for %s", st, tc.reason)
			}
		})
	}
}

func TestSignedClientIsVerified(t *testing.T) {
	e := newEnv(t, Options{})
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	e.send("GET", "/v3/projects?name=cn-north-4", nil).expectStatus(t, http.StatusOK)
	st := e.fake.Stats()
	if st.Total != 2 || st.Verified != 2 || st.Unsigned != 0 || st.BadSignature != 0 || len(st.AuthFailures) != 0 {
		t.Fatalf("stats = %+v", st)
	}
	if st.Routes[RouteListTasks] != 1 || st.Routes[RouteListProjects] != 1 {
		t.Fatalf("routes = %v", st.Routes)
	}
}

func TestUnsignedAndTokenRequests(t *testing.T) {
	e := newEnv(t, Options{AuthTokens: []string{"good-token"}})
	get := func(token string) *response {
		req, _ := http.NewRequest("GET", e.srv.URL+"/v3/tasks", nil)
		if token != "" {
			req.Header.Set("X-Auth-Token", token)
		}
		return e.do(req)
	}
	eb := get("").expectError(t, http.StatusUnauthorized, "APIGW.0301")
	if eb.ErrorMsg != "missing authentication" {
		t.Errorf("error_msg = %q", eb.ErrorMsg)
	}
	get("bad-token").expectError(t, http.StatusUnauthorized, "APIGW.0301")
	get("good-token").expectStatus(t, http.StatusOK)
	// Unknown routes are authenticated first too.
	req, _ := http.NewRequest("GET", e.srv.URL+"/nowhere", nil)
	e.do(req).expectError(t, http.StatusUnauthorized, "APIGW.0301")

	st := e.fake.Stats()
	if st.Unsigned != 2 || st.TokenAuthenticated != 1 || st.AuthFailures[ReasonMissing] != 2 ||
		st.AuthFailures[ReasonBadToken] != 1 || st.Verified != 0 || st.Total != 4 {
		t.Fatalf("stats = %+v", st)
	}
	e.fake.ResetStats()
	if st := e.fake.Stats(); st.Total != 0 || len(st.AuthFailures) != 0 {
		t.Fatalf("after reset: %+v", st)
	}
}

func TestProjectHeaders(t *testing.T) {
	e := newEnv(t, Options{})
	// Wrong X-Project-Id on SMS.
	e.header.Set("X-Project-Id", "ffffffffffffffffffffffffffffffff")
	eb := e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusUnauthorized, "APIGW.0301")
	if eb.ErrorMsg != "project id does not match" {
		t.Errorf("error_msg = %q", eb.ErrorMsg)
	}
	// IAM calls are not project scoped.
	e.send("GET", "/v3/auth/domains", nil).expectStatus(t, http.StatusOK)
	// X-Domain-Id instead of X-Project-Id is accepted when it is the domain.
	e.header.Del("X-Project-Id")
	e.header.Set("X-Domain-Id", e.fake.DomainID())
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	e.header.Set("X-Domain-Id", "other")
	e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusUnauthorized, "APIGW.0301")
	// Neither header: accepted but counted.
	e.header.Del("X-Domain-Id")
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	st := e.fake.Stats()
	if st.AuthFailures[ReasonProjectMismatch] != 1 || st.AuthFailures[ReasonDomainMismatch] != 1 || st.NoProjectHeader != 1 || st.Verified != 5 {
		t.Fatalf("stats = %+v", st)
	}

	strict := newEnv(t, Options{RequireProjectHeader: true})
	strict.header.Del("X-Project-Id")
	strict.send("GET", "/v3/tasks", nil).expectError(t, http.StatusUnauthorized, "APIGW.0301")
	if n := strict.fake.Stats().AuthFailures[ReasonProjectMissing]; n != 1 {
		t.Fatalf("project_missing = %d", n)
	}
}

func TestRequestIDsAreUnique(t *testing.T) {
	e := newEnv(t, Options{})
	seen := map[string]bool{}
	for _, r := range []*response{
		e.send("GET", "/v3/tasks", nil),
		e.send("GET", "/v3/tasks/nope", nil),
		e.send("GET", "/v9/nothing", nil),
		e.control("GET", "/_fake/health", nil),
	} {
		id := r.header.Get("X-Request-Id")
		if len(id) != 32 || seen[id] {
			t.Fatalf("request id %q (seen: %v)", id, seen)
		}
		seen[id] = true
	}
}

func TestUnknownRouteAndLargeBodies(t *testing.T) {
	e := newEnv(t, Options{})
	eb := e.send("GET", "/v3/nothing", nil).expectError(t, http.StatusNotFound, "APIGW.0101")
	if eb.ErrorMsg != "The API does not exist or has not been published in the environment." {
		t.Errorf("error_msg = %q", eb.ErrorMsg)
	}
	// A known path with another method is not an API either.
	e.send("PATCH", "/v3/tasks", rawBody("{}")).expectError(t, http.StatusNotFound, "APIGW.0101")

	big := rawBody(`{"name":"` + strings.Repeat("a", 11000) + `"}`)
	e.send("POST", "/v3/tasks", big).expectError(t, http.StatusUnauthorized, "SMS.2004")

	// The batch delete may carry many ids (here about 200 KB): the gate
	// answers, not the size limit.
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = "00000000-0000-4000-8000-" + strings.Repeat("0", 12)
	}
	e.send("POST", "/v3/tasks/delete", map[string]any{"ids": ids}).expectError(t, http.StatusNotFound, "SMS.6404")
	// Over 1 MiB nothing is accepted.
	huge := rawBody(`{"ids":["` + strings.Repeat("x", 1<<20) + `"]}`)
	e.send("POST", "/v3/tasks/delete", huge).expectError(t, http.StatusUnauthorized, "SMS.2004")
}
