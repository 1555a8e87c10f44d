package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// withTimeouts is embedded by the resources that have a timeouts block: it
// holds each operation's default time limit (set by the constructor, the
// one the block's description names) and bounds an operation by the
// configured limit. An operation that has none in the block has no default.
type withTimeouts struct {
	createTimeout, readTimeout, updateTimeout, deleteTimeout time.Duration
}

// createContext, readContext, updateContext and deleteContext bound ctx by
// the operation's time limit (see timeoutContext).
func (w withTimeouts) createContext(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return timeoutContext(ctx, t.Create, w.createTimeout, diags)
}

func (w withTimeouts) readContext(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return timeoutContext(ctx, t.Read, w.readTimeout, diags)
}

func (w withTimeouts) updateContext(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return timeoutContext(ctx, t.Update, w.updateTimeout, diags)
}

func (w withTimeouts) deleteContext(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return timeoutContext(ctx, t.Delete, w.deleteTimeout, diags)
}

// timeoutContext bounds ctx by the time limit limit reads from a timeouts
// block (the configured one, else def): a timeouts.Value's Create, Read,
// Update or Delete, or an action's Invoke. ok is false when diags holds an
// error, from the block or from before: the operation stops there. The
// cancel function is always safe to defer.
func timeoutContext(ctx context.Context, limit func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (_ context.Context, _ context.CancelFunc, ok bool) {
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
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
}
