package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// testAccProviderConfig_body renders a provider block with the given body and a data source
// that makes terraform configure it.
func testAccProviderConfig_body(body string) string {
	return fmt.Sprintf("provider \"huaweicloud\" {\n%s\n}\ndata \"huaweicloud_sms_tasks\" \"all\" {}\n", body)
}

func TestAccProvider_tokenAuthAndExplicitProject(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) { o.AuthTokens = []string{"project-scoped-token"} })
	c.SeedTasks(2, fakecloud.TaskSpec{Name: "tok"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderConfig_body(fmt.Sprintf(`
  region     = "cn-north-4"
  auth_token = "project-scoped-token"
  project_id = %q
  endpoints {
    sms = %q
    iam = %q
  }`, c.ProjectID(), c.URL, c.URL)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(2)),
			},
		}},
	})
	// The token is re-scoped to the project by its id first, as the
	// official provider does: no project or account look-up.
	s := c.Stats()
	if s.TokenAuthenticated == 0 || s.CredentialCalls[fakecloud.RouteAuthTokens] == 0 || s.Routes[fakecloud.RouteListProjects] != 0 || s.Routes[fakecloud.RouteListAuthDomains] != 0 {
		t.Fatalf("want token-authenticated calls after a re-scoping, and no project or account look-up, got %+v", s)
	}
}

func TestAccProvider_configurationErrors(t *testing.T) {
	cliForTest(t) // the check after the cases needs them run
	c := newTestCloud(t)
	endpoints := fmt.Sprintf("endpoints {\n sms = %q\n iam = %q\n}", c.URL, c.URL)
	t.Setenv(envRegion, "")
	t.Setenv(envAccessKey, "")
	t.Setenv(envSecretKey, "")
	t.Setenv(envAuthToken, "")
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"missing region", `access_key = "a"
  secret_key = "b"
  ` + endpoints, regexp.MustCompile(`Missing Region`)},
		// With nothing configured the provider asks the ECS metadata service
		// (here the fake's, which answers like an ECS without an agency).
		{"no credentials", fmt.Sprintf(`region = "cn-north-4"
  endpoints {
    sms      = %q
    metadata = %q
  }`, c.URL, c.URL), regexp.MustCompile(strings.ReplaceAll(`(?s)Invalid Provider Credentials.*ECS metadata service at http://127.0.0.1.*Please configure Cloud Service Agency first.*No credentials are configured`, " ", `\s+`))},
		{"access key without secret", `region = "cn-north-4"
  access_key = "a"
  ` + endpoints, regexp.MustCompile(`Missing Secret Key`)},
		{"both ways", `region = "cn-north-4"
  access_key = "a"
  secret_key = "b"
  auth_token = "t"
  ` + endpoints, regexp.MustCompile(`Conflicting Credentials`)},
		{"plain http off loopback", `region = "cn-north-4"
  auth_token = "t"
  endpoints {
    sms = "http://sms.example.com"
  }`, regexp.MustCompile(`Invalid Endpoint`)},
		{"max retries out of range", `region = "cn-north-4"
  auth_token = "t"
  max_retries = 99
  ` + endpoints, regexp.MustCompile(`max_retries`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: testAccProviderConfig_body(tc.body), PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
	if s := c.Stats(); s.Total != 0 || s.CredentialCalls[fakecloud.RouteMetadataSecurityKey] == 0 {
		t.Fatalf("a rejected configuration still reached the API (%d calls), or the metadata service was not asked (%v)", s.Total, s.CredentialCalls)
	}
}

func TestAccProvider_credentialsFromEnvironment(t *testing.T) {
	c := newTestCloud(t)
	c.SeedTasks(1, fakecloud.TaskSpec{Name: "env"})
	t.Setenv(envRegion, "cn-north-4")
	t.Setenv(envAccessKey, c.AK)
	t.Setenv(envSecretKey, c.SK)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderConfig_body(fmt.Sprintf("endpoints {\n sms = %q\n iam = %q\n}", c.URL, c.URL)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
}

// Credentials in the provider block win over the environment as a set: an
// auth_token provider ignores an exported access key pair, and the other way
// round, instead of calling the two a conflict.
func TestAccProvider_configuredCredentialsWinOverEnvironment(t *testing.T) {
	const token = "MIItoken-over-environment"
	c := newTestCloud(t, func(o *fakecloud.Options) { o.AuthTokens = []string{token} })
	c.SeedTasks(2, fakecloud.TaskSpec{Name: "mixed"})
	t.Setenv(envAccessKey, "AKFROMENVIRONMENT")
	t.Setenv(envSecretKey, "sk-from-environment")
	t.Setenv(envSecurityToken, "st-from-environment")
	endpoints := fmt.Sprintf("endpoints {\n sms = %q\n iam = %q\n}", c.URL, c.URL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderConfig_body(fmt.Sprintf("region = \"cn-north-4\"\n auth_token = %q\n project_id = %q\n %s", token, c.ProjectID(), endpoints)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.huaweicloud_sms_tasks.all", tfjsonpath.New("tasks"), knownvalue.ListSizeExact(2)),
			},
		}},
	})
	if s := c.Stats(); s.TokenAuthenticated == 0 || s.Verified != 0 {
		t.Fatalf("want only token-authenticated calls, got %+v", s)
	}
}
