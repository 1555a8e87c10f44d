package sms_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// These tests run the client against the fake cloud in-process, both on
// one clock that the test moves: hours pass in milliseconds, and no test
// races a timer.

func newClock() *fakecloud.ManualClock {
	return fakecloud.NewManualClock(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
}

const testAgency = "sms_operator"

// federatedFake is a fake cloud on clk that issues credentials: from its
// metadata service, for testAgency, and for the ID tokens given.
func federatedFake(t *testing.T, clk *fakecloud.ManualClock, fed fakecloud.Federation, mods ...func(*fakecloud.Options)) (*fakecloud.Server, string) {
	t.Helper()
	fed.ECSAgency = "ecs_agency"
	fed.Agencies = []string{testAgency}
	opts := fakecloud.Options{Now: clk.Now, Federation: fed}
	for _, m := range mods {
		m(&opts)
	}
	fake := fakecloud.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv.URL
}

// fakeClient is a client of the fake at url on clk, with short waits and
// a short attempt time-out (a stalled answer costs that much real time).
func fakeClient(t *testing.T, url string, clk *fakecloud.ManualClock, edit func(*sms.Config)) *sms.Client {
	t.Helper()
	cfg := sms.Config{
		Region: fakecloud.DefaultRegion, ProjectID: fakecloud.DefaultProjectID,
		Endpoints:  sms.Endpoints{SMS: url, DCS: url, IAM: url, Metadata: url},
		MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		RequestTimeout: 300 * time.Millisecond, Now: clk.Now,
	}
	edit(&cfg)
	c, err := sms.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Six hours of polls with 15-minute credentials from the metadata service
// and an agency on top: every renewal happens before expiry, one renewal of
// each source fails once (metadata 500; IAM 503, then a time-out) and one
// poll fails twice (503, then a reset), and no call fails. Nothing is
// refused either: no expired key is ever sent.
func TestRenewal_sixHoursWithFailures(t *testing.T) {
	clk := newClock()
	fake, url := federatedFake(t, clk, fakecloud.Federation{MetadataLifetime: 15 * time.Minute})
	c := fakeClient(t, url, clk, func(cfg *sms.Config) {
		cfg.ECSMetadata = true
		cfg.AssumeRoles = []sms.AssumeRole{{AgencyName: testAgency, DomainName: fakecloud.DefaultDomainName, Duration: 15 * time.Minute}}
	})
	task := fake.SeedTask(fakecloud.TaskSpec{})
	ctx := ctxFor(t)
	const step = 2 * time.Minute
	polls := 0
	for elapsed := time.Duration(0); elapsed < 6*time.Hour; elapsed += step {
		if elapsed == time.Hour {
			for _, f := range []fakecloud.Fault{
				{Route: fakecloud.RouteMetadataSecurityKey, Kind: fakecloud.FaultStatus, Status: http.StatusInternalServerError, Count: 1},
				{Route: fakecloud.RouteSecurityTokens, Kind: fakecloud.FaultStatus, Status: http.StatusServiceUnavailable, Count: 1},
				{Route: fakecloud.RouteSecurityTokens, Kind: fakecloud.FaultSlow, Delay: time.Minute, Count: 1},
				{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: http.StatusServiceUnavailable, Count: 1},
				{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultReset, Count: 1},
			} {
				fake.InjectFault(f)
			}
		}
		if _, err := c.ShowTask(ctx, task.ID); err != nil {
			t.Fatalf("poll after %s: %v", elapsed, err)
		}
		polls++
		clk.Advance(step)
	}
	if left := fake.Faults(); len(left) != 0 {
		t.Fatalf("faults never met: %+v", left)
	}
	s := fake.Stats()
	keys, agency := s.CredentialCalls[fakecloud.RouteMetadataSecurityKey], s.CredentialCalls[fakecloud.RouteSecurityTokens]
	// Both renew every 10 minutes (two thirds of 15): the first fetch and
	// 35 renewals, and the failed attempts once each.
	if keys != 36+1 || agency != 36+2 || s.CredentialsIssued != 2*36 {
		t.Errorf("%d metadata and %d agency calls, %d credentials issued; want 37, 38 and 72", keys, agency, s.CredentialsIssued)
	}
	if n := s.CredentialCalls[fakecloud.RouteMetadataToken]; n != 2 {
		t.Errorf("%d metadata session tokens, want 2: one lives 6 hours", n)
	}
	if n := s.Routes[fakecloud.RouteShowTask]; n != int64(polls+2) {
		t.Errorf("%d reads for %d polls, want two more (the 503 and the reset, retried)", n, polls)
	}
	if len(s.AuthFailures) != 0 || s.VerifiedTemporary != s.Total {
		t.Errorf("auth failures %v, %d of %d calls verified with temporary keys: want no refusal at all", s.AuthFailures, s.VerifiedTemporary, s.Total)
	}
}

// A renewal that fails even after its retries fails no call while the
// credentials in hand still serve: they are used, and the renewal is tried
// again at the next call (after the retry backoff). Once they no longer
// serve, the call fails with a transient credentials error, and succeeds
// again when the source is back.
func TestRenewal_failureKeepsUsableCredentials(t *testing.T) {
	clk := newClock()
	fake, url := federatedFake(t, clk, fakecloud.Federation{MetadataLifetime: 15 * time.Minute})
	c := fakeClient(t, url, clk, func(cfg *sms.Config) { cfg.ECSMetadata = true })
	ctx := ctxFor(t)
	list := func() error { _, err := c.ListTasks(ctx, sms.ListTasksFilter{}); return err }
	if err := list(); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Minute) // renewal due
	fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteMetadataSecurityKey, Kind: fakecloud.FaultStatus, Status: http.StatusServiceUnavailable})
	for i := range 4 { // minutes 10 to 13: the key expires at 15, serves until 14
		if err := list(); err != nil {
			t.Fatalf("minute %d: %v", 10+i, err)
		}
		clk.Advance(time.Minute)
	}
	attempts := fake.Stats().CredentialCalls[fakecloud.RouteMetadataSecurityKey]
	if attempts != 1+4*4 {
		t.Errorf("%d metadata calls, want 17: the first fetch, then one renewal (4 attempts) at each call", attempts)
	}
	err := list() // minute 14
	if err == nil || !sms.IsCredentialSourceError(err) || !sms.IsTransient(err) {
		t.Fatalf("error %v, want a transient credentials error once the key no longer serves", err)
	}
	fake.ClearFaults()
	if err := list(); err != nil {
		t.Fatalf("after the metadata service came back: %v", err)
	}
	if s := fake.Stats(); len(s.AuthFailures) != 0 {
		t.Errorf("auth failures %v: an expired key was sent", s.AuthFailures)
	}
}

// OIDC federation with a CI token that expires after ten minutes (GitHub
// Actions): with a duration that covers the apply the token is exchanged
// once, and the federated credentials renew the agency's; with IAM's
// default of 15 minutes they run out, and the error says which token
// expired when, and what to set. The expired token is never sent. A token
// that lives long (Terraform Cloud's lives the whole run phase) is
// exchanged again only when the federated credentials run out, not at each
// renewal of the agency's.
func TestRenewal_oidcExchangesOnlyWhenFederatedCredentialsRunOut(t *testing.T) {
	for _, tc := range []struct {
		name           string
		tokenLife      time.Duration
		duration, wait time.Duration
		exchanges      int64
		failsAt        time.Duration // 0: never
	}{
		{"duration covers the apply", 10 * time.Minute, 3 * time.Hour, 150 * time.Minute, 1, 0},
		{"IAM's default duration", 10 * time.Minute, 0, 2 * time.Hour, 1, 25 * time.Minute},
		// Federated credentials live 60 minutes (the last 59 usable): the
		// agency's, renewed at 40 and 120 with them, need no exchange;
		// the one at 80 does.
		{"long-lived token", 24 * time.Hour, time.Hour, 150 * time.Minute, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			token := fakecloud.IDToken("repo:octo/migrations:ref:refs/heads/main", clk.Now().Add(tc.tokenLife))
			fake, url := federatedFake(t, clk, fakecloud.Federation{IdentityProviders: map[string][]string{"github": {token}}})
			c := fakeClient(t, url, clk, func(cfg *sms.Config) {
				cfg.OIDC = &sms.OIDCFederation{IdpID: "github", IDToken: func() (string, error) { return token, nil },
					TokenSource: "HW_ASSUME_ROLE_ID_TOKEN", Duration: tc.duration}
				cfg.AssumeRoles = []sms.AssumeRole{{AgencyName: testAgency, DomainID: fakecloud.DefaultDomainID, Duration: tc.duration}}
			})
			ctx := ctxFor(t)
			var failure error
			var failedAt time.Duration
			for elapsed := time.Duration(0); elapsed <= tc.wait && failure == nil; elapsed += 5 * time.Minute {
				if _, err := c.ListTasks(ctx, sms.ListTasksFilter{}); err != nil {
					failure, failedAt = err, elapsed
				}
				clk.Advance(5 * time.Minute)
			}
			s := fake.Stats()
			if n := s.CredentialCalls[fakecloud.RouteIDTokenExchange]; n != tc.exchanges {
				t.Errorf("%d ID-token exchanges, want %d", n, tc.exchanges)
			}
			if len(s.AuthFailures) != 0 {
				t.Errorf("auth failures %v: an expired token or key was sent", s.AuthFailures)
			}
			if tc.failsAt == 0 {
				if failure != nil {
					t.Fatalf("failed after %s: %v", failedAt, failure)
				}
				return
			}
			// The federated credentials expire at 15 minutes; the agency's,
			// renewed at 10 with them, serve until 24.
			if failure == nil || failedAt != tc.failsAt {
				t.Fatalf("failure %v after %s, want one after %s", failure, failedAt, tc.failsAt)
			}
			msg := sms.CredentialFailure(failure)
			for _, want := range []string{`getting temporary credentials from identity provider "github"`,
				"ID token from HW_ASSUME_ROLE_ID_TOKEN expired at 2026-03-04T05:16:07Z", "duration", "HW_ASSUME_ROLE_DURATION", "86400"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			if sms.IsTransient(failure) {
				t.Errorf("an expired ID token is taken for a transient failure: %v", failure)
			}
		})
	}
}

// Token mode re-scopes the token to the region's project first (its
// account found with the token when domain_id is not set), learns the
// project's id from the answer instead of looking it up, re-scopes again
// after the token was revoked, and says plainly when the configured token
// itself has expired.
func TestRenewal_tokenRescoped(t *testing.T) {
	const original = "MIIoriginal-token-of-another-project"
	clk := newClock()
	fake, url := federatedFake(t, clk, fakecloud.Federation{}, func(o *fakecloud.Options) { o.AuthTokens = []string{original} })
	c := fakeClient(t, url, clk, func(cfg *sms.Config) { cfg.AuthToken, cfg.ProjectID = original, "" })
	ctx := ctxFor(t)
	list := func() error { _, err := c.ListTasks(ctx, sms.ListTasksFilter{}); return err }
	if err := list(); err != nil {
		t.Fatal(err)
	}
	s := fake.Stats()
	if s.CredentialCalls[fakecloud.RouteAuthTokens] != 1 || s.Routes[fakecloud.RouteListAuthDomains] != 1 || s.Routes[fakecloud.RouteListProjects] != 0 {
		t.Fatalf("calls %v %v: want one re-scoping after one account look-up, and no project look-up", s.CredentialCalls, s.Routes)
	}
	fake.ExpireTemporaryCredentials()
	if err := list(); err != nil {
		t.Fatalf("after the scoped token was revoked: %v", err)
	}
	if s := fake.Stats(); s.CredentialCalls[fakecloud.RouteAuthTokens] != 2 || s.AuthFailures[fakecloud.ReasonExpired] != 1 {
		t.Fatalf("calls %v, failures %v: want one 401 and one re-scoping", s.CredentialCalls, s.AuthFailures)
	}
	clk.Advance(25 * time.Hour)
	err := list()
	if err == nil || !strings.Contains(err.Error(), "auth_token expired at") || !strings.Contains(err.Error(), "24 hours") || sms.IsTransient(err) {
		t.Fatalf("error %v, want the plain message that the token expired", err)
	}
	if n := fake.Stats().CredentialCalls[fakecloud.RouteAuthTokens]; n != 2 {
		t.Errorf("%d re-scopings, want 2: an expired token is not sent", n)
	}

	// With domain_id the account is known: no look-up.
	fake2, url2 := federatedFake(t, clk, fakecloud.Federation{}, func(o *fakecloud.Options) { o.AuthTokens = []string{original} })
	c = fakeClient(t, url2, clk, func(cfg *sms.Config) {
		cfg.AuthToken, cfg.ProjectID, cfg.DomainID = original, "", fakecloud.DefaultDomainID
	})
	if err := c.CheckCredentials(ctx); err != nil {
		t.Fatal(err)
	}
	if s := fake2.Stats(); s.Total != 0 || s.CredentialCalls[fakecloud.RouteAuthTokens] != 1 {
		t.Errorf("stats %+v: want the re-scoping only", s)
	}
	var apiErr *sms.Error
	if err := fakeClient(t, url2, clk, func(cfg *sms.Config) { cfg.AuthToken, cfg.ProjectID = "MIIunknown", fakecloud.DefaultProjectID }).CheckCredentials(ctx); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unknown token: %v, want IAM's 401", err)
	}
}
