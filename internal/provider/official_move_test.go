package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// officialAddress is the official provider's address as Terraform sends it.
const officialAddress = "registry.terraform.io/huaweicloud/huaweicloud"

// moveState asks the provider, through the plugin protocol as the CLI does,
// to move a source state into target.
func moveState(t *testing.T, target, sourceAddr, sourceType string, version int64, raw *tfprotov6.RawState) *tfprotov6.MoveResourceStateResponse {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	resp, err := server.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: sourceAddr,
		SourceTypeName:        sourceType,
		SourceSchemaVersion:   version,
		SourceState:           raw,
		TargetTypeName:        target,
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// diagSummaries is every diagnostic as "severity: summary: detail".
func diagSummaries(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String() + ": " + d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

// TestMoveState_refusesWhatItDoesNotKnow: each converter takes the official
// provider's resource of its own type at schema version 0, and refuses
// anything else with an error that says what it accepts.
func TestMoveState_refusesWhatItDoesNotKnow(t *testing.T) {
	state := &tfprotov6.RawState{JSON: []byte(`{"id":"x"}`)}
	cases := []struct {
		name, target, addr, source string
		version                    int64
		raw                        *tfprotov6.RawState
		want                       string
	}{
		{"another provider", "huaweicloud_sms_task", "registry.terraform.io/hashicorp/null", "huaweicloud_sms_task", 0, state,
			"Unsupported Move Source: Cannot move huaweicloud_sms_task of registry.terraform.io/hashicorp/null into huaweicloud_sms_task: " +
				`huaweicloud_sms_task accepts a moved block whose from is the official provider's huaweicloud_sms_task (source "huaweicloud/huaweicloud", schema version 0), and nothing else.`},
		{"another official type", "huaweicloud_sms_server_template", officialAddress, "huaweicloud_sms_task", 0, state,
			"Unsupported Move Source: Cannot move huaweicloud_sms_task of " + officialAddress + " into huaweicloud_sms_server_template"},
		{"another type of this provider", "huaweicloud_sms_migration_project", "registry.terraform.io/smsops/huaweicloud", "huaweicloud_sms_server_template", 0, state,
			"Unsupported Move Source"},
		{"a newer official schema", "huaweicloud_sms_migration_project", officialAddress, "huaweicloud_sms_migration_project", 1, state,
			"Unsupported Source Schema Version: Cannot move huaweicloud_sms_migration_project of " + officialAddress +
				" into huaweicloud_sms_migration_project: its state has schema version 1, which this provider does not know"},
		{"a flat map state", "huaweicloud_sms_task", officialAddress, "huaweicloud_sms_task", 0, &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}},
			"Unsupported Source State Format"},
		{"not the official shape", "huaweicloud_sms_task", officialAddress, "huaweicloud_sms_task", 0, &tfprotov6.RawState{JSON: []byte(`{"id":"x","target_server_disks":"none"}`)},
			"Invalid Source State: Cannot move huaweicloud_sms_task of " + officialAddress + " into huaweicloud_sms_task: its state does not have the shape"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := moveState(t, tc.target, tc.addr, tc.source, tc.version, tc.raw)
			got := diagSummaries(resp.Diagnostics)
			if resp.TargetState != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError ||
				!strings.Contains(got, "ERROR: "+tc.want) {
				t.Fatalf("got state %v and\n%s\nwant one error containing %q", resp.TargetState, got, tc.want)
			}
		})
	}
}

// movedState decodes a moved state into model with the target's schema.
func movedState(t *testing.T, resp *tfprotov6.MoveResourceStateResponse, s tfsdk.State, model any) {
	t.Helper()
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("move failed:\n%s", diagSummaries(resp.Diagnostics))
		}
	}
	if resp.TargetState == nil {
		t.Fatal("the move returned no state")
	}
	v, err := resp.TargetState.Unmarshal(s.Schema.Type().TerraformType(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	s.Raw = v
	if diags := s.Get(context.Background(), model); diags.HasError() {
		t.Fatalf("decoding the moved state: %v", diags)
	}
}

// officialState is one resource instance of testdata/official/terraform.tfstate.
type officialState struct {
	Type, Name string
	Attributes json.RawMessage
}

// readOfficialState reads the state the official provider wrote
// (testdata/official/README.md says how).
func readOfficialState(t *testing.T) []officialState {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "official", "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				SchemaVersion int64           `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	var out []officialState
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			if in.SchemaVersion != officialSchemaVersion {
				t.Fatalf("%s.%s has schema version %d", r.Type, r.Name, in.SchemaVersion)
			}
			out = append(out, officialState{Type: r.Type, Name: r.Name, Attributes: in.Attributes})
		}
	}
	return out
}

// officialInstance is the official state of type.name.
func officialInstance(t *testing.T, typ, name string) officialState {
	t.Helper()
	for _, s := range readOfficialState(t) {
		if s.Type == typ && s.Name == name {
			return s
		}
	}
	t.Fatalf("testdata/official/terraform.tfstate has no %s.%s", typ, name)
	return officialState{}
}

// moveOfficial moves the official state s into model.
func moveOfficial(t *testing.T, s officialState, schema tfsdk.State, model any) *tfprotov6.MoveResourceStateResponse {
	t.Helper()
	resp := moveState(t, s.Type, officialAddress, s.Type, officialSchemaVersion, &tfprotov6.RawState{JSON: s.Attributes})
	movedState(t, resp, schema, model)
	return resp
}

// TestMoveState_officialTask: every attribute of the official tasks lands
// where this provider keeps it, sizes in bytes; the create-time options are
// the ones the official state recorded; the passphrase is left behind.
func TestMoveState_officialTask(t *testing.T) {
	ctx := context.Background()
	schema := tfsdk.State{Schema: smsTaskSchema(ctx)}
	const gib40 = 40 << 30

	web := officialInstance(t, "huaweicloud_sms_task", "web")
	var m smsTaskResourceModel
	resp := moveOfficial(t, web, schema, &m)
	var passphrase struct{ Passphrase string }
	if err := json.Unmarshal(web.Attributes, &passphrase); err != nil || passphrase.Passphrase == "" {
		t.Fatalf("the official state has no passphrase to leave behind: %v", err)
	}
	if bytes.Contains(resp.TargetState.MsgPack, []byte(passphrase.Passphrase)) {
		t.Error("the moved state holds the official state's passphrase")
	}
	var disks []smsTaskDiskModel
	var vols []smsTaskVolumeModel
	if d := m.TargetServer.Disks.ElementsAs(ctx, &disks, false); d.HasError() || len(disks) != 1 {
		t.Fatalf("disks %v: %v", m.TargetServer.Disks, d)
	}
	if d := disks[0].PhysicalVolumes.ElementsAs(ctx, &vols, false); d.HasError() || len(vols) != 1 {
		t.Fatalf("physical volumes %v: %v", disks[0].PhysicalVolumes, d)
	}
	var schedule []smsTaskPeriodModel
	if d := m.SpeedLimitSchedule.ElementsAs(ctx, &schedule, false); d.HasError() {
		t.Fatal(d)
	}
	create, _ := m.Timeouts.Create(ctx, 0)
	got := map[string]any{
		"name": m.Name.ValueString(), "type": m.Type.ValueString(), "os_type": m.OSType.ValueString(),
		"source_server_id": m.SourceServerID.ValueString(), "vm_template_id": m.VMTemplateID.ValueString(),
		"target_server.vm_id null": m.TargetServer.VMID.IsNull(), "target_server.name": m.TargetServer.Name.ValueString(),
		"disk": fmt.Sprint(disks[0].Name.ValueString(), " ", disks[0].DeviceUse.ValueString(), " ", disks[0].Size.ValueInt64(), " ", disks[0].UsedSize.ValueInt64(), " ", disks[0].DiskID.IsNull()),
		"volume": fmt.Sprint(vols[0].Name.ValueString(), " ", vols[0].DeviceUse.ValueString(), " ", vols[0].FileSystem.ValueString(), " ", vols[0].MountPoint.ValueString(), " ",
			vols[0].Index.ValueInt64(), " ", vols[0].Size.ValueInt64(), " ", vols[0].UsedSize.ValueInt64(), " ", vols[0].UUID.ValueString()),
		"migration_ip null": m.MigrationIP.IsNull(), "start_target_server": m.StartTargetServer.ValueBool(),
		"use_public_ip": m.UsePublicIP.ValueBool(), "use_ipv6": m.UseIPv6.ValueBool(), "syncing": m.Syncing.ValueBool(),
		"exist_server": m.ExistServer.ValueBool(), "auto_start": m.AutoStart.ValueBool(), "start_network_check": m.StartNetworkCheck.ValueBool(),
		"is_need_consistency_check": m.IsNeedConsistencyCheck.ValueBool(), "need_migration_test": m.NeedMigrationTest.ValueBool(),
		"speed_limit": m.SpeedLimit.ValueInt64(), "over_speed_threshold": m.OverSpeedThreshold.ValueFloat64(), "priority": m.Priority.ValueInt64(),
		"schedule": fmt.Sprintf("%s-%s %d %v; %s-%s %d %v", schedule[0].Start.ValueString(), schedule[0].End.ValueString(), schedule[0].Speed.ValueInt64(), schedule[0].OverSpeedThreshold,
			schedule[1].Start.ValueString(), schedule[1].End.ValueString(), schedule[1].Speed.ValueInt64(), schedule[1].OverSpeedThreshold),
		"configurations": fmt.Sprint(stringMap(m.Configurations)), "region": m.Region.ValueString(), "project_id": m.ProjectID.ValueString(),
		"enterprise_project_id": m.EnterpriseProjectID.ValueString(), "state": m.State.ValueString(), "migrate_speed": m.MigrateSpeed.ValueFloat64(),
		"stop_on_destroy": m.StopOnDestroy.ValueBool(), "timeouts.create": create.String(),
		"unread null": m.Connected.IsNull() && m.Progress.IsNull() && m.SourceState.IsNull() && m.CreateDate.IsNull() && m.ErrorJSON.IsNull(),
	}
	want := map[string]any{
		"name": "MigrationTask", "type": "MIGRATE_BLOCK", "os_type": "LINUX",
		"source_server_id": "5eed0000-0000-4000-8000-000000000001", "vm_template_id": "7e3b0000-0000-4000-8000-000000000003",
		"target_server.vm_id null": true, "target_server.name": "",
		"disk":              fmt.Sprint("/dev/vda BOOT ", gib40, " 0 true"),
		"volume":            fmt.Sprint("/dev/vda1 OS ext4 / 0 ", gib40, " ", 6<<30, " 9b2e7c1a-0000-4000-8000-00000000beef"),
		"migration_ip null": true, "start_target_server": true,
		"use_public_ip": true, "use_ipv6": true, "syncing": false,
		"exist_server": false, "auto_start": false, "start_network_check": true,
		"is_need_consistency_check": true, "need_migration_test": true,
		"speed_limit": int64(200), "over_speed_threshold": 50.0, "priority": int64(1),
		"schedule":       "08:00-12:00 100 20.000000; 13:00-18:00 50 <null>",
		"configurations": "map[MIGRATE_EXCLUDE_DIR:/tmp,/var/cache]", "region": "cn-north-4", "project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
		"enterprise_project_id": "0", "state": "READY", "migrate_speed": 0.0,
		"stop_on_destroy": true, "timeouts.create": "10m0s",
		"unread null": true,
	}
	compareMoved(t, "huaweicloud_sms_task.web", got, want)

	var db smsTaskResourceModel
	moveOfficial(t, officialInstance(t, "huaweicloud_sms_task", "db"), schema, &db)
	if d := db.TargetServer.Disks.ElementsAs(ctx, &disks, false); d.HasError() || len(disks) != 1 {
		t.Fatalf("disks %v: %v", db.TargetServer.Disks, d)
	}
	if d := disks[0].PhysicalVolumes.ElementsAs(ctx, &vols, false); d.HasError() || len(vols) != 1 {
		t.Fatalf("physical volumes %v: %v", disks[0].PhysicalVolumes, d)
	}
	compareMoved(t, "huaweicloud_sms_task.db", map[string]any{
		"target_server": db.TargetServer.VMID.ValueString() + " " + db.TargetServer.Name.ValueString(), "exist_server": db.ExistServer.ValueBool(),
		"vm_template_id null": db.VMTemplateID.IsNull(), "migration_ip": db.MigrationIP.ValueString(),
		"auto_start": db.AutoStart.ValueBool(), "use_public_ip": db.UsePublicIP.ValueBool(), "start_target_server": db.StartTargetServer.ValueBool(),
		"start_network_check": db.StartNetworkCheck.ValueBool(), "over_speed_threshold null": db.OverSpeedThreshold.IsNull(),
		"schedule null": db.SpeedLimitSchedule.IsNull(), "configurations null": db.Configurations.IsNull(), "timeouts null": db.Timeouts.IsNull(),
		"volume": fmt.Sprint(vols[0].Size.ValueInt64(), " ", vols[0].UsedSize.ValueInt64(), " ", vols[0].UUID.IsNull()),
	}, map[string]any{
		"target_server": "c0ffee00-0000-4000-8000-0000000000db db-01-target", "exist_server": true,
		"vm_template_id null": true, "migration_ip": "192.168.10.20",
		"auto_start": true, "use_public_ip": false, "start_target_server": false,
		"start_network_check": false, "over_speed_threshold null": true,
		"schedule null": true, "configurations null": true, "timeouts null": true,
		"volume": fmt.Sprint(gib40, " 0 true"),
	})
}

// TestMoveState_officialTemplateAndProject: the official template and
// migration project, attribute by attribute.
func TestMoveState_officialTemplateAndProject(t *testing.T) {
	ctx := context.Background()
	var tm smsServerTemplateModel
	moveOfficial(t, officialInstance(t, "huaweicloud_sms_server_template", "web"), tfsdk.State{Schema: smsServerTemplateSchema(ctx)}, &tm)
	var subnets, groups []string
	tm.SubnetIDs.ElementsAs(ctx, &subnets, false)
	tm.SecurityGroupIDs.ElementsAs(ctx, &groups, false)
	compareMoved(t, "huaweicloud_sms_server_template.web", map[string]any{
		"id": tm.ID.ValueString(), "name": tm.Name.ValueString(), "availability_zone": tm.AvailabilityZone.ValueString(),
		"region": tm.Region.ValueString(), "project_id": tm.ProjectID.ValueString(), "target_server_name": tm.TargetServerName.ValueString(),
		"vpc": tm.VPCID.ValueString() + " " + tm.VPCName.ValueString(), "subnet_ids": fmt.Sprint(subnets), "security_group_ids": fmt.Sprint(groups),
		"volume_type": tm.VolumeType.ValueString(), "flavor": tm.Flavor.ValueString(), "bandwidth_size": tm.BandwidthSize.ValueInt64(),
		"not in the official state": tm.DataVolumeType.IsNull() && tm.ImageID.IsNull() && tm.Disks == nil && tm.Subnets == nil && tm.SecurityGroups == nil &&
			tm.Password.IsNull() && tm.PasswordVersion.IsNull() && tm.Timeouts.IsNull(),
	}, map[string]any{
		"id": "7e3b0000-0000-4000-8000-000000000003", "name": "web-targets", "availability_zone": "cn-north-4a",
		"region": "cn-north-4", "project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "target_server_name": "web-01-target",
		"vpc": "autoCreate autoCreate", "subnet_ids": "[autoCreate]", "security_group_ids": "[autoCreate]",
		"volume_type": "SSD", "flavor": "s6.large.2", "bandwidth_size": int64(100),
		"not in the official state": true,
	})

	var pm smsMigrationProjectModel
	moveOfficial(t, officialInstance(t, "huaweicloud_sms_migration_project", "web"), tfsdk.State{Schema: smsMigrationProjectSchema(ctx)}, &pm)
	compareMoved(t, "huaweicloud_sms_migration_project.web", map[string]any{
		"id": pm.ID.ValueString(), "name": pm.Name.ValueString(), "description": pm.Description.ValueString(), "region": pm.Region.ValueString(),
		"type": pm.Type.ValueString(), "is_default": pm.IsDefault.ValueBool(), "use_public_ip": pm.UsePublicIP.ValueBool(),
		"exist_server": pm.ExistServer.ValueBool(), "syncing": pm.Syncing.ValueBool(), "start_target_server": pm.StartTargetServer.ValueBool(),
		"start_network_check": pm.StartNetworkCheck.ValueBool(), "speed_limit": pm.SpeedLimit.ValueInt64(),
		"enterprise_project": pm.EnterpriseProject.ValueString(), "timeouts null": pm.Timeouts.IsNull(),
	}, map[string]any{
		"id": "3a9c0000-0000-4000-8000-000000000002", "name": "web-wave", "description": "web servers", "region": "cn-north-4",
		"type": "MIGRATE_BLOCK", "is_default": false, "use_public_ip": true,
		"exist_server": false, "syncing": false, "start_target_server": true,
		"start_network_check": true, "speed_limit": int64(100),
		"enterprise_project": "default", "timeouts null": true,
	})
}

// TestMoveState_newerOfficialAttributes: an attribute the converter does not
// know (a newer official provider's) is named in a warning, and the move
// goes on.
func TestMoveState_newerOfficialAttributes(t *testing.T) {
	s := officialInstance(t, "huaweicloud_sms_migration_project", "web")
	var attrs map[string]any
	if err := json.Unmarshal(s.Attributes, &attrs); err != nil {
		t.Fatal(err)
	}
	attrs["tags"] = map[string]any{"team": "web"}
	attrs["unset_newcomer"] = nil
	s.Attributes, _ = json.Marshal(attrs)
	var pm smsMigrationProjectModel
	resp := moveOfficial(t, s, tfsdk.State{Schema: smsMigrationProjectSchema(context.Background())}, &pm)
	got := diagSummaries(resp.Diagnostics)
	if len(resp.Diagnostics) != 1 || !strings.Contains(got, "WARNING: Official State Attributes Not Carried Over:") ||
		!strings.Contains(got, "converter does not know: tags.") || pm.Name.ValueString() != "web-wave" {
		t.Fatalf("got %+v and\n%s", pm, got)
	}
}

// compareMoved reports every attribute of a moved state that differs from
// what the official state holds.
func compareMoved(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if g := got[k]; fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s: %s = %v, want %v", what, k, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: compared %d attributes, expected %d", what, len(got), len(want))
	}
}

// TestAccMovedFromOfficial_tasksTemplateProject moves what the official
// provider wrote (testdata/official) into this provider with moved blocks, on
// the CLI under test: a fake cloud holds the four objects the official
// provider created there, created the way it created them; its state, with
// their IDs, is the working directory's. The first plan shows the four moves
// and nothing else, the apply makes no write call, and the plan after it is
// empty. The official provider is stood in for (officialStandIn): Terraform
// loads its schema, as the state names it, and calls nothing else of it.
func TestAccMovedFromOfficial_tasksTemplateProject(t *testing.T) {
	cli := cliForTest(t)
	featureMoveAcrossProviders.skipWithout(t, cli)
	t.Parallel()
	c := newTestCloud(t)
	ids, webSource, dbSource := createOfficialObjects(t, c)

	dir := t.TempDir()
	raw, err := os.ReadFile(filepath.Join("testdata", "official", "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	for official, ours := range ids {
		raw = bytes.ReplaceAll(raw, []byte(official), []byte(ours))
	}
	writeFile(t, filepath.Join(dir, "terraform.tfstate"), string(raw))
	writeFile(t, filepath.Join(dir, "main.tf"), movedFromOfficialConfig(webSource, dbSource)+c.cliProviderBlockAs("sms"))
	env := append(devOverridesEnv(t, officialStandIn), "HW_SECRET_KEY="+c.SK)
	c.ResetStats()

	run(t, env, dir, cli.Path, "plan", "-input=false", "-no-color", "-out=move.plan")
	show := exec.Command(cli.Path, "show", "-json", "move.plan")
	show.Dir, show.Env = dir, env
	out, err := show.Output()
	if err != nil {
		t.Fatalf("show -json: %v", err)
	}
	var plan struct {
		ResourceChanges []struct {
			Address         string
			PreviousAddress string `json:"previous_address"`
			ProviderName    string `json:"provider_name"`
			Change          struct{ Actions []string }
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		t.Fatal(err)
	}
	moves := map[string]string{}
	for _, rc := range plan.ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || !strings.HasSuffix(rc.ProviderName, "/smsops/huaweicloud") {
			t.Errorf("%s (from %s): %v by %s, want only a move to this provider", rc.Address, rc.PreviousAddress, rc.Change.Actions, rc.ProviderName)
		}
		moves[rc.PreviousAddress] = rc.Address
	}
	wantMoves := map[string]string{
		"huaweicloud_sms_migration_project.web": "huaweicloud_sms_migration_project.web_wave",
		"huaweicloud_sms_server_template.web":   "huaweicloud_sms_server_template.web_targets",
		"huaweicloud_sms_task.web":              "huaweicloud_sms_task.web_migration",
		"huaweicloud_sms_task.db":               "huaweicloud_sms_task.db_migration",
	}
	if fmt.Sprint(moves) != fmt.Sprint(wantMoves) {
		t.Fatalf("the plan moves %v, want %v", moves, wantMoves)
	}

	run(t, env, dir, cli.Path, "apply", "-input=false", "-no-color", "move.plan")
	after := exec.Command(cli.Path, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	after.Dir, after.Env = dir, env
	if out, err := after.CombinedOutput(); err != nil {
		t.Fatalf("the plan after the move is not empty (%v):\n%s", err, out)
	}

	st, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var written struct {
		Resources []struct {
			Type, Name, Provider string
			Instances            []struct{ Attributes map[string]any }
		}
	}
	if err := json.Unmarshal(st, &written); err != nil {
		t.Fatal(err)
	}
	created := map[string]any{}
	for _, r := range written.Resources {
		if !strings.HasSuffix(r.Provider, `/smsops/huaweicloud"]`) {
			t.Errorf("%s.%s is still %s's", r.Type, r.Name, r.Provider)
		}
		for k, v := range r.Instances[0].Attributes {
			created[r.Type+"."+r.Name+"."+k] = v
		}
	}
	// The create-time options no answer carries come from the official state.
	for k, want := range map[string]any{
		"huaweicloud_sms_task.web_migration.use_ipv6": true, "huaweicloud_sms_task.web_migration.start_network_check": true,
		"huaweicloud_sms_task.web_migration.is_need_consistency_check": true, "huaweicloud_sms_task.web_migration.over_speed_threshold": 50.0,
		"huaweicloud_sms_task.db_migration.auto_start": true, "huaweicloud_sms_task.db_migration.use_public_ip": false,
	} {
		if created[k] != want {
			t.Errorf("%s = %v, want %v", k, created[k], want)
		}
	}
	if bytes.Contains(st, []byte(`"passphrase"`)) {
		t.Error("the state after the move holds a passphrase")
	}
	for route, n := range c.Stats().Routes {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Errorf("moving made %d %s call(s); it should only read", n, route)
		}
	}
}

// createOfficialObjects creates in c what the official provider created in
// its fake (testdata/official/README.md), with the requests it sent, and
// returns the official IDs with the ones c gave, and the IDs of the web and
// db source servers. One reading: the official
// provider sends no target server name for a task created from a template;
// here the task gets the template's, as a service that fills it in would.
func createOfficialObjects(t *testing.T, c *testCloud) (ids map[string]string, webSource, dbSource string) {
	t.Helper()
	ctx := context.Background()
	client, err := c.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	yes, no := true, false
	str := func(s string) *string { return &s }
	num := func(i int) *int { return &i }
	ids = map[string]string{}
	official := map[string]string{}
	for _, s := range readOfficialState(t) {
		var a struct {
			ID     string `json:"id"`
			Source string `json:"source_server_id"`
		}
		if err := json.Unmarshal(s.Attributes, &a); err != nil {
			t.Fatal(err)
		}
		official[s.Type+"."+s.Name] = a.ID
		if a.Source != "" {
			official["source."+s.Name] = a.Source
		}
	}

	web := c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	db := c.SeedSource(fakecloud.SourceSpec{Name: "db-01"})
	ids[official["source.web"]], ids[official["source.db"]] = web.ID, db.ID
	ids[official["huaweicloud_sms_migration_project.web"]] = must(client.CreateMigProject(ctx, &sms.MigProject{
		Name: str("web-wave"), Description: str("web servers"), Region: str("cn-north-4"), Type: str("MIGRATE_BLOCK"),
		StartTargetServer: &yes, SpeedLimit: num(100), UsePublicIP: &yes, ExistServer: &no, Syncing: &no, StartNetworkCheck: &yes,
	}))
	auto := sms.AutoCreate
	template := must(client.CreateTemplate(ctx, &sms.Template{
		Name: "web-targets", IsTemplate: &yes, Region: "cn-north-4", ProjectID: c.ProjectID(), TargetServerName: "web-01-target",
		AvailabilityZone: "cn-north-4a", VolumeType: "SSD", Flavor: "s6.large.2", VPC: &sms.TemplateVPC{ID: auto, Name: auto},
		Nics: []sms.TemplateNic{{ID: auto, Name: auto}}, SecurityGroups: []sms.TemplateSG{{ID: auto, Name: auto}},
		PublicIP: &sms.TemplateEIP{Type: "5_bgp", BandwidthSize: 100},
	}))
	ids[official["huaweicloud_sms_server_template.web"]] = template

	// The official provider sends every flag, false included.
	base := func(source string) *sms.CreateTaskRequest {
		return &sms.CreateTaskRequest{Name: smsTaskDefaultName, Type: "MIGRATE_BLOCK", OsType: "LINUX", SourceServer: sms.SourceServerRef{ID: source},
			RegionName: "cn-north-4", RegionID: "cn-north-4", ProjectName: "cn-north-4", ProjectID: c.ProjectID(), Priority: num(1),
			UsePublicIP: &yes, StartTargetServer: &yes, Syncing: &no, ExistServer: &no, AutoStart: &no, UseIPv6: &no,
			StartNetworkCheck: &no, IsNeedConsistencyCheck: &no, NeedMigrationTest: &no}
	}
	src, err := client.ShowSource(ctx, web.ID)
	if err != nil {
		t.Fatal(err)
	}
	wt := base(web.ID)
	wt.TargetServer = sms.NewTargetServer{Name: "web-01-target", Disks: src.InitTargetServer.Disks}
	wt.VMTemplateID = template
	wt.UseIPv6, wt.StartNetworkCheck, wt.IsNeedConsistencyCheck, wt.NeedMigrationTest = &yes, &yes, &yes, &yes
	wt.SpeedLimit, wt.OverSpeedThreshold = num(200), func(f float64) *float64 { return &f }(50)
	webTask := must(client.CreateTask(ctx, wt))
	// In the order the official provider sent its set.
	if err := client.UpdateSpeedLimits(ctx, webTask, []sms.SpeedLimitPeriod{
		{Start: "13:00", End: "18:00", Speed: num(50)},
		{Start: "08:00", End: "12:00", Speed: num(100), OverSpeedThreshold: func(f float64) *float64 { return &f }(20)},
	}); err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateConfigurations(ctx, webTask, []sms.ConfigItem{{ConfigKey: "MIGRATE_EXCLUDE_DIR", ConfigValue: "/tmp,/var/cache"}}); err != nil {
		t.Fatal(err)
	}
	ids[official["huaweicloud_sms_task.web"]] = webTask

	const gib40 = 40 << 30
	dt := base(db.ID)
	dt.TargetServer = sms.NewTargetServer{VMID: officialTargetVM, Name: "db-01-target", Disks: []sms.Disk{{
		Name: "/dev/vda", DeviceUse: sms.DeviceUseBoot, Size: gib40,
		PhysicalVolumes: []sms.PhysicalVolume{{Name: "/dev/vda1", DeviceUse: sms.DeviceUseOS, FileSystem: "ext4", MountPoint: "/", Size: gib40}},
	}}}
	dt.MigrationIP, dt.ExistServer, dt.AutoStart, dt.UsePublicIP, dt.StartTargetServer = "192.168.10.20", &yes, &yes, &no, &no
	ids[official["huaweicloud_sms_task.db"]] = must(client.CreateTask(ctx, dt))
	for k, v := range official {
		if ids[v] == "" {
			t.Fatalf("no object here for the official %s %s", k, v)
		}
	}
	return ids, web.ID, db.ID
}

// officialTargetVM is the existing target server of the official db task.
const officialTargetVM = "c0ffee00-0000-4000-8000-0000000000db"

// movedFromOfficialConfig is the configuration of the official objects
// (testdata/official/README.md) for this provider under the local name sms,
// with a moved block for each.
func movedFromOfficialConfig(webSource, dbSource string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    huaweicloud = { source = "huaweicloud/huaweicloud" }
    sms         = { source = "smsops/huaweicloud" }
  }
}

moved {
  from = huaweicloud_sms_migration_project.web
  to   = huaweicloud_sms_migration_project.web_wave
}

resource "huaweicloud_sms_migration_project" "web_wave" {
  provider            = sms
  name                = "web-wave"
  region              = "cn-north-4"
  type                = "MIGRATE_BLOCK"
  use_public_ip       = true
  exist_server        = false
  syncing             = false
  description         = "web servers"
  start_target_server = true
  speed_limit         = 100
  start_network_check = true
}

moved {
  from = huaweicloud_sms_server_template.web
  to   = huaweicloud_sms_server_template.web_targets
}

resource "huaweicloud_sms_server_template" "web_targets" {
  provider           = sms
  name               = "web-targets"
  availability_zone  = "cn-north-4a"
  target_server_name = "web-01-target"
  volume_type        = "SSD"
  flavor             = "s6.large.2"
  bandwidth_size     = 100
}

moved {
  from = huaweicloud_sms_task.web
  to   = huaweicloud_sms_task.web_migration
}

resource "huaweicloud_sms_task" "web_migration" {
  provider                  = sms
  name                      = "MigrationTask"
  type                      = "MIGRATE_BLOCK"
  os_type                   = "LINUX"
  source_server_id          = %q
  vm_template_id            = huaweicloud_sms_server_template.web_targets.id
  target_server             = { name = "web-01-target" }
  use_ipv6                  = true
  start_network_check       = true
  is_need_consistency_check = true
  need_migration_test       = true
  speed_limit               = 200
  over_speed_threshold      = 50
  speed_limit_schedule = [
    { start = "08:00", end = "12:00", speed = 100, over_speed_threshold = 20 },
    { start = "13:00", end = "18:00", speed = 50 },
  ]
  configurations = { MIGRATE_EXCLUDE_DIR = "/tmp,/var/cache" }
  timeouts {
    create = "10m"
  }
}

moved {
  from = huaweicloud_sms_task.db
  to   = huaweicloud_sms_task.db_migration
}

resource "huaweicloud_sms_task" "db_migration" {
  provider         = sms
  name             = "MigrationTask"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = %q
  target_server = {
    vm_id = %q
    name  = "db-01-target"
    disks = [{
      name       = "/dev/vda"
      device_use = "BOOT"
      size       = 42949672960
      physical_volumes = [{
        name        = "/dev/vda1"
        device_use  = "OS"
        size        = 42949672960
        file_system = "ext4"
        mount_point = "/"
        index       = 0
      }]
    }]
  }
  migration_ip        = "192.168.10.20"
  auto_start          = true
  use_public_ip       = false
  start_target_server = false
}
`, webSource, dbSource, officialTargetVM)
}
