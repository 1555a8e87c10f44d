package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// adoptionTasks is how many tasks the end-to-end adoption starts from.
const adoptionTasks = 300

// TestAccSMSTaskQuery_generateConfig adopts 300 tasks made outside Terraform
// the way a user would: `terraform query -generate-config-out` writes a
// resource and an import block per task, `terraform plan` on the result only
// imports, and after the apply the plan is empty. It runs the real terraform
// CLI against a fake cloud with the provider built from this tree, and counts
// the API calls the query makes: listing pages only, nothing per task.
func TestAccSMSTaskQuery_generateConfig(t *testing.T) {
	cli := cliForTest(t)
	featureQuery.skipWithout(t, cli)
	tf := cli.Path
	t.Parallel()

	c := newTestCloud(t)
	seedAdoptionCloud(c, adoptionTasks-adoptionVariants)
	if n := len(c.Tasks()); n != adoptionTasks {
		t.Fatalf("seeded %d tasks, want %d", n, adoptionTasks)
	}
	env := append(devOverridesEnv(t), "HW_SECRET_KEY="+c.SK)
	dir := t.TempDir()
	copyExample(t, dir, nil) // required_providers
	writeFile(t, filepath.Join(dir, "main.tf"), c.cliProviderBlock())
	writeFile(t, filepath.Join(dir, "adopt.tfquery.hcl"), `
list "huaweicloud_sms_task" "adopted" {
  provider = huaweicloud
  limit    = 1000
}
`)

	before := c.Stats().Routes
	out := terraformOutput(t, env, dir, tf, 0, "query", "-no-color", "-generate-config-out=generated.tf")
	calls := routeDelta(before, c.Stats().Routes)
	t.Logf("terraform query over %d tasks made these API calls: %v", adoptionTasks, calls)
	// ListTasks in pages of 200 and ListSources (for the settings ListTasks
	// lacks) in pages of 200; no ShowTask or anything else per task.
	wantPages := (adoptionTasks + 199) / 200
	if calls[fakecloud.RouteListTasks] != wantPages || calls[fakecloud.RouteListSources] != wantPages {
		t.Errorf("query made %d ListTasks and %d ListSources calls, want %d each", calls[fakecloud.RouteListTasks], calls[fakecloud.RouteListSources], wantPages)
	}
	for route, n := range calls {
		if route != fakecloud.RouteListTasks && route != fakecloud.RouteListSources && route != fakecloud.RouteListProjects {
			t.Errorf("query called %s %d times; it should only list", route, n)
		}
	}
	if got := strings.Count(out, "list.huaweicloud_sms_task.adopted"); got != adoptionTasks {
		t.Errorf("query printed %d results, want %d:\n%s", got, adoptionTasks, out)
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := regexp.MustCompile(`(?m)^import \{`).FindAll(generated, -1); len(n) != adoptionTasks {
		t.Fatalf("generated.tf has %d import blocks, want %d", len(n), adoptionTasks)
	}
	if n := regexp.MustCompile(`(?m)^resource "huaweicloud_sms_task"`).FindAll(generated, -1); len(n) != adoptionTasks {
		t.Fatalf("generated.tf has %d resource blocks, want %d", len(n), adoptionTasks)
	}

	before = c.Stats().Routes
	plan := terraformOutput(t, env, dir, tf, 0, "plan", "-no-color", "-input=false", "-out=adopt.plan")
	want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", adoptionTasks)
	if !strings.Contains(plan, want) {
		t.Fatalf("plan of the generated configuration does not say %q:\n%s", want, lastLines(plan, 60))
	}
	calls = routeDelta(before, c.Stats().Routes)
	t.Logf("planning the %d imports made these API calls: %v", adoptionTasks, calls)
	// Each import reads its task (ShowTask) and the settings ShowTask lacks
	// (ListTasks by id, the source server): three calls per task, no more.
	for _, route := range []string{fakecloud.RouteShowTask, fakecloud.RouteListTasks, fakecloud.RouteShowSource} {
		if calls[route] != adoptionTasks {
			t.Errorf("planning the imports called %s %d times, want once per task (%d)", route, calls[route], adoptionTasks)
		}
	}

	terraformOutput(t, env, dir, tf, 0, "apply", "-no-color", "-input=false", "adopt.plan")
	// -detailed-exitcode: 0 means an empty plan, 2 a plan with changes.
	after := terraformOutput(t, env, dir, tf, 0, "plan", "-no-color", "-input=false", "-detailed-exitcode")
	if !strings.Contains(after, "No changes.") {
		t.Fatalf("plan after adopting is not empty:\n%s", lastLines(after, 60))
	}
	if n := len(c.Tasks()); n != adoptionTasks {
		t.Errorf("the cloud holds %d tasks after adopting, want the %d it had", n, adoptionTasks)
	}
}

// terraformOutput runs a terraform command in dir and fails the test unless
// it exits with wantExit; it returns the combined output.
func terraformOutput(t *testing.T, env []string, dir, tf string, wantExit int, args ...string) string {
	t.Helper()
	cmd := exec.Command(tf, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	if code != wantExit {
		t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, wantExit, lastLines(string(out), 80))
	}
	return string(out)
}

// routeDelta is what the per-route counters grew by between two snapshots.
func routeDelta(before, after map[string]int64) map[string]int {
	out := map[string]int{}
	for route, n := range after {
		if d := n - before[route]; d != 0 {
			out[route] = int(d)
		}
	}
	return out
}

// lastLines keeps the end of a long terraform output for a failure message.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
