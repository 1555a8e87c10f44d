package provider

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// guideBlock returns the first fenced block of the given language after the
// heading in a generated guide, so the test below breaks when the guide
// changes in a way that no longer works.
func guideBlock(t *testing.T, guide, heading, lang string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "guides", guide))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n" + regexp.QuoteMeta(heading) + "\n.*?```" + lang + "\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no ```%s block under %q", guide, lang, heading)
	}
	return string(m[1])
}

// yamlEnv reads the env: mapping of a GitHub Actions job, as KEY=value.
func yamlEnv(t *testing.T, workflow string) map[string]string {
	t.Helper()
	env := map[string]string{}
	in, indent := false, 0
	sc := bufio.NewScanner(strings.NewReader(workflow))
	for sc.Scan() {
		line := sc.Text()
		depth := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case strings.TrimSpace(line) == "env:":
			in, indent = true, depth
		case in && depth > indent:
			k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok {
				t.Fatalf("unreadable env line %q", line)
			}
			env[k] = v
		case in:
			in = false
		}
	}
	if len(env) == 0 {
		t.Fatal("the workflow sets no environment")
	}
	return env
}

// The authentication guide's examples, applied as printed against a fake
// cloud that knows the guide's identity providers, agency and accounts: the
// Terraform Cloud provider block with a workload identity token, the GitHub
// Actions job's environment with an empty provider block, and the ECS
// provider block with an agency. An override file only points the
// endpoints (the metadata service's too) at the fake, and a data source
// makes each configuration call the API.
func TestAccGuide_authenticatingWithoutKeys(t *testing.T) {
	const guide = "authenticating-without-long-lived-keys.md"
	cli := cliForTest(t)
	clearCredentialEnv(t)
	token := fakecloud.IDToken("organization:migrations:workspace:sms", time.Now().Add(time.Hour))
	c := newTestCloud(t, func(o *fakecloud.Options) {
		o.DomainID, o.DomainName = "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "migration-account"
		o.Federation = fakecloud.Federation{
			IdentityProviders: map[string][]string{"terraform-cloud": {token}, "github-actions": {token}},
			Agencies:          []string{"sms_operator"},
			ECSAgency:         "ecs_sms_agency",
		}
	})
	c.SeedTasks(1, fakecloud.TaskSpec{Name: "guide"})
	tokenFile := filepath.Join(t.TempDir(), "id-token")
	writeFile(t, tokenFile, token+"\n")

	workflow := yamlEnv(t, guideBlock(t, guide, "## GitHub Actions", "yaml"))
	var github []string
	for k, v := range workflow {
		if k == envAssumeIDTokenFile {
			v = tokenFile // where the job's token step writes it; a test has its own directory
		}
		github = append(github, k+"="+v)
	}
	for _, tc := range []struct {
		name, provider string
		env            []string
		calls          []string
	}{
		{"Terraform Cloud", guideBlock(t, guide, "## Terraform Cloud", "terraform"), []string{envTFCWorkloadIdentityToken + "=" + token},
			[]string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens}},
		{"GitHub Actions", `provider "huaweicloud" {}` + "\n", github, []string{fakecloud.RouteIDTokenExchange, fakecloud.RouteSecurityTokens}},
		{"ECS", guideBlock(t, guide, "## On an ECS", "terraform"), nil, []string{fakecloud.RouteMetadataSecurityKey, fakecloud.RouteSecurityTokens}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.ResetStats()
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), tc.provider)
			writeFile(t, filepath.Join(dir, "versions.tf"), requiredProviders+"\ndata \"huaweicloud_sms_tasks\" \"all\" {}\n")
			writeFile(t, filepath.Join(dir, "fake_cloud_override.tf"), `
provider "huaweicloud" {
  endpoints {
    sms      = "`+c.URL+`"
    dcs      = "`+c.URL+`"
    iam      = "`+c.URL+`"
    metadata = "`+c.URL+`"
  }
}
`)
			env := append(slices.Clip(devOverridesEnv(t)), tc.env...)
			if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, envRegion+"=cn-north-4") }) {
				env = append(env, envRegion+"=cn-north-4")
			}
			run(t, env, dir, cli.Path, "apply", "-auto-approve", "-input=false", "-no-color")
			s := c.Stats()
			for _, route := range tc.calls {
				if s.CredentialCalls[route] == 0 {
					t.Errorf("no %s; credential calls %v", route, s.CredentialCalls)
				}
			}
			if s.Routes[fakecloud.RouteListTasks] == 0 || s.VerifiedTemporary != s.Verified {
				t.Errorf("%d task listings, %d of %d calls signed with temporary credentials: want the listing, signed with the agency's", s.Routes[fakecloud.RouteListTasks], s.VerifiedTemporary, s.Verified)
			}
		})
	}
}
