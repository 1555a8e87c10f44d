package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The one CRUD skeleton of every resource backed by an API object (task,
// server template, migration project, source server, default migration
// project, privacy agreement), each described by an apiObject:
//
//   - find reads the object by id; SMS's own 404 for that very object
//     (sms.IsNotFound), and nothing else, is a *notFoundError;
//   - Create writes, saves the new id at once (keepWritten), then reads the
//     object back into the state (readBack): whatever the read finds, or
//     fails to find, the object is in the state already, so an error leaves
//     it there, tainted, and the next apply replaces it instead of creating
//     a second one beside a forgotten first;
//   - Update writes, then reads back (readBack);
//   - Read reads the object into the state, or removes the resource when
//     the object is gone (refresh, readOrRemove).

// notFoundError is a find's answer for an object the service says is gone.
type notFoundError struct {
	object, id string
	err        error
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("%s %s does not exist: %v", e.object, e.id, e.err)
}

func (e *notFoundError) Unwrap() error { return e.err }

// isNotFound reports a find that proved its object gone.
func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

// apiObject is what the skeleton knows of one kind of object.
type apiObject[T any] struct {
	client *sms.Client // the provider's, for the identity's project
	// title names the kind in diagnostic summaries ("SMS Server Template"),
	// noun in their details ("server template").
	title, noun string
	// show reads one object by id.
	show func(ctx context.Context, id string) (*T, error)
	// held, when set, says whether the object found is still what the
	// resource manages (the default project is still the default, the
	// agreement still signed); one that is not reads as absent.
	held func(*T) bool
	// attempted, when set, words a read of id in a diagnostic; else
	// "Reading <noun> <id>".
	attempted func(id string) string
}

// find reads object id. SMS's own 404 for it is a *notFoundError.
func (o apiObject[T]) find(ctx context.Context, id string) (*T, error) {
	v, err := o.show(ctx, id)
	if sms.IsNotFound(err) {
		return nil, &notFoundError{object: o.noun, id: id, err: err}
	}
	return v, err
}

// readInto finds object id, copies it into the model with convert (which may
// add diagnostics of its own) and records its identity. It reports whether
// it did: false when the object is gone or no longer held, and when the
// read failed (a diagnostic says why).
func (o apiObject[T]) readInto(ctx context.Context, id string, convert func(*T), identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) bool {
	v, err := o.find(ctx, id)
	switch {
	case isNotFound(err):
		return false
	case err != nil:
		attempted := "Reading " + o.noun + " " + id
		if o.attempted != nil {
			attempted = o.attempted(id)
		}
		addAPIError(diags, "Error Reading "+o.title, attempted, err)
		return false
	case o.held != nil && !o.held(v):
		return false
	}
	convert(v)
	setObjectIdentity(ctx, o.client, identity, id, diags)
	return !diags.HasError()
}

// written is where a write's outcome goes: the state, identity and
// diagnostics of a create's or an update's response.
type written struct {
	state    *tfsdk.State
	identity *tfsdk.ResourceIdentity
	diags    *diag.Diagnostics
}

func created(resp *resource.CreateResponse) written {
	return written{&resp.State, resp.Identity, &resp.Diagnostics}
}

func updated(resp *resource.UpdateResponse) written {
	return written{&resp.State, resp.Identity, &resp.Diagnostics}
}

// readBack ends a write of object id: the object is read into model with
// convert and model is saved. One that vanished in between is an error naming
// it (how says what was done to it: "created", "updated"...); the next
// refresh drops it from the state.
func (o apiObject[T]) readBack(ctx context.Context, out written, model any, id, how string, convert func(*T)) {
	if !o.readInto(ctx, id, convert, out.identity, out.diags) {
		if !out.diags.HasError() {
			out.diags.AddError(o.title+" Disappeared", fmt.Sprintf("%s %s was %s but could not be read back: it no longer exists.", o.title, id, how))
		}
		return
	}
	out.diags.Append(out.state.Set(ctx, model)...)
}

// refresh is the Read of an object resource: the state into model, then
// the object read into it and saved, or the resource removed when the
// object is gone.
func (o apiObject[T]) refresh(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, model any, convert func(*T)) {
	var id types.String
	resp.Diagnostics.Append(req.State.Get(ctx, model)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if o.readOrRemove(ctx, resp, id.ValueString(), convert) {
		resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	}
}

// readOrRemove reads object id with convert; one the service no longer has
// is removed from the state, with the identity the framework wants even
// then. It reports whether the caller should save what convert found.
func (o apiObject[T]) readOrRemove(ctx context.Context, resp *resource.ReadResponse, id string, convert func(*T)) bool {
	found := o.readInto(ctx, id, convert, resp.Identity, &resp.Diagnostics)
	switch {
	case resp.Diagnostics.HasError():
		return false
	case !found:
		tflog.Warn(ctx, o.title+" no longer exists; removing it from the state", map[string]any{"id": id})
		setObjectIdentity(ctx, o.client, resp.Identity, id, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return false
	}
	return true
}

// updateWithoutCall is the Update of a resource whose only arguments that
// change in place are provider-side (timeouts, wait...): nothing is sent,
// and the plan is saved with what keep copies into it from the state (the
// values last read).
func updateWithoutCall(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state any, keep func()) {
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keep()
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// keepWritten saves model, which holds the id of an object just written,
// with every value only the service could convert in (unknown in the plan)
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
