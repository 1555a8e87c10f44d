package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

var _ resource.ResourceWithMoveState = (*smsMigrationProjectResource)(nil)

// MoveState takes a huaweicloud_sms_migration_project of the official
// provider over (moved block, Terraform 1.8 and later).
func (r *smsMigrationProjectResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{officialMove("huaweicloud_sms_migration_project", moveOfficialMigrationProject)}
}

// officialMigrationProject is the state of the official
// huaweicloud_sms_migration_project, schema version 0: every attribute it
// holds. The official provider reads each from the API field of the same
// name (isdefault for is_default), as this one does.
type officialMigrationProject struct {
	ID                string  `json:"id"`
	Name              *string `json:"name"`
	Description       *string `json:"description"`
	Region            *string `json:"region"`
	Type              *string `json:"type"`
	IsDefault         *bool   `json:"is_default"`
	UsePublicIP       *bool   `json:"use_public_ip"`
	ExistServer       *bool   `json:"exist_server"`
	Syncing           *bool   `json:"syncing"`
	StartTargetServer *bool   `json:"start_target_server"`
	StartNetworkCheck *bool   `json:"start_network_check"`
	SpeedLimit        *int    `json:"speed_limit"`
	EnterpriseProject *string `json:"enterprise_project"`
}

// moveOfficialMigrationProject writes this provider's state of the project
// the official state describes, converted the way a read converts the API's
// answer (fromAPI).
func moveOfficialMigrationProject(ctx context.Context, o *officialMigrationProject, resp *resource.MoveStateResponse) {
	var m smsMigrationProjectModel
	m.fromAPI(&sms.MigProject{
		ID: o.ID, Name: o.Name, Description: o.Description, Region: o.Region, Type: o.Type,
		IsDefault: o.IsDefault, UsePublicIP: o.UsePublicIP, ExistServer: o.ExistServer, Syncing: o.Syncing,
		StartTargetServer: o.StartTargetServer, StartNetworkCheck: o.StartNetworkCheck,
		SpeedLimit: o.SpeedLimit, EnterpriseProject: o.EnterpriseProject,
	})
	m.Timeouts = nullTimeouts() // the official resource has no timeouts
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
