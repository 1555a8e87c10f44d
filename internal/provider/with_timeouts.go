package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// withTimeouts is embedded by the resources that have a timeouts block: it
// holds each operation's default time limit (set by the constructor, the
// one the block's description names) and starts an operation: its models
// read from the plan or the state, its context bounded by the configured
// limit. An operation that has none in the block has no default.
type withTimeouts struct {
	createTimeout, readTimeout, updateTimeout, deleteTimeout time.Duration
}

// modelSource is where an operation reads its models: the plan, the state
// or the configuration.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// readModel is a model an operation starts by reading, and where from.
type readModel struct {
	from modelSource
	into any
}

// createContext, readContext, updateContext and deleteContext start an
// operation: each model is read, then ctx is bounded by the operation's
// time limit in the timeouts block of the first model's source (the plan,
// or the state for read and delete). ok is false when diags holds an
// error: the operation stops there. The cancel function is always safe to
// defer.
func (w withTimeouts) createContext(ctx context.Context, diags *diag.Diagnostics, models ...readModel) (context.Context, context.CancelFunc, bool) {
	return startOperation(ctx, diags, timeouts.Value.Create, w.createTimeout, models[0].from, models...)
}

func (w withTimeouts) readContext(ctx context.Context, diags *diag.Diagnostics, models ...readModel) (context.Context, context.CancelFunc, bool) {
	return startOperation(ctx, diags, timeouts.Value.Read, w.readTimeout, models[0].from, models...)
}

func (w withTimeouts) updateContext(ctx context.Context, diags *diag.Diagnostics, models ...readModel) (context.Context, context.CancelFunc, bool) {
	return startOperation(ctx, diags, timeouts.Value.Update, w.updateTimeout, models[0].from, models...)
}

func (w withTimeouts) deleteContext(ctx context.Context, diags *diag.Diagnostics, models ...readModel) (context.Context, context.CancelFunc, bool) {
	return startOperation(ctx, diags, timeouts.Value.Delete, w.deleteTimeout, models[0].from, models...)
}

// timeLimit reads one operation's limit from a timeouts block V (a
// resource's or an action's): the configured one, else def.
type timeLimit[V any] func(block V, ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// startOperation reads each model, then bounds ctx by limit in the timeouts
// block of blockFrom.
func startOperation[V any](ctx context.Context, diags *diag.Diagnostics, limit timeLimit[V], def time.Duration, blockFrom modelSource, models ...readModel) (context.Context, context.CancelFunc, bool) {
	for _, m := range models {
		diags.Append(m.from.Get(ctx, m.into)...)
	}
	if diags.HasError() {
		return ctx, func() {}, false
	}
	var block V
	diags.Append(blockFrom.GetAttribute(ctx, path.Root("timeouts"), &block)...)
	return limitContext(ctx, func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
		return limit(block, ctx, def)
	}, def, diags)
}

// limitContext bounds ctx by the time limit limit reads (the configured
// one, else def). ok is false when diags holds an error, from the limit or
// from before: the operation stops there. The cancel function is always
// safe to defer.
func limitContext(ctx context.Context, limit func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (_ context.Context, _ context.CancelFunc, ok bool) {
	if diags.HasError() {
		return ctx, func() {}, false
	}
	timeout, d := limit(ctx, def)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, true
}

// nullTimeouts is an unset timeouts block (create, update and delete), for
// resources built without a configuration (list results).
func nullTimeouts() timeouts.Value {
	return timeoutsOf(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}, nil)
}

// timeoutsOf is a timeouts block with the attributes attrTypes holding
// values (by name): a value attrTypes has no attribute for is dropped, an
// attribute values lacks is null, and nil values is a null block. It carries
// time limits from another schema (a state upgrade, a move) into this one.
func timeoutsOf(attrTypes map[string]attr.Type, values map[string]attr.Value) timeouts.Value {
	if values == nil {
		return timeouts.Value{Object: types.ObjectNull(attrTypes)}
	}
	attrs := map[string]attr.Value{}
	for name := range attrTypes {
		attrs[name] = types.StringNull()
		if v, ok := values[name]; ok {
			attrs[name] = v
		}
	}
	return timeouts.Value{Object: types.ObjectValueMust(attrTypes, attrs)}
}

// timeoutTypes is the attributes of a schema's timeouts block.
func timeoutTypes(s schema.Schema) map[string]attr.Type {
	return s.Blocks["timeouts"].Type().(attr.TypeWithAttributeTypes).AttributeTypes()
}
