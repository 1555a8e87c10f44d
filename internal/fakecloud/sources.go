package fakecloud

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// SourceSpec describes a source server to seed. Every field is optional.
type SourceSpec struct {
	ID                  string `json:"id,omitempty"`      // default: deterministic UUID-shaped id
	Name                string `json:"name,omitempty"`    // default "source-<n>"
	IP                  string `json:"ip,omitempty"`      // default 192.168.x.y
	OSType              string `json:"os_type,omitempty"` // LINUX (default) or WINDOWS
	OSVersion           string `json:"os_version,omitempty"`
	Connected           *bool  `json:"connected,omitempty"` // default true
	State               string `json:"state,omitempty"`     // default "waiting"
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	Disks               []Disk `json:"disks,omitempty"`      // default: one 40 GiB system disk
	MigProject          string `json:"migproject,omitempty"` // default: the default migration project
}

const gib = int64(1) << 30

// sourceMemory is every source server's memory, in bytes.
const sourceMemory = 8 * gib

func defaultDisks(osType string) []Disk {
	if osType == "WINDOWS" {
		return []Disk{{
			Name: "Disk 0", Size: 40 * gib, UsedSize: 18 * gib, DeviceUse: "BOOT",
			PhysicalVolumes: []PhysicalVolume{{Name: `C:\`, DeviceUse: "OS", FileSystem: "NTFS", MountPoint: `C:\`,
				Index: 0, Size: 40 * gib, UsedSize: 18 * gib, UUID: "4f1c2d3e-0000-4000-8000-00000000c0de"}},
		}}
	}
	return []Disk{{
		Name: "/dev/vda", Size: 40 * gib, UsedSize: 6 * gib, DeviceUse: "BOOT",
		PhysicalVolumes: []PhysicalVolume{{Name: "/dev/vda1", DeviceUse: "OS", FileSystem: "ext4", MountPoint: "/",
			Index: 0, Size: 40 * gib, UsedSize: 6 * gib, UUID: "9b2e7c1a-0000-4000-8000-00000000beef"}},
	}}
}

// seedID returns the next deterministic UUID-shaped id. kind is 4 hex digits
// that tell tasks (fa57), sources (5eed) and DCS tasks (dc5b) apart. Callers
// hold s.mu.
func (s *Server) seedID(kind string) (string, int) {
	s.seedSeq++
	return fmt.Sprintf("%s0000-0000-4000-8000-%012d", kind, s.seedSeq), s.seedSeq
}

// SeedSource adds a source server (agent connected, "waiting" unless the spec
// says otherwise). It panics on an invalid spec (unknown state or OS type, a
// duplicate id); the HTTP control API answers 400 instead.
func (s *Server) SeedSource(spec SourceSpec) Source {
	src, err := s.seedSource(spec)
	if err != nil {
		panic("fakecloud: SeedSource: " + err.Error())
	}
	return src
}

func (s *Server) seedSource(spec SourceSpec) (Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, err := s.addSource(spec, s.nowLocked())
	if err != nil {
		return Source{}, err
	}
	return src.view(), nil
}

// addSource validates spec and registers the source. Callers hold s.mu.
func (s *Server) addSource(spec SourceSpec, now time.Time) (*source, error) {
	if spec.OSType == "" {
		spec.OSType = "LINUX"
	}
	if spec.OSType != "LINUX" && spec.OSType != "WINDOWS" {
		return nil, fmt.Errorf("os_type %q is not LINUX or WINDOWS", spec.OSType)
	}
	if spec.State == "" {
		spec.State = "waiting"
	}
	if !sourceStates[spec.State] {
		return nil, fmt.Errorf("unknown source state %q", spec.State)
	}
	id, n := s.seedID("5eed")
	if spec.ID != "" {
		id = spec.ID
	}
	if _, dup := s.sources[id]; dup {
		return nil, fmt.Errorf("source id %q already exists", id)
	}
	if spec.Name == "" {
		spec.Name = fmt.Sprintf("source-%03d", n)
	}
	if spec.IP == "" {
		spec.IP = fmt.Sprintf("192.168.%d.%d", (n/250)%250, n%250+1)
	}
	if spec.OSVersion == "" {
		spec.OSVersion = "CENTOS_7_9_64BIT"
		if spec.OSType == "WINDOWS" {
			spec.OSVersion = "WINDOWS_2019_DATACENTER_64BIT"
		}
	}
	if spec.EnterpriseProjectID == "" {
		spec.EnterpriseProjectID = defaultEnterpriseProject
	}
	if spec.Disks == nil {
		spec.Disks = defaultDisks(spec.OSType)
	}
	s.seq++
	src := &source{
		id: id, name: spec.Name, ip: spec.IP, osType: spec.OSType, osVersion: spec.OSVersion,
		enterpriseProjectID: spec.EnterpriseProjectID, connected: spec.Connected == nil || *spec.Connected,
		disks: slices.Clone(spec.Disks), seq: s.seq, addDate: now,
	}
	src.agent = defaultAgent(spec)
	src.migProject = spec.MigProject
	if src.migProject == "" {
		src.migProject = defaultMigProjectID
	}
	src.setState(spec.State)
	s.sources[id] = src
	return src, nil
}

// Sources returns every source server in creation order.
func (s *Server) Sources() []Source {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	out := []Source{}
	for _, src := range s.sortedSources() {
		out = append(out, src.view())
	}
	return out
}

func (s *Server) sortedSources() []*source {
	out := make([]*source, 0, len(s.sources))
	for _, src := range s.sources {
		out = append(out, src)
	}
	slices.SortFunc(out, func(a, b *source) int { return int(a.seq - b.seq) })
	return out
}

// Wire shapes of the source server APIs.

type physicalVolumeOut struct {
	DeviceUse      string `json:"device_use"`
	FileSystem     string `json:"file_system"`
	Index          int    `json:"index"`
	MountPoint     string `json:"mount_point"`
	Name           string `json:"name"`
	Size           int64  `json:"size"`
	UsedSize       int64  `json:"used_size"`
	UUID           string `json:"uuid"`
	InodeSize      *int32 `json:"inode_size,omitempty"`
	InodeNums      *int64 `json:"inode_nums,omitempty"`
	SizePerCluster *int32 `json:"size_per_cluster,omitempty"`
}

type diskOut struct {
	Name            string              `json:"name"`
	PartitionStyle  string              `json:"partition_style,omitempty"`
	DeviceUse       string              `json:"device_use"`
	Size            int64               `json:"size"`
	UsedSize        int64               `json:"used_size"`
	PhysicalVolumes []physicalVolumeOut `json:"physical_volumes"`
	OSDisk          *bool               `json:"os_disk,omitempty"`
	RelationName    string              `json:"relation_name,omitempty"`
	InodeSize       *int32              `json:"inode_size,omitempty"`
}

type currentTaskJSON struct {
	ID                string         `json:"id"`
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	State             string         `json:"state"`
	StartDate         *int64         `json:"start_date,omitempty"`
	SpeedLimit        int            `json:"speed_limit"`
	MigrateSpeed      float64        `json:"migrate_speed"`
	StartTargetServer bool           `json:"start_target_server"`
	VMTemplateID      string         `json:"vm_template_id,omitempty"`
	RegionID          string         `json:"region_id,omitempty"`
	ProjectName       string         `json:"project_name,omitempty"`
	ProjectID         string         `json:"project_id,omitempty"`
	TargetServer      listTargetJSON `json:"target_server"`
	LogCollectStatus  string         `json:"log_collect_status"`
	ExistServer       *bool          `json:"exist_server,omitempty"`
	UsePublicIP       *bool          `json:"use_public_ip,omitempty"`
	CloneServer       *listCloneJSON `json:"clone_server,omitempty"`
	SubtaskInfo       string         `json:"subtask_info,omitempty"`
	// Only in ListServers' current_task (TaskByServerSources).
	EstimateCompleteTime *int64   `json:"estimate_complete_time,omitempty"`
	CompressRate         *float64 `json:"compress_rate,omitempty"`
	RemainSeconds        *int64   `json:"remain_seconds,omitempty"`
	LogBucket            string   `json:"log_bucket,omitempty"`
	LogUploadTime        *int64   `json:"log_upload_time,omitempty"`
}

type initTargetJSON struct {
	Disks []diskOut `json:"disks"`
}

type sourceJSON struct {
	ID                  string           `json:"id"`
	IP                  string           `json:"ip"`
	Name                string           `json:"name"`
	EnterpriseProjectID string           `json:"enterprise_project_id"`
	AddDate             int64            `json:"add_date"`
	OSType              string           `json:"os_type"`
	OSVersion           string           `json:"os_version"`
	OemSystem           bool             `json:"oem_system"`
	State               string           `json:"state"`
	Connected           bool             `json:"connected"`
	CPUQuantity         int32            `json:"cpu_quantity"`
	Memory              int64            `json:"memory"`
	MigrationCycle      string           `json:"migration_cycle"`
	CurrentTask         *currentTaskJSON `json:"current_task,omitempty"`
	InitTargetServer    initTargetJSON   `json:"init_target_server"`
	Replicatesize       *int64           `json:"replicatesize,omitempty"`
	Totalsize           *int64           `json:"totalsize,omitempty"`
	HasTc               *bool            `json:"has_tc,omitempty"`
	StartType           string           `json:"start_type,omitempty"`
	// Only in ListServers (SourceServersResponseBody).
	IsConsistencyResultExist *bool `json:"is_consistency_result_exist,omitempty"`
	// Only in ShowServer (ShowServerResponse).
	Hostname     string             `json:"hostname,omitempty"`
	Firmware     string             `json:"firmware,omitempty"`
	Disks        []diskOut          `json:"disks,omitempty"`
	VolumeGroups []volumeGroupModel `json:"volume_groups,omitempty"`
	BtrfsList    []btrfsModel       `json:"btrfs_list,omitempty"`
	Networks     []networkModel     `json:"networks,omitempty"`
	AgentVersion string             `json:"agent_version,omitempty"`
}

type listSourcesJSON struct {
	Count         int          `json:"count"`
	SourceServers []sourceJSON `json:"source_servers"`
}

func disksOut(in []Disk, withOSFlag bool) []diskOut {
	out := make([]diskOut, 0, len(in))
	for _, d := range in {
		do := diskOut{Name: d.Name, DeviceUse: d.DeviceUse, Size: d.Size, UsedSize: d.UsedSize, PhysicalVolumes: []physicalVolumeOut{}}
		if withOSFlag {
			isOS := d.DeviceUse == "BOOT" || d.DeviceUse == "OS"
			do.OSDisk, do.PartitionStyle = &isOS, "MBR"
			if d.OSDisk != nil {
				do.OSDisk = d.OSDisk
			}
			if d.PartitionStyle != "" {
				do.PartitionStyle = d.PartitionStyle
			}
			do.RelationName, do.InodeSize = d.RelationName, d.InodeSize
		}
		for _, pv := range d.PhysicalVolumes {
			do.PhysicalVolumes = append(do.PhysicalVolumes, pv.wire())
		}
		out = append(out, do)
	}
	return out
}

func (pv PhysicalVolume) wire() physicalVolumeOut {
	return physicalVolumeOut{DeviceUse: pv.DeviceUse, FileSystem: pv.FileSystem, Index: pv.Index,
		MountPoint: pv.MountPoint, Name: pv.Name, Size: pv.Size, UsedSize: pv.UsedSize, UUID: pv.UUID,
		InodeSize: pv.InodeSize, InodeNums: pv.InodeNums, SizePerCluster: pv.SizePerCluster}
}

func (s *Server) sourceBody(src *source, detail bool, now time.Time) sourceJSON {
	a := src.agent
	b := sourceJSON{
		ID: src.id, IP: src.ip, Name: src.name, EnterpriseProjectID: src.enterpriseProjectID,
		AddDate: epochMillis(src.addDate), OSType: src.osType, OSVersion: src.osVersion, State: src.state,
		Connected: src.connected, CPUQuantity: a.cpuQuantity, MigrationCycle: src.migrationCycle,
		// ShowServerResponse gives memory in MB, SourceServersResponseBody
		// (ListServers) in bytes (SDK v0.1.207 field comments).
		Memory:           a.memoryMB << 20,
		InitTargetServer: initTargetJSON{Disks: disksOut(src.disks, false)},
		HasTc:            a.hasTC, StartType: a.startType,
	}
	if a.oemSystem != nil {
		b.OemSystem = *a.oemSystem
	}
	if a.totalSize > 0 {
		b.Replicatesize, b.Totalsize = &a.replicateSize, &a.totalSize
	}
	if detail {
		b.Memory = a.memoryMB
		b.Disks = disksOut(src.disks, true)
		b.AgentVersion, b.Hostname, b.Firmware = a.agentVersion, a.hostname, a.firmware
		b.VolumeGroups, b.BtrfsList, b.Networks = a.volumeGroups, a.btrfs, a.networks
	}
	t := s.tasks[src.taskID]
	if !detail {
		exists := t != nil && len(t.consistency) > 0
		b.IsConsistencyResultExist = &exists
	}
	if t != nil {
		d := s.dynamics(t, now)
		ct := &currentTaskJSON{
			ID: t.id, Name: t.cfg.Name, Type: t.cfg.Type, State: t.state, StartDate: optMillis(t.startDate),
			SpeedLimit: t.cfg.SpeedLimit, MigrateSpeed: d.speed, StartTargetServer: t.cfg.StartTargetServer,
			VMTemplateID: t.cfg.VMTemplateID, RegionID: t.cfg.RegionID, ProjectName: t.cfg.ProjectName,
			ProjectID:        t.cfg.ProjectID,
			TargetServer:     listTargetJSON{VMID: t.cfg.Target.VMID, Name: t.cfg.Target.Name},
			LogCollectStatus: t.logStatus(now), SubtaskInfo: d.subtaskInfo,
		}
		if !detail {
			remain := int64(math.Ceil(d.remain.Seconds()))
			ct.EstimateCompleteTime, ct.CompressRate, ct.RemainSeconds = d.estimate, &d.compress, &remain
			if n := len(t.logUpload.buckets); n > 0 {
				ct.LogBucket, ct.LogUploadTime = t.logUpload.buckets[n-1], optMillis(t.logUpload.at)
			}
		}
		if !t.flagsUnreported {
			ct.ExistServer, ct.UsePublicIP = &t.cfg.ExistServer, &t.cfg.UsePublicIP
		}
		if t.clone != nil && t.clone.vmID != "" {
			ct.CloneServer = &listCloneJSON{VMID: t.clone.vmID, Name: t.clone.name}
		}
		b.CurrentTask = ct
	}
	return b
}

// migrationCycles is ListServersRequest's migration_cycle enum.
var migrationCycles = map[string]bool{
	"checking": true, "setting": true, "replicating": true, "syncing": true, "cutovering": true, "cutovered": true,
}

// cloneVMID is the vm_id ListServers filters on: ListServersRequest calls it
// the platform's clone server id, so the clone of the source's task ("" when
// none). Callers hold s.mu.
func (s *Server) cloneVMID(src *source) string {
	if t := s.tasks[src.taskID]; t != nil && t.clone != nil {
		return t.clone.vmID
	}
	return ""
}

func sourceNotFound(id string) *apiError {
	return smsError(http.StatusNotFound, codeSMSNotFound, "The source server "+id+" does not exist.", id)
}

// listSources: GET /v3/sources.
func (s *Server) listSources(c *call) result {
	q := c.r.URL.Query()
	// "0 means the default, 200" (ListServersRequest); 200 is also the most.
	limit, offset, e := paging(q, 200, 200, 65535, smsBadQuery)
	if e != nil {
		return result{body: e}
	}
	if limit == 0 {
		limit = 200
	}
	state := q.Get("state")
	if state != "" && !sourceStates[state] {
		return result{body: invalidParam("state", "unknown source server state %q", state)}
	}
	cycle := q.Get("migration_cycle")
	if cycle != "" && !migrationCycles[cycle] {
		return result{body: invalidParam("migration_cycle", "unknown migration cycle %q", cycle)}
	}
	name, id, vmID := q.Get("name"), q.Get("id"), q.Get("vm_id")
	var withResults struct{ set, want bool }
	if v := q.Get("is_consistency_result_exist"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return result{body: invalidParam("is_consistency_result_exist", "must be true or false")}
		}
		withResults.set, withResults.want = true, b
	}
	match, e := sourceFilter(q)
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	var matches []*source
	for _, src := range s.sortedSources() {
		if (state == "" || src.state == state) && (name == "" || src.name == name) && (id == "" || src.id == id) &&
			(!withResults.set || withResults.want == (s.tasks[src.taskID] != nil && len(s.tasks[src.taskID].consistency) > 0)) &&
			(cycle == "" || src.migrationCycle == cycle) && (vmID == "" || s.cloneVMID(src) == vmID) && match(src) {
			matches = append(matches, src)
		}
	}
	matches = listed(s, matches)
	return ok(listSourcesJSON{Count: len(matches),
		SourceServers: pageOf(matches, offset, limit, func(src *source) sourceJSON { return s.sourceBody(src, false, now) })})
}

// showSource: GET /v3/sources/{source_id}.
func (s *Server) showSource(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	src := s.sources[c.params["source_id"]]
	if src == nil {
		return result{body: sourceNotFound(c.params["source_id"])}
	}
	return ok(s.sourceBody(src, true, now))
}
