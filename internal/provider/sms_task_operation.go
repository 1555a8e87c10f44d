package provider

import (
	"fmt"
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

// What the resource huaweicloud_sms_task_action and the native action that
// runs the same operation have in common: argument descriptions, validation,
// the request, and how progress is worded. Sending and waiting is
// smstask.Run for both.

// defaultOperationTimeout bounds sending an operation and waiting for its end
// state when the configuration sets no timeout.
const defaultOperationTimeout = 20 * time.Minute

const (
	descTaskID = "ID of the SMS migration task to operate on (the `id` of a task, 1 to 255 characters)."

	descTemplateID = "ID of the server template the clone is created from. Required when `operation` is `clone_test` and not allowed with any other operation (checked at plan time). 1 to 255 characters."

	descSwitchHCE = "Switch the target server to Huawei Cloud EulerOS while the operation runs (Linux tasks only). Sent as `switch_hce`; when unset the field is left out of the request and the service default, `false`, applies."

	descConsistencyCheck = "Run a data consistency check as part of the operation. Sent as `is_need_consistency_check`; when unset the field is left out of the request and the service default, `false`, applies."

	descWait = "Wait until the operation reaches its end state (listed under `operation`) before finishing; when `false`, finish as soon as the service has accepted the operation. Defaults to `true`."
)

// operationAttribute is one argument the resource and the action share,
// independent of the schema package each of them builds it with.
type operationAttribute struct {
	description string
	required    bool               // otherwise optional
	boolean     bool               // a bool; otherwise a string
	validators  []validator.String // string attributes only
}

// operationAttributes are the shared arguments by name: the single place
// their descriptions and validation are defined.
func operationAttributes() map[string]operationAttribute {
	idLength := []validator.String{stringvalidator.LengthBetween(1, 255)}
	return map[string]operationAttribute{
		"task_id":                   {description: descTaskID, required: true, validators: idLength},
		"operation":                 {description: operationDescription(), required: true, validators: []validator.String{stringvalidator.OneOf(smstask.Operations...)}},
		"template_id":               {description: descTemplateID, validators: idLength},
		"switch_hce":                {description: descSwitchHCE, boolean: true},
		"is_need_consistency_check": {description: descConsistencyCheck, boolean: true},
	}
}

// operationDescription documents the allowed operations and, for each, the end
// state waited for, taken from smstask's expectations.
func operationDescription() string {
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
}

// operationArgs are the arguments the resource and the action share.
type operationArgs struct {
	TaskID                 types.String
	Operation              types.String
	TemplateID             types.String
	SwitchHCE              types.Bool
	IsNeedConsistencyCheck types.Bool
}

// validate checks template_id against the operation. Unknown values are left
// for a later validation with the final values.
func (a operationArgs) validate(diags *diag.Diagnostics) {
	if a.Operation.IsUnknown() || a.Operation.IsNull() || a.TemplateID.IsUnknown() {
		return
	}
	op := a.Operation.ValueString()
	switch {
	case op == sms.OperationCloneTest && a.TemplateID.IsNull():
		diags.AddAttributeError(path.Root("template_id"), "Missing Template ID",
			"The clone_test operation clones the target server from a server template: set template_id to the template's ID.")
	case op != sms.OperationCloneTest && !a.TemplateID.IsNull():
		diags.AddAttributeError(path.Root("template_id"), "Template ID Not Allowed",
			fmt.Sprintf("template_id is only used by the clone_test operation; remove it, or set operation to clone_test (operation is %q).", op))
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
	return fmt.Sprintf("SMS task %s, operation %s %s: state %s, source server %s, progress %d%%, elapsed %s",
		p.TaskID, op, verb, p.State, p.Source, p.Percent, p.Elapsed.Round(time.Second))
}
