package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// UpgradeState moves states of older schema versions to the current one.
func (r *smsTaskResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: upgradeSMSTaskStateV0},
	}
}

// upgradeSMSTaskStateV0 moves a version 0 state to version 1. Version 1 only
// added attributes, so the old JSON decodes with the new type (the added
// attributes null, physical_volumes included); a task created then was
// created without the create-time options, which is what false records.
func upgradeSMSTaskStateV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil {
		resp.Diagnostics.AddError("Error Upgrading SMS Task State", "The version 0 state of huaweicloud_sms_task is empty.")
		return
	}
	current := smsTaskSchema(ctx)
	raw, err := req.RawState.Unmarshal(current.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Error Upgrading SMS Task State",
			fmt.Sprintf("Reading the version 0 state of huaweicloud_sms_task failed: %s. Remove the task from the state (terraform state rm) and import it again.", err))
		return
	}
	var m smsTaskResourceModel
	resp.Diagnostics.Append(tfsdk.State{Schema: current, Raw: raw}.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.defaultUnreadSettings()
	if m.NeedMigrationTest.IsNull() {
		m.NeedMigrationTest = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
