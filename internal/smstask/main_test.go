package smstask

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// startFake serves a fake cloud whose transitions take `transition`, and a
// client for it that retries maxRetries times after throttling or 5xx.
func startFake(t *testing.T, transition time.Duration, maxRetries int) (*fakecloud.Server, *sms.Client) {
	t.Helper()
	fake := fakecloud.New(fakecloud.Options{Timing: fakecloud.FastTiming(transition), RequireProjectHeader: true})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, clientFor(t, srv.URL, fake.ProjectID(), maxRetries)
}

// clientFor signs with the fake's default credentials against url.
func clientFor(t *testing.T, url, projectID string, maxRetries int) *sms.Client {
	t.Helper()
	c, err := sms.New(sms.Config{
		Region: "cn-north-4", AccessKey: fakecloud.DefaultAccessKey, SecretKey: fakecloud.DefaultSecretKey,
		ProjectID: projectID, MaxRetries: maxRetries,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, RequestTimeout: 2 * time.Second,
		// Polls in these tests follow the fake's millisecond clock, not a real task's.
		Poll:      wait.Policy{Min: 5 * time.Millisecond, Max: 50 * time.Millisecond},
		Endpoints: sms.Endpoints{SMS: url, DCS: url, IAM: url},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serviceFor is the task lifecycle of one provider instance using c; its
// deletes follow the fake's millisecond clock.
func serviceFor(c *sms.Client) *Service {
	return NewService(c, ServiceOptions{DeleteBatchWindow: 50 * time.Millisecond})
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func ptr[T any](v T) *T { return &v }
