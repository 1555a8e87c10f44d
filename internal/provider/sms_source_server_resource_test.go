package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// fill keeps the configured registered_name and task_on_destroy, gives an
// import (null) the server's name and the default, and records the task.
func TestSourceServerFill(t *testing.T) {
	s := &sms.SourceServer{ID: "s1", Name: "web-01-wave1", IP: "10.0.0.1", OsType: "LINUX", OsVersion: "CENTOS_7_9_64BIT",
		EnterpriseProjectID: "0", State: "replicate", MigrationCycle: "replicating", Connected: true,
		CurrentTask: &sms.SourceCurrentTask{ID: "t1", Name: "web", State: "RUNNING"}}
	configured := smsSourceServerResourceModel{RegisteredName: types.StringValue("web-01"), TaskOnDestroy: types.StringValue(taskOnDestroyDelete)}
	configured.fill(s)
	if configured.RegisteredName.ValueString() != "web-01" || configured.TaskOnDestroy.ValueString() != taskOnDestroyDelete ||
		configured.Name.ValueString() != "web-01-wave1" || configured.CurrentTaskID.ValueString() != "t1" || !configured.Connected.ValueBool() ||
		configured.State.ValueString() != "replicate" || configured.MigrationCycle.ValueString() != "replicating" {
		t.Errorf("configured: %+v", configured)
	}
	imported := smsSourceServerResourceModel{ID: types.StringValue("s1"), RegisteredName: types.StringNull(), TaskOnDestroy: types.StringNull()}
	s.CurrentTask = nil
	imported.fill(s)
	if imported.RegisteredName.ValueString() != "web-01-wave1" || imported.TaskOnDestroy.ValueString() != taskOnDestroyRefuse || imported.CurrentTaskID.ValueString() != "" {
		t.Errorf("imported: %+v", imported)
	}
	// A task without an id is no task.
	if hasTask(&sms.SourceServer{CurrentTask: &sms.SourceCurrentTask{}}) {
		t.Error("an empty current_task counts as a task")
	}
}

// An update that calls nothing keeps what the service last reported.
func TestSourceServerKeepObserved(t *testing.T) {
	state := smsSourceServerResourceModel{ID: types.StringValue("s1"), Name: types.StringValue("a"), State: types.StringValue("waiting"),
		Connected: types.BoolValue(true), CurrentTaskID: types.StringValue("t1"), IP: types.StringValue("10.0.0.1")}
	plan := smsSourceServerResourceModel{RegisteredName: types.StringValue("b"), State: types.StringUnknown(), Connected: types.BoolUnknown(), CurrentTaskID: types.StringUnknown()}
	plan.keepObserved(&state)
	if plan.State.ValueString() != "waiting" || !plan.Connected.ValueBool() || plan.CurrentTaskID.ValueString() != "t1" || plan.RegisteredName.ValueString() != "b" || plan.IP.ValueString() != "10.0.0.1" {
		t.Errorf("kept: %+v", plan)
	}
}

// The refusal names the task and both ways forward; the timeout hint only
// follows a timed-out wait.
func TestSourceServerDestroyTexts(t *testing.T) {
	d := taskOnServerDetail(&sms.SourceServer{ID: "s1", Name: "web", CurrentTask: &sms.SourceCurrentTask{ID: "t9", Name: "web-task", State: "RUNNING"}}, "")
	for _, want := range []string{"t9", "web-task", "RUNNING", `task_on_destroy = "delete"`, `"stop_and_delete"`, "kept in the Terraform state"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q: %s", want, d)
		}
	}
	if h := registrationHint(&wait.TimeoutError{LastState: sourceAbsent}); !strings.Contains(h, "registered_name") {
		t.Errorf("timeout hint: %q", h)
	}
	if h := registrationHint(errors.New("HTTP 500")); h != "" {
		t.Errorf("hint for another error: %q", h)
	}
}
