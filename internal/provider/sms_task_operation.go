package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

// What the resource huaweicloud_sms_task_action and the native action of the
// same name have in common: argument descriptions and validators (each schema
// is written out in its own file), the request, and how progress is worded.
// Sending and waiting is smstask.Run for both.

// defaultOperationTimeout bounds sending an operation and waiting for its end
// state when the configuration sets no timeout.
const defaultOperationTimeout = 20 * time.Minute

// The values of wait_for.
const (
	waitForRunning    = "running"
	waitForReplicated = "replicated"
)

const (
	descTaskID = "ID of the SMS migration task to operate on (the `id` of a task, 1 to 36 characters)."

	descTemplateID = "ID of the server template the clone is created from. Required when `operation` is `clone_test` and not allowed with any other operation (checked at plan time). 1 to 255 characters."

	descSwitchHCE = "Switch the target server to Huawei Cloud EulerOS while the operation runs (Linux tasks only). Sent as `switch_hce`; when unset the field is left out of the request and the service default, `false`, applies."

	descConsistencyCheck = "Run a data consistency check as part of the operation. Sent as `is_need_consistency_check`; when unset the field is left out of the request and the service default, `false`, applies."

	descWait = "Wait until the operation reaches its end state (listed under `operation`) before finishing; when `false`, finish as soon as the service has accepted the operation. Defaults to `true`."
)

const descWaitFor = "How far `start` and `restart` wait. `" + waitForRunning + "` (the default): until the task runs, the end state listed under `operation`. " +
	"`" + waitForReplicated + "`: until the full replication is done (the task is `MIGRATE_SUCCESS`, or `SYNCING` or `SYNC_SUCCESS` for a task that keeps synchronising), " +
	"so that `test` or `clone_test` can follow in the same apply (the progress is printed by the action, logged by the resource). " +
	"`" + waitForReplicated + "` is only allowed with `start` and `restart`, and not with `wait = false` (checked at plan time). The wait is bounded by the timeout."

// descOperation documents the allowed operations and, for each, the end
// state waited for, taken from smstask's expectations.
var descOperation = func() string {
	var b strings.Builder
	b.WriteString("Operation to send to the task with `POST /v3/tasks/{task_id}/action`. One of ")
	quoted := make([]string, len(smstask.Operations))
	for i, op := range smstask.Operations {
		quoted[i] = "`" + op + "`"
	}
	b.WriteString(strings.Join(quoted, ", "))
	b.WriteString(". The service refuses an operation the task's state does not allow (for example `stop` on a task that is not running, error code SMS.1038), and that refusal is reported with its error code. End state waited for when `wait` is true: ")
	parts := make([]string, 0, len(smstask.Operations))
	for _, op := range smstask.Operations {
		e, _ := smstask.ExpectationFor(op)
		parts = append(parts, fmt.Sprintf("`%s`: %s", op, e.Describes))
	}
	b.WriteString(strings.Join(parts, "; "))
	b.WriteString(". A task that reaches a failure state instead (for example MIGRATE_FAIL after `start`) fails the run with that state.")
	return b.String()
}()

// Validators of the shared arguments (task_id: taskIDValidators).
func operationValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(smstask.Operations...)}
}

func templateIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthBetween(1, 255)}
}

func waitForValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(waitForRunning, waitForReplicated)}
}

// operationArgs are the arguments the resource and the action share.
type operationArgs struct {
	TaskID                 types.String
	Operation              types.String
	TemplateID             types.String
	SwitchHCE              types.Bool
	IsNeedConsistencyCheck types.Bool
	Wait                   types.Bool
	WaitFor                types.String
}

// validate checks template_id and wait_for against the operation. Unknown
// values are left for a later validation with the final values.
func (a operationArgs) validate(diags *diag.Diagnostics) {
	if a.Operation.IsUnknown() || a.Operation.IsNull() {
		return
	}
	op := a.Operation.ValueString()
	if !a.TemplateID.IsUnknown() {
		switch {
		case op == sms.OperationCloneTest && a.TemplateID.IsNull():
			diags.AddAttributeError(path.Root("template_id"), "Missing Template ID",
				"The clone_test operation clones the target server from a server template: set template_id to the template's ID.")
		case op != sms.OperationCloneTest && !a.TemplateID.IsNull():
			diags.AddAttributeError(path.Root("template_id"), "Template ID Not Allowed",
				fmt.Sprintf("template_id is only used by the clone_test operation; remove it, or set operation to clone_test (operation is %q).", op))
		}
	}
	if a.WaitFor.ValueString() != waitForReplicated {
		return
	}
	switch {
	case !slices.Contains(smstask.ReplicatingOperations, op):
		diags.AddAttributeError(path.Root("wait_for"), "Wait For Replication Not Possible",
			fmt.Sprintf("wait_for = %q only applies to %s, which start a replication (operation is %q). Remove wait_for.",
				waitForReplicated, strings.Join(smstask.ReplicatingOperations, " and "), op))
	case !a.Wait.IsNull() && !a.Wait.IsUnknown() && !a.Wait.ValueBool():
		diags.AddAttributeError(path.Root("wait_for"), "Wait For Replication Without Waiting",
			fmt.Sprintf("wait_for = %q waits until the replication is done, and wait = false does not wait at all. Remove one of them.", waitForReplicated))
	}
}

// request builds the body of the action call; unset options are left out.
func (a operationArgs) request() sms.TaskActionRequest {
	return sms.TaskActionRequest{
		Operation:              a.Operation.ValueString(),
		TemplateID:             a.TemplateID.ValueString(),
		SwitchHCE:              boolPtr(a.SwitchHCE),
		IsNeedConsistencyCheck: boolPtr(a.IsNeedConsistencyCheck),
	}
}

// runOptions says how long smstask.Run waits; report gets a line when the
// operation is sent (or its wait resumed) and for each poll worth telling.
func (a operationArgs) runOptions(report func(msg string)) smstask.RunOptions {
	op := a.Operation.ValueString()
	return smstask.RunOptions{
		Wait:            a.Wait.IsNull() || a.Wait.IsUnknown() || a.Wait.ValueBool(),
		UntilReplicated: a.WaitFor.ValueString() == waitForReplicated,
		OnStart: func(resumed bool, before *sms.Task) {
			report(startMessage(a.TaskID.ValueString(), op, resumed, before))
		},
		OnProgress: func(p smstask.Progress) { report(progressMessage(op, p)) },
	}
}

// startMessage says whether the operation is sent now, or was received by
// an earlier run whose wait this one resumes without sending it again.
func startMessage(taskID, op string, resumed bool, before *sms.Task) string {
	if resumed {
		return fmt.Sprintf("SMS task %s: operation %s was already received, by an earlier run (state %s, source server %s): "+
			"waiting for its outcome without sending it again", taskID, op, before.State, before.SourceServer.State)
	}
	return fmt.Sprintf("SMS task %s: sending operation %s (state %s, source server %s)", taskID, op, before.State, before.SourceServer.State)
}

// addOperationError reports a failed operation run. progressInLog is set
// for the resource, whose wait Terraform shows only as "Still creating...":
// when the wait timed out or was cancelled, the error says where its
// progress was, to follow the next one.
func addOperationError(diags *diag.Diagnostics, a operationArgs, err error, progressInLog bool) {
	detail := describeError(a.attempted(), err)
	var oe *smstask.OperationError
	if progressInLog && errors.As(err, &oe) && (oe.TimedOut || oe.Cancelled) {
		detail += "\n\n" + followProgressHint(a.Operation.ValueString())
	}
	diags.AddError("Error Running SMS Task Operation", detail)
}

// followProgressHint tells how to follow the wait of the resource's
// operation, which Terraform does not show.
func followProgressHint(op string) string {
	return "Terraform shows only \"Still creating...\" while this resource waits. Its progress (state, step, percent, time left: a line " +
		"per change, and about one a minute otherwise) goes to the provider's log: run the apply with TF_LOG_PROVIDER=INFO and " +
		"TF_LOG_PATH=sms.log, and follow it with: tail -f sms.log | grep 'operation " + op + "'. With Terraform 1.14 and later, " +
		"the action huaweicloud_sms_task_action prints it (terraform apply -invoke)."
}

// attempted names an operation run for diagnostics.
func (a operationArgs) attempted() string {
	return fmt.Sprintf("Operation %s on SMS task %s", a.Operation.ValueString(), a.TaskID.ValueString())
}

// progressMessage words one poll of the wait.
func progressMessage(op string, p smstask.Progress) string {
	verb := "waiting"
	if p.Finished {
		verb = "finished"
	}
	msg := fmt.Sprintf("SMS task %s, operation %s %s: state %s, source server %s", p.TaskID, op, verb, p.State, p.Source)
	if p.Step > 0 {
		msg += fmt.Sprintf(", migration step %d of %d %s %d%%", p.Step, p.Steps, p.StepName, p.Percent)
	}
	if p.Remaining > 0 && !p.Finished {
		msg += fmt.Sprintf(", about %s left", p.Remaining.Round(time.Second))
	}
	return msg + fmt.Sprintf(", elapsed %s", p.Elapsed.Round(time.Second))
}
