package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// stringOr is v's value, or def when v is null or unknown.
func stringOr(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueString()
}

// nullIfEmpty is null for a string the API leaves empty.
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
