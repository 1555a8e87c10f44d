package provider

import (
	"context"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// A missing config or region list is empty, never null.
func TestAgentConfigModel(t *testing.T) {
	m, diags := agentConfigModel(context.Background(), &sms.AgentConfig{Regions: []map[string]string{{"id": "cn-north-4"}}})
	if diags.HasError() || m.Config.IsNull() || len(m.Config.Elements()) != 0 || len(m.Regions.Elements()) != 1 {
		t.Fatalf("%+v %v", m, diags)
	}
}
