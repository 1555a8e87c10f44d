package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// What the resource huaweicloud_sms_task_log_upload and the native action of
// the same name have in common: descriptions, validators, and the upload
// with its wait.

// defaultLogUploadTimeout bounds sending the upload and waiting for it.
const defaultLogUploadTimeout = 20 * time.Minute

// obsBucketPattern is an OBS bucket name: 3 to 63 lower-case letters,
// digits, hyphens and periods, starting and ending with a letter or digit.
const obsBucketPattern = `^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`

const (
	descLogTaskID = "ID of the SMS migration task whose logs are uploaded (1 to 36 characters)."

	descLogBucket = "The OBS bucket the agent uploads the logs to: 3 to 63 lower-case letters, digits, hyphens (-) and periods (.), " +
		"starting and ending with a letter or digit. The bucket must exist and the agent must be allowed to write to it."

	descLogWait = "Wait until the upload has finished (the task's log collection status is `UPLOADED`); an upload that fails (`UPLOAD_FAIL`) fails the run. " +
		"When `false`, finish as soon as the service has accepted the upload. Defaults to `true`."
)

func logBucketValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(schemaPattern(obsBucketPattern),
		"must be an OBS bucket name: 3 to 63 lower-case letters, digits, hyphens and periods, starting and ending with a letter or digit")}
}

// logUploadArgs are the arguments the resource and the action share.
type logUploadArgs struct {
	TaskID    types.String
	LogBucket types.String
	Wait      types.Bool
}

func (a logUploadArgs) attempted() string {
	return fmt.Sprintf("Uploading the logs of SMS task %s to OBS bucket %s", a.TaskID.ValueString(), a.LogBucket.ValueString())
}

// uploadLogs sends CollectLog and, when asked, waits through the provider's
// waiter until the task's log collection status ends. The service answers
// the upload's state in ListTasks only (log_collect_status), so each poll is
// one ListTasks call for the task's id. It returns the last status seen.
//
// A reading: no page says what the status shows right after the upload is
// accepted. The wait takes an accepted upload to move the status off a
// previous upload's end state at once (to INIT or UPLOADING); a service
// that kept showing UPLOADED from an earlier upload would end the wait
// early.
func uploadLogs(ctx context.Context, tasks *smstask.Service, poll wait.Policy, a logUploadArgs, report func(string)) (string, error) {
	id := a.TaskID.ValueString()
	if err := tasks.CollectLog(ctx, id, a.LogBucket.ValueString()); err != nil {
		return "", err
	}
	report(fmt.Sprintf("SMS task %s: log upload to %s accepted", id, a.LogBucket.ValueString()))
	if !a.Wait.IsNull() && !a.Wait.IsUnknown() && !a.Wait.ValueBool() {
		return "", nil
	}
	last := ""
	status, err := wait.For(ctx, wait.Spec[string]{
		Pending: []string{"", sms.LogCollectInit, sms.LogCollectUploading},
		Target:  []string{sms.LogCollectUploaded},
		Failure: []string{sms.LogCollectUploadFail},
		Policy:  poll,
		Refresh: func(ctx context.Context) (string, string, error) {
			s, err := logCollectStatus(ctx, tasks, id)
			return s, s, err
		},
		OnPoll: func(s, _ string, elapsed time.Duration) {
			if s != last {
				last = s
				report(fmt.Sprintf("SMS task %s: log upload %s, elapsed %s", id, statusWord(s), elapsed.Round(time.Second)))
			}
		},
	})
	return status, err
}

// logCollectStatus reads a task's log collection status from ListTasks;
// a task the listing does not show is checked with ShowTask, whose 404
// alone says the task is gone.
func logCollectStatus(ctx context.Context, tasks *smstask.Service, id string) (string, error) {
	page, err := tasks.ListTasksPage(ctx, sms.ListTasksFilter{ID: id, EnterpriseProjectID: sms.AllEnterpriseProjects}, 1, 0)
	if err != nil {
		return "", err
	}
	for _, t := range page.Tasks {
		if t.ID == id {
			return t.LogCollectStatus, nil
		}
	}
	if _, err := tasks.ShowTaskOnce(ctx, id); err != nil {
		return "", err
	}
	return "", fmt.Errorf("task %s exists but the task listing does not show it, so its log upload status cannot be read", id)
}

// statusWord words a log collection status for progress messages.
func statusWord(s string) string {
	if s == "" {
		return "status not reported yet"
	}
	return "status " + s
}
