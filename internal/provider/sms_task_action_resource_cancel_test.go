package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// Ctrl-C during a wait: terraform gets SIGINT, stops the provider, and the
// provider reports a cancel (not a time-out) and that the operation goes
// on. The next apply or -invoke waits for it without sending it again.
// These tests run the terraform binary themselves, because only a real
// process can be interrupted.

// cancelMigrate is how long the fake's migration takes: long enough that the
// interrupt always lands during the wait. The test then moves the fake's
// clock on instead of waiting.
const cancelMigrate = 10 * time.Minute

const requiredProviders = `
terraform {
  required_providers {
    huaweicloud = { source = "smsops/huaweicloud" }
  }
}
`

func TestAccSMSTaskAction_resumesAfterCancel(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = cancelMigrate })
	task := c.SeedTask(fakecloud.TaskSpec{})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), requiredProviders+c.cliProviderBlock()+
		testAccSMSTaskActionConfig_basic(task.ID, "start", `wait_for = "replicated"`))
	env := append(slices.Clip(devOverridesEnv(t)), "HW_SECRET_KEY="+c.SK)

	testResumeAfterCancel(t, c, task.ID, func() *exec.Cmd {
		cmd := exec.Command(cli.Path, "apply", "-auto-approve", "-input=false", "-no-color")
		cmd.Dir, cmd.Env = dir, env
		return cmd
	}, func(out string, exitErr error) string {
		// The resource's create fails with the cancel as its diagnostic.
		if exitErr == nil {
			t.Errorf("the interrupted apply succeeded:\n%s", out)
		}
		return out
	})
}

// testResumeAfterCancel runs a command that sends start and waits for the
// replication, interrupts it once the wait has begun, checks that
// the cancel is reported as one, then finishes the migration in the fake
// and runs the command again: it must succeed without a second start.
//
// report returns the text that must tell the cancel, given the interrupted
// run's output and exit error.
func testResumeAfterCancel(t *testing.T, c *testCloud, taskID string, command func() *exec.Cmd, report func(out string, exitErr error) string) {
	t.Helper()
	first := command()
	var out bytes.Buffer
	first.Stdout, first.Stderr = &out, &out
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed once terraform has exited, with its error in exitErr.
	exited := make(chan struct{})
	var exitErr error
	go func() { exitErr = first.Wait(); close(exited) }()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := wait.For(ctx, wait.Spec[[]string]{
		Pending: []string{"waiting"},
		Target:  []string{"accepted"},
		Refresh: func(context.Context) ([]string, string, error) {
			select {
			case <-exited:
				return nil, "", fmt.Errorf("terraform exited before its wait began: %v", exitErr)
			default:
			}
			// Interrupt once the wait has begun: start accepted, and the task
			// read again after it (the read before sending is the first).
			if slices.Contains(c.Actions(taskID), "start") && c.Stats().Routes[fakecloud.RouteShowTask] >= 2 {
				return nil, "accepted", nil
			}
			return nil, "waiting", nil
		},
		Policy: wait.Policy{Min: 20 * time.Millisecond, Max: 200 * time.Millisecond},
	})
	if err != nil {
		_ = first.Process.Kill()
		<-exited
		t.Fatalf("%v\n%s", err, out.String())
	}
	if err := first.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-exited
	got := report(out.String(), exitErr)
	if !wrapped("the wait was cancelled while the task was in state RUNNING").MatchString(got) ||
		!wrapped("the next apply (or -invoke) of the same operation waits for it without sending it again").MatchString(got) {
		t.Errorf("the interrupted run does not report the cancel and what follows:\n%s", got)
	}
	if regexp.MustCompile(`timed\s+out`).MatchString(got) {
		t.Errorf("a cancel is reported as a time-out:\n%s", got)
	}

	// The migration finishes while nobody waits; the next run only waits.
	c.Advance(cancelMigrate)
	second := command()
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("the run after the cancel failed: %v\n%s", err, out)
	}
	if err := checkFakeTask(c, taskID, []string{"start"}, "MIGRATE_SUCCESS", "")(nil); err != nil {
		t.Error(err)
	}
}
