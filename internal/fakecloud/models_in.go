package fakecloud

import "encoding/json"

// Mirrors of the nested SDK request models (huaweicloud-sdk-go-v3 v0.1.207
// services/sms/v3/model) shared by several bodies, field for field, so that
// strict decoding refuses a field the model lacks or a value of the wrong
// JSON type, and checkModel applies the rules in their tags. Strings are at
// most 255 characters unless tagged (the API pages' limit for these models).

// serverDiskIn is ServerDisk (RegisterServer, UpdateDiskInfo).
type serverDiskIn struct {
	Name            *string            `json:"name,omitempty"`
	PartitionStyle  *string            `json:"partition_style,omitempty"` // "not an enum" (the model): MBR, GPT, ...
	DeviceUse       *string            `json:"device_use,omitempty"`      // "no strong constraint" (the model)
	Size            *int64             `json:"size,omitempty" range:"0,9223372036854775807"`
	UsedSize        *int64             `json:"used_size,omitempty" range:"0,9223372036854775807"`
	PhysicalVolumes []physicalVolumeIn `json:"physical_volumes,omitempty"`
	OSDisk          *bool              `json:"os_disk,omitempty"`
	RelationName    *string            `json:"relation_name,omitempty"`
	InodeSize       *int32             `json:"inode_size,omitempty"`
}

// physicalVolumeIn is PhysicalVolume.
type physicalVolumeIn struct {
	DeviceUse      *string `json:"device_use,omitempty"`
	FileSystem     *string `json:"file_system,omitempty"`
	Index          *int32  `json:"index,omitempty"`
	MountPoint     *string `json:"mount_point,omitempty"`
	Name           *string `json:"name,omitempty"`
	Size           *int64  `json:"size,omitempty" range:"0,9223372036854775807"`
	UsedSize       *int64  `json:"used_size,omitempty" range:"0,9223372036854775807"`
	InodeSize      *int32  `json:"inode_size,omitempty"`
	InodeNums      *int64  `json:"inode_nums,omitempty"`
	UUID           *string `json:"uuid,omitempty"`
	SizePerCluster *int32  `json:"size_per_cluster,omitempty"`
}

// volumeGroupModel is VolumeGroups.
type volumeGroupModel struct {
	Components     *string              `json:"components,omitempty" max:"-"`
	FreeSize       *int64               `json:"free_size,omitempty"`
	LogicalVolumes []logicalVolumeModel `json:"logical_volumes,omitempty"`
	Name           *string              `json:"name,omitempty"`
	Size           *int64               `json:"size,omitempty"`
}

// logicalVolumeModel is LogicalVolumes.
type logicalVolumeModel struct {
	BlockCount *int32  `json:"block_count,omitempty"`
	BlockSize  *int64  `json:"block_size,omitempty"`
	FileSystem *string `json:"file_system,omitempty"`
	InodeSize  *int32  `json:"inode_size,omitempty"`
	InodeNums  *int64  `json:"inode_nums,omitempty"`
	DeviceUse  *string `json:"device_use,omitempty"`
	MountPoint *string `json:"mount_point,omitempty"`
	Name       *string `json:"name,omitempty"`
	Size       *int64  `json:"size,omitempty"`
	UsedSize   *int64  `json:"used_size,omitempty"`
	FreeSize   *int64  `json:"free_size,omitempty"`
}

// btrfsModel is BtrfsFileSystem.
type btrfsModel struct {
	Name                   *string            `json:"name,omitempty"`
	Label                  *string            `json:"label,omitempty"`
	UUID                   *string            `json:"uuid,omitempty"`
	Device                 *string            `json:"device,omitempty"`
	Size                   *int64             `json:"size,omitempty"`
	Nodesize               *int64             `json:"nodesize,omitempty"`
	Sectorsize             *int32             `json:"sectorsize,omitempty"`
	DataProfile            *string            `json:"data_profile,omitempty"`
	SystemProfile          *string            `json:"system_profile,omitempty"`
	MetadataProfile        *string            `json:"metadata_profile,omitempty"`
	GlobalReserve1         *string            `json:"global_reserve1,omitempty"`
	GVolUsedSize           *int64             `json:"g_vol_used_size,omitempty"`
	DefaultSubvolid        *string            `json:"default_subvolid,omitempty"`
	DefaultSubvolName      *string            `json:"default_subvol_name,omitempty"`
	DefaultSubvolMountpath *string            `json:"default_subvol_mountpath,omitempty"`
	Subvolumn              []btrfsSubvolModel `json:"subvolumn,omitempty"`
}

// btrfsSubvolModel is BtrfsSubvolumn.
type btrfsSubvolModel struct {
	UUID            *string `json:"uuid,omitempty"`
	IsSnapshot      *string `json:"is_snapshot,omitempty"`
	SubvolID        *string `json:"subvol_id,omitempty"`
	ParentID        *string `json:"parent_id,omitempty"`
	SubvolName      *string `json:"subvol_name,omitempty"`
	SubvolMountPath *string `json:"subvol_mount_path,omitempty"`
}

// networkModel is NetWork: mac is required ("the first MAC in the list
// must not be empty", the model).
type networkModel struct {
	Name    *string `json:"name,omitempty"`
	IP      *string `json:"ip,omitempty"`
	IPv6    *string `json:"ipv6,omitempty"`
	Netmask *string `json:"netmask,omitempty"`
	Gateway *string `json:"gateway,omitempty"`
	MTU     *int32  `json:"mtu,omitempty"`
	Mac     *string `json:"mac,omitempty" req:"true"`
	ID      *string `json:"id,omitempty"`
}

// serverFacts are the fields PostSourceServerBody (RegisterServer) and
// TargetServer (UpdateTask) share, with the same rules; each embeds them.
type serverFacts struct {
	Hostname           *string            `json:"hostname,omitempty"`
	Firmware           *string            `json:"firmware,omitempty" enum:"BIOS|UEFI"`
	CPUQuantity        *int32             `json:"cpu_quantity,omitempty" range:"0,2147483647"`
	Memory             *int64             `json:"memory,omitempty" range:"0,9223372036854775807"`
	BtrfsList          []btrfsModel       `json:"btrfs_list,omitempty"`
	Networks           []networkModel     `json:"networks,omitempty"`
	DomainID           *string            `json:"domain_id,omitempty"`
	HasRsync           *bool              `json:"has_rsync,omitempty"`
	Paravirtualization *bool              `json:"paravirtualization,omitempty"`
	RawDevices         *string            `json:"raw_devices,omitempty" max:"-"`
	DriverFiles        *bool              `json:"driver_files,omitempty"`
	SystemServices     *bool              `json:"system_services,omitempty"`
	AccountRights      *bool              `json:"account_rights,omitempty"`
	SystemDir          *string            `json:"system_dir,omitempty"`
	VolumeGroups       []volumeGroupModel `json:"volume_groups,omitempty"`
}

// rawJSON re-encodes a decoded model for storage: what the fake keeps of a
// nested object it only echoes.
func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// targetServerIn is target_server in a CreateTask body (TargetServerByTask).
type targetServerIn struct {
	BtrfsList    []btrfsModel       `json:"btrfs_list,omitempty"`
	Disks        []targetDisksIn    `json:"disks,omitempty"`
	Name         *string            `json:"name,omitempty"`
	VMID         *string            `json:"vm_id,omitempty"`
	VolumeGroups []volumeGroupModel `json:"volume_groups,omitempty"`
}

// targetDisksIn is a disk of a CreateTask target (TargetDisks).
type targetDisksIn struct {
	DeviceUse       *string             `json:"device_use,omitempty" enum:"NORMAL|OS|BOOT"`
	DiskID          *string             `json:"disk_id,omitempty"`
	Name            *string             `json:"name,omitempty"`
	PhysicalVolumes []physicalVolumesIn `json:"physical_volumes,omitempty"`
	Size            *int64              `json:"size,omitempty" range:"0,9223372036854775807"`
	UsedSize        *int64              `json:"used_size,omitempty" range:"0,9223372036854775807"`
}

// physicalVolumesIn is PhysicalVolumes.
type physicalVolumesIn struct {
	DeviceUse  *string `json:"device_use,omitempty"`
	FileSystem *string `json:"file_system,omitempty"`
	Index      *int32  `json:"index,omitempty"`
	MountPoint *string `json:"mount_point,omitempty"`
	Name       *string `json:"name,omitempty"`
	Size       *int64  `json:"size,omitempty" range:"0,9223372036854775807"`
	InodeSize  *int64  `json:"inode_size,omitempty"`
	UsedSize   *int64  `json:"used_size,omitempty" range:"0,9223372036854775807"`
	UUID       *string `json:"uuid,omitempty"`
}

// targetServerUpdateIn is target_server in an UpdateTask body (the SDK's
// TargetServer). The fake keeps vm_id, name, disks and volume_groups; the
// other fields are checked and then not kept.
type targetServerUpdateIn struct {
	ID         *string `json:"id,omitempty"`
	IP         *string `json:"ip,omitempty"`
	Name       *string `json:"name,omitempty"`
	OSType     *string `json:"os_type,omitempty" enum:"WINDOWS|LINUX"`
	OSVersion  *string `json:"os_version,omitempty"`
	BootLoader *string `json:"boot_loader,omitempty" enum:"GRUB|LILO"`
	serverFacts
	VMID                 *string        `json:"vm_id,omitempty"`
	Flavor               *string        `json:"flavor,omitempty"`
	Disks                []targetDiskIn `json:"disks,omitempty"`
	ImageDiskID          *string        `json:"image_disk_id,omitempty"`
	SnapshotIDs          *string        `json:"snapshot_ids,omitempty"`
	CutoveredSnapshotIDs *string        `json:"cutovered_snapshot_ids,omitempty"`
}

// targetDiskIn is a disk of an UpdateTask target (TargetDisk).
type targetDiskIn struct {
	ID              *int64                  `json:"id,omitempty"`
	DeviceUse       *string                 `json:"device_use,omitempty" enum:"NORMAL|OS|BOOT"`
	DiskID          *string                 `json:"disk_id,omitempty"`
	Name            *string                 `json:"name,omitempty"`
	PhysicalVolumes []targetPhysicalVolumes `json:"physical_volumes,omitempty"`
	Size            *int64                  `json:"size,omitempty" range:"0,9223372036854775807"`
	UsedSize        *int64                  `json:"used_size,omitempty" range:"0,9223372036854775807"`
	DiskIndex       *string                 `json:"disk_index,omitempty"`
	OSDisk          *bool                   `json:"os_disk,omitempty"`
	PartitionStyle  *string                 `json:"partition_style,omitempty" enum:"MBR|GPT"`
	RelationName    *string                 `json:"relation_name,omitempty"`
}

// targetPhysicalVolumes is TargetPhysicalVolumes.
type targetPhysicalVolumes struct {
	ID           *int64  `json:"id,omitempty"`
	DeviceUse    *string `json:"device_use,omitempty" enum:"NORMAL|OS|BOOT"`
	FileSystem   *string `json:"file_system,omitempty"`
	Index        *int32  `json:"index,omitempty"`
	MountPoint   *string `json:"mount_point,omitempty"`
	Name         *string `json:"name,omitempty"`
	Size         *int64  `json:"size,omitempty" range:"0,9223372036854775807"`
	UsedSize     *int64  `json:"used_size,omitempty" range:"0,9223372036854775807"`
	UUID         *string `json:"uuid,omitempty"`
	RelationName *string `json:"relation_name,omitempty"`
	FreeSize     *int64  `json:"free_size,omitempty"`
}

// cloneServerIn is CloneServer (UpdateTask clone_server): checked, not kept.
type cloneServerIn struct {
	VMID       *string `json:"vm_id,omitempty"`
	Name       *string `json:"name,omitempty"`
	CloneError *string `json:"clone_error,omitempty" max:"-"`
	CloneState *string `json:"clone_state,omitempty" enum:"NOT_READY|READY|PREPARING|CREATING|ERROR|FINISHED"`
	ErrorMsg   *string `json:"error_msg,omitempty" max:"-"`
}

// asCreate reduces an update's target to the fields the fake keeps.
func (ts *targetServerUpdateIn) asCreate() *targetServerIn {
	if ts == nil {
		return nil
	}
	out := &targetServerIn{VMID: ts.VMID, Name: ts.Name, VolumeGroups: ts.VolumeGroups, BtrfsList: ts.BtrfsList}
	if ts.Disks != nil {
		out.Disks = make([]targetDisksIn, 0, len(ts.Disks))
		for _, d := range ts.Disks {
			disk := targetDisksIn{DeviceUse: d.DeviceUse, DiskID: d.DiskID, Name: d.Name, Size: d.Size, UsedSize: d.UsedSize}
			for _, pv := range d.PhysicalVolumes {
				disk.PhysicalVolumes = append(disk.PhysicalVolumes, physicalVolumesIn{DeviceUse: pv.DeviceUse, FileSystem: pv.FileSystem,
					Index: pv.Index, MountPoint: pv.MountPoint, Name: pv.Name, Size: pv.Size, UsedSize: pv.UsedSize, UUID: pv.UUID})
			}
			out.Disks = append(out.Disks, disk)
		}
	}
	return out
}

func (ts *targetServerIn) validate() *apiError {
	if ts == nil {
		return nil
	}
	return checkModel(ts, "target_server")
}

func (ts *targetServerIn) applyTo(cfg *targetServerConfig) {
	if ts == nil {
		return
	}
	if ts.VMID != nil {
		cfg.VMID = *ts.VMID
	}
	if ts.Name != nil {
		cfg.Name = *ts.Name
	}
	if ts.Disks != nil {
		cfg.Disks = make([]targetDiskJSON, 0, len(ts.Disks))
		for _, d := range ts.Disks {
			disk := targetDiskJSON{DeviceUse: str(d.DeviceUse, ""), DiskID: str(d.DiskID, ""), Name: str(d.Name, ""),
				Size: int64OrZero(d.Size), UsedSize: int64OrZero(d.UsedSize)}
			for _, pv := range d.PhysicalVolumes {
				var idx *int
				if pv.Index != nil {
					i := int(*pv.Index)
					idx = &i
				}
				disk.PhysicalVolumes = append(disk.PhysicalVolumes, physicalVolumeJSON{DeviceUse: str(pv.DeviceUse, ""),
					FileSystem: str(pv.FileSystem, ""), Index: idx, MountPoint: str(pv.MountPoint, ""), Name: str(pv.Name, ""),
					Size: int64OrZero(pv.Size), UsedSize: int64OrZero(pv.UsedSize), InodeSize: pv.InodeSize, UUID: str(pv.UUID, "")})
			}
			cfg.Disks = append(cfg.Disks, disk)
		}
	}
	if ts.VolumeGroups != nil {
		cfg.VolumeGroups = rawJSON(ts.VolumeGroups)
	}
}
