package provider

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// TestExamplesQuery runs every list resource example (examples/list-resources,
// the Example Usage of its page) with `terraform validate -query` and
// `terraform query` against a fake cloud, with the provider built from this
// tree. List blocks need Terraform 1.14.
func TestExamplesQuery(t *testing.T) {
	cli := cliForTest(t)
	featureQuery.skipWithout(t, cli)
	t.Parallel() // building the provider is not on the serial path
	tf := cli.Path
	files, err := filepath.Glob(filepath.Join(examplesDir, "list-resources", "*", "*.tfquery.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no list resource examples under %s (%v)", filepath.Join(examplesDir, "list-resources"), err)
	}
	env := devOverridesEnv(t)
	for _, f := range files {
		rel, _ := filepath.Rel(examplesDir, f)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			c := newTestCloud(t)
			c.SeedTasks(3, fakecloud.TaskSpec{Name: "console", State: fakecloud.StateRunning})
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			copyExample(t, dir, nil)
			writeFile(t, filepath.Join(dir, "zz_fake_cloud.tf"), c.cliProviderBlock())
			writeFile(t, filepath.Join(dir, filepath.Base(f)), string(body))
			// Clip: parallel subtests must not share the appended element.
			env := append(slices.Clip(env), "HW_SECRET_KEY="+c.SK)
			run(t, env, dir, tf, "validate", "-query", "-no-color")
			out := terraformOutput(t, env, dir, tf, 0, "query", "-no-color")
			if c.Stats().Total == 0 {
				t.Fatalf("terraform query of examples/%s made no API call", filepath.ToSlash(rel))
			}
			// The task example lists RUNNING tasks: the seeded ones.
			if filepath.Base(filepath.Dir(f)) == "huaweicloud_sms_task" && !strings.Contains(out, "console-001") {
				t.Errorf("terraform query of examples/%s did not list the seeded RUNNING tasks:\n%s", filepath.ToSlash(rel), out)
			}
		})
	}
}
