package provider

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// regexpMust compiles a pattern of a schema validator.
func regexpMust(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }

// ipAddress accepts an IPv4 or IPv6 address (no prefix length, no zone).
func ipAddress() validator.String { return ipAddressValidator{} }

type ipAddressValidator struct{}

func (ipAddressValidator) Description(context.Context) string {
	return "value must be an IPv4 or IPv6 address"
}

func (v ipAddressValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (ipAddressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if a, err := netip.ParseAddr(s); err != nil || a.Zone() != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid IP Address",
			fmt.Sprintf("%s must be an IPv4 address such as 192.168.0.10 or an IPv6 address such as 2001:db8::10, got %q.", req.Path, s))
	}
}
