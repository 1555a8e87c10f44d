package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The settings of huaweicloud_sms_task that have their own endpoints (the
// speed-limit schedule, the configurations) and those no read returns:
// their conversions, and how the resource sets and refreshes them.

// smsTaskPeriodModel is one period of speed_limit_schedule.
type smsTaskPeriodModel struct {
	Start              types.String  `tfsdk:"start"`
	End                types.String  `tfsdk:"end"`
	Speed              types.Int64   `tfsdk:"speed"`
	OverSpeedThreshold types.Float64 `tfsdk:"over_speed_threshold"`
}

// scheduleToAPI turns speed_limit_schedule into API periods; null is none.
func scheduleToAPI(ctx context.Context, l types.List) ([]sms.SpeedLimitPeriod, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	var in []smsTaskPeriodModel
	diags := l.ElementsAs(ctx, &in, false)
	out := make([]sms.SpeedLimitPeriod, 0, len(in))
	for _, p := range in {
		out = append(out, sms.SpeedLimitPeriod{
			Start:              p.Start.ValueString(),
			End:                p.End.ValueString(),
			Speed:              intPtr(p.Speed),
			OverSpeedThreshold: p.OverSpeedThreshold.ValueFloat64Pointer(),
		})
	}
	return out, diags
}

// scheduleValue is speed_limit_schedule as the API returned it; null when
// the task has no schedule.
func scheduleValue(ctx context.Context, in []sms.SpeedLimitPeriod) (types.List, diag.Diagnostics) {
	if len(in) == 0 {
		return types.ListNull(smsTaskPeriodType()), nil
	}
	out := make([]smsTaskPeriodModel, 0, len(in))
	for _, p := range in {
		m := smsTaskPeriodModel{
			Start:              types.StringValue(p.Start),
			End:                types.StringValue(p.End),
			Speed:              types.Int64Null(),
			OverSpeedThreshold: types.Float64PointerValue(p.OverSpeedThreshold),
		}
		if p.Speed != nil {
			m.Speed = types.Int64Value(int64(*p.Speed))
		}
		out = append(out, m)
	}
	return types.ListValueFrom(ctx, smsTaskPeriodType(), out)
}

// inPriorOrder is read (a task's periods as the API listed them) in the order
// of prior (the schedule in state) when both hold the same periods: the
// periods never overlap, so their order means nothing to the service, and a
// schedule read back in another order (as the official provider's sets are
// sent, in hash order) is no change. Otherwise read as it is.
func inPriorOrder(ctx context.Context, prior types.List, read []sms.SpeedLimitPeriod) []sms.SpeedLimitPeriod {
	held, diags := scheduleToAPI(ctx, prior)
	if diags.HasError() || len(held) != len(read) {
		return read
	}
	key := func(p sms.SpeedLimitPeriod) string {
		return fmt.Sprintf("%s-%s/%v/%v", p.Start, p.End, intValue(p.Speed), floatValue(p.OverSpeedThreshold))
	}
	byKey := make(map[string]sms.SpeedLimitPeriod, len(read))
	for _, p := range read {
		byKey[key(p)] = p
	}
	out := make([]sms.SpeedLimitPeriod, 0, len(read))
	for _, p := range held {
		q, ok := byKey[key(p)]
		if !ok {
			return read
		}
		delete(byKey, key(p))
		out = append(out, q)
	}
	return out
}

// intValue and floatValue print an optional API number ("<nil>" when unset).
func intValue(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatValue(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// configurationsToAPI is the POST configuration-setting body that takes a
// task from the configurations in state to those in plan: every planned key
// with its value, and every key no longer planned with an empty value (which
// removes it). Nothing to send is nil.
func configurationsToAPI(plan, state types.Map) []sms.ConfigItem {
	want, have := stringMap(plan), stringMap(state)
	var out []sms.ConfigItem
	for _, k := range sms.ConfigKeys { // a stable order
		v, planned := want[k]
		old, held := have[k]
		switch {
		case planned && (!held || old != v):
			out = append(out, sms.ConfigItem{ConfigKey: k, ConfigValue: v})
		case !planned && held:
			out = append(out, sms.ConfigItem{ConfigKey: k, ConfigValue: ""})
		}
	}
	return out
}

// configurationsValue keeps the keys of managed (the configurations in
// state) with the values the API returned; keys the API no longer has, or
// has with an empty value, are dropped, and keys nobody manages here are
// left out. Null when none is left. (Whether an empty config_value removes
// a key or is stored is undocumented; either way it reads as unset.)
func configurationsValue(managed types.Map, items []sms.ConfigItem) types.Map {
	keep := stringMap(managed)
	out := map[string]attr.Value{}
	for _, it := range items {
		if _, ok := keep[it.ConfigKey]; ok && it.ConfigValue != "" {
			out[it.ConfigKey] = types.StringValue(it.ConfigValue)
		}
	}
	if len(out) == 0 {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, out)
}

// stringMap is the known entries of a map of strings.
func stringMap(m types.Map) map[string]string {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out[k] = s.ValueString()
		}
	}
	return out
}

// applySettings brings the speed-limit schedule and the configurations of
// task id from those in m (what the task has) to schedule and configs (what
// is planned), calling only the endpoints whose setting changed, and records
// in m what was set.
func (r *smsTaskResource) applySettings(ctx context.Context, id string, m *smsTaskResourceModel, schedule types.List, configs types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	// An empty schedule is no schedule: going between the two costs no call.
	if !schedule.Equal(m.SpeedLimitSchedule) && (len(schedule.Elements()) > 0 || len(m.SpeedLimitSchedule.Elements()) > 0) {
		periods, d := scheduleToAPI(ctx, schedule)
		diags.Append(d...)
		if diags.HasError() {
			return diags
		}
		if err := r.tasks.UpdateSpeedLimits(ctx, id, periods); err != nil {
			addAPIError(&diags, "Error Setting SMS Task Speed Limits", fmt.Sprintf("Setting the speed-limit schedule of SMS migration task %s", id), err)
			return diags
		}
	}
	m.SpeedLimitSchedule = schedule
	if !configs.Equal(m.Configurations) {
		if items := configurationsToAPI(configs, m.Configurations); len(items) > 0 {
			if err := r.tasks.UpdateConfigurations(ctx, id, items); err != nil {
				addAPIError(&diags, "Error Setting SMS Task Configurations", fmt.Sprintf("Setting the configurations of SMS migration task %s", id), err)
				return diags
			}
		}
		m.Configurations = configs
	}
	return diags
}

// readSettings refreshes the speed-limit schedule and the configurations,
// each only when the state holds it: a task without them costs no call
// beyond ShowTask.
func (r *smsTaskResource) readSettings(ctx context.Context, m *smsTaskResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	id := m.ID.ValueString()
	// Empty ({} or []) is the same as unset: nothing to read.
	if len(m.SpeedLimitSchedule.Elements()) > 0 {
		periods, err := r.tasks.ShowSpeedLimits(ctx, id)
		if err != nil {
			addAPIError(&diags, "Error Reading SMS Task Speed Limits", fmt.Sprintf("Reading the speed-limit schedule of SMS migration task %s", id), err)
			return diags
		}
		m.SpeedLimitSchedule, diags = scheduleValue(ctx, inPriorOrder(ctx, m.SpeedLimitSchedule, periods))
	}
	if len(m.Configurations.Elements()) > 0 {
		cfg, err := r.tasks.ShowConfigurations(ctx, id)
		if err != nil {
			addAPIError(&diags, "Error Reading SMS Task Configurations", fmt.Sprintf("Reading the configurations of SMS migration task %s", id), err)
			return diags
		}
		m.Configurations = configurationsValue(m.Configurations, cfg.Configurations)
	}
	return diags
}

// defaultUnreadSettings gives each setting no read returns its documented
// default where the state has none. Every refresh runs it; only a state
// without the setting (after an import or a state upgrade) changes.
func (m *smsTaskResourceModel) defaultUnreadSettings() {
	def := func(v *types.Bool, d bool) {
		if v.IsNull() || v.IsUnknown() {
			*v = types.BoolValue(d)
		}
	}
	def(&m.UsePublicIP, true)
	def(&m.UseIPv6, false)
	def(&m.Syncing, false)
	if m.ExistServer.IsNull() || m.ExistServer.IsUnknown() {
		// An existing target has a vm_id and no template to create it from.
		ts := m.TargetServer
		m.ExistServer = types.BoolValue(ts != nil && knownString(ts.VMID) && !knownString(m.VMTemplateID))
	}
	def(&m.AutoStart, false)
	def(&m.StartNetworkCheck, false)
	def(&m.IsNeedConsistencyCheck, false)
	def(&m.StopOnDestroy, true)
}
