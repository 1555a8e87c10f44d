package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Every count of the overview lands on its own attribute.
func TestOverviewModel(t *testing.T) {
	o := sms.SourceOverview{Waiting: 1, Replicate: 2, Syncing: 3, Stopped: 4, Deleting: 5, Cutovering: 6, Unavailable: 7,
		Stopping: 8, Skipping: 9, Finished: 10, Initialize: 11, Error: 12, Cloning: 13, Unconfigured: 14}
	m := overviewModel(&o)
	mv, ov := reflect.ValueOf(*m), reflect.ValueOf(o)
	if mv.NumField() != ov.NumField() || len(overviewCounts) != ov.NumField() {
		t.Fatalf("%d attributes, %d descriptions, %d counts", mv.NumField(), len(overviewCounts), ov.NumField())
	}
	for i := range ov.NumField() {
		name := ov.Type().Field(i).Name
		got := mv.FieldByName(name).Interface().(types.Int64)
		if got.ValueInt64() != int64(ov.Field(i).Int()) {
			t.Errorf("%s = %v, want %d", name, got, ov.Field(i).Int())
		}
	}
}
