package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The enterprise_project_id filter of the task listings (data source
// huaweicloud_sms_tasks, the huaweicloud_sms_task list resource).

// enterpriseProjectFilterDescription describes the enterprise_project_id
// filter of the task listings.
const enterpriseProjectFilterDescription = "Only tasks in this enterprise project (1 to 255 characters). " +
	"Defaults to the provider's `enterprise_project_id`; unset there too, the tasks of every enterprise project the " +
	"credentials may see are listed (`all_granted_eps`): the service may otherwise list the default enterprise project only."

// listingEnterpriseProject is the enterprise_project_id a task listing
// sends: the configured one, else the provider's default, else every
// project the caller may see.
func listingEnterpriseProject(v types.String, providerDefault string) string {
	switch {
	case knownString(v) && v.ValueString() != "":
		return v.ValueString()
	case providerDefault != "":
		return providerDefault
	}
	return sms.AllEnterpriseProjects
}

// providerEnterpriseProject is the provider's enterprise_project_id; "" for
// a provider not configured yet (listStream then reports that).
func providerEnterpriseProject(c *sms.Client) string {
	if c == nil {
		return ""
	}
	return c.EnterpriseProjectID()
}
