package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// listStream is how every list resource answers: nothing is called until
// Terraform reads the results, and then each result is pushed as soon as it
// is built. A provider that is not configured, a failed project look-up and
// a failed listing each end the stream with one result carrying the error.
// each lists objects of the provider's project pid and pushes them while
// push returns true.
func listStream(ctx context.Context, client *sms.Client, objects string, each func(pid string, push func(list.ListResult) bool) error) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var diags diag.Diagnostics
		if client == nil {
			diags.AddError("Provider Not Configured", fmt.Sprintf("The huaweicloud provider was not configured before listing %s. This is a bug in the provider; please report it.", objects))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		pid, err := client.ProjectID(ctx)
		if err != nil {
			addAPIError(&diags, "Error Finding the IAM Project", fmt.Sprintf("Finding the IAM project of region %s for listing %s", client.Region(), objects), err)
			push(list.ListResult{Diagnostics: diags})
			return
		}
		if err := each(pid, push); err != nil {
			addAPIError(&diags, "Error Listing "+objects, "Listing "+objects, err)
			push(list.ListResult{Diagnostics: diags})
		}
	}
}
