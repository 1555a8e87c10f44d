package sms

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func discoveryClient(t *testing.T, projects func(n int) (int, string)) (*Client, *recorder) {
	t.Helper()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int, _ []byte) {
		if r.URL.Path == "/v3/projects" {
			status, body := projects(n)
			writeJSON(w, status, body)
			return
		}
		writeJSON(w, 200, `{"id":"t1"}`)
	})
	cfg := testConfig(rec.URL)
	cfg.ProjectID = ""
	cfg.MaxRetries = 0
	return newTestClient(t, cfg), rec
}

func TestProjectDiscovery(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantID  string
		wantErr []string
	}{
		{"one match", `{"projects":[{"id":"p-1","name":"cn-north-4","domain_id":"d","enabled":true}],"links":{"self":"s","next":null}}`, "p-1", nil},
		{"none", `{"projects":[],"links":{}}`, "", []string{`no IAM project named "cn-north-4" exists`, "set project_id"}},
		{"only other names", `{"projects":[{"id":"p-9","name":"cn-north-4_sub"}]}`, "", []string{"no IAM project named"}},
		{"two", `{"projects":[{"id":"p-1","name":"cn-north-4"},{"id":"p-2","name":"cn-north-4"}]}`, "", []string{"2 projects", "p-1, p-2", "set project_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := discoveryClient(t, func(int) (int, string) { return 200, tt.body })
			id, err := c.ProjectID(testCtx(t))
			if tt.wantErr == nil {
				if err != nil || id != tt.wantID {
					t.Fatalf("ProjectID = %q, %v; want %q", id, err, tt.wantID)
				}
			} else {
				if err == nil {
					t.Fatalf("ProjectID = %q, want an error", id)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
			}
			r := rec.requests()[0]
			if r.Method != http.MethodGet || r.Path != "/v3/projects" || r.Query.Get("name") != "cn-north-4" {
				t.Errorf("discovery request = %s %s?%s", r.Method, r.Path, r.Query.Encode())
			}
		})
	}
}

func TestProjectDiscoveryIsCached(t *testing.T) {
	c, rec := discoveryClient(t, func(int) (int, string) {
		return 200, `{"projects":[{"id":"p-1","name":"cn-north-4"}]}`
	})
	ctx := testCtx(t)
	for i := 0; i < 5; i++ {
		if _, err := c.ShowTask(ctx, "t1"); err != nil {
			t.Fatalf("ShowTask: %v", err)
		}
	}
	var iam, sms int
	for _, r := range rec.requests() {
		if r.Path == "/v3/projects" {
			iam++
		} else {
			sms++
			if got := r.Header.Get("X-Project-Id"); got != "p-1" {
				t.Errorf("X-Project-Id = %q, want p-1", got)
			}
		}
	}
	if iam != 1 || sms != 5 {
		t.Errorf("IAM calls = %d, SMS calls = %d; want 1 and 5", iam, sms)
	}
}

func TestProjectDiscoveryConcurrentFirstUse(t *testing.T) {
	release := make(chan struct{})
	var iamCalls atomic.Int32
	c, rec := discoveryClient(t, func(int) (int, string) {
		iamCalls.Add(1)
		<-release // hold the first discovery until every caller is waiting
		return 200, `{"projects":[{"id":"p-1","name":"cn-north-4"}]}`
	})
	ctx := testCtx(t)
	const callers = 20
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ShowTask(ctx, "t1")
			errs <- err
		}()
	}
	// Wait until the discovery request has arrived, then let it finish.
	for iamCalls.Load() == 0 {
		runtimeGosched()
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("ShowTask: %v", err)
		}
	}
	if n := iamCalls.Load(); n != 1 {
		t.Errorf("IAM discovery ran %d times, want 1", n)
	}
	if got := rec.count(); got != callers+1 {
		t.Errorf("requests = %d, want %d", got, callers+1)
	}
}

func TestProjectDiscoveryFailureIsNotCached(t *testing.T) {
	c, rec := discoveryClient(t, func(n int) (int, string) {
		if n == 1 {
			return 403, `{"error_code":"IAM.0002","error_msg":"denied"}`
		}
		return 200, `{"projects":[{"id":"p-1","name":"cn-north-4"}]}`
	})
	ctx := testCtx(t)
	_, err := c.ShowTask(ctx, "t1")
	if e, ok := AsError(err); !ok || e.StatusCode != 403 || !strings.Contains(err.Error(), "set project_id") {
		t.Fatalf("first call error = %v, want the IAM 403 wrapped with advice", err)
	}
	if _, err := c.ShowTask(ctx, "t1"); err != nil {
		t.Fatalf("second call: %v", err)
	}
	if got := rec.count(); got != 3 {
		t.Errorf("requests = %d, want 3 (failed discovery, discovery, ShowTask)", got)
	}
}

func TestProjectIDConfiguredSkipsDiscovery(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { writeJSON(w, 200, `{}`) })
	c := newTestClient(t, testConfig(rec.URL))
	id, err := c.ProjectID(testCtx(t))
	if err != nil || id != testProject || rec.count() != 0 {
		t.Fatalf("ProjectID = %q, %v with %d requests", id, err, rec.count())
	}
}
