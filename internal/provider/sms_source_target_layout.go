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
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Description: desc, Computed: true}
	}
	return schema.SingleNestedAttribute{
		Description: "The target layout the service suggests for this source server; its disks can be used as a task's target disks.",
		Computed:    true,
		Attributes: map[string]schema.Attribute{
			"disks": schema.ListNestedAttribute{
				Description: "The suggested target disks.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":       str("The disk name, for example `/dev/vda`."),
					"device_use": str("What the disk holds: `BOOT`, `OS` or `NORMAL`."),
					"size":       num("The disk size in bytes."),
					"used_size":  num("The used size in bytes."),
					"physical_volumes": schema.ListNestedAttribute{
						Description: "The partitions of the disk.",
						Computed:    true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":        str("The partition name."),
							"device_use":  str("What the partition holds."),
							"file_system": str("The file system, for example `ext4` or `NTFS`."),
							"mount_point": str("The mount point."),
							"index":       num("The partition index."),
							"size":        num("The partition size in bytes."),
							"used_size":   num("The used size in bytes."),
						}},
					},
				}},
			},
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
