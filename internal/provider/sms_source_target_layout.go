package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The disk layout the service suggests for a source server's target
// (init_target_server), exported by huaweicloud_sms_source_servers so a
// configuration can size target disks from it.

func sourceTargetLayoutSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Description: "The target layout the service suggests for this source server; its disks can be used as a task's target disks.",
		Computed:    true,
		Attributes: map[string]schema.Attribute{
			"disks": readDisksSchema(true),
		},
	}
}

type sourceTargetLayoutModel struct {
	Disks []sourceTargetDiskModel `tfsdk:"disks"`
}

type sourceTargetDiskModel struct {
	Name            types.String              `tfsdk:"name"`
	DeviceUse       types.String              `tfsdk:"device_use"`
	Size            types.Int64               `tfsdk:"size"`
	UsedSize        types.Int64               `tfsdk:"used_size"`
	PhysicalVolumes []sourceTargetVolumeModel `tfsdk:"physical_volumes"`
}

type sourceTargetVolumeModel struct {
	Name       types.String `tfsdk:"name"`
	DeviceUse  types.String `tfsdk:"device_use"`
	FileSystem types.String `tfsdk:"file_system"`
	MountPoint types.String `tfsdk:"mount_point"`
	Index      types.Int64  `tfsdk:"index"`
	Size       types.Int64  `tfsdk:"size"`
	UsedSize   types.Int64  `tfsdk:"used_size"`
}

func sourceTargetLayout(l sms.InitTargetServer) sourceTargetLayoutModel {
	out := sourceTargetLayoutModel{Disks: make([]sourceTargetDiskModel, 0, len(l.Disks))}
	for _, d := range l.Disks {
		dm := sourceTargetDiskModel{
			Name: types.StringValue(d.Name), DeviceUse: types.StringValue(d.DeviceUse),
			Size: types.Int64Value(d.Size), UsedSize: types.Int64Value(d.UsedSize),
			PhysicalVolumes: make([]sourceTargetVolumeModel, 0, len(d.PhysicalVolumes)),
		}
		for _, pv := range d.PhysicalVolumes {
			dm.PhysicalVolumes = append(dm.PhysicalVolumes, sourceTargetVolumeModel{
				Name: types.StringValue(pv.Name), DeviceUse: types.StringValue(pv.DeviceUse),
				FileSystem: types.StringValue(pv.FileSystem), MountPoint: types.StringValue(pv.MountPoint),
				Index: types.Int64Value(int64(pv.Index)), Size: types.Int64Value(pv.Size), UsedSize: types.Int64Value(pv.UsedSize),
			})
		}
		out.Disks = append(out.Disks, dm)
	}
	return out
}
