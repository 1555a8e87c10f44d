package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// addAPIError is the one way the provider reports a failed call: a short
// summary, then what was attempted on which object, and the API's error code,
// message and request id when there is one.
func addAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, describeError(attempted, err))
}

// describeError renders an error for a diagnostic detail.
func describeError(attempted string, err error) string {
	var b strings.Builder
	b.WriteString(attempted)
	b.WriteString(" failed")
	// A delete that gave up names the task's state first, whatever API
	// error it last saw (a refusal may come with any code).
	var de *smstask.DeleteError
	// A failure to get credentials is told as it is: an API error inside
	// it is the credential source's, not the call's.
	if e, ok := sms.AsError(err); ok && !errors.As(err, &de) && !sms.IsCredentialSourceError(err) {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
		if e.Code != "" {
			fmt.Fprintf(&b, ", error code %s", e.Code)
		}
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		if e.RequestID != "" {
			fmt.Fprintf(&b, " (request id %s)", e.RequestID)
		}
		b.WriteString(".")
		if e.StatusCode == http.StatusUnauthorized {
			b.WriteString(" The API did not accept the credentials: check access_key and secret_key (or auth_token), that security_token belongs to them, " +
				"that this machine's clock is right (a signature is valid for 15 minutes), and that no proxy rewrites requests on the way.")
		}
		if sms.IsSourceNotReady(err) {
			b.WriteString(" The source server is not ready for a migration task: most often its SMS agent is disconnected (stopped, or it cannot reach the service). " +
				"Start the agent on the source server and check that the data source huaweicloud_sms_source_server shows connected = true and a state other than unavailable, then apply again.")
		}
		if sms.IsThrottled(err) {
			b.WriteString(" The API kept throttling the request after every retry; raise max_retries or try again later.")
		}
		return b.String()
	}
	var oe *smstask.OperationError
	var te *wait.TimeoutError
	var se *wait.StateError
	switch {
	case errors.As(err, &de):
		fmt.Fprintf(&b, ": %v. It is kept in the Terraform state; run destroy again once the task can be deleted, or raise the delete timeout.", de)
	case errors.As(err, &oe):
		fmt.Fprintf(&b, ": %v", oe)
	case errors.As(err, &te):
		fmt.Fprintf(&b, ": timed out while the task was in state %s (waiting for %s). Raise the timeout in the timeouts block, or check the task in the console.", te.LastState, strings.Join(te.Expected, " or "))
	case errors.As(err, &se):
		fmt.Fprintf(&b, ": %v.", se)
	case sms.IsCredentialSourceError(err):
		fmt.Fprintf(&b, ": %s.", sms.CredentialFailure(err))
	case isUnreachable(err):
		detail, _ := unreachableEndpoint(err)
		fmt.Fprintf(&b, ": %s", detail)
	default:
		fmt.Fprintf(&b, ": %v", err)
	}
	return b.String()
}
