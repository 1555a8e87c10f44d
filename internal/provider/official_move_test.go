package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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
