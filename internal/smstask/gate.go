package smstask

import (
	"slices"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The deletion gate (DeleteTask and DeleteTasks) is documented twice, and the
// two texts are not complements. The current pages refuse a task whose agent
// is connected while its source is in a deny list; the older pages and the
// batch page allow it only when the agent is disconnected or the source is
// in an allow list (unavailable, "ready", finished, error, stopped; "ready"
// is no source state value). The provider holds to both: a task certainly
// refused (deny list) is not sent, a task possibly refused (not in the allow
// list) is sent and a refusal is expected.

// deniedSourceStates: with the agent connected, every reading refuses these.
var deniedSourceStates = []string{
	sms.SourceStateInitialize, sms.SourceStateStopping, sms.SourceStateDeleting, sms.SourceStateCloning,
	sms.SourceStateReplicate, sms.SourceStateSyncing, sms.SourceStateCutovering, sms.SourceStateSkipping,
	sms.SourceStateClearing, sms.SourceStatePremiging,
}

// allowedSourceStates: with the agent connected, every reading accepts these.
var allowedSourceStates = []string{
	sms.SourceStateUnavailable, sms.SourceStateFinished, sms.SourceStateError, sms.SourceStateStopped,
}

// GateRefuses reports a task every reading of the gate refuses now: agent
// connected, source in the deny list.
func GateRefuses(t *sms.Task) bool {
	return t.Connected && slices.Contains(deniedSourceStates, sourceState(t))
}

// GateMayRefuse reports a task some reading of the gate refuses: agent
// connected and source state outside the allow list (waiting, cleared,
// premiged... and every state GateRefuses covers).
func GateMayRefuse(t *sms.Task) bool {
	return t.Connected && !slices.Contains(allowedSourceStates, sourceState(t))
}

// Busy reports a task a delete has to stop first, or else wait for: the stop
// operation accepts it and the gate may refuse it.
func Busy(t *sms.Task) bool {
	return slices.Contains(stoppable, t.State) && GateMayRefuse(t)
}
