package smstask

import (
	"strings"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// What the rules read from a task, nil-safe: a task not read yet has none.

func sourceState(t *sms.Task) string {
	if t == nil {
		return ""
	}
	return t.SourceServer.State
}

func cloneState(t *sms.Task) string {
	if t == nil || t.CloneServer == nil {
		return ""
	}
	return t.CloneServer.CloneState
}

func cloneVM(t *sms.Task) string {
	if t == nil || t.CloneServer == nil {
		return ""
	}
	return t.CloneServer.VMID
}

// taskFailure is what the task itself says went wrong: its error_json and
// its clone's error, joined; "" when it says nothing.
func taskFailure(t *sms.Task) string {
	if t == nil {
		return ""
	}
	var parts []string
	if t.ErrorJSON != "" {
		parts = append(parts, t.ErrorJSON)
	}
	if cs := t.CloneServer; cs != nil {
		if msg := strings.TrimSpace(cs.CloneError + " " + cs.ErrorMsg); msg != "" {
			parts = append(parts, "clone: "+msg)
		}
	}
	return strings.Join(parts, "; ")
}

func networkResult(t *sms.Task) string {
	if t == nil || t.NetworkCheckInfo == nil {
		return ""
	}
	return t.NetworkCheckInfo.EvaluationResult
}
