package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The region check of the provider configuration.

// A mistyped region is refused at plan time, on the provider and on a task,
// with the close known regions; with endpoints of its own, any region goes.
func TestAccProvider_unknownRegion(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	public := func(region, body string) string {
		// No endpoints block: the public endpoints, never reached here.
		return fmt.Sprintf(`
provider "huaweicloud" {
  region     = %q
  access_key = %q
  secret_key = %q
  project_id = %q
}
`, region, c.AK, c.SK, c.ProjectID()) + body
	}
	private := func(region, body string) string {
		return strings.Replace(c.config(body), `region      = "cn-north-4"`,
			fmt.Sprintf("region      = %q\n  project_id  = %q", region, c.ProjectID()), 1)
	}
	task := testAccSMSTaskConfig_basic(src.ID, "web-01-task", "")
	taskIn := func(region string) string {
		return testAccSMSTaskConfig_basic(src.ID, "web-01-task", fmt.Sprintf("  region = %q", region))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []resource.TestStep{
			{
				Config:      public("cn-nort-4", task),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Unknown Region(?s:.*)"cn-nort-4" is not a Huawei Cloud region(?s:.*)Did you mean\s+cn-north-4`),
			},
			{
				Config:      public("cn-north-4", taskIn("ap-southeast3")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Unknown Region(?s:.*)"ap-southeast3"(?s:.*)ap-southeast-3`),
			},
			{
				// Endpoints of its own: a private region is the user's call.
				Config: private("xx-private-9", taskIn("xx-private-9")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("region"), knownvalue.StringExact("xx-private-9")),
				}},
				// Read back from the task.
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("huaweicloud_sms_task.this", tfjsonpath.New("region"), knownvalue.StringExact("xx-private-9")),
				},
			},
		},
	})
	if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 1 {
		t.Errorf("%d CreateTask calls, want 1 (none for the refused regions)", n)
	}
}

// Which configurations are held to the known regions: only those on the
// public endpoints; an endpoint override or a cloud domain of its own says
// where an unknown region is served.
func TestResolveConfig_unknownRegion(t *testing.T) {
	clearCredentialEnv(t)
	cases := []struct {
		name    string
		edit    func(m *providerModel)
		refused bool
	}{
		{"public endpoints", func(*providerModel) {}, true},
		{"sms endpoint", func(m *providerModel) {
			m.Endpoints = &endpointsModel{SMS: types.StringValue("https://sms.example.com")}
		}, false},
		{"iam endpoint", func(m *providerModel) {
			m.Endpoints = &endpointsModel{IAM: types.StringValue("https://iam.example.com")}
		}, false},
		{"cloud", func(m *providerModel) { m.Cloud = types.StringValue("example.com") }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := emptyProviderModel()
			m.Region, m.AccessKey, m.SecretKey = types.StringValue("cn-nort-4"), types.StringValue("AK"), types.StringValue("SK")
			tc.edit(&m)
			_, diags := resolveConfig(m, "test", clientPacing{})
			refused := false
			for _, d := range diags.Errors() {
				refused = refused || (d.Summary() == "Unknown Region" && strings.Contains(d.Detail(), "Did you mean cn-north-4?"))
			}
			if refused != tc.refused {
				t.Errorf("refused %t, want %t: %v", refused, tc.refused, diags)
			}
		})
	}
}
