package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// A create whose read-back fails keeps the new object in the state (tainted
// by the error): the next apply deletes it and creates it again, instead of
// creating a second one beside a forgotten first. One test per resource
// that creates: task, server template, migration project.
func TestAccCreate_readBackFailureKeepsObject(t *testing.T) {
	for _, tc := range []struct {
		name         string
		config       func(c *testCloud) string
		show, create string
		deletes      []string // the routes that may delete it
	}{
		{
			name: "task",
			config: func(c *testCloud) string {
				return testAccSMSTaskConfig_basic(c.SeedSource(fakecloud.SourceSpec{Name: "kept"}).ID, "kept-task", "")
			},
			show: fakecloud.RouteShowTask, create: fakecloud.RouteCreateTask, deletes: []string{fakecloud.RouteDeleteTask, fakecloud.RouteDeleteTasks},
		},
		{
			name:   "server template",
			config: func(*testCloud) string { return testAccSMSServerTemplateConfig_basic("kept-template", "") },
			show:   "GET /v3/vm/templates/{id}", create: fakecloud.RouteCreateTemplate, deletes: []string{"DELETE /v3/vm/templates/{id}"},
		},
		{
			name:   "migration project",
			config: func(*testCloud) string { return testAccSMSMigrationProjectConfig_basic("kept-project", "") },
			show:   "GET /v3/migprojects/{mig_project_id}", create: fakecloud.RouteCreateMigProject, deletes: []string{fakecloud.RouteDeleteMigProject},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t)
			cfg := c.config(tc.config(c))
			// A 403 is not retried: the read after the create fails once.
			c.InjectFault(fakecloud.Fault{Route: tc.show, Kind: fakecloud.FaultStatus, Status: 403, Count: 1})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: cfg, ExpectError: regexp.MustCompile(`HTTP\s+403`)},
					{
						Config: cfg,
						Check: func(*terraform.State) error {
							routes, deletes := c.Stats().Routes, int64(0)
							for _, r := range tc.deletes {
								deletes += routes[r]
							}
							if routes[tc.create] != 2 || deletes != 1 {
								return fmt.Errorf("%d creates and %d deletes, want 2 and 1: the first apply's object was not in the state to be replaced",
									routes[tc.create], deletes)
							}
							return nil
						},
					},
				},
			})
		})
	}
}
