package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// A version 0 state (before the create-time options, the settings and the
// physical volumes) upgrades to version 1: every old value is kept, the new
// settings are null and the create-time flags record the defaults the task
// was created with.
func TestSMSTaskUpgradeStateV0(t *testing.T) {
	ctx := context.Background()
	v0 := `{
  "id": "task-1", "name": "web-01", "type": "MIGRATE_BLOCK", "os_type": "LINUX", "source_server_id": "src-1",
  "target_server": {"vm_id": null, "name": "web-01-target", "disks": [{"name": "/dev/vda", "device_use": "BOOT", "size": 42949672960, "used_size": 1024, "disk_id": null}]},
  "migration_ip": "192.168.0.10", "vm_template_id": null, "start_target_server": true, "use_public_ip": true, "use_ipv6": false,
  "syncing": false, "exist_server": false, "speed_limit": 200, "priority": 1, "region": "cn-north-4", "project_id": "p-1",
  "enterprise_project_id": "0", "stop_on_destroy": false, "state": "READY", "connected": true, "source_state": "waiting",
  "progress": 0, "create_date": "2026-06-01T10:00:00Z", "migrate_speed": 0, "error_json": null, "timeouts": null
}`
	r := &smsTaskResource{}
	upgraders := r.UpgradeState(ctx)
	up, ok := upgraders[0]
	if !ok {
		t.Fatal("no upgrader from version 0")
	}
	current := smsTaskSchema(ctx)
	if current.Version != 1 {
		t.Fatalf("schema version %d, want 1", current.Version)
	}
	if up.PriorSchema == nil {
		t.Fatal("the upgrader from version 0 has no prior schema")
	}
	req, err := upgradeRequest(ctx, *up.PriorSchema, v0)
	if err != nil {
		t.Fatalf("reading the version 0 state with the version 0 schema: %v", err)
	}
	resp := resource.UpgradeStateResponse{}
	resp.State.Schema = current
	up.StateUpgrader(ctx, req, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("upgrade: %v", resp.Diagnostics)
	}
	var m smsTaskResourceModel
	if d := resp.State.Get(ctx, &m); d.HasError() {
		t.Fatalf("reading the upgraded state: %v", d)
	}
	if m.ID.ValueString() != "task-1" || m.Name.ValueString() != "web-01" || m.SpeedLimit.ValueInt64() != 200 ||
		m.MigrationIP.ValueString() != "192.168.0.10" || m.StopOnDestroy.ValueBool() || m.CreateDate.ValueString() != "2026-06-01T10:00:00Z" {
		t.Fatalf("old values not kept: %+v", m.smsTaskData)
	}
	for name, v := range map[string]types.Bool{"auto_start": m.AutoStart, "start_network_check": m.StartNetworkCheck,
		"is_need_consistency_check": m.IsNeedConsistencyCheck, "need_migration_test": m.NeedMigrationTest} {
		if !v.Equal(types.BoolValue(false)) {
			t.Errorf("%s = %v, want false", name, v)
		}
	}
	if !m.OverSpeedThreshold.IsNull() || !m.SpeedLimitSchedule.IsNull() || !m.Configurations.IsNull() {
		t.Errorf("new settings not null: %v %v %v", m.OverSpeedThreshold, m.SpeedLimitSchedule, m.Configurations)
	}
	var disks []smsTaskDiskModel
	if d := m.TargetServer.Disks.ElementsAs(ctx, &disks, false); d.HasError() || len(disks) != 1 ||
		disks[0].UsedSize.ValueInt64() != 1024 || !disks[0].PhysicalVolumes.IsNull() {
		t.Fatalf("disks: %+v %v", disks, d)
	}

	// A state that is not a version 0 task is refused with a diagnostic:
	// the framework reads it with the version 0 schema before the upgrader
	// runs, and a value of the wrong type does not fit. (An attribute the
	// schema does not define is ignored there, so it is no such state.)
	badJSON := `{"id": "x", "target_server": "web-01-target"}`
	if _, err := upgradeRequest(ctx, *up.PriorSchema, badJSON); err == nil {
		t.Fatal("an unreadable state was read with the version 0 schema")
	}
	server, err := protoV6ProviderFactories["huaweicloud"]()
	if err != nil {
		t.Fatal(err)
	}
	bad, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "huaweicloud_sms_task", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(badJSON)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(bad.Diagnostics, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError }) {
		t.Fatal("an unreadable state was upgraded")
	}
}

// The same upgrade through the provider's protocol server, as Terraform
// asks for it: UpgradeResourceState with version 0 and the stored JSON.
func TestSMSTaskUpgradeResourceStateProtocol(t *testing.T) {
	ctx := context.Background()
	server, err := protoV6ProviderFactories["huaweicloud"]()
	if err != nil {
		t.Fatal(err)
	}
	v0 := `{"id":"task-9","name":"db-01","type":"MIGRATE_FILE","os_type":"LINUX","source_server_id":"src-9",
"target_server":{"vm_id":"vm-9","name":"db-01-target","disks":[{"name":"/dev/vda","device_use":"BOOT","size":1073741824,"used_size":0,"disk_id":"evs-1"}]},
"migration_ip":"10.0.0.9","vm_template_id":null,"start_target_server":false,"use_public_ip":false,"use_ipv6":false,"syncing":true,
"exist_server":true,"speed_limit":0,"priority":2,"region":"cn-north-4","project_id":"p-9","enterprise_project_id":"0","stop_on_destroy":true,
"state":"RUNNING","connected":true,"source_state":"replicate","progress":40,"create_date":"2026-06-01T10:00:00Z","migrate_speed":12.5,
"error_json":null,"timeouts":{"create":null,"update":null,"delete":"30m"}}`
	resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "huaweicloud_sms_task", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(v0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("upgrade: %s: %s", d.Summary, d.Detail)
		}
	}
	typ := smsTaskSchema(ctx).Type().TerraformType(ctx)
	val, err := resp.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := val.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]tftypes.Value{
		"id":                   tftypes.NewValue(tftypes.String, "task-9"),
		"syncing":              tftypes.NewValue(tftypes.Bool, true),
		"auto_start":           tftypes.NewValue(tftypes.Bool, false),
		"need_migration_test":  tftypes.NewValue(tftypes.Bool, false),
		"over_speed_threshold": tftypes.NewValue(tftypes.Number, nil),
	} {
		if !attrs[name].Equal(want) {
			t.Errorf("%s = %v, want %v", name, attrs[name], want)
		}
	}
	var timeoutsAttrs map[string]tftypes.Value
	if err := attrs["timeouts"].As(&timeoutsAttrs); err != nil || !timeoutsAttrs["delete"].Equal(tftypes.NewValue(tftypes.String, "30m")) {
		t.Errorf("timeouts not kept: %v %v", attrs["timeouts"], err)
	}
}

// TestAccSMSTask_upgradeFromV0 lets real Terraform meet a state written by
// schema version 0: a refresh-only apply upgrades it to version 1 through the
// provider built from this tree, keeping the task and recording the defaults
// of the settings version 0 did not have.
func TestAccSMSTask_upgradeFromV0(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	tf := cli.Path
	c := newTestCloud(t)
	task := c.SeedTask(fakecloud.TaskSpec{Name: "legacy-01"})

	work := t.TempDir()
	env := append(slices.Clip(devOverridesEnv(t)), "HW_SECRET_KEY="+c.SK)

	dir := filepath.Join(work, "config")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    huaweicloud = { source = "smsops/huaweicloud" }
  }
}
provider "huaweicloud" {
  region     = "cn-north-4"
  access_key = %q
  endpoints {
    sms = %[2]q
    dcs = %[2]q
    iam = %[2]q
  }
}
resource "huaweicloud_sms_task" "this" {
  name             = "legacy-01"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %[3]q
  target_server    = { name = "legacy-01-target" }
}
`, c.AK, c.URL, task.SourceID))
	v0 := fmt.Sprintf(`{"id":%q,"name":"legacy-01","type":"MIGRATE_BLOCK","os_type":"LINUX","source_server_id":%q,
"target_server":{"vm_id":null,"name":"legacy-01-target","disks":null},"migration_ip":null,"vm_template_id":null,
"start_target_server":true,"use_public_ip":true,"use_ipv6":false,"syncing":false,"exist_server":false,"speed_limit":0,"priority":1,
"region":"cn-north-4","project_id":%q,"enterprise_project_id":"0","stop_on_destroy":true,"state":"READY","connected":true,
"source_state":"waiting","progress":0,"create_date":null,"migrate_speed":0,"error_json":null,"timeouts":null}`, task.ID, task.SourceID, c.ProjectID())
	writeFile(t, filepath.Join(dir, "terraform.tfstate"), fmt.Sprintf(`{"version":4,"terraform_version":"1.11.0","serial":1,
"lineage":"6f9c1d2e-0000-4000-8000-00000000abcd","outputs":{},"resources":[{"mode":"managed","type":"huaweicloud_sms_task","name":"this",
"provider":"provider[\"%s/smsops/huaweicloud\"]","instances":[{"schema_version":0,"attributes":%s,"sensitive_attributes":[]}]}]}`, cli.RegistryHost(), v0))

	run(t, env, dir, tf, "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				SchemaVersion int            `json:"schema_version"`
				Attributes    map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil || len(state.Resources) != 1 || len(state.Resources[0].Instances) != 1 {
		t.Fatalf("state after the refresh: %v\n%s", err, raw)
	}
	inst := state.Resources[0].Instances[0]
	if inst.SchemaVersion != 1 || inst.Attributes["id"] != task.ID || inst.Attributes["auto_start"] != false ||
		inst.Attributes["need_migration_test"] != false || inst.Attributes["speed_limit_schedule"] != nil ||
		inst.Attributes["create_date"] == nil {
		t.Fatalf("upgraded instance: version %d, attributes %v", inst.SchemaVersion, inst.Attributes)
	}
	if n := c.Stats().Routes[fakecloud.RouteShowTask]; n != 1 {
		t.Fatalf("%d ShowTask calls for one refresh, want 1", n)
	}
}
