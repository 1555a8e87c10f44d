package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func TestAccSMSTaskActionAction_resumesAfterCancel(t *testing.T) {
	cli := cliForTest(t)
	featureActions.skipWithout(t, cli)
	t.Parallel()
	c := newTestCloud(t, func(o *fakecloud.Options) { o.Timing.Migrate = cancelMigrate })
	task := c.SeedTask(fakecloud.TaskSpec{})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), requiredProviders+c.cliProviderBlock()+`
action "huaweicloud_sms_task_action" "start" {
  config {
    task_id   = "`+task.ID+`"
    operation = "start"
    wait_for  = "replicated"
  }
}
`)
	env := append(slices.Clip(devOverridesEnv(t)), "HW_SECRET_KEY="+c.SK)

	logFile := filepath.Join(dir, "terraform.log")
	testResumeAfterCancel(t, c, task.ID, func() *exec.Cmd {
		cmd := exec.Command(cli.Path, "apply", "-invoke=action.huaweicloud_sms_task_action.start", "-auto-approve", "-input=false", "-no-color")
		cmd.Dir, cmd.Env = dir, append(slices.Clip(env), "TF_LOG_PROVIDER=WARN", "TF_LOG_PATH="+logFile)
		return cmd
	}, func(string, error) string {
		// Terraform 1.16.4 shows the action's diagnostics after the
		// interrupt, or ends the -invoke with "Apply complete!" without
		// them, depending on when the interrupt lands; the provider's log
		// says what happened either way.
		b, err := os.ReadFile(logFile)
		if err != nil {
			t.Error(err)
		}
		return string(b)
	})
}
