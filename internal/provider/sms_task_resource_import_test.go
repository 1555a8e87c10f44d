package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// ImportState itself records the settings ShowTask lacks, from ListTasks
// and the source server's current task, whatever Read does afterwards; it
// is called here directly, against a fake cloud over HTTP.
func TestSMSTaskImportStateRecordsListedSettings(t *testing.T) {
	ctx := context.Background()
	c := newTestCloud(t)
	noPublicIP := false
	task := c.SeedTask(fakecloud.TaskSpec{Name: "synced", State: fakecloud.StateSyncing, Syncing: true, UsePublicIP: &noPublicIP, TargetVMID: "ecs-1"})
	plain := c.SeedTask(fakecloud.TaskSpec{Name: "plain"})
	client, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	r := NewSMSTaskResource().(*smsTaskResource)
	r.providerData = configuredWith(client)
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	var identityResp resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identityResp)

	importByID := func(id string) tfsdk.State {
		t.Helper()
		resp := &resource.ImportStateResponse{
			State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)},
			Identity: &tfsdk.ResourceIdentity{
				Schema: identityResp.IdentitySchema, Raw: tftypes.NewValue(identityResp.IdentitySchema.Type().TerraformType(ctx), nil),
			},
		}
		r.ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("ImportState(%s): %v", id, resp.Diagnostics)
		}
		return resp.State
	}
	for _, tc := range []struct {
		id                            string
		syncing, usePublicIP, existVM bool
	}{
		{task.ID, true, false, true},
		{plain.ID, false, true, false},
	} {
		state := importByID(tc.id)
		for name, want := range map[string]bool{"syncing": tc.syncing, "use_public_ip": tc.usePublicIP, "exist_server": tc.existVM} {
			var got types.Bool
			if d := state.GetAttribute(ctx, path.Root(name), &got); d.HasError() {
				t.Fatal(d)
			}
			if got.IsNull() || got.ValueBool() != want {
				t.Errorf("task %s: %s = %s after ImportState, want %t", tc.id, name, got, want)
			}
		}
	}
	s := c.Stats().Routes
	if s[fakecloud.RouteListTasks] != 2 || s[fakecloud.RouteShowSource] != 2 {
		t.Errorf("two imports made %d ListTasks and %d ShowSource calls, want 2 each", s[fakecloud.RouteListTasks], s[fakecloud.RouteShowSource])
	}
}
