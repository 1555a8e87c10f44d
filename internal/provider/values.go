package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Conversions between framework values and the API's optional fields, shared
// by every resource and data source.

// knownString is true for a string that is neither null nor unknown.
func knownString(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// intPtr is an optional API number: nil when the value is not set.
func intPtr(v types.Int64) *int {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	i := int(v.ValueInt64())
	return &i
}

// boolPtr is an optional API flag: nil when the value is not set, so the
// field is left out and the service default applies.
func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// nullIfEmpty is null for a string the API leaves empty.
// stringOr is v's value, or def when v is null or unknown.
func stringOr(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueString()
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

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
