package provider

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// compiledPatterns holds the patterns of schema validators, each compiled
// once per process: Terraform starts the provider several times per
// command and each start builds the schemas it needs, some more than once.
var compiledPatterns sync.Map // pattern -> *regexp.Regexp

// regexpMust compiles a pattern of a schema validator.
func regexpMust(pattern string) *regexp.Regexp {
	if re, ok := compiledPatterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := compiledPatterns.LoadOrStore(pattern, regexp.MustCompile(pattern))
	return re.(*regexp.Regexp)
}

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

// hhmm is compiled on first use, not at every start.
var hhmm = sync.OnceValue(func() *regexp.Regexp { return regexpMust(hhmmPattern) })

// speedScheduleValidator checks a speed_limit_schedule as a whole: every
// period starts before it ends, and no two periods overlap.
type speedScheduleValidator struct{}

func (speedScheduleValidator) Description(context.Context) string {
	return "each period must start before it ends, and periods must not overlap"
}

func (v speedScheduleValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (speedScheduleValidator) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	type period struct{ start, end string }
	var seen []period
	for i, e := range req.ConfigValue.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		start, _ := obj.Attributes()["start"].(types.String)
		end, _ := obj.Attributes()["end"].(types.String)
		if !knownString(start) || !knownString(end) || !hhmm().MatchString(start.ValueString()) || !hhmm().MatchString(end.ValueString()) {
			continue // unknown until apply, or malformed: the attribute's own validator says so
		}
		p := period{start.ValueString(), end.ValueString()}
		at := req.Path.AtListIndex(i)
		if p.start >= p.end {
			resp.Diagnostics.AddAttributeError(at, "Invalid Speed Limit Period",
				fmt.Sprintf("%s: the period must start before it ends (start %s, end %s); a period cannot span midnight, split it in two.", at, p.start, p.end))
			continue
		}
		for j, q := range seen {
			if p.start < q.end && q.start < p.end {
				resp.Diagnostics.AddAttributeError(at, "Overlapping Speed Limit Periods",
					fmt.Sprintf("%s (%s-%s) overlaps period %d (%s-%s); periods must not overlap.", at, p.start, p.end, j, q.start, q.end))
			}
		}
		seen = append(seen, p)
	}
}
