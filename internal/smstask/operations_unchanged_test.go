package smstask

import (
	"strings"
	"testing"
)

// A wait that saw no visible change (a repeated network_check whose new
// result equals the old one) says so, with what it last saw.
func TestOperationErrorNamesUnchangedResult(t *testing.T) {
	e := &OperationError{TaskID: "t-1", Operation: "network_check", Expected: "the network check has an evaluation result",
		State: "READY", SourceState: "waiting", TimedOut: true, Unchanged: true, NetworkResult: "GOOD"}
	msg := e.Error()
	for _, want := range []string{"t-1", "READY", "waiting", "no visible change", "network check GOOD"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
}
