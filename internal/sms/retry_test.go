package sms

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

func TestThrottledThenSuccess(t *testing.T) {
	for _, n := range []int{1, 3} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
				if i <= n {
					writeJSON(w, 429, `{"error_code":"APIGW.0308","error_msg":"The request is throttled."}`)
					return
				}
				writeJSON(w, 200, `{"id":"t-new"}`)
			})
			cfg := testConfig(rec.URL)
			cfg.MaxRetries = 5
			c := newTestClient(t, cfg)
			// CreateTask is not idempotent, but 429 is always retried.
			id, err := c.CreateTask(testCtx(t), &CreateTaskRequest{Name: "x"})
			if err != nil || id != "t-new" {
				t.Fatalf("CreateTask = %q, %v", id, err)
			}
			if got := rec.count(); got != n+1 {
				t.Errorf("attempts = %d, want %d", got, n+1)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	// The backoff window is an hour: only an honoured Retry-After: 0 lets
	// the retries happen inside the test's deadline.
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
		if i <= 3 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"error_code":"APIGW.0308","error_msg":"throttled"}`)
			return
		}
		writeJSON(w, 200, `{"id":"t1"}`)
	})
	cfg := testConfig(rec.URL)
	cfg.MaxRetries = 5
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.ShowTask(ctx, "t1"); err != nil {
		t.Fatalf("ShowTask: %v", err)
	}
	if got := rec.count(); got != 4 {
		t.Errorf("attempts = %d, want 4", got)
	}
}

func TestRetryAfterLongerThanDeadline(t *testing.T) {
	// Retry-After: 30 (under the 1h cap) cannot fit in the 2s deadline: the
	// call ends at once with the 429, wrapped with the context error.
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		w.Header().Set("Retry-After", "30")
		w.Header().Set("X-Request-Id", "req-429")
		writeJSON(w, 429, `{"error_code":"APIGW.0308","error_msg":"throttled"}`)
	})
	cfg := testConfig(rec.URL)
	cfg.MaxRetries = 5
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, time.Hour
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.ShowTask(ctx, "t1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if !IsThrottled(err) {
		t.Errorf("err = %v, want the last 429 inside", err)
	}
	if e, _ := AsError(err); e == nil || e.RequestID != "req-429" {
		t.Errorf("AsError = %+v", e)
	}
	if got := rec.count(); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	if !strings.Contains(err.Error(), "giving up after 1 attempt") {
		t.Errorf("error does not count attempts: %v", err)
	}
}

func TestWaitComputation(t *testing.T) {
	st := &callState{pacing: wait.Policy{Min: 100 * time.Millisecond, Max: 10 * time.Second}}
	resp := func(status int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: status, Header: h}
	}
	if got := st.wait(resp(429, "2")); got != 2*time.Second {
		t.Errorf("Retry-After 2 → %s, want 2s", got)
	}
	if got := st.wait(resp(429, "3600")); got != 10*time.Second {
		t.Errorf("Retry-After 3600 → %s, want the 10s cap", got)
	}
	date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
	if got := st.wait(resp(429, date)); got <= 3*time.Second || got > 5*time.Second {
		t.Errorf("Retry-After date → %s, want about 5s", got)
	}
	for _, ra := range []string{"", "soon", "-1"} {
		for attempt := 1; attempt <= 12; attempt++ {
			st.attempts = attempt
			got := st.wait(resp(429, ra))
			ceiling := min(st.pacing.Min<<(attempt-1), st.pacing.Max)
			if got < st.pacing.Min || got > ceiling {
				t.Errorf("Retry-After %q, attempt %d: wait %s outside [%s, %s]", ra, attempt, got, st.pacing.Min, ceiling)
			}
		}
	}
	// Retry-After is only read on 429.
	st.attempts = 1
	if got := st.wait(resp(503, "9")); got > 100*time.Millisecond {
		t.Errorf("503 with Retry-After → %s, want plain backoff", got)
	}
}

func TestServerErrorRetriedOnIdempotentCalls(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
				if i <= 2 {
					writeJSON(w, status, `{"error_code":"SMS.2007","error_msg":"backend"}`)
					return
				}
				writeJSON(w, 200, `{"id":"t1","state":"READY"}`)
			})
			c := newTestClient(t, testConfig(rec.URL))
			task, err := c.ShowTask(testCtx(t), "t1")
			if err != nil || task.State != TaskStateReady {
				t.Fatalf("ShowTask = %+v, %v", task, err)
			}
			if got := rec.count(); got != 3 {
				t.Errorf("attempts = %d, want 3", got)
			}
		})
	}
}

func TestIdempotentMethodsRetried(t *testing.T) {
	ops := map[string]func(c *Client, ctx context.Context) error{
		"PUT":            func(c *Client, ctx context.Context) error { return c.UpdateTask(ctx, "t", &UpdateTaskRequest{}) },
		"DELETE":         func(c *Client, ctx context.Context) error { return c.DeleteTask(ctx, "t") },
		"POST delete":    func(c *Client, ctx context.Context) error { return c.DeleteTasks(ctx, []string{"t"}) },
		"DCS DELETE":     func(c *Client, ctx context.Context) error { return c.DeleteBackgroundTask(ctx, "i", "t") },
		"IAM GET domain": func(c *Client, ctx context.Context) error { _, err := c.ListAuthDomains(ctx); return err },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
				if i == 1 {
					writeJSON(w, 503, `{}`)
					return
				}
				writeJSON(w, 200, `{}`)
			})
			c := newTestClient(t, testConfig(rec.URL))
			if err := op(c, testCtx(t)); err != nil {
				t.Fatal(err)
			}
			if got := rec.count(); got != 2 {
				t.Errorf("attempts = %d, want 2", got)
			}
		})
	}
}

func TestServerErrorNotRetriedOnNonIdempotentCalls(t *testing.T) {
	ops := map[string]func(c *Client, ctx context.Context) error{
		"CreateTask": func(c *Client, ctx context.Context) error {
			_, err := c.CreateTask(ctx, &CreateTaskRequest{Name: "x"})
			return err
		},
		"UpdateTaskStatus": func(c *Client, ctx context.Context) error {
			return c.UpdateTaskStatus(ctx, "t1", &TaskActionRequest{Operation: OperationStart})
		},
	}
	for name, op := range ops {
		for _, status := range []int{500, 502, 503, 504} {
			t.Run(name+"/"+strconv.Itoa(status), func(t *testing.T) {
				rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
					w.Header().Set("X-Request-Id", "req-5xx")
					writeJSON(w, status, `{"error_code":"SMS.2007","error_msg":"backend exception"}`)
				})
				c := newTestClient(t, testConfig(rec.URL))
				err := op(c, testCtx(t))
				if !IsAmbiguous(err) {
					t.Fatalf("err = %v, want ambiguous", err)
				}
				e, ok := AsError(err)
				if !ok || e.StatusCode != status || e.Code != "SMS.2007" || e.RequestID != "req-5xx" {
					t.Errorf("AsError = %+v", e)
				}
				if got := rec.count(); got != 1 {
					t.Errorf("attempts = %d, want 1", got)
				}
			})
		}
	}
}

func TestClientErrorsNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
				writeJSON(w, status, `{"error_code":"SMS.1","error_msg":"no"}`)
			})
			c := newTestClient(t, testConfig(rec.URL))
			_, err := c.ShowTask(testCtx(t), "t1")
			if e, ok := AsError(err); !ok || e.StatusCode != status {
				t.Fatalf("err = %v", err)
			}
			if IsAmbiguous(err) {
				t.Errorf("a GET error is never ambiguous")
			}
			if got := rec.count(); got != 1 {
				t.Errorf("attempts = %d, want 1", got)
			}
		})
	}
}

func TestMaxRetriesExactAttempts(t *testing.T) {
	for _, maxRetries := range []int{0, 1, 4} {
		t.Run(strconv.Itoa(maxRetries), func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
				writeJSON(w, 503, `{"error_code":"SMS.2007","error_msg":"busy"}`)
			})
			cfg := testConfig(rec.URL)
			cfg.MaxRetries = maxRetries
			c := newTestClient(t, cfg)
			_, err := c.ShowTask(testCtx(t), "t1")
			want := maxRetries + 1
			if got := rec.count(); got != want {
				t.Errorf("attempts = %d, want %d", got, want)
			}
			if e, ok := AsError(err); !ok || e.StatusCode != 503 {
				t.Fatalf("err = %v, want the last 503", err)
			}
			text := "giving up after " + strconv.Itoa(want) + " attempt"
			if !strings.Contains(err.Error(), text) {
				t.Errorf("error %q does not contain %q", err, text)
			}
		})
	}
}

func TestConnectionResetRetriedOnGet(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
		if i <= 2 {
			hijackClose(t, w)
			return
		}
		writeJSON(w, 200, `{"id":"t1"}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	if _, err := c.ShowTask(testCtx(t), "t1"); err != nil {
		t.Fatalf("ShowTask: %v", err)
	}
	if got := rec.count(); got != 3 {
		t.Errorf("attempts = %d, want 3", got)
	}
}

func TestConnectionResetExhaustsRetries(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { hijackClose(t, w) })
	cfg := testConfig(rec.URL)
	cfg.MaxRetries = 2
	c := newTestClient(t, cfg)
	_, err := c.ShowTask(testCtx(t), "t1")
	if err == nil || !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Fatalf("err = %v", err)
	}
	if got := rec.count(); got != 3 {
		t.Errorf("attempts = %d, want 3", got)
	}
	// A caller that waits for longer (a poll) may go round again.
	if !IsTransient(err) {
		t.Errorf("resets to the last retry are not transient: %v", err)
	}
}

func TestConnectionResetAfterSendIsAmbiguousForCreate(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) { hijackClose(t, w) })
	c := newTestClient(t, testConfig(rec.URL))
	_, err := c.CreateTask(testCtx(t), &CreateTaskRequest{Name: "x"})
	if !IsAmbiguous(err) {
		t.Fatalf("err = %v, want ambiguous", err)
	}
	if got := rec.count(); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

func TestDialErrorRetriedForCreate(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 200, `{"id":"t-new"}`)
	})
	var dials atomic.Int32
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if dials.Add(1) <= 2 {
				return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
	cfg := testConfig(rec.URL)
	cfg.HTTPClient = hc
	c := newTestClient(t, cfg)
	id, err := c.CreateTask(testCtx(t), &CreateTaskRequest{Name: "x"})
	if err != nil || id != "t-new" {
		t.Fatalf("CreateTask = %q, %v", id, err)
	}
	if dials.Load() != 3 || rec.count() != 1 {
		t.Errorf("dials = %d, requests = %d; want 3 and 1", dials.Load(), rec.count())
	}
}

func TestAttemptTimeoutCountsAsConnectionError(t *testing.T) {
	handler := func(w http.ResponseWriter, r *http.Request, i int, _ []byte) {
		if i == 1 {
			<-r.Context().Done() // hang until the client gives up on the attempt
			return
		}
		writeJSON(w, 200, `{"id":"t1"}`)
	}
	t.Run("GET retried", func(t *testing.T) {
		rec := newRecorder(t, handler)
		cfg := testConfig(rec.URL)
		cfg.RequestTimeout = 50 * time.Millisecond
		c := newTestClient(t, cfg)
		if _, err := c.ShowTask(testCtx(t), "t1"); err != nil {
			t.Fatalf("ShowTask: %v", err)
		}
		if got := rec.count(); got != 2 {
			t.Errorf("attempts = %d, want 2", got)
		}
	})
	t.Run("action ambiguous", func(t *testing.T) {
		rec := newRecorder(t, handler)
		cfg := testConfig(rec.URL)
		cfg.RequestTimeout = 50 * time.Millisecond
		c := newTestClient(t, cfg)
		err := c.UpdateTaskStatus(testCtx(t), "t1", &TaskActionRequest{Operation: OperationStop})
		if !IsAmbiguous(err) || !strings.Contains(err.Error(), "attempt timed out") {
			t.Fatalf("err = %v, want an ambiguous attempt timeout", err)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("an attempt timeout must not look like the caller's deadline: %v", err)
		}
		if got := rec.count(); got != 1 {
			t.Errorf("attempts = %d, want 1", got)
		}
	})
}

func TestContextDeadlineStopsRetries(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, 503, `{"error_code":"SMS.2007","error_msg":"busy"}`)
	})
	cfg := testConfig(rec.URL)
	cfg.MaxRetries = 1000
	cfg.RetryWaitMin, cfg.RetryWaitMax = 20*time.Millisecond, 20*time.Millisecond
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.ShowTask(ctx, "t1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	// 200ms / 20ms waits: about 10 attempts, far from the 1001 allowed.
	if got := rec.count(); got < 1 || got > 20 {
		t.Errorf("attempts = %d, want a handful", got)
	}
}

func TestContextCancelledDuringWaitKeepsLastError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		cancel() // cancel while the client is about to wait
		writeJSON(w, 503, `{"error_code":"SMS.2007","error_msg":"busy"}`)
	})
	cfg := testConfig(rec.URL)
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
	c := newTestClient(t, cfg)
	_, err := c.ShowTask(ctx, "t1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if rec.count() != 1 {
		t.Errorf("attempts = %d, want 1", rec.count())
	}
}

func TestFreshSignaturePerAttempt(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, i int, _ []byte) {
		if i <= 2 {
			writeJSON(w, 503, `{}`)
			return
		}
		writeJSON(w, 200, `{"id":"t1"}`)
	})
	cfg := testConfig(rec.URL)
	var tick atomic.Int64
	start := time.Now().UTC().Truncate(time.Second)
	cfg.Now = func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) }
	c := newTestClient(t, cfg)
	if _, err := c.ShowTask(testCtx(t), "t1"); err != nil {
		t.Fatalf("ShowTask: %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("attempts = %d, want 3", len(reqs))
	}
	dates, auths := map[string]bool{}, map[string]bool{}
	host := strings.TrimPrefix(rec.URL, "http://")
	for _, r := range reqs {
		dates[r.Header.Get("X-Sdk-Date")] = true
		auths[r.Header.Get("Authorization")] = true
		verifySigned(t, r, host)
	}
	if len(dates) != 3 || len(auths) != 3 {
		t.Errorf("distinct X-Sdk-Date = %d, Authorization = %d; want 3 each", len(dates), len(auths))
	}
}
