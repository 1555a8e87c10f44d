package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every create (task, server template, migration project) has one shape:
// write, keepWritten with the new id, then read the object back. Whatever
// the read finds, or fails to find, the object is in the state already:
// an error after keepWritten leaves it there, tainted, and the next apply
// replaces it instead of creating a second one beside a forgotten first.

// keepWritten saves model, which holds the id of an object just written,
// with every value only the service could fill in (unknown in the plan)
// made null: a state may not hold unknown values.
func keepWritten(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	diags := state.Set(ctx, model)
	if diags.HasError() {
		return diags
	}
	raw, err := tftypes.Transform(state.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Error Saving State", "Recording the object just written failed: "+err.Error())
		return diags
	}
	state.Raw = raw
	return diags
}

// readBack ends the create or update of an object (server template,
// migration project), whose id is in the state already: read reports
// whether it found the object, and one that vanished in between is an
// error naming it (the next refresh drops it from the state).
func readBack(diags *diag.Diagnostics, read func() bool, object, id, written string) {
	if !read() && !diags.HasError() {
		diags.AddError(object+" Disappeared", fmt.Sprintf("%s %s was %s but could not be read back: it no longer exists.", object, id, written))
	}
}
