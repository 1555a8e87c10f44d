package sms_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Parallel calls of one client against a throttled gateway slow down
// together: none runs out of retries and few are refused.
func TestClientLimiterSharesThrottling(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{Throttle: fakecloud.Throttle{Rate: 200, Burst: 5}})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	c, err := sms.New(sms.Config{
		Region: fakecloud.DefaultRegion, AccessKey: fakecloud.DefaultAccessKey, SecretKey: fakecloud.DefaultSecretKey,
		ProjectID: fakecloud.DefaultProjectID, Endpoints: sms.Endpoints{SMS: srv.URL, DCS: srv.URL, IAM: srv.URL},
		MaxRetries: 3, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const workers, calls = 10, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				if _, err := c.ListTasksPage(ctx, sms.ListTasksFilter{}, 1, 0); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("call failed: %v", err)
	}
	st := fake.Stats()
	refused := st.Statuses["429"]
	if st.Statuses["200"] != workers*calls {
		t.Errorf("%d calls succeeded, want %d", st.Statuses["200"], workers*calls)
	}
	// Without the shared limiter every worker keeps hitting the empty bucket
	// (hundreds of 429s and exhausted retries); with it the 429s are the
	// first burst and the odd probe of the pacing.
	if refused > workers*calls/4 {
		t.Errorf("%d calls were throttled for %d successes", refused, workers*calls)
	}
	if got := c.Throttled(); got != refused {
		t.Errorf("client saw %d throttled answers, the fake sent %d", got, refused)
	}
	t.Logf("%d calls, %d throttled", workers*calls, refused)
}
