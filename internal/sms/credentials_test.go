package sms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// newTestClock is a clock the test moves by hand.
func newTestClock() *fakecloud.ManualClock {
	return fakecloud.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

// Parallel callers that find the credentials due share one renewal, and
// every one of them gets the renewed credentials.
func TestRefreshingCredentials_oneRenewalForParallelCallers(t *testing.T) {
	clock := newTestClock()
	release := make(chan struct{})
	var fetches atomic.Int32
	r := &refreshingCredentials{source: "test", now: clock.Now, renewBefore: time.Minute,
		fetch: func(context.Context) (Credentials, error) {
			n := fetches.Add(1)
			if n > 1 {
				<-release // later fetches wait until every caller is queued
			}
			return Credentials{AccessKey: fmt.Sprintf("AK%d", n), SecretKey: "sk", SecurityToken: "st",
				ExpiresAt: clock.Now().Add(15 * time.Minute)}, nil
		}}
	ctx := testCtx(t)
	if c, err := r.current(ctx); err != nil || c.AccessKey != "AK1" {
		t.Fatalf("first credentials = %+v, %v", c, err)
	}
	clock.Advance(14*time.Minute + 30*time.Second) // past the renewal time, before expiry

	const callers = 20
	var wg sync.WaitGroup
	got := make(chan string, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := r.current(ctx)
			if err != nil {
				t.Error(err)
			}
			got <- c.AccessKey
		}()
	}
	// Wait until the renewal has started, then let it finish.
	for fetches.Load() < 2 {
		runtimeGosched()
	}
	close(release)
	wg.Wait()
	close(got)
	for ak := range got {
		if ak != "AK2" {
			t.Errorf("a caller got %q, want the renewed AK2", ak)
		}
	}
	if n := fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want 2: one at first use, one renewal shared by %d callers", n, callers)
	}
}

// Credentials are renewed RenewBefore their expiry, or a third of their
// lifetime before it when they live shorter.
func TestRenewAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		lifetime, before, want time.Duration
	}{
		{time.Hour, 5 * time.Minute, 55 * time.Minute},
		{15 * time.Minute, 5 * time.Minute, 10 * time.Minute},
		{3 * time.Second, 5 * time.Minute, 2 * time.Second},
	}
	for _, tc := range cases {
		if got := renewAt(t0.Add(tc.lifetime), t0, tc.before).Sub(t0); got != tc.want {
			t.Errorf("lifetime %s, renew %s before: renewed after %s, want %s", tc.lifetime, tc.before, got, tc.want)
		}
	}
}

// A failed fetch is not cached, and credentials that arrive expired or
// incomplete are refused with a message that names the source.
func TestRefreshingCredentials_failuresAreNotCached(t *testing.T) {
	clock := newTestClock()
	answers := []Credentials{
		{AccessKey: "AK", SecretKey: "sk", SecurityToken: "st", ExpiresAt: clock.Now().Add(-time.Second)},
		{AccessKey: "AK", SecretKey: "sk"},
		{AccessKey: "AK", SecretKey: "sk", SecurityToken: "st", ExpiresAt: clock.Now().Add(time.Hour)},
	}
	n := 0
	r := &refreshingCredentials{source: "the test source", now: clock.Now, renewBefore: time.Minute,
		fetch: func(context.Context) (Credentials, error) { n++; return answers[n-1], nil }}
	for i, want := range []string{"before they were issued", "lacks the access key, the secret key or the security token", ""} {
		_, err := r.current(testCtx(t))
		switch {
		case want == "" && err != nil:
			t.Fatalf("fetch %d: %v", i+1, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "the test source")):
			t.Fatalf("fetch %d: error %v, want one naming the source and saying %q", i+1, err, want)
		}
	}
}

// metadataServer serves the ECS metadata call with numbered credentials
// that live lifetime on clock, and the SMS task listing through api, which
// sees the access key the request was signed with.
func metadataServer(t *testing.T, clock *fakecloud.ManualClock, lifetime time.Duration, api func(w http.ResponseWriter, ak, token string)) (*recorder, *atomic.Int32) {
	var issued atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.URL.Path == pathMetadataToken {
			if r.Method != http.MethodPut || r.Header.Get(headerMetadataTokenTTL) == "" {
				t.Errorf("session token asked with %s and TTL %q", r.Method, r.Header.Get(headerMetadataTokenTTL))
			}
			_, _ = io.WriteString(w, "metadata-session-token")
			return
		}
		if r.URL.Path == pathMetadataSecurityKey {
			if r.Header.Get("Authorization") != "" || r.Header.Get(headerMetadataToken) != "metadata-session-token" {
				t.Error("the metadata call is signed, or lacks the session token")
			}
			n := issued.Add(1)
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"credential":{"access":"TEMPAK%d","secret":"temp-sk-%d","securitytoken":"temp-st-%d","expires_at":%q}}`,
				n, n, n, clock.Now().Add(lifetime).Format("2006-01-02T15:04:05.000000Z")))
			return
		}
		auth := r.Header.Get("Authorization")
		i := strings.Index(auth, "Access=")
		if i < 0 {
			t.Errorf("%s %s is not signed", r.Method, r.URL.Path)
			return
		}
		ak := strings.SplitN(auth[i+len("Access="):], ",", 2)[0]
		api(w, ak, r.Header.Get(headerSecurityToken))
	})
	return rec, &issued
}

func metadataConfig(url string, clock *fakecloud.ManualClock) Config {
	cfg := testConfig(url)
	cfg.AccessKey, cfg.SecretKey = "", ""
	cfg.ECSMetadata = true
	cfg.Endpoints.Metadata = url
	cfg.Now = clock.Now
	return cfg
}

// A request made after the renewal time carries renewed credentials: an
// expired key is never sent, and the security token always matches the key.
func TestClient_temporaryCredentialsRenewedBeforeExpiry(t *testing.T) {
	clock := newTestClock()
	var used []string
	rec, issued := metadataServer(t, clock, 15*time.Minute, func(w http.ResponseWriter, ak, token string) {
		used = append(used, ak)
		if strings.TrimPrefix(ak, "TEMPAK") != strings.TrimPrefix(token, "temp-st-") {
			t.Errorf("key %s went with security token %s", ak, token)
		}
		writeJSON(w, http.StatusOK, `{"count":0,"tasks":[]}`)
	})
	c := newTestClient(t, metadataConfig(rec.URL, clock))
	ctx := testCtx(t)
	for _, step := range []time.Duration{0, 9 * time.Minute, 2 * time.Minute} {
		clock.Advance(step)
		if _, err := c.ListTasks(ctx, ListTasksFilter{}); err != nil {
			t.Fatal(err)
		}
	}
	// Renewal is due 5 minutes before expiry: at 10 minutes.
	if want := []string{"TEMPAK1", "TEMPAK1", "TEMPAK2"}; strings.Join(used, ",") != strings.Join(want, ",") {
		t.Errorf("requests were signed with %v, want %v", used, want)
	}
	if n := issued.Load(); n != 2 {
		t.Errorf("%d metadata calls, want 2", n)
	}
}

// A 401 for temporary credentials renews them once and resends once; a
// second 401 reaches the caller: no loop, even with retries left.
func TestClient_credentialRefusedRenewsOnceAndRetriesOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		refuse    func(ak string) bool
		wantCalls int
		wantErr   bool
	}{
		{"expired key renewed", func(ak string) bool { return ak == "TEMPAK1" }, 2, false},
		{"always refused", func(string) bool { return true }, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newTestClock()
			var calls atomic.Int32
			rec, issued := metadataServer(t, clock, time.Hour, func(w http.ResponseWriter, ak, _ string) {
				calls.Add(1)
				if tc.refuse(ak) {
					writeJSON(w, http.StatusUnauthorized, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: token expires"}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"count":0,"tasks":[]}`)
			})
			c := newTestClient(t, metadataConfig(rec.URL, clock))
			_, err := c.ListTasks(testCtx(t), ListTasksFilter{})
			if tc.wantErr != (err != nil) {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if tc.wantErr && !IsCredentialRefused(err) {
				t.Errorf("error %v is not the 401", err)
			}
			if n := calls.Load(); int(n) != tc.wantCalls {
				t.Errorf("%d API calls, want %d", n, tc.wantCalls)
			}
			if n := issued.Load(); n != 2 {
				t.Errorf("%d metadata calls, want 2 (first use, one renewal)", n)
			}
		})
	}
}

// Static keys are never "renewed": their 401 reaches the caller at once.
func TestClient_staticKeyRefusedIsNotRetried(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusUnauthorized, `{"error_code":"APIGW.0301","error_msg":"signature mismatch"}`)
	})
	c := newTestClient(t, testConfig(rec.URL))
	if _, err := c.ListTasks(testCtx(t), ListTasksFilter{}); !IsCredentialRefused(err) {
		t.Fatalf("error %v, want the 401", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// Off an ECS the metadata service does not answer; the error says where
// the provider looked, and comes as a credentials error, not a retry loop.
func TestClient_metadataUnreachable(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		http.Error(w, "Please configure Cloud Service Agency first", http.StatusUnauthorized)
	})
	c := newTestClient(t, metadataConfig(rec.URL, newTestClock()))
	_, err := c.ListTasks(testCtx(t), ListTasksFilter{})
	var ce *credentialError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "ECS metadata service at "+rec.URL) {
		t.Fatalf("error %v, want a credentials error naming the metadata service", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d requests, want 1 metadata call and no API call", n)
	}
}

// Off an ECS nothing answers: until the metadata service has answered once,
// silence (here a refused connection) gets one attempt, so the plan fails in
// seconds. Answers are retried like any API call, renewals included: a 500
// passes, and a service without session tokens (503 to the PUT) is asked
// without one, at once.
func TestClient_metadataRetriesAnswersNotSilence(t *testing.T) {
	down := newRecorder(t, func(http.ResponseWriter, *http.Request, int, []byte) {})
	url := down.URL
	down.Close() // nothing listens there any more
	c := newTestClient(t, metadataConfig(url, newTestClock()))
	start := time.Now()
	if err := c.CheckCredentials(testCtx(t)); err == nil || !IsCredentialSourceError(err) || !IsTransient(err) {
		t.Fatalf("error %v, want a transient credentials error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("an unreachable metadata service took %s to report, want one attempt", d)
	}

	clock := newTestClock()
	var keys atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		if r.Header.Get(headerMetadataToken) != "" {
			t.Error("a session token was sent though none was given")
		}
		switch {
		case r.URL.Path == pathMetadataToken:
			writeJSON(w, http.StatusServiceUnavailable, `{"error_msg":"no tokens here"}`)
		case keys.Add(1)%2 == 1: // every first attempt fails
			writeJSON(w, http.StatusInternalServerError, `{"error_msg":"busy"}`)
		default:
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"credential":{"access":"TEMPAK%d","secret":"s","securitytoken":"st","expires_at":%q}}`,
				keys.Load(), clock.Now().Add(time.Hour).Format(time.RFC3339)))
		}
	})
	c = newTestClient(t, metadataConfig(rec.URL, clock))
	if err := c.CheckCredentials(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(56 * time.Minute) // past the renewal time
	if err := c.CheckCredentials(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	var puts, gets int
	for _, r := range rec.requests() {
		if r.Path == pathMetadataToken {
			puts++
		} else {
			gets++
		}
	}
	if puts != 2 || gets != 4 {
		t.Errorf("%d session token and %d key requests, want 2 and 4: each fetch asks for a token once (503: none), and retries the key after its 500", puts, gets)
	}
}
