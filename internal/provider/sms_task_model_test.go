package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// TestSMSTaskNestedTypesFitTheDataSource: the disk and volume object types,
// taken from the resource's schema, are also those of huaweicloud_sms_task
// the data source, which fills the same model.
func TestSMSTaskNestedTypesFitTheDataSource(t *testing.T) {
	var resp datasource.SchemaResponse
	(&smsTaskDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	disks := resp.Schema.Attributes["target_server"].(dsschema.SingleNestedAttribute).Attributes["disks"]
	got := disks.GetType().(types.ListType).ElemType.(types.ObjectType)
	if !got.Equal(smsTaskDiskType()) {
		t.Errorf("the data source's disk type %s is not the resource's %s", got, smsTaskDiskType())
	}
	if vols, ok := got.AttrTypes["physical_volumes"].(types.ListType); !ok || !vols.ElemType.Equal(smsTaskVolumeType()) {
		t.Errorf("the data source's physical_volumes type %s is not the resource's %s", got.AttrTypes["physical_volumes"], smsTaskVolumeType())
	}
	if len(smsTaskPeriodType().AttrTypes) != 4 {
		t.Errorf("speed_limit_schedule periods have %d attributes, want start, end, speed, over_speed_threshold", len(smsTaskPeriodType().AttrTypes))
	}
}

// A task refreshed from a listing item takes every field the item has (a
// rename made elsewhere shows as drift) and keeps the ones only ShowTask
// returns from the state.
func TestSMSTaskFromListingKeepsShowTaskOnlyFields(t *testing.T) {
	ctx := context.Background()
	var m smsTaskData
	full := &sms.Task{
		ID: "t1", Name: "web-01", Type: "MIGRATE_BLOCK", OsType: "LINUX", State: "READY",
		RegionName: "cn-north-4", ProjectID: "p1", VMTemplateID: "tpl-1", Connected: true,
		SourceServer: sms.TaskSourceServer{ID: "s1", State: "waiting"},
		TargetServer: sms.TaskTargetServer{Name: "web-01-target", Disks: []sms.Disk{{Name: "/dev/vda", DeviceUse: "OS", Size: 40 << 30}}},
	}
	if d := m.fromRead(ctx, taskRead{task: full}); d.HasError() {
		t.Fatal(d)
	}
	listed := &sms.Task{
		ID: "t1", Name: "web-01-renamed", Type: "MIGRATE_BLOCK", OsType: "LINUX", State: "RUNNING", SpeedLimit: 100,
		SourceServer: sms.TaskSourceServer{ID: "s1", State: "replicate"},
		TargetServer: sms.TaskTargetServer{Name: "web-01-target"},
	}
	if d := m.fromRead(ctx, taskRead{task: listed, listed: true}); d.HasError() {
		t.Fatal(d)
	}
	if m.Name.ValueString() != "web-01-renamed" || m.State.ValueString() != "RUNNING" || m.SpeedLimit.ValueInt64() != 100 || m.SourceState.ValueString() != "replicate" {
		t.Errorf("listing fields not taken: name %s, state %s, speed %d, source %s", m.Name, m.State, m.SpeedLimit.ValueInt64(), m.SourceState)
	}
	if m.Region.ValueString() != "cn-north-4" || m.ProjectID.ValueString() != "p1" || m.VMTemplateID.ValueString() != "tpl-1" ||
		!m.Connected.ValueBool() {
		t.Errorf("ShowTask-only fields lost: %+v", m)
	}
	if n := len(m.TargetServer.Disks.Elements()); n != 1 {
		t.Errorf("target disks: %d, want the one from the state", n)
	}
}
