package provider

import (
	"context"
	"fmt"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Every type that calls the API embeds the helper of its kind below, which
// is its Configure: it keeps what the provider's Configure handed over, and
// embedding makes those fields the type's own (r.client, r.tasks...). They
// are zero until the provider is configured (validation, an early plan).
// List resources take the resources' helper: their Configure is the same.

type (
	resourceWithConfigure   struct{ providerData }
	dataSourceWithConfigure struct{ providerData }
	actionWithConfigure     struct{ providerData }
	ephemeralWithConfigure  struct{ providerData }
)

func (w *resourceWithConfigure) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	w.configure(req.ProviderData, &resp.Diagnostics)
}

func (w *dataSourceWithConfigure) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	w.configure(req.ProviderData, &resp.Diagnostics)
}

func (w *actionWithConfigure) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	w.configure(req.ProviderData, &resp.Diagnostics)
}

func (w *ephemeralWithConfigure) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	w.configure(req.ProviderData, &resp.Diagnostics)
}

// configure keeps what Configure handed over. A nil value means the
// provider is not configured yet and is not an error; another type is a
// bug, named in one clear error.
func (pd *providerData) configure(data any, diags *diag.Diagnostics) {
	if data == nil {
		return
	}
	got, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return
	}
	*pd = *got
}

// configured reports whether the provider was configured before the action
// was invoked; an action invoked without it (a bug) fails with one clear
// error.
func (w *actionWithConfigure) configured(diags *diag.Diagnostics) bool {
	if w.client == nil {
		diags.AddError("Unconfigured Provider", "The huaweicloud provider was not configured before the action was invoked. This is a bug in the provider; please report it.")
		return false
	}
	return true
}

// invokeContext starts an invocation of the action: the configuration read
// into model, the provider checked, then ctx bounded by the invoke time
// limit of the timeouts block (def when unset). ok is false when diags
// holds an error: the invocation stops there. The cancel function is always
// safe to defer.
func (w *actionWithConfigure) invokeContext(ctx context.Context, diags *diag.Diagnostics, config tfsdk.Config, model any, def time.Duration) (context.Context, context.CancelFunc, bool) {
	diags.Append(config.Get(ctx, model)...)
	if diags.HasError() || !w.configured(diags) {
		return ctx, func() {}, false
	}
	return startOperation(ctx, diags, actiontimeouts.Value.Invoke, def, config)
}
