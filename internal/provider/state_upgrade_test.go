package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// upgradeRequest is the request the framework hands an upgrader that has a
// PriorSchema: the stored JSON, and the state read from it with the prior
// schema (attributes the prior schema does not define are ignored, as the
// framework does). A state that does not fit the prior schema is the error
// the framework would report instead of calling the upgrader.
func upgradeRequest(ctx context.Context, prior schema.Schema, rawJSON string) (resource.UpgradeStateRequest, error) {
	rawState := &tfprotov6.RawState{JSON: []byte(rawJSON)}
	raw, err := rawState.UnmarshalWithOpts(prior.Type().TerraformType(ctx), tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return resource.UpgradeStateRequest{}, err
	}
	return resource.UpgradeStateRequest{RawState: rawState, State: &tfsdk.State{Schema: prior, Raw: raw}}, nil
}

// The prior schemas the upgraders decode with are valid schemas of version
// 0, and each is the PriorSchema its resource's upgrader from version 0 has.
func TestPriorSchemasV0Validate(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		prior     schema.Schema
		upgraders map[int64]resource.StateUpgrader
	}{
		"huaweicloud_sms_task":               {smsTaskSchemaV0(ctx), (&smsTaskResource{}).UpgradeState(ctx)},
		"huaweicloud_sms_tasks_batch_delete": {smsTasksBatchDeleteSchemaV0(ctx), (&smsTasksBatchDeleteResource{}).UpgradeState(ctx)},
	} {
		t.Run(name, func(t *testing.T) {
			if d := tc.prior.ValidateImplementation(ctx); d.HasError() {
				t.Fatalf("version 0 schema: %v", d)
			}
			if tc.prior.Version != 0 {
				t.Fatalf("version %d, want 0", tc.prior.Version)
			}
			up := tc.upgraders[0]
			if up.PriorSchema == nil || !up.PriorSchema.Type().Equal(tc.prior.Type()) {
				t.Fatalf("the upgrader from version 0 does not decode with the version 0 schema: %v", up.PriorSchema)
			}
		})
	}
}
