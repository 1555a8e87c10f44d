package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Moving state over from the official provider (huaweicloud/huaweicloud):
// a `moved` block whose `from` is the official provider's resource of the
// same type (Terraform 1.8 and later, OpenTofu 1.12.4 and later) makes the CLI
// hand that resource's state to this provider, which converts it. Each type's
// converter lives in <type>_move.go; what they share is here.

// officialProvider is the official provider's namespace and type. Its
// registry host is not compared: Terraform says registry.terraform.io,
// OpenTofu registry.opentofu.org, a mirror may say another.
const officialProvider = "huaweicloud/huaweicloud"

// officialSchemaVersion is the schema version of the official provider's
// SMS resources, the only one the converters know: none of them declares a
// schema version, up to the commit the test data was written with (a0345b8).
const officialSchemaVersion = 0

// officialMove is the StateMover of a resource of this provider that takes
// the state of the official provider's resource of the same type: that
// state's JSON is decoded into T, and convert writes this provider's state
// from it. Any other source, or a schema version the converter does not
// know, is refused with an error that says what is accepted.
func officialMove[T any](typeName string, convert func(context.Context, *T, *resource.MoveStateResponse)) resource.StateMover {
	return resource.StateMover{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		src, ok := decodeOfficialState[T](typeName, req, resp)
		if ok {
			convert(ctx, src, resp)
		}
	}}
}

// decodeOfficialState checks that the request moves the official provider's
// typeName at the schema version the converters know, and decodes its state.
// Attributes the decoder does not know (a newer official provider's) are
// named in a warning: the refresh that follows the move reads what the API
// has, but nothing of them is carried over.
func decodeOfficialState[T any](typeName string, req resource.MoveStateRequest, resp *resource.MoveStateResponse) (*T, bool) {
	source := fmt.Sprintf("%s of %s", req.SourceTypeName, req.SourceProviderAddress)
	accepted := fmt.Sprintf("%s accepts a moved block whose from is the official provider's %s (source %q, schema version %d)",
		typeName, typeName, officialProvider, officialSchemaVersion)
	switch {
	case !isOfficialProvider(req.SourceProviderAddress) || req.SourceTypeName != typeName:
		resp.Diagnostics.AddError("Unsupported Move Source",
			fmt.Sprintf("Cannot move %s into %s: %s, and nothing else.", source, typeName, accepted))
		return nil, false
	case req.SourceSchemaVersion != officialSchemaVersion:
		resp.Diagnostics.AddError("Unsupported Source Schema Version",
			fmt.Sprintf("Cannot move %s into %s: its state has schema version %d, which this provider does not know; %s. "+
				"Remove the resource from the state with terraform state rm and import it instead (see the guide on moving from the official provider).",
				source, typeName, req.SourceSchemaVersion, accepted))
		return nil, false
	case req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0:
		resp.Diagnostics.AddError("Unsupported Source State Format",
			fmt.Sprintf("Cannot move %s into %s: its state is not in the JSON format Terraform 0.12 and later write (a legacy flat map). "+
				"Run terraform apply with the official provider once to have it rewritten, then move it.", source, typeName))
		return nil, false
	}
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(req.SourceRawState.JSON, &attrs); err != nil {
		resp.Diagnostics.AddError("Invalid Source State",
			fmt.Sprintf("Cannot move %s into %s: its state is not a JSON object: %v.", source, typeName, err))
		return nil, false
	}
	var src T
	if err := json.Unmarshal(req.SourceRawState.JSON, &src); err != nil {
		resp.Diagnostics.AddError("Invalid Source State",
			fmt.Sprintf("Cannot move %s into %s: its state does not have the shape of the official provider's %s at schema version %d: %v.",
				source, typeName, typeName, officialSchemaVersion, err))
		return nil, false
	}
	if unknown := unknownAttributes[T](attrs); len(unknown) > 0 {
		resp.Diagnostics.AddWarning("Official State Attributes Not Carried Over",
			fmt.Sprintf("The state of %s holds attributes this provider's converter does not know: %s. They are left behind; "+
				"the refresh after the move reads what the API has. Check the plan for changes.", source, strings.Join(unknown, ", ")))
	}
	return &src, true
}

// isOfficialProvider reports a provider address HOST/huaweicloud/huaweicloud,
// or huaweicloud/huaweicloud without a host.
func isOfficialProvider(addr string) bool {
	parts := strings.Split(addr, "/")
	n := len(parts)
	return (n == 2 || n == 3) && strings.EqualFold(parts[n-2]+"/"+parts[n-1], officialProvider)
}

// unknownAttributes are the keys of attrs that no json tag of T names,
// sorted, with null ones left out (nothing to carry).
func unknownAttributes[T any](attrs map[string]json.RawMessage) []string {
	known := map[string]bool{}
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		known[name] = true
	}
	var out []string
	for k, v := range attrs {
		if !known[k] && !bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// officialTimeouts is the timeouts block of an official resource, as its
// state holds it when the configuration had one.
type officialTimeouts struct {
	Create *string `json:"create"`
	Update *string `json:"update"`
	Delete *string `json:"delete"`
}

// value is the same block in a resource whose timeouts block has the
// attributes attrTypes (the official one has create, update and delete).
func (t *officialTimeouts) value(attrTypes map[string]attr.Type) timeouts.Value {
	if t == nil {
		return timeoutsOf(attrTypes, nil)
	}
	return timeoutsOf(attrTypes, map[string]attr.Value{
		"create": types.StringPointerValue(t.Create),
		"update": types.StringPointerValue(t.Update),
		"delete": types.StringPointerValue(t.Delete),
	})
}

// officialString is an optional string of an official state: "" when null.
func officialString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// officialBool is an optional flag of an official state, def when null.
func officialBool(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}
