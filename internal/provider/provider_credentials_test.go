package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Names the federated test cloud knows.
const (
	testIdpID   = "ci-oidc"
	testIDToken = "eyJ-id-token-of-the-ci-run-0123456789"
	testAgency  = "sms_operator"
)

// newFederatedCloud is a test cloud that also issues temporary credentials:
// for testIDToken from testIdpID, for testAgency, and from its metadata
// service. They live lifetime (0: as asked).
func newFederatedCloud(t *testing.T, lifetime time.Duration, mods ...func(*fakecloud.Options)) *testCloud {
	t.Helper()
	return newTestCloud(t, append([]func(*fakecloud.Options){func(o *fakecloud.Options) {
		o.Federation = fakecloud.Federation{
			IdentityProviders:  map[string][]string{testIdpID: {testIDToken}},
			Agencies:           []string{testAgency},
			ECSAgency:          "ecs_sms_agency",
			CredentialLifetime: lifetime,
		}
	}}, mods...)...)
}

// endpointsBlock points every service, the metadata service included, at
// the fake: no test reaches beyond loopback.
func (c *testCloud) endpointsBlock() string {
	return fmt.Sprintf(`
  endpoints {
    sms      = %[1]q
    dcs      = %[1]q
    iam      = %[1]q
    metadata = %[1]q
  }`, c.URL)
}

// providerWith is a provider block with the given credential arguments.
func (c *testCloud) providerWith(args string) string {
	return fmt.Sprintf("provider \"huaweicloud\" {\n  region = \"cn-north-4\"\n%s\n%s\n}\n", args, c.endpointsBlock())
}

// clearCredentialEnv makes sure no credential of the machine running the
// tests takes part.
func clearCredentialEnv(t *testing.T) {
	vars := []string{envSecurityToken, envSharedConfigFile, envProfile,
		envAssumeAgencyName, envAssumeDomainName, envAssumeDomainID, envAssumeDuration, envAssumeIdpID, envAssumeIDToken,
		envAssumeIDTokenFile, envTFCWorkloadIdentityToken, envCloud, envEnterpriseProjectID, envTenantID, envTenantName,
		envAgencyName, envAgencyDomainName, envDelegatedProject, envCustomUserAgent}
	for _, list := range [][]string{accessKeyEnvs, secretKeyEnvs, authTokenEnvs, projectIDEnvs, domainIDEnvs, domainNameEnvs,
		projectNameEnvs, authURLEnvs, insecureEnvs, regionEnvs[1:]} {
		vars = append(vars, list...)
	}
	for _, a := range unsupportedArguments {
		vars = append(vars, a.envs...)
	}
	for _, v := range vars {
		t.Setenv(v, "")
	}
}

// Each way to authenticate without long-lived keys in the configuration
// creates and destroys a task; the fake checks every signature, and every
// API call is signed with the temporary credentials the source gave.
func TestAccProvider_credentialSources(t *testing.T) {
	writeFile := func(t *testing.T, name, content string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		// setup sets the environment and returns the provider's credential
		// arguments.
		setup func(t *testing.T, c *testCloud) string
		// calls are the credential calls the source makes.
		calls     []string
		temporary bool
	}{
		{
			name: "assume_role_with_oidc with id_token",
			setup: func(t *testing.T, c *testCloud) string {
				return fmt.Sprintf(`  assume_role_with_oidc {
    agency_name = %q
    domain_id   = %q
    idp_id      = %q
    id_token    = %q
    duration    = 3600
  }`, testAgency, c.DomainID(), testIdpID, testIDToken)
			},
			calls: []string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens}, temporary: true,
		},
		{
			name: "Terraform Cloud workload identity from the environment",
			setup: func(t *testing.T, c *testCloud) string {
				t.Setenv(envAssumeIdpID, testIdpID)
				t.Setenv(envAssumeAgencyName, testAgency)
				t.Setenv(envAssumeDomainID, c.DomainID())
				t.Setenv(envTFCWorkloadIdentityToken, testIDToken)
				return ""
			},
			calls: []string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens}, temporary: true,
		},
		{
			name: "GitHub Actions token file",
			setup: func(t *testing.T, c *testCloud) string {
				t.Setenv(envAssumeIDTokenFile, writeFile(t, "id-token", testIDToken+"\n"))
				return fmt.Sprintf(`  assume_role_with_oidc {
    agency_name = %q
    domain_id   = %q
    idp_id      = %q
  }`, testAgency, c.DomainID(), testIdpID)
			},
			calls: []string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens}, temporary: true,
		},
		{
			name: "assume_role with access keys",
			setup: func(t *testing.T, c *testCloud) string {
				t.Setenv(envSecretKey, c.SK)
				return fmt.Sprintf(`  access_key = %q
  assume_role {
    agency_name = %q
    domain_name = %q
    duration    = 900
  }`, c.AK, testAgency, fakecloud.DefaultDomainName)
			},
			calls: []string{fakecloud.RouteSecurityTokens}, temporary: true,
		},
		{
			name:  "ECS metadata",
			setup: func(*testing.T, *testCloud) string { return "" },
			calls: []string{fakecloud.RouteMetadataToken, fakecloud.RouteMetadataSecurityKey}, temporary: true,
		},
		{
			name: "ECS metadata then an agency from the environment",
			setup: func(t *testing.T, c *testCloud) string {
				t.Setenv(envAssumeAgencyName, testAgency)
				t.Setenv(envAssumeDomainID, c.DomainID())
				return ""
			},
			calls: []string{fakecloud.RouteMetadataToken, fakecloud.RouteMetadataSecurityKey, fakecloud.RouteSecurityTokens}, temporary: true,
		},
		{
			name: "shared config profile",
			setup: func(t *testing.T, c *testCloud) string {
				file := writeFile(t, "config.json", fmt.Sprintf(`{"current": "default", "profiles": [
  {"name": "default", "mode": "AKSK", "accessKeyId": "AKNOTTHISONE", "secretAccessKey": "not-this-one", "region": "ap-southeast-1"},
  {"name": "migration", "mode": "AKSK", "accessKeyId": %q, "secretAccessKey": %q, "region": "cn-north-4", "projectId": %q}
]}`, c.AK, c.SK, c.ProjectID()))
				t.Setenv(envProfile, "migration")
				return fmt.Sprintf("  shared_config_file = %q", file)
			},
		},
		{
			name: "shared config profile with an agency",
			setup: func(t *testing.T, c *testCloud) string {
				file := writeFile(t, "config.json", fmt.Sprintf(`{"current": "ops", "profiles": [
  {"name": "ops", "mode": "AKSK", "accessKeyId": %q, "secretAccessKey": %q, "agencyName": %q, "agencyDomainName": %q}
]}`, c.AK, c.SK, testAgency, fakecloud.DefaultDomainName))
				t.Setenv(envSharedConfigFile, file)
				return ""
			},
			calls: []string{fakecloud.RouteSecurityTokens}, temporary: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearCredentialEnv(t)
			c := newFederatedCloud(t, 0)
			src := c.SeedSource(fakecloud.SourceSpec{Name: "federated"})
			providerBlock := c.providerWith(tc.setup(t, c))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             c.checkNoTasks,
				Steps: []resource.TestStep{{
					Config: providerBlock + testAccSMSTaskConfig_basic(src.ID, "federated-task", ""),
					Check: resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttrSet("huaweicloud_sms_task.this", "id"),
						testAccCheckRequestsAuthenticated(c),
					),
				}},
			})
			s := c.Stats()
			if s.Verified == 0 || tc.temporary != (s.VerifiedTemporary == s.Verified) || (!tc.temporary && s.VerifiedTemporary != 0) {
				t.Errorf("%d verified API calls, %d of them with temporary credentials; want all of them temporary: %v", s.Verified, s.VerifiedTemporary, tc.temporary)
			}
			for _, route := range tc.calls {
				if s.CredentialCalls[route] == 0 {
					t.Errorf("no %s call; credential calls %v", route, s.CredentialCalls)
				}
			}
			if len(tc.calls) == 0 && len(s.CredentialCalls) != 0 {
				t.Errorf("credential calls %v, want none", s.CredentialCalls)
			}
		})
	}
}

// Bad credential configurations fail the plan on the argument at fault,
// and no API call is made.
func TestAccProvider_credentialConfigurationErrors(t *testing.T) {
	clearCredentialEnv(t)
	c := newFederatedCloud(t, 0)
	oidc := func(extra string) string {
		return fmt.Sprintf("  assume_role_with_oidc {\n    agency_name = %q\n    domain_id = %q\n    idp_id = %q\n%s\n  }", testAgency, c.DomainID(), testIdpID, extra)
	}
	cases := []struct {
		name, args string
		want       string
	}{
		{"keys and OIDC", `  access_key = "a"
  secret_key = "b"
` + oidc(`    id_token = "t"`), `Conflicting Credentials.*assume_role_with_oidc`},
		{"OIDC and assume_role", oidc(`    id_token = "t"`) + fmt.Sprintf("\n  assume_role {\n    agency_name = %q\n    domain_id = %q\n  }", testAgency, c.DomainID()),
			`Conflicting Credentials.*assume_role`},
		{"token and assume_role", fmt.Sprintf("  auth_token = \"t\"\n  assume_role {\n    agency_name = %q\n    domain_id = %q\n  }", testAgency, c.DomainID()),
			`Conflicting Credentials.*does not work with auth_token`},
		{"OIDC without a token", oidc(""), `Missing ID Token`},
		{"OIDC with both tokens", oidc("    id_token = \"t\"\n    id_token_file = \"/nonexistent\""), `Conflicting ID Tokens`},
		{"OIDC token file missing", oidc(`    id_token_file = "/nonexistent/id-token"`), `Unreadable ID Token File`},
		{"duration out of range", oidc("    id_token = \"t\"\n    duration = 60"), `duration`},
		{"profile not in the file", fmt.Sprintf("  shared_config_file = %q\n  profile = \"nobody\"", writeSharedConfig(t, `{"profiles": []}`)), `Unknown Profile`},
		{"unknown identity provider", strings.Replace(oidc(`    id_token = "t"`), testIdpID, "other-idp", 1), `Invalid Provider Credentials.*identity provider "other-idp"`},
		{"forged ID token", oidc(`    id_token = "forged"`), `Invalid Provider Credentials.*HTTP 401`},
		{"agency not assumable", `  access_key = "` + c.AK + `"
  secret_key = "` + c.SK + `"
  assume_role {
    agency_name = "root_admin"
    domain_id   = "` + c.DomainID() + `"
  }`, `Invalid Provider Credentials.*agency "root_admin".*HTTP 403`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      c.providerWith(tc.args) + "data \"huaweicloud_sms_tasks\" \"all\" {}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
		})
	}
	c.authFailuresExpected = true // the forged token and the refused agency
	if s := c.Stats(); s.Total != 0 || s.CredentialsIssued != 0 {
		t.Fatalf("a rejected configuration reached the API (%d calls) or got credentials it should not (%d)", s.Total, s.CredentialsIssued)
	}
}

func writeSharedConfig(t *testing.T, content string) string {
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testAccCredentialWaitConfig creates a task and starts it, waiting until the
// replication is done.
func testAccCredentialWaitConfig(sourceID string) string {
	return testAccSMSTaskConfig_basic(sourceID, "long-wait", "") + `
resource "huaweicloud_sms_task_action" "start" {
  task_id   = huaweicloud_sms_task.this.id
  operation = "start"
  wait_for  = "replicated"
}
`
}

// newTestClock is a clock the test moves; a fake cloud and the provider
// share it (fakecloud.Options.Now, clientPacing.Now).
func newTestClock() *fakecloud.ManualClock {
	return fakecloud.NewManualClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
}

// clockPacing is testPacing on clk, polling every few milliseconds: a wait
// of hours on clk is a few hundred polls.
func clockPacing(clk *fakecloud.ManualClock) clientPacing {
	p := testPacing
	p.Poll = wait.Policy{Min: time.Millisecond, Max: 5 * time.Millisecond}
	p.Now = clk.Now
	return p
}

// migrationClock moves clk by step at each read of a task the fake is
// migrating (RUNNING): a replication lasting Timing.Migrate takes
// Migrate/step polls, however fast the machine is. The clock moves once the
// fake has answered and before the answer leaves, so the time passes between
// two polls, never during one. onPoll, when set, runs before the read is
// served (with the task's id).
func migrationClock(clk *fakecloud.ManualClock, step time.Duration, onPoll func(fake *fakecloud.Server, taskID string)) func(*fakecloud.Server, http.Handler) http.Handler {
	return func(fake *fakecloud.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, isRead := strings.CutPrefix(r.URL.Path, "/v3/tasks/")
			if task, found := fake.Task(id); !isRead || r.Method != http.MethodGet || strings.Contains(id, "/") || !found || task.State != fakecloud.StateRunning {
				next.ServeHTTP(w, r)
				return
			}
			if onPoll != nil {
				onPoll(fake, id)
			}
			aw := &advanceOnAnswer{ResponseWriter: w, advance: func() { clk.Advance(step) }}
			next.ServeHTTP(aw, r)
			aw.once.Do(aw.advance) // no answer: a reset connection
		})
	}
}

// advanceOnAnswer runs advance when the answer starts.
type advanceOnAnswer struct {
	http.ResponseWriter
	once    sync.Once
	advance func()
}

func (w *advanceOnAnswer) WriteHeader(code int) {
	w.once.Do(w.advance)
	w.ResponseWriter.WriteHeader(code)
}

func (w *advanceOnAnswer) Write(b []byte) (int, error) {
	w.once.Do(w.advance)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets the fake reach the connection (a reset fault hijacks it).
func (w *advanceOnAnswer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// A replication of six hours, waited for by one apply, with 15-minute
// credentials from the ECS metadata service and an agency on top. Once the
// wait has begun, the metadata service fails one renewal (500), IAM fails
// one (503, then a time-out) and one poll fails twice (503, then a reset):
// the apply succeeds, the task receives the operation once, and no call is
// ever refused (the cleanup checks every request was authenticated).
func TestAccProvider_sixHourReplicationSurvivesFailures(t *testing.T) {
	clearCredentialEnv(t)
	clk := newTestClock()
	var injected atomic.Bool
	faults := func(fake *fakecloud.Server, id string) {
		if !slices.Contains(fake.Actions(id), "start") || injected.Swap(true) {
			return
		}
		for _, f := range []fakecloud.Fault{
			{Route: fakecloud.RouteMetadataSecurityKey, Kind: fakecloud.FaultStatus, Status: http.StatusInternalServerError, Count: 1},
			{Route: fakecloud.RouteSecurityTokens, Kind: fakecloud.FaultStatus, Status: http.StatusServiceUnavailable, Count: 1},
			{Route: fakecloud.RouteSecurityTokens, Kind: fakecloud.FaultSlow, Delay: time.Hour, Count: 1}, // until the attempt times out
			{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: http.StatusServiceUnavailable, Count: 1},
			{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultReset, Count: 1},
		} {
			fake.InjectFault(f)
		}
	}
	c := newWrappedTestCloud(t, migrationClock(clk, 5*time.Minute, faults), func(o *fakecloud.Options) {
		o.Now = clk.Now
		o.Timing.Migrate = 6 * time.Hour
		o.Federation = fakecloud.Federation{ECSAgency: "ecs_sms_agency", Agencies: []string{testAgency}, MetadataLifetime: 15 * time.Minute}
	})
	task := c.SeedTask(fakecloud.TaskSpec{})
	provider := c.providerWith(fmt.Sprintf("  assume_role {\n    agency_name = %q\n    domain_name = %q\n    duration    = 900\n  }", testAgency, fakecloud.DefaultDomainName))
	start := clk.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(clockPacing(clk)),
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
		Steps: []resource.TestStep{{
			Config: provider + testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "replicated"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_sms_task_action.test", tfjsonpath.New("task_state"), knownvalue.StringExact(fakecloud.StateMigrateSuccess)),
			},
			Check: resource.ComposeTestCheckFunc(
				checkFakeTask(c, task.ID, []string{"start"}, fakecloud.StateMigrateSuccess, ""),
				func(*terraform.State) error {
					if left := c.Faults(); !injected.Load() || len(left) != 0 {
						return fmt.Errorf("faults injected %t, never met: %+v", injected.Load(), left)
					}
					s := c.Stats()
					// 15-minute credentials are renewed every 10 minutes:
					// 36 times in six hours, by each source.
					if waited, keys, agency := clk.Now().Sub(start), s.CredentialCalls[fakecloud.RouteMetadataSecurityKey], s.CredentialCalls[fakecloud.RouteSecurityTokens]; waited < 6*time.Hour || keys < 36 || agency < 36 {
						return fmt.Errorf("%s waited, %d metadata and %d agency calls: want six hours and a renewal every 10 minutes", waited, keys, agency)
					}
					return nil
				},
			),
		}},
	})
}

// OIDC federation with a CI token that expires ten minutes after it is
// issued, for a replication of two hours. With IAM's default duration the
// federated credentials run out after 15 minutes, the token cannot be
// exchanged again, and the apply fails saying which token expired when and
// what to set. With a duration that covers the apply (and a fresh token of
// the same kind, as the next CI run has), the next apply waits for the
// replication to its end without sending the operation again: the token is
// exchanged once, before it expires.
func TestAccProvider_oidcApplyOutlastsItsToken(t *testing.T) {
	clearCredentialEnv(t)
	clk := newTestClock()
	c := newWrappedTestCloud(t, migrationClock(clk, 5*time.Minute, nil), func(o *fakecloud.Options) {
		o.Now = clk.Now
		o.Timing.Migrate = 2 * time.Hour
		o.Federation = fakecloud.Federation{IdentityProviders: map[string][]string{testIdpID: nil}, Agencies: []string{testAgency}}
	})
	task := c.SeedTask(fakecloud.TaskSpec{})
	tokenFile := filepath.Join(t.TempDir(), "id-token")
	issue := func() time.Time { // as a CI job does at its start
		exp := clk.Now().Add(10 * time.Minute)
		token := fakecloud.IDToken("repo:octo/migrations:ref:refs/heads/main", exp)
		c.AcceptIDToken(testIdpID, token)
		if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return exp
	}
	firstExpiry := issue()
	t.Setenv(envAssumeIDTokenFile, tokenFile)
	config := func(duration string) string {
		return c.providerWith(fmt.Sprintf("  assume_role_with_oidc {\n    agency_name = %q\n    domain_id   = %q\n    idp_id      = %q\n%s  }",
			testAgency, c.DomainID(), testIdpID, duration)) + testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "replicated"`)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(clockPacing(clk)),
		CheckDestroy:             checkNoFurtherActions(c, task.ID, 1),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ExpectError: regexp.MustCompile(`(?s)ID\s+token\s+from\s+the\s+file\s+\S+\s+\(HW_ASSUME_ROLE_ID_TOKEN_FILE\)\s+expired\s+at\s+` +
					regexp.QuoteMeta(firstExpiry.UTC().Format(time.RFC3339)) + `.*assume_role_with_oidc\.duration\s+\(HW_ASSUME_ROLE_DURATION\)`),
			},
			{
				PreConfig: func() {
					if waited := clk.Now().Sub(firstExpiry); waited < 10*time.Minute {
						t.Errorf("the first apply failed %s after its token expired: before the wait outlasted it", waited)
					}
					issue()
				},
				Config: config("    duration    = 10800\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("huaweicloud_sms_task_action.test", tfjsonpath.New("task_state"), knownvalue.StringExact(fakecloud.StateMigrateSuccess)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkFakeTask(c, task.ID, []string{"start"}, fakecloud.StateMigrateSuccess, ""),
					func(*terraform.State) error {
						// The next commands (the test's plan and destroy) run
						// as a new CI job would: with a fresh token.
						issue()
						return nil
					},
				),
			},
		},
	})
	if f := c.Stats().AuthFailures; len(f) != 0 {
		t.Errorf("authentication failures %v: an expired token or key was sent", f)
	}
}

// Credentials revoked while an apply waits (here: made to expire at once)
// get one 401; the provider renews them once, resends, and the apply goes on.
func TestAccProvider_revokedCredentialsRenewedOnce(t *testing.T) {
	clearCredentialEnv(t)
	c := newFederatedCloud(t, time.Hour, func(o *fakecloud.Options) {
		o.Timing.Migrate = 3 * time.Second
	})
	c.authFailuresExpected = true
	src := c.SeedSource(fakecloud.SourceSpec{Name: "revoked"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	revoked := make(chan struct{})
	go func() { // revoke once, as soon as the replication runs
		defer close(revoked)
		for ctx.Err() == nil {
			for _, task := range c.Tasks() {
				if task.State == "RUNNING" {
					c.ExpireTemporaryCredentials()
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: c.providerWith("") + testAccCredentialWaitConfig(src.ID), // ECS metadata
			Check:  resource.TestCheckResourceAttr("huaweicloud_sms_task_action.start", "task_state", "MIGRATE_SUCCESS"),
		}},
	})
	cancel()
	<-revoked
	s := c.Stats()
	if n := s.AuthFailures[fakecloud.ReasonExpired]; n != 1 || len(s.AuthFailures) != 1 {
		t.Errorf("authentication failures %v, want exactly one expiry: the apply's next call after the revocation", s.AuthFailures)
	}
}

// The provider's enterprise_project_id is the default of a new task and of
// the data sources' filters; an explicit value still wins.
func TestAccProvider_enterpriseProjectDefault(t *testing.T) {
	clearCredentialEnv(t)
	const ep = "ep-0a1b2c3d-migration"
	c := newTestCloud(t)
	c.SeedTasks(2, fakecloud.TaskSpec{Name: "other-ep"}) // in the default enterprise project
	src := c.SeedSource(fakecloud.SourceSpec{Name: "ep"})
	t.Setenv(envEnterpriseProjectID, ep)
	config := c.config(testAccSMSTaskConfig_basic(src.ID, "in-ep", "") + `
data "huaweicloud_sms_tasks" "default_ep" {
  depends_on = [huaweicloud_sms_task.this]
}

data "huaweicloud_sms_tasks" "all" {
  enterprise_project_id = "all_granted_eps"
  depends_on            = [huaweicloud_sms_task.this]
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(c.Tasks()); n != 2 {
				return fmt.Errorf("%d tasks after destroy, want the 2 seeded ones", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("enterprise_project_id"), knownvalue.StringExact(ep)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("enterprise_project_id"), knownvalue.StringExact(ep)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.default_ep", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(3)),
			},
			Check: func(*terraform.State) error {
				for _, task := range c.Tasks() {
					if task.Name == "in-ep" && task.EnterpriseProjectID != ep {
						return fmt.Errorf("the task is in enterprise project %q, want %q", task.EnterpriseProjectID, ep)
					}
				}
				return nil
			},
		}},
	})
}

// cloud names the domain of the default endpoints, as in the official
// provider; explicit endpoints still win.
func TestResolveConfig_cloudAndDomain(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv(envCloud, "example-cloud.test")
	t.Setenv(envDomainID, "d0main")
	m := emptyProviderModel()
	m.Region, m.AccessKey, m.SecretKey = types.StringValue("cn-east-3"), types.StringValue("ak"), types.StringValue("sk")
	cfg, diags := resolveConfig(m, "test", testPacing)
	if diags.HasError() {
		t.Fatal(diags)
	}
	client, err := sms.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if e := client.Endpoints(); e.IAM != "https://iam.cn-east-3.example-cloud.test" || e.SMS != "https://sms.cn-north-4.example-cloud.test" {
		t.Errorf("endpoints %+v, want the example-cloud.test domain", e)
	}
	if cfg.DomainID != "d0main" || cfg.ECSMetadata {
		t.Errorf("domain id %q, ECS metadata %v: want HW_DOMAIN_ID and the configured keys", cfg.DomainID, cfg.ECSMetadata)
	}
}

// emptyProviderModel is a provider block with nothing set.
func emptyProviderModel() providerModel {
	n := types.StringNull()
	return providerModel{Region: n, AccessKey: n, SecretKey: n, SecurityToken: n, AuthToken: n, ProjectID: n,
		Insecure: types.BoolNull(), MaxRetries: types.Int64Null(), DomainID: n, DomainName: n, Cloud: n,
		SharedConfigFile: n, Profile: n, CACertFile: n, Cert: n, Key: n, EnterpriseProjectID: n}
}

// Which credentials win: the provider block over the environment as a
// set; a profile over the environment's region; the environment's OIDC
// token over Terraform Cloud's; with nothing else, the ECS metadata service.
func TestResolveConfig_credentialPrecedence(t *testing.T) {
	profile := writeSharedConfig(t, `{"current": "p", "profiles": [{"name": "p", "accessKeyId": "AKPROFILE", "secretAccessKey": "skprofile", "region": "ap-southeast-3"}]}`)
	cases := []struct {
		name  string
		env   map[string]string
		edit  func(m *providerModel)
		check func(t *testing.T, c sms.Config)
	}{
		{"nothing: ECS metadata", nil, nil, func(t *testing.T, c sms.Config) {
			if !c.ECSMetadata || c.AccessKey != "" || c.OIDC != nil {
				t.Errorf("%+v, want ECS metadata only", c)
			}
		}},
		{"block keys over environment OIDC", map[string]string{envAssumeIdpID: "idp", envAssumeIDToken: "tok"}, func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
		}, func(t *testing.T, c sms.Config) {
			if c.AccessKey != "AK" || c.OIDC != nil || c.ECSMetadata {
				t.Errorf("%+v, want the block's keys only", c)
			}
		}},
		{"profile region over HW_REGION_NAME", map[string]string{envRegion: "cn-north-4", envSharedConfigFile: profile}, nil, func(t *testing.T, c sms.Config) {
			if c.AccessKey != "AKPROFILE" || c.Region != "ap-southeast-3" {
				t.Errorf("%+v, want the profile's keys and region", c)
			}
		}},
		{"HW_ASSUME_ROLE_ID_TOKEN over TFC_WORKLOAD_IDENTITY_TOKEN", map[string]string{envAssumeIdpID: "idp", envAssumeAgencyName: "a", envAssumeDomainID: "d",
			envAssumeIDToken: "from-hw", envTFCWorkloadIdentityToken: "from-tfc"}, nil, func(t *testing.T, c sms.Config) {
			if c.OIDC == nil {
				t.Fatalf("%+v, want OIDC", c)
			}
			if tok, _ := c.OIDC.IDToken(); tok != "from-hw" || len(c.AssumeRoles) != 1 || c.AssumeRoles[0].AgencyName != "a" {
				t.Errorf("token %q, agencies %+v: want HW_ASSUME_ROLE_ID_TOKEN and agency a", tok, c.AssumeRoles)
			}
		}},
		{"environment keys and environment OIDC conflict", map[string]string{envAccessKey: "AK", envSecretKey: "SK", envAssumeIdpID: "idp"}, nil, nil},
		{"assume_role takes the provider's domain_name", map[string]string{envDomainName: "migration-account"}, func(m *providerModel) {
			m.AccessKey, m.SecretKey = types.StringValue("AK"), types.StringValue("SK")
			m.AssumeRole = []assumeRoleModel{{AgencyName: types.StringValue("ops"), DomainName: types.StringNull(), DomainID: types.StringNull(), Duration: types.Int64Null()}}
		}, func(t *testing.T, c sms.Config) {
			if len(c.AssumeRoles) != 1 || c.AssumeRoles[0].AgencyName != "ops" || c.AssumeRoles[0].DomainName != "migration-account" {
				t.Errorf("assume roles %+v, want agency ops of migration-account", c.AssumeRoles)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearCredentialEnv(t)
			t.Setenv(envRegion, "cn-north-4")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			m := emptyProviderModel()
			if tc.edit != nil {
				tc.edit(&m)
			}
			c, diags := resolveConfig(m, "test", testPacing)
			if tc.check == nil {
				if !diags.HasError() || !strings.Contains(fmt.Sprint(diags), "Conflicting Credentials") {
					t.Fatalf("diagnostics %v, want Conflicting Credentials", diags)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(diags)
			}
			tc.check(t, c)
		})
	}
}

// The official provider's OS_* variables are read after the HW_* ones, in
// its order, and its other arguments under their names; profile values win
// over the block (with a warning), and every argument or variable that is
// not supported gives a warning that names it.
func TestResolveConfig_officialProviderVariables(t *testing.T) {
	profile := writeSharedConfig(t, `{"current": "p", "profiles": [{"name": "p", "accessKeyId": "AKPROFILE", "secretAccessKey": "skprofile",
  "region": "ap-southeast-3", "projectId": "p-from-profile", "agencyName": "profile_agency", "agencyDomainName": "acct"}]}`)
	str := types.StringValue
	cases := []struct {
		name     string
		env      map[string]string
		edit     func(m *providerModel)
		check    func(t *testing.T, c sms.Config)
		errors   []string // summaries of the errors, in order
		warnings []string // substrings of the warnings' details, all of them
	}{
		{name: "OS_* variables", env: map[string]string{"OS_REGION_NAME": "cn-east-3", "OS_ACCESS_KEY": "AKOS", "OS_SECRET_KEY": "skos",
			"OS_PROJECT_ID": "p-os", "OS_USER_DOMAIN_ID": "d-os", "OS_PROJECT_DOMAIN_NAME": "acct-os", "OS_INSECURE": "true"},
			check: func(t *testing.T, c sms.Config) {
				if c.Region != "cn-east-3" || c.AccessKey != "AKOS" || c.SecretKey != "skos" || c.ProjectID != "p-os" ||
					c.DomainID != "d-os" || c.DomainName != "acct-os" || !c.Insecure || c.ECSMetadata {
					t.Errorf("%+v: want every value from its OS_* variable", c)
				}
			}},
		{name: "HW_* before OS_*", env: map[string]string{envRegion: "cn-north-4", "OS_REGION_NAME": "cn-east-3", envAccessKey: "AKHW", "OS_ACCESS_KEY": "AKOS",
			"OS_SECRET_KEY": "skos", "OS_DOMAIN_ID": "d-os", "OS_USER_DOMAIN_ID": "d-user"},
			check: func(t *testing.T, c sms.Config) {
				if c.Region != "cn-north-4" || c.AccessKey != "AKHW" || c.DomainID != "d-os" {
					t.Errorf("%+v: want HW_* first, then OS_* in the official order", c)
				}
			}},
		{name: "OS_ACCESS_KEY alone is not ECS metadata", env: map[string]string{"OS_ACCESS_KEY": "AKOS"}, errors: []string{"Missing Secret Key"}},
		{name: "token, project name, tenant id and auth_url", env: map[string]string{"OS_AUTH_TOKEN": "tok", "OS_PROJECT_NAME": "cn-north-4_dev",
			envTenantID: "p-tenant", "OS_AUTH_URL": "https://iam.example.test/v3/"},
			check: func(t *testing.T, c sms.Config) {
				if c.AuthToken != "tok" || c.ProjectName != "cn-north-4_dev" || c.ProjectID != "p-tenant" || c.Endpoints.IAM != "https://iam.example.test" {
					t.Errorf("%+v: want OS_AUTH_TOKEN, OS_PROJECT_NAME, OS_TENANT_ID and the IAM endpoint of OS_AUTH_URL", c)
				}
			}},
		{name: "token argument", edit: func(m *providerModel) { m.Token = str("tok") }, check: func(t *testing.T, c sms.Config) {
			if c.AuthToken != "tok" || c.ECSMetadata {
				t.Errorf("%+v: want token mode", c)
			}
		}},
		{name: "token and auth_token", edit: func(m *providerModel) { m.Token, m.AuthToken = str("a"), str("b") }, errors: []string{"Conflicting Credentials"}},
		{name: "profile wins over the block", env: map[string]string{envSharedConfigFile: profile},
			edit: func(m *providerModel) {
				m.AccessKey, m.SecretKey, m.ProjectID = str("AKBLOCK"), str("skblock"), str("p-block")
				m.AssumeRole = []assumeRoleModel{{AgencyName: str("block_agency"), DomainName: str("acct")}}
			},
			check: func(t *testing.T, c sms.Config) {
				if c.AccessKey != "AKPROFILE" || c.Region != "ap-southeast-3" || c.ProjectID != "p-from-profile" ||
					len(c.AssumeRoles) != 1 || c.AssumeRoles[0].AgencyName != "profile_agency" {
					t.Errorf("%+v: want the profile's keys, region, project and agency", c)
				}
			},
			warnings: []string{"access_key and secret_key is ignored", `replaces "cn-north-4"`, `replaces "p-block"`, `replaces agency "block_agency"`}},
		{name: "agency_name first in the chain", env: map[string]string{envAccessKey: "AK", envSecretKey: "SK", envAgencyName: "old_style", envAgencyDomainName: "acct", envDelegatedProject: "cn-north-4_dev"},
			edit: func(m *providerModel) {
				m.AssumeRole = []assumeRoleModel{{AgencyName: str("first")}, {AgencyName: str("second"), DomainID: str("d2")}}
				m.DomainName = str("home")
			},
			check: func(t *testing.T, c sms.Config) {
				want := []sms.AssumeRole{{AgencyName: "old_style", DomainName: "acct"}, {AgencyName: "first", DomainName: "home"}, {AgencyName: "second", DomainID: "d2"}}
				if !slices.Equal(c.AssumeRoles, want) || c.ProjectName != "cn-north-4_dev" {
					t.Errorf("agencies %+v, project %q: want %+v and the delegated project", c.AssumeRoles, c.ProjectName, want)
				}
			}},
		{name: "password alone", env: map[string]string{"OS_USERNAME": "ops", "OS_PASSWORD": "pw"}, errors: []string{"Unsupported Credentials"},
			warnings: []string{"OS_USERNAME is set", "OS_PASSWORD is set"}},
		{name: "unsupported arguments and variables", env: map[string]string{envAccessKey: "AK", envSecretKey: "SK", "HW_SIGNING_ALGORITHM": "HmacSM3",
			"SKIP_CHECK_UPGRADE": "true", "HW_USER_PASSWORD": "pw"},
			edit: func(m *providerModel) {
				m.Regional, m.EnableForceNew, m.SkipCheckWebsiteType = types.BoolValue(true), types.BoolValue(false), types.BoolValue(true)
				m.SigningAlgorithm, m.UserName = str("HmacSHA256"), str("ops") // HmacSHA256 is what is used anyway
				m.DefaultTags = types.MapValueMust(types.StringType, map[string]attr.Value{"team": str("migration")})
				m.IgnoreTags = types.ListValueMust(types.StringType, []attr.Value{str("owner")})
			},
			check: func(t *testing.T, c sms.Config) {
				if c.AccessKey != "AK" {
					t.Errorf("%+v: want the keys, the password ignored", c)
				}
			},
			warnings: []string{"regional is an argument", "enable_force_new is an argument", "skip_check_website_type is an argument", "user_name is an argument",
				"default_tags is an argument", "ignore_tags is an argument", "HW_SIGNING_ALGORITHM is set", "SKIP_CHECK_UPGRADE is set", "HW_USER_PASSWORD is set"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearCredentialEnv(t)
			t.Setenv(envRegion, "cn-north-4")
			t.Setenv("OS_REGION_NAME", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if _, set := tc.env["OS_REGION_NAME"]; set && tc.env[envRegion] == "" {
				t.Setenv(envRegion, "")
			}
			m := emptyProviderModel()
			if tc.edit != nil {
				tc.edit(&m)
			}
			c, diags := resolveConfig(m, "test", testPacing)
			var errs []string
			for _, d := range diags.Errors() {
				errs = append(errs, d.Summary())
			}
			if !slices.Equal(errs, tc.errors) {
				t.Fatalf("errors %v, want %v: %v", errs, tc.errors, diags)
			}
			var warnings []string
			for _, d := range diags.Warnings() {
				warnings = append(warnings, d.Detail())
			}
			for _, want := range tc.warnings {
				if !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, want) }) {
					t.Errorf("no warning says %q: %q", want, warnings)
				}
			}
			if len(warnings) != len(tc.warnings) {
				t.Errorf("%d warnings, want %d: %q", len(warnings), len(tc.warnings), warnings)
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}
