package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The disk layout of a target server (its disks and their partitions), as
// each schema that shows one has it: configurable in huaweicloud_sms_task's
// target_server.disks, read-only in data source huaweicloud_sms_task and in
// the layout huaweicloud_sms_source_servers suggests. Every attribute is
// written once, in the tables below, with its description in each of them.
// (The state upgrade keeps version 0's own disks, which had no partitions.)

// layoutAttr is one attribute of a disk or a partition.
type layoutAttr struct {
	name string
	// task is the attribute in huaweicloud_sms_task.
	task schema.Attribute
	// read describes it in data source huaweicloud_sms_task, suggested in
	// the suggested layout ("": that one leaves it out).
	read, suggested string
}

// layoutList describes the disks list and each disk's physical_volumes
// list in the three schemas.
type layoutList struct{ task, read, suggested string }

var (
	disksList = layoutList{
		task:      "The target's disks; defaults to the layout the service suggests.",
		read:      "The disks of the target server.",
		suggested: "The suggested target disks.",
	}
	volumesList = layoutList{
		task:      "The disk's partitions; defaults to the suggested layout's.",
		read:      "The partitions of the disk; null when none is recorded.",
		suggested: "The partitions of the disk.",
	}
)

func diskAttrs() []layoutAttr {
	return []layoutAttr{
		{name: "name", task: layoutString("Device name, for example `/dev/vda`.", true, layoutLength()),
			read: "The device name of the disk, for example `/dev/vda` or `Disk 0`.", suggested: "The disk name, for example `/dev/vda`."},
		{name: "device_use", task: layoutString("`BOOT`, `OS` or `NORMAL` (data).", true, layoutDeviceUse()),
			read: "What the disk holds: `BOOT` (boot disk), `OS` (system disk) or `NORMAL` (data disk).", suggested: "What the disk holds: `BOOT`, `OS` or `NORMAL`."},
		{name: "size", task: sizeInBytes(), read: "The size of the disk in bytes.", suggested: "The disk size in bytes."},
		{name: "used_size", task: usedSizeInBytes(), read: "The used space on the disk in bytes.", suggested: "The used size in bytes."},
		{name: "disk_id", task: serviceFilledString("An existing EVS disk to use."),
			read: "The ID of the EVS disk of the target server used for this disk; null when not set."},
	}
}

func volumeAttrs() []layoutAttr {
	return []layoutAttr{
		{name: "name", task: layoutString("`C:` or `/dev/vda1`.", true, layoutLength()),
			read: "The partition: a drive letter on Windows, a device on Linux.", suggested: "The partition name."},
		{name: "device_use", task: layoutString("`BOOT`, `OS` or `NORMAL`.", false, layoutDeviceUse()),
			read: "What the partition holds: `BOOT`, `OS` or `NORMAL`; null when not recorded.", suggested: "What the partition holds."},
		{name: "file_system", task: layoutString("File system, for example `ext4`.", false, layoutLength()),
			read: "The file system; null when not recorded.", suggested: "The file system, for example `ext4` or `NTFS`."},
		{name: "mount_point", task: layoutString("Mount point.", false, layoutLength()),
			read: "Where the partition is mounted; null when not recorded.", suggested: "The mount point."},
		{name: "index", task: schema.Int64Attribute{
			Description: "Position on the disk, from 0.",
			Required:    true,
			Validators:  []validator.Int64{int64validator.AtLeast(0)},
		}, read: "The position of the partition on the disk.", suggested: "The partition index."},
		{name: "size", task: sizeInBytes(), read: "The size of the partition in bytes.", suggested: "The partition size in bytes."},
		{name: "used_size", task: usedSizeInBytes(), read: "The used space in bytes.", suggested: "The used size in bytes."},
		{name: "uuid", task: serviceFilledString("Partition GUID."), read: "The GUID of the partition; null when not recorded."},
	}
}

// layoutLength and layoutDeviceUse check a layout string: 1 to 255
// characters, or what a disk or partition holds.
func layoutLength() validator.String { return stringvalidator.LengthBetween(1, 255) }

func layoutDeviceUse() validator.String {
	return stringvalidator.OneOf(sms.DeviceUseNormal, sms.DeviceUseOS, sms.DeviceUseBoot)
}

// layoutString is a string of the layout, required or optional.
func layoutString(desc string, required bool, v validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Required: required, Optional: !required, Validators: []validator.String{v}}
}

// serviceFilledString is a string of the layout the service fills in when
// the configuration leaves it out (kept from the state once known).
func serviceFilledString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   desc,
		Optional:      true,
		Computed:      true,
		Validators:    []validator.String{layoutLength()},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// sizeInBytes and usedSizeInBytes are the sizes of a target disk and of a
// physical volume.
func sizeInBytes() schema.Int64Attribute {
	return schema.Int64Attribute{
		Description: "Size in bytes.",
		Required:    true,
		Validators:  []validator.Int64{int64validator.AtLeast(1)},
	}
}

func usedSizeInBytes() schema.Int64Attribute {
	return schema.Int64Attribute{
		Description:   "Used space in bytes.",
		Optional:      true,
		Computed:      true,
		Validators:    []validator.Int64{int64validator.AtLeast(0)},
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

// taskDisksSchema is target_server.disks of huaweicloud_sms_task.
func taskDisksSchema() schema.ListNestedAttribute {
	list := func(desc string, attrs []layoutAttr, extra map[string]schema.Attribute) schema.ListNestedAttribute {
		out := extra
		for _, a := range attrs {
			out[a.name] = a.task
		}
		return schema.ListNestedAttribute{
			Description:   desc,
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject:  schema.NestedAttributeObject{Attributes: out},
		}
	}
	volumes := list(volumesList.task, volumeAttrs(), map[string]schema.Attribute{})
	return list(disksList.task, diskAttrs(), map[string]schema.Attribute{"physical_volumes": volumes})
}

// readDisksSchema is the read-only disk layout: target_server.disks of data
// source huaweicloud_sms_task (suggested false), or the disks of the layout
// huaweicloud_sms_source_servers suggests (suggested true).
func readDisksSchema(suggested bool) dschema.ListNestedAttribute {
	desc := func(a layoutAttr) string { return a.read }
	listDesc := func(l layoutList) string { return l.read }
	if suggested {
		desc = func(a layoutAttr) string { return a.suggested }
		listDesc = func(l layoutList) string { return l.suggested }
	}
	list := func(l layoutList, attrs []layoutAttr, extra map[string]dschema.Attribute) dschema.ListNestedAttribute {
		out := extra
		for _, a := range attrs {
			switch d := desc(a); {
			case d == "":
			case a.task.GetType() == types.Int64Type:
				out[a.name] = computedInt64(d)
			default:
				out[a.name] = computedString(d)
			}
		}
		return dschema.ListNestedAttribute{Description: listDesc(l), Computed: true, NestedObject: dschema.NestedAttributeObject{Attributes: out}}
	}
	volumes := list(volumesList, volumeAttrs(), map[string]dschema.Attribute{})
	return list(disksList, diskAttrs(), map[string]dschema.Attribute{"physical_volumes": volumes})
}
