package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// tamperedCloud puts a man in the middle between the provider and the fake:
// tamper edits each request after it was signed, before the fake verifies it.
func tamperedCloud(t *testing.T, c *testCloud, tamper func(*http.Request)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tamper(r)
		c.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Each way a signature can go wrong reaches the user as a 401 with the
// gateway's code and message, and a hint on what to check; nothing is
// retried and nothing is created.
func TestAccSecurity_badSignaturesAreClearDiagnostics(t *testing.T) {
	cases := []struct {
		name   string
		mods   []func(*fakecloud.Options)
		tamper func(*http.Request)
		wrong  bool // sign with a wrong secret key
		msg    string
	}{
		{name: "tampered body", msg: "signature mismatch", tamper: func(r *http.Request) {
			if r.ContentLength > 0 {
				b, _ := io.ReadAll(r.Body)
				b = append(b, ' ')
				r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			}
		}},
		{name: "tampered path", msg: "signature mismatch", tamper: func(r *http.Request) {
			r.URL.Path = strings.Replace(r.URL.Path, "/v3/sources/", "/v3/sources/other-", 1)
		}},
		{name: "tampered query", msg: "signature mismatch", tamper: func(r *http.Request) {
			if r.URL.Path == "/v3/projects" {
				r.URL.RawQuery += "&name=eu-west-0"
			}
		}},
		{name: "tampered header", msg: "signature mismatch", tamper: func(r *http.Request) {
			if r.Header.Get("X-Project-Id") != "" {
				r.Header.Set("X-Project-Id", strings.Repeat("f", 32))
			}
		}},
		{name: "skewed date", msg: "request date out of range", mods: []func(*fakecloud.Options){
			func(o *fakecloud.Options) { o.Now = func() time.Time { return time.Now().Add(16 * time.Minute) } },
		}},
		{name: "wrong secret key", msg: "signature mismatch", wrong: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t, tc.mods...)
			c.authFailuresExpected = true
			src := c.SeedSource(fakecloud.SourceSpec{Name: "signed"})
			if tc.tamper != nil {
				c.URL = tamperedCloud(t, c, tc.tamper)
			}
			if tc.wrong {
				c.SK = "sk-somebody-elses-secret"
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: c.config(testAccSMSTaskConfig_basic(src.ID, "signed-task", "")),
					ExpectError: regexp.MustCompile(strings.ReplaceAll(`(?s)HTTP 401, error code APIGW\.0301: `+
						regexp.QuoteMeta(tc.msg)+`.*The API did not accept the credentials`, " ", `\s+`)),
				}},
			})
			s := c.Stats()
			if len(s.AuthFailures) == 0 {
				t.Fatalf("the fake saw no authentication failure: %+v", s)
			}
			if n := len(c.Tasks()); n != 0 {
				t.Fatalf("%d task(s) created despite the failed authentication", n)
			}
			if bad := s.Statuses["401"]; bad != 1 {
				t.Fatalf("%d requests answered 401, want exactly 1 (a 401 is not retried)", bad)
			}
		})
	}
}

// secretsConfig configures two providers as users should, with no secret
// in the configuration: AK/SK with a temporary-credential token from the
// environment, and an IAM token from a sensitive variable.
func (c *testCloud) secretsConfig(sourceID string) string {
	return fmt.Sprintf(`
variable "auth_token" {
  type      = string
  sensitive = true
}

provider "huaweicloud" {
  region     = "cn-north-4"
  access_key = %[1]q
  endpoints {
    sms = %[2]q
    dcs = %[2]q
    iam = %[2]q
  }
}

provider "huaweicloud" {
  alias      = "token"
  region     = "cn-north-4"
  auth_token = var.auth_token
  project_id = %[3]q
  endpoints {
    sms = %[2]q
    dcs = %[2]q
    iam = %[2]q
  }
}

data "huaweicloud_sms_tasks" "with_token" {
  provider = huaweicloud.token
}
`, c.AK, c.URL, c.ProjectID()) + testAccSMSTaskConfig_basic(sourceID, "traced-task", "")
}

// With TF_LOG=TRACE, the log of a whole apply and destroy (Terraform's and
// the provider's) holds the API calls but no secret: not the secret key, the
// security token, the auth token, nor any Authorization signature.
func TestAccSecurity_traceLogHoldsNoSecrets(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	const securityToken = "st-temporary-credential-token-0123456789"
	const authToken = "MIIauth-token-for-the-trace-test-0123456789"
	c := newTestCloud(t, func(o *fakecloud.Options) { o.AuthTokens = []string{authToken} })
	src := c.SeedSource(fakecloud.SourceSpec{Name: "traced"})
	t.Setenv(envSecretKey, c.SK)
	t.Setenv(envSecurityToken, securityToken)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config:          c.secretsConfig(src.ID),
			ConfigVariables: config.Variables{"auth_token": config.StringVariable(authToken)},
		}},
	})

	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no trace log: %v", err)
	}
	log := string(b)
	// The log must really hold the provider's API calls, or its silence
	// proves nothing. (Which calls land in the file varies: Terraform and
	// the in-process provider share it, and lines of early plan runs are
	// sometimes missing, so no particular call is required.)
	calls := regexp.MustCompile(`huaweicloud\.sms_client: Huawei Cloud API request: .*`).FindAllString(log, -1)
	if len(calls) < 3 {
		t.Fatalf("the trace log (%d bytes) holds %d API call lines, want the run's calls; is the provider logging at all?", len(b), len(calls))
	}
	if s := c.Stats(); s.TokenAuthenticated == 0 || s.Verified == 0 {
		t.Fatalf("the test did not use both kinds of credentials: %+v", s)
	}
	for name, secret := range map[string]string{"secret key": c.SK, "security token": securityToken, "auth token": authToken} {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, secret) {
				// Show where, without repeating the secret.
				t.Errorf("the trace log holds the %s: %.300s", name, strings.ReplaceAll(line, secret, "<"+name+">"))
				break
			}
		}
	}
	if m := regexp.MustCompile(`Signature=[0-9a-f]{16,}`).FindString(log); m != "" {
		t.Errorf("the trace log holds an Authorization signature: %.20s…", m)
	}
}

// planRecorder keeps the JSON of every plan it sees, so that a test can
// look for secrets in it once it knows them all.
type planRecorder struct{ plans *[]string }

func (p planRecorder) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	*p.plans = append(*p.plans, string(b))
}

// federatedSecretsConfig configures three providers that get temporary
// credentials: OIDC federation (the ID token from the environment), the
// ECS metadata service then an agency, and a shared config profile with an
// agency.
func (c *testCloud) federatedSecretsConfig(sourceID, profileFile string) string {
	return fmt.Sprintf(`
provider "huaweicloud" {
  region = "cn-north-4"
  assume_role_with_oidc {
    agency_name = %[1]q
    domain_id   = %[2]q
    idp_id      = %[3]q
  }
%[4]s
}

provider "huaweicloud" {
  alias  = "ecs"
  region = "cn-north-4"
  assume_role {
    agency_name = %[1]q
    domain_id   = %[2]q
  }
%[4]s
}

provider "huaweicloud" {
  alias              = "profile"
  shared_config_file = %[5]q
%[4]s
}

data "huaweicloud_sms_tasks" "ecs" {
  provider = huaweicloud.ecs
}

data "huaweicloud_sms_tasks" "profile" {
  provider = huaweicloud.profile
}
`, testAgency, c.DomainID(), testIdpID, c.endpointsBlock(), profileFile) + testAccSMSTaskConfig_basic(sourceID, "federated-trace", "")
}

// No secret of the new credential sources (the ID token, the subject
// tokens, the temporary secret keys and security tokens, the profile's
// secret key) is in the TRACE log of a whole apply and destroy, in a plan or
// in the state.
func TestAccSecurity_temporaryCredentialsNeverLeak(t *testing.T) {
	clearCredentialEnv(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv(envAssumeIDToken, testIDToken)

	c := newFederatedCloud(t, 0)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "traced"})
	profile := writeSharedConfig(t, fmt.Sprintf(`{"current": "ops", "profiles": [{"name": "ops", "mode": "AKSK", "accessKeyId": %q, "secretAccessKey": %q, "region": "cn-north-4", "agencyName": %q, "agencyDomainId": %q}]}`,
		c.AK, c.SK, testAgency, c.DomainID()))
	var plans, states []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{{
			Config: c.federatedSecretsConfig(src.ID, profile),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{planRecorder{&plans}},
				PostApplyPostRefresh: []plancheck.PlanCheck{planRecorder{&plans}},
			},
			Check: func(s *terraform.State) error {
				b, err := json.Marshal(s)
				states = append(states, string(b))
				return err
			},
		}},
	})

	s := c.Stats()
	for _, route := range []string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens, fakecloud.RouteMetadataSecurityKey} {
		if s.CredentialCalls[route] == 0 {
			t.Fatalf("the test did not use every credential source: credential calls %v", s.CredentialCalls)
		}
	}
	if len(plans) == 0 || len(states) == 0 {
		t.Fatal("no plan or state was recorded")
	}
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no trace log: %v", err)
	}
	if calls := regexp.MustCompile(`huaweicloud\.sms_client: Huawei Cloud API request: .*`).FindAllString(string(b), -1); len(calls) < 3 {
		t.Fatalf("the trace log holds %d API call lines; is the provider logging at all?", len(calls))
	}
	secrets := map[string]string{"ID token": testIDToken, "profile secret key": c.SK}
	for i, v := range c.IssuedSecrets() {
		secrets[fmt.Sprintf("issued secret %d", i)] = v
	}
	places := map[string]string{"trace log": string(b), "plans": strings.Join(plans, "\n"), "state": strings.Join(states, "\n")}
	for place, text := range places {
		for name, secret := range secrets {
			if i := strings.Index(text, secret); i >= 0 {
				t.Errorf("the %s holds the %s: …%.200s…", place, name, strings.ReplaceAll(text[max(0, i-100):min(len(text), i+100)], secret, "<"+name+">"))
			}
		}
	}
	if m := regexp.MustCompile(`Signature=[0-9a-f]{16,}`).FindString(string(b)); m != "" {
		t.Errorf("the trace log holds an Authorization signature: %.20s…", m)
	}
}

// With TF_LOG=TRACE, a run that reads a task's passphrase and keys and
// writes a template password logs the API calls but none of those secrets.
func TestAccSecurity_traceLogHoldsNoTemplateOrTaskSecrets(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "traced-secrets"})
	const password = "Traced-Pass-0001"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   requires(featureEphemeral),
		Steps: []resource.TestStep{{
			Config: c.config(testAccSMSTaskCertificateConfig_toTemplate(task.ID) + `
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "huaweicloud_sms_server_template" "plain" {
  name                       = "tpl-traced"
  availability_zone          = "cn-north-4a"
  target_password_wo         = var.password
  target_password_wo_version = 1
}
`),
			ConfigVariables: config.Variables{"password": config.StringVariable(password)},
		}},
	})

	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no trace log: %v", err)
	}
	log := string(b)
	if calls := regexp.MustCompile(`huaweicloud\.sms_client: Huawei Cloud API request: .*`).FindAllString(log, -1); len(calls) < 3 {
		t.Fatalf("the trace log holds %d API call lines; is the provider logging at all?", len(calls))
	}
	passphrase, key := c.TaskSecrets(task.ID)
	if passphrase == "" || key == "" {
		t.Fatal("the task's secrets were never read")
	}
	keyBody := strings.Split(key, "\n")[1] // a line of the PEM body
	for name, secret := range map[string]string{"template password": password, "passphrase": passphrase, "private key": keyBody} {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, secret) {
				t.Errorf("the trace log holds the %s: %.300s", name, strings.ReplaceAll(line, secret, "<"+name+">"))
				break
			}
		}
	}
}
