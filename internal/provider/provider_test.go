package provider

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// testPacing makes every wait and retry short: the fake's transitions take
// milliseconds, so polling at production pace would only slow the suite down.
var testPacing = clientPacing{
	RetryWaitMin:   5 * time.Millisecond,
	RetryWaitMax:   50 * time.Millisecond,
	RequestTimeout: 2 * time.Second,
	Poll:           wait.Policy{Min: 20 * time.Millisecond, Max: 200 * time.Millisecond},
	// Throttling slows calls down a tenth as long as in production.
	Throttle: sms.ThrottlePacing{First: 10 * time.Millisecond, HalfLife: 100 * time.Millisecond},
	// Concurrent destroys share a batch delete within this window.
	DeleteBatchWindow: 50 * time.Millisecond,
}

// protoV6ProviderFactories serves the provider in-process to the real
// terraform binary that terraform-plugin-testing runs.
var protoV6ProviderFactories = factoriesWith(testPacing)

// factoriesWith serves a provider with its own pacing (a test's clock).
func factoriesWith(pacing clientPacing) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"huaweicloud": providerserver.NewProtocol6WithError(&huaweicloudProvider{version: "test", pacing: pacing}),
	}
}

// testCloud is one fake Huawei Cloud per test, with its own state and its own
// credentials, reached over real HTTP with every signature checked.
type testCloud struct {
	*fakecloud.Server
	URL string
	AK  string
	SK  string
	// authFailuresExpected turns off the cleanup check that every request
	// was signed and verified (for tests about bad credentials).
	authFailuresExpected bool
}

// fastTransition is how long each state transition takes in the fake.
const fastTransition = 60 * time.Millisecond

func newTestCloud(t *testing.T, mods ...func(*fakecloud.Options)) *testCloud {
	t.Helper()
	return newWrappedTestCloud(t, nil, mods...)
}

// newWrappedTestCloud is newTestCloud with wrap, when not nil, between the
// HTTP server and the fake (a test that moves the clock as requests come).
func newWrappedTestCloud(t *testing.T, wrap func(*fakecloud.Server, http.Handler) http.Handler, mods ...func(*fakecloud.Options)) *testCloud {
	t.Helper()
	h := fnv.New64a()
	h.Write([]byte(t.Name()))
	c := &testCloud{AK: fmt.Sprintf("AKTEST%016X", h.Sum64()), SK: fmt.Sprintf("sk-%x-not-a-real-secret", h.Sum64())}
	opts := fakecloud.Options{
		Credentials:          map[string]string{c.AK: c.SK},
		Timing:               fakecloud.FastTiming(fastTransition),
		RequireProjectHeader: true,
	}
	for _, m := range mods {
		m(&opts)
	}
	c.Server = fakecloud.New(opts)
	var handler http.Handler = c.Server
	if wrap != nil {
		handler = wrap(c.Server, handler)
	}
	srv := httptest.NewServer(handler)
	c.URL = srv.URL
	t.Cleanup(func() {
		srv.Close()
		if c.authFailuresExpected {
			return
		}
		// Every test checks it at the end, whatever its steps checked.
		if err := c.checkRequestsAuthenticated(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// checkRequestsAuthenticated fails when the fake saw a request that was not
// signed and verified (or token-authenticated).
func (c *testCloud) checkRequestsAuthenticated() error {
	s := c.Stats()
	if s.Unsigned != 0 || s.BadSignature != 0 || len(s.AuthFailures) != 0 || s.Verified+s.TokenAuthenticated != s.Total {
		return fmt.Errorf("fake cloud saw requests that were not properly authenticated: total %d, verified %d, token %d, unsigned %d, bad signature %d, failures %v",
			s.Total, s.Verified, s.TokenAuthenticated, s.Unsigned, s.BadSignature, s.AuthFailures)
	}
	return nil
}

// testAccCheckRequestsAuthenticated is checkRequestsAuthenticated as a step check.
func testAccCheckRequestsAuthenticated(c *testCloud) resource.TestCheckFunc {
	return func(*terraform.State) error { return c.checkRequestsAuthenticated() }
}

// providerBlock configures the provider for this cloud; the project id is
// left to discovery so every test also exercises the IAM call.
func (c *testCloud) providerBlock() string {
	return fmt.Sprintf(`
provider "huaweicloud" {
  region      = "cn-north-4"
  access_key  = %q
  secret_key  = %q
  max_retries = 5
  endpoints {
    sms = %q
    dcs = %q
    iam = %q
  }
}
`, c.AK, c.SK, c.URL, c.URL, c.URL)
}

// config is the provider block followed by the test's own configuration.
func (c *testCloud) config(body string) string { return c.providerBlock() + body }

// apiClient is a client of this cloud for tests that act as another user of
// the API (the console, a colleague) while Terraform runs.
func (c *testCloud) apiClient() (*sms.Client, error) {
	return sms.New(sms.Config{
		Region: "cn-north-4", AccessKey: c.AK, SecretKey: c.SK, ProjectID: c.ProjectID(),
		Endpoints: sms.Endpoints{SMS: c.URL, DCS: c.URL, IAM: c.URL},
	})
}

// configuredWith is what Configure hands a type for a client of the fake
// (a type's helpers called without the CLI).
func configuredWith(client *sms.Client) providerData {
	return providerData{client: client, tasks: smstask.NewService(client, smstask.ServiceOptions{})}
}

// planErrorCase is a configuration whose plan must fail with want (a
// regular expression).
type planErrorCase struct{ config, want string }

// testAccPlanErrors plans each case as a step of one test case: a test case
// per case would start the CLI several more times each (version, init),
// and the suite's time is the CLI's start-up.
func testAccPlanErrors(t *testing.T, c *testCloud, cases []planErrorCase) {
	t.Helper()
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      c.config(tc.config),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(tc.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
}

// devOverridesEnv returns the environment under which a terraform command
// loads the provider built from this tree through dev_overrides, so nothing
// is downloaded and no init is needed. standIns are more source addresses
// the same binary answers for (see officialStandIn).
func devOverridesEnv(t *testing.T, standIns ...string) []string {
	t.Helper()
	plugins, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	var overrides strings.Builder
	for _, source := range append([]string{"smsops/huaweicloud"}, standIns...) {
		fmt.Fprintf(&overrides, "    %q = %q\n", source, plugins)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n%s  }\n  direct {}\n}\n", overrides.String()))
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

// builtProvider builds the provider once per test binary (a link takes
// seconds of CPU) and returns the directory holding it; TestMain removes it.
var builtProvider = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "huaweicloud-provider-")
	if err != nil {
		return "", err
	}
	builtProviderDir.Store(&dir)
	binary := filepath.Join(dir, "terraform-provider-huaweicloud")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return dir, nil
})

// builtProviderDir is builtProvider's directory once it exists.
var builtProviderDir atomic.Pointer[string]

func TestMain(m *testing.M) {
	code := m.Run()
	if dir := builtProviderDir.Load(); dir != nil {
		_ = os.RemoveAll(*dir)
	}
	os.Exit(code)
}
