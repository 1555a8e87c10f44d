package provider

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// compiledPatterns holds the patterns of schema validators, each compiled
// once per process: Terraform starts the provider several times per
// command and each start builds the schemas it needs, some more than once.
var compiledPatterns sync.Map // pattern -> *regexp.Regexp

// schemaPattern compiles a pattern of a schema validator, once per process
// (so not regexp.MustCompile at each schema build).
func schemaPattern(pattern string) *regexp.Regexp {
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
var hhmm = sync.OnceValue(func() *regexp.Regexp { return schemaPattern(hhmmPattern) })

// speedPeriod checks one speed_limit_schedule period: its fields, its span
// and its overlaps with the periods before it. Every error is reported at
// the period's own path, which Terraform shows on the line that declares
// the period (a path into the period's fields would be shown on the
// resource's first line), and one bad period hides nothing of the others.
func speedPeriod() validator.Object { return speedPeriodValidator{} }

type speedPeriodValidator struct{}

func (speedPeriodValidator) Description(context.Context) string {
	return "start and end are HH:MM with start before end, speed and over_speed_threshold are within range, and the period does not overlap another"
}

func (v speedPeriodValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (speedPeriodValidator) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	at := req.Path
	attrs := req.ConfigValue.Attributes()
	for _, name := range []string{"start", "end"} {
		if v, _ := attrs[name].(types.String); knownString(v) && !hhmm().MatchString(v.ValueString()) {
			resp.Diagnostics.AddAttributeError(at, "Invalid Speed Limit Period",
				fmt.Sprintf("%s: %s must be a time of day written HH:MM, 00:00 to 23:59, got %q.", at, name, v.ValueString()))
		}
	}
	if v, _ := attrs["speed"].(types.Int64); !v.IsNull() && !v.IsUnknown() && (v.ValueInt64() < 0 || v.ValueInt64() > sms.MaxPeriodSpeed) {
		resp.Diagnostics.AddAttributeError(at, "Invalid Speed Limit Period",
			fmt.Sprintf("%s: speed must be from 0 to %d Mbit/s, got %d.", at, sms.MaxPeriodSpeed, v.ValueInt64()))
	}
	if v, _ := attrs["over_speed_threshold"].(types.Float64); !v.IsNull() && !v.IsUnknown() && (v.ValueFloat64() < 0 || v.ValueFloat64() > sms.MaxOverSpeedThreshold) {
		resp.Diagnostics.AddAttributeError(at, "Invalid Speed Limit Period",
			fmt.Sprintf("%s: over_speed_threshold must be a percentage from 0 to %d, got %s.", at, sms.MaxOverSpeedThreshold, formatNumber(v.ValueFloat64())))
	}
	self, ok := periodSpan(req.ConfigValue)
	if !ok {
		return // unknown until apply, or malformed (said above)
	}
	if self.start >= self.end {
		resp.Diagnostics.AddAttributeError(at, "Invalid Speed Limit Period",
			fmt.Sprintf("%s: the period must start before it ends (start %s, end %s); a period cannot span midnight, split it in two.", at, self.start, self.end))
		return
	}
	var schedule types.List
	if d := req.Config.GetAttribute(ctx, at.ParentPath(), &schedule); d.HasError() {
		return
	}
	index, ok := at.Steps()[len(at.Steps())-1].(path.PathStepElementKeyInt)
	if !ok || int(index) > len(schedule.Elements()) {
		return
	}
	// Each overlapping pair is reported once, on the later period.
	for j, e := range schedule.Elements()[:index] {
		other, ok := periodSpan(e)
		if ok && other.start < other.end && self.start < other.end && other.start < self.end {
			resp.Diagnostics.AddAttributeError(at, "Overlapping Speed Limit Periods",
				fmt.Sprintf("%s (%s-%s) overlaps %s (%s-%s); periods must not overlap.", at, self.start, self.end, at.ParentPath().AtListIndex(j), other.start, other.end))
		}
	}
}

// span is a speed-limit period's start and end, HH:MM.
type span struct{ start, end string }

// periodSpan reads a period's times when both are known and well formed.
func periodSpan(v attr.Value) (span, bool) {
	obj, ok := v.(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return span{}, false
	}
	start, _ := obj.Attributes()["start"].(types.String)
	end, _ := obj.Attributes()["end"].(types.String)
	if !knownString(start) || !knownString(end) || !hhmm().MatchString(start.ValueString()) || !hhmm().MatchString(end.ValueString()) {
		return span{}, false
	}
	return span{start.ValueString(), end.ValueString()}, true
}

// formatNumber prints a number as written: 150, not 150.000000.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// percent accepts a percentage from 0 to 100 and says so in whole numbers
// (float64validator.Between prints "0.000000 and 100.000000").
func percent() validator.Float64 { return percentValidator{} }

type percentValidator struct{}

func (percentValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be a percentage from 0 to %d", sms.MaxOverSpeedThreshold)
}

func (v percentValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (percentValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if f := req.ConfigValue.ValueFloat64(); f < 0 || f > sms.MaxOverSpeedThreshold {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Percentage",
			fmt.Sprintf("%s must be a percentage from 0 to %d, got %s.", req.Path, sms.MaxOverSpeedThreshold, formatNumber(f)))
	}
}

// smsTaskIDMax is the longest id of a task (or of a source server) that a
// task path or a task listing filter takes: 1 to 36 characters on the
// current API pages, 0 to 255 on older ones. Ids are UUIDs, so the shorter
// limit refuses nothing real.
const smsTaskIDMax = 36

// taskIDValidators checks a task or source server id.
func taskIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthBetween(1, smsTaskIDMax)}
}

// smsNamePattern is the alphabet of the names SMS takes (tasks, server
// templates, migration projects): Chinese characters, letters, digits,
// underscores and hyphens. Lengths are checked separately, in characters.
const smsNamePattern = `^[\p{Han}A-Za-z0-9_-]+$`

// smsNameCharacters checks a name's characters against smsNamePattern. An
// empty name is left to the length check, so it gets one error, not two.
func smsNameCharacters() validator.String {
	return nameCharactersValidator{re: schemaPattern(smsNamePattern), message: "must contain only letters, digits, Chinese characters, underscores (_) and hyphens (-)"}
}

type nameCharactersValidator struct {
	re      *regexp.Regexp
	message string
}

func (v nameCharactersValidator) Description(context.Context) string { return "value " + v.message }

func (v nameCharactersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v nameCharactersValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !knownString(req.ConfigValue) || req.ConfigValue.ValueString() == "" {
		return
	}
	if s := req.ConfigValue.ValueString(); !v.re.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Name",
			fmt.Sprintf("%s %s, got %q.", req.Path, v.message, s))
	}
}

// requiredUnlessTemplate makes target_server.name required when the task
// has no vm_template_id: the service takes a template-based target's name
// from the template (the official provider's acceptance tests create such
// tasks with no target name), any other target needs one.
type requiredUnlessTemplate struct{ what string }

func (requiredUnlessTemplate) Description(context.Context) string {
	return "required unless vm_template_id is set"
}

func (v requiredUnlessTemplate) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requiredUnlessTemplate) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	v.check(ctx, req.Config, req.Path, req.ConfigValue.IsNull(), &resp.Diagnostics)
}

func (v requiredUnlessTemplate) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	v.check(ctx, req.Config, req.Path, req.ConfigValue.IsNull(), &resp.Diagnostics)
}

func (v requiredUnlessTemplate) check(ctx context.Context, config tfsdk.Config, at path.Path, missing bool, diags *diag.Diagnostics) {
	if !missing {
		return
	}
	var tpl types.String
	diags.Append(config.GetAttribute(ctx, path.Root("vm_template_id"), &tpl)...)
	if tpl.IsNull() {
		diags.AddAttributeError(at, "Missing Target Server",
			v.what+" is required unless vm_template_id is set (the service makes a template-based target from its template and names it after it).")
	}
}
