package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// readmeExample returns the HCL of README.md's "## Example" section, so the
// test below breaks when the README changes in a way that no longer works.
func readmeExample(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n## Example\n.*?```hcl\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ```hcl block under ## Example")
	}
	return string(m[1])
}

// The README's example, applied as written against a fake cloud seeded like
// make demo's (a connected source server web-01): the credentials come from
// the environment, as the example says, and an override file only points
// the provider at the fake.
func TestAccREADME_example(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	hcl := readmeExample(t)
	if !strings.Contains(hcl, `provider "huaweicloud" {}`) {
		t.Fatalf("the README example no longer has an empty provider block; this test relies on it:\n%s", hcl)
	}
	c := newTestCloud(t)
	c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), hcl)
	// An override file merges into the example's provider block.
	writeFile(t, filepath.Join(dir, "fake_cloud_override.tf"), `
provider "huaweicloud" {
  endpoints {
    sms = "`+c.URL+`"
    dcs = "`+c.URL+`"
    iam = "`+c.URL+`"
  }
}
`)
	env := append(slices.Clip(devOverridesEnv(t)), "HW_REGION_NAME=cn-north-4", "HW_ACCESS_KEY="+c.AK, "HW_SECRET_KEY="+c.SK)
	run(t, env, dir, cli.Path, "apply", "-auto-approve", "-input=false", "-no-color")

	tasks := c.Tasks()
	if len(tasks) != 1 {
		t.Fatalf("%d tasks after apply, want the example's one", len(tasks))
	}
	task := tasks[0]
	if task.Name != "web-01-migration" || task.State != fakecloud.StateMigrateSuccess {
		t.Errorf("task %s is %s in state %s, want web-01-migration replicated (MIGRATE_SUCCESS)", task.ID, task.Name, task.State)
	}
	if got := c.Actions(task.ID); !slices.Equal(got, []string{"start"}) {
		t.Errorf("fake cloud accepted %v, want [start]", got)
	}
	run(t, env, dir, cli.Path, "destroy", "-auto-approve", "-input=false", "-no-color")
	if n := len(c.Tasks()); n != 0 {
		t.Errorf("%d tasks left after destroy", n)
	}
}
