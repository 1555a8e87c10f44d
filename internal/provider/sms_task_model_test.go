package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
