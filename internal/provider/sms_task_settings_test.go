package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// TestInPriorOrder: a schedule read back with the same periods in another
// order keeps the state's order; any other difference is read as it is.
func TestInPriorOrder(t *testing.T) {
	ctx := context.Background()
	n := func(i int) *int { return &i }
	f := func(x float64) *float64 { return &x }
	morning := sms.SpeedLimitPeriod{Start: "08:00", End: "12:00", Speed: n(100), OverSpeedThreshold: f(20)}
	afternoon := sms.SpeedLimitPeriod{Start: "13:00", End: "18:00", Speed: n(50)}
	prior, diags := scheduleValue(ctx, []sms.SpeedLimitPeriod{morning, afternoon})
	if diags.HasError() {
		t.Fatal(diags)
	}
	slower := afternoon
	slower.Speed = n(40)
	for _, tc := range []struct {
		name       string
		read, want []sms.SpeedLimitPeriod
	}{
		{"same periods, another order", []sms.SpeedLimitPeriod{afternoon, morning}, []sms.SpeedLimitPeriod{morning, afternoon}},
		{"a period changed", []sms.SpeedLimitPeriod{slower, morning}, []sms.SpeedLimitPeriod{slower, morning}},
		{"a period gone", []sms.SpeedLimitPeriod{afternoon}, []sms.SpeedLimitPeriod{afternoon}},
		{"the same period twice", []sms.SpeedLimitPeriod{morning, morning}, []sms.SpeedLimitPeriod{morning, morning}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := inPriorOrder(ctx, prior, tc.read)
			if fmt.Sprint(periodStrings(got)) != fmt.Sprint(periodStrings(tc.want)) {
				t.Errorf("got %v, want %v", periodStrings(got), periodStrings(tc.want))
			}
		})
	}
	if got := inPriorOrder(ctx, types.ListNull(smsTaskPeriodType()), []sms.SpeedLimitPeriod{afternoon}); len(got) != 1 {
		t.Errorf("without a schedule in state: %v", periodStrings(got))
	}
}

func periodStrings(in []sms.SpeedLimitPeriod) []string {
	out := make([]string, 0, len(in))
	for _, p := range in {
		out = append(out, fmt.Sprintf("%s-%s/%v/%v", p.Start, p.End, intValue(p.Speed), floatValue(p.OverSpeedThreshold)))
	}
	return out
}
