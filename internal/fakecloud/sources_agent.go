package fakecloud

import (
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"time"
)

// The calls the SMS agent on a source server makes (RegisterServer,
// UpdateDiskInfo, UpdateCopyState, ShowCommand, UpdateCommandResult):
// accepted against their SDK models and stored, and visible in the reads
// that have a field for them (ShowServer, ListServers).

// agentReport is what the agent has told SMS about its server beyond the
// fields every source has.
type agentReport struct {
	hostname, firmware          string
	ipv6                        string // the registered IPv6 address (ListServers\' ipv6 filter)
	agentVersion, kernelVersion string
	startType                   string
	cpuQuantity                 int32
	memoryMB                    int64 // ShowServer: MB; ListServers: bytes
	hasTC, oemSystem            *bool
	networks                    []networkModel
	volumeGroups                []volumeGroupModel
	btrfs                       []btrfsModel
	command                     string // queued for the agent (ShowCommand); "" when none
	results                     []CommandResult
	copyState, copyCycle        string          // the last UpdateCopyState, as sent
	adjustments                 json.RawMessage // the last UpdateServerName disks and volume_groups
	replicateSize, totalSize    int64           // the last progress report of its task
}

// CommandResult is an agent's report of a command (UpdateCommandResult).
type CommandResult struct {
	Command string          `json:"command_name"`
	Result  string          `json:"result"`
	Detail  json.RawMessage `json:"result_detail"`
	At      time.Time       `json:"at"`
}

// defaultAgent is what a seeded source's agent reports.
func defaultAgent(spec SourceSpec) agentReport {
	yes := true
	a := agentReport{
		hostname: spec.Name, firmware: "BIOS", agentVersion: "25.6.0", startType: "MANUAL",
		cpuQuantity: 4, memoryMB: sourceMemory >> 20, oemSystem: new(bool),
		networks: []networkModel{{Name: ptr("eth0"), IP: ptr(spec.IP), Netmask: ptr("255.255.255.0"),
			Gateway: ptr(gatewayOf(spec.IP)), MTU: ptr(int32(1500)), Mac: ptr(fakeMAC(spec.IP))}},
	}
	if spec.OSType == "WINDOWS" {
		a.firmware = "UEFI"
		a.networks[0].Name = ptr("Ethernet0")
	} else {
		a.hasTC = &yes
		a.volumeGroups, a.btrfs = []volumeGroupModel{}, []btrfsModel{}
	}
	return a
}

func ptr[T any](v T) *T { return &v }

// gatewayOf is the .1 address of an IPv4 address's /24.
func gatewayOf(ip string) string {
	p := net.ParseIP(ip).To4()
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%d.%d.%d.1", p[0], p[1], p[2])
}

// fakeMAC is a locally administered MAC address derived from ip.
func fakeMAC(ip string) string {
	p := net.ParseIP(ip).To4()
	if p == nil {
		p = net.IPv4zero.To4()
	}
	return fmt.Sprintf("fa:16:3e:%02x:%02x:%02x", p[1], p[2], p[3])
}

// registerServerReq is PostSourceServerBody (RegisterServer).
type registerServerReq struct {
	ID              *string        `json:"id,omitempty"`
	IP              *string        `json:"ip,omitempty"`
	IPv6            *string        `json:"ipv6,omitempty"`
	Name            *string        `json:"name,omitempty" req:"true"`
	OSType          *string        `json:"os_type,omitempty" req:"true" enum:"WINDOWS|LINUX"`
	OSVersion       *string        `json:"os_version,omitempty" req:"true"`
	LinuxBlockCheck *string        `json:"linux_block_check,omitempty"`
	Disks           []serverDiskIn `json:"disks,omitempty"`
	BootLoader      *string        `json:"boot_loader,omitempty" enum:"GRUB"` // "only GRUB" (the model)
	serverFacts                    // networks: required here, see validate
	AgentVersion    *string        `json:"agent_version,omitempty" req:"true"`
	KernelVersion   *string        `json:"kernel_version,omitempty"`
	MigrationCycle  *string        `json:"migration_cycle,omitempty" enum:"cutovering|cutovered|checking|setting|replicating|syncing"`
	State           *string        `json:"state,omitempty" enum:"unavailable|waiting|initialize|replicate|syncing|stopping|stopped|skipping|deleting|clearing|cleared|clearfailed|premigready|premiged|premigfailed|cloning|cutovering|finished|error"`
	OemSystem       *bool          `json:"oem_system,omitempty"`
	StartType       *string        `json:"start_type,omitempty"`
	IoReadWait      *float64       `json:"io_read_wait,omitempty"`
	HasTc           *bool          `json:"has_tc,omitempty"`
	Platform        *string        `json:"platform,omitempty" enum:"hw|ali|aws|azure|gcp|tencent|vmware|hyperv|other|default"`
}

// validate adds the rules the tags cannot say: one of ip and ipv6, each an
// address of its family ("ip and ipv6: one is required, in the standard
// format", the model).
func (r *registerServerReq) validate() *apiError {
	if e := checkModel(r, ""); e != nil {
		return e
	}
	if r.IP == nil && r.IPv6 == nil {
		return invalidParam("ip", "ip or ipv6 is required")
	}
	if r.IP != nil && (net.ParseIP(*r.IP) == nil || net.ParseIP(*r.IP).To4() == nil) {
		return invalidParam("ip", "must be an IPv4 address")
	}
	if r.IPv6 != nil && (net.ParseIP(*r.IPv6) == nil || net.ParseIP(*r.IPv6).To4() != nil) {
		return invalidParam("ipv6", "must be an IPv6 address")
	}
	if r.Networks == nil {
		return invalidParam("networks", "is required")
	}
	if len(r.Networks) == 0 || *r.Networks[0].Mac == "" {
		return invalidParam("networks[0].mac", "the first network's MAC address is required")
	}
	return nil
}

// disksFrom converts ServerDisk models to stored disks.
func disksFrom(in []serverDiskIn) []Disk {
	out := make([]Disk, 0, len(in))
	for _, d := range in {
		disk := Disk{Name: str(d.Name, ""), Size: int64OrZero(d.Size), UsedSize: int64OrZero(d.UsedSize),
			DeviceUse: str(d.DeviceUse, ""), PartitionStyle: str(d.PartitionStyle, ""), OSDisk: d.OSDisk,
			RelationName: str(d.RelationName, ""), InodeSize: d.InodeSize, PhysicalVolumes: []PhysicalVolume{}}
		for _, pv := range d.PhysicalVolumes {
			idx := 0
			if pv.Index != nil {
				idx = int(*pv.Index)
			}
			disk.PhysicalVolumes = append(disk.PhysicalVolumes, PhysicalVolume{
				Name: str(pv.Name, ""), DeviceUse: str(pv.DeviceUse, ""), FileSystem: str(pv.FileSystem, ""),
				MountPoint: str(pv.MountPoint, ""), Index: idx, Size: int64OrZero(pv.Size), UsedSize: int64OrZero(pv.UsedSize),
				UUID: str(pv.UUID, ""), InodeSize: pv.InodeSize, InodeNums: pv.InodeNums, SizePerCluster: pv.SizePerCluster,
			})
		}
		out = append(out, disk)
	}
	return out
}

func int64OrZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// registerServer: POST /v3/sources. A body naming the id of a known source
// updates it (the agent registering again); otherwise a source is added,
// with that id when one is given, connected, in the state and migration
// cycle the body gives (default waiting, checking).
func (s *Server) registerServer(c *call) result {
	var req registerServerReq
	if e := decodeBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if e := req.validate(); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	src := s.sources[str(req.ID, "")]
	if src == nil {
		ip := str(req.IP, str(req.IPv6, ""))
		var err error
		src, err = s.addSource(SourceSpec{ID: str(req.ID, ""), Name: *req.Name, IP: ip, OSType: *req.OSType, OSVersion: *req.OSVersion}, now)
		if err != nil {
			return result{body: invalidParam("id", "%s", err.Error())}
		}
	}
	src.name, src.osType, src.osVersion, src.connected = *req.Name, *req.OSType, *req.OSVersion, true
	if req.IP != nil {
		src.ip = *req.IP
	}
	if req.IPv6 != nil {
		src.agent.ipv6 = *req.IPv6
	}
	if req.Disks != nil {
		src.disks = disksFrom(req.Disks)
	}
	if req.State != nil {
		src.setState(*req.State)
	}
	if req.MigrationCycle != nil {
		src.migrationCycle = *req.MigrationCycle
	}
	a := &src.agent
	a.hostname = str(req.Hostname, a.hostname)
	a.firmware = str(req.Firmware, a.firmware)
	a.agentVersion = *req.AgentVersion
	a.kernelVersion = str(req.KernelVersion, a.kernelVersion)
	a.startType = str(req.StartType, a.startType)
	if req.CPUQuantity != nil {
		a.cpuQuantity = *req.CPUQuantity
	}
	if req.Memory != nil {
		a.memoryMB = *req.Memory
	}
	if req.HasTc != nil {
		a.hasTC = req.HasTc
	}
	if req.OemSystem != nil {
		a.oemSystem = req.OemSystem
	}
	a.networks = req.Networks
	if req.VolumeGroups != nil {
		a.volumeGroups = req.VolumeGroups
	}
	if req.BtrfsList != nil {
		a.btrfs = req.BtrfsList
	}
	return ok(map[string]string{"id": src.id})
}

// diskInfoReq is PutDiskInfoReq (UpdateDiskInfo).
type diskInfoReq struct {
	Disks        []serverDiskIn     `json:"disks,omitempty"`
	Volumegroups []volumeGroupModel `json:"volumegroups,omitempty"`
	BtrfsList    []btrfsModel       `json:"btrfs_list,omitempty"`
}

// withSource runs fn under the lock on the source the path names (under
// key), or answers 404.
func (s *Server) withSource(c *call, key string, fn func(src *source, now time.Time) result) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	src := s.sources[c.params[key]]
	if src == nil {
		return result{body: sourceNotFound(c.params[key])}
	}
	return fn(src, now)
}

// updateDiskInfo: PUT /v3/sources/{source_id}/diskinfo. Each list given
// replaces the stored one.
func (s *Server) updateDiskInfo(c *call) result {
	req, e := decodeModel[diskInfoReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withSource(c, "source_id", func(src *source, _ time.Time) result {
		if req.Disks != nil {
			src.disks = disksFrom(req.Disks)
		}
		if req.Volumegroups != nil {
			src.agent.volumeGroups = req.Volumegroups
		}
		if req.BtrfsList != nil {
			src.agent.btrfs = req.BtrfsList
		}
		return ok(struct{}{})
	})
}

// copyStateReq is PutCopyStateReq (UpdateCopyState): both enums are the
// model's. "init" is the write side's name of the state reads call
// "initialize"; no_ready, ready_for_test, testing and tested are cycles
// the read models have no value for, so a source keeps showing its
// previous cycle after one of them (the value is kept, Source.CopyCycle).
type copyStateReq struct {
	Copystate      *string `json:"copystate,omitempty" req:"true" enum:"unavailable|waiting|init|replicate|syncing|stopping|stopped|skipping|deleting|clearing|cleared|clearfailed|premigready|premiging|premiged|premigfailed|cloning|cutovering|finished|error"`
	Migrationcycle *string `json:"migrationcycle,omitempty" req:"true" enum:"no_ready|ready_for_test|testing|tested|cutovering|cutovered|checking|setting|replicating|syncing"`
}

// updateCopyState: PUT /v3/sources/{source_id}/changestate.
func (s *Server) updateCopyState(c *call) result {
	req, e := decodeModel[copyStateReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withSource(c, "source_id", func(src *source, _ time.Time) result {
		state := *req.Copystate
		if state == "init" {
			state = "initialize"
		}
		src.setState(state)
		if migrationCycles[*req.Migrationcycle] {
			src.migrationCycle = *req.Migrationcycle
		}
		src.agent.copyState, src.agent.copyCycle = *req.Copystate, *req.Migrationcycle
		return ok(struct{}{})
	})
}

// Commands the agent fetches (ShowCommand): an accepted operation queues
// START, STOP, SKIP or PREMIGRATE until the agent reports a result for it;
// with none queued, the task's state says TASK_NOT_STARTED,
// TASK_HAS_STOPPED or TASK_HAS_FINISHED (the names ShowCommandResponse
// lists). A task that runs with no command queued shows START.
var operationCommands = map[string]string{"start": "START", "restart": "START", "stop": "STOP", "skip": "SKIP", "migration_test": "PREMIGRATE"}

// queueCommand records the command an accepted operation sends the agent.
// Callers hold s.mu.
func (s *Server) queueCommand(t *task, op string) {
	if cmd := operationCommands[op]; cmd != "" {
		t.src.agent.command = cmd
	}
}

type commandJSON struct {
	CommandName  string            `json:"command_name"`
	CommandParam *commandParamJSON `json:"command_param,omitempty"`
}

type commandParamJSON struct {
	TaskID string `json:"task_id,omitempty"`
	Bucket string `json:"bucket,omitempty"`
}

// showCommand: GET /v3/sources/{server_id}/command.
func (s *Server) showCommand(c *call) result {
	return s.withSource(c, "server_id", func(src *source, _ time.Time) result {
		t := s.tasks[src.taskID]
		out := commandJSON{CommandName: src.agent.command}
		if out.CommandName == "" {
			out.CommandName = "TASK_NOT_STARTED"
			switch {
			case t == nil:
			case t.state == StateAbort || t.state == StateAborting:
				out.CommandName = "TASK_HAS_STOPPED"
			case t.state == StateMigrateSuccess || t.state == StateSyncSuccess:
				out.CommandName = "TASK_HAS_FINISHED"
			case t.state != StateReady:
				out.CommandName = "START"
			}
		}
		if t != nil {
			out.CommandParam = &commandParamJSON{TaskID: t.id}
		}
		return ok(out)
	})
}

// commandResultReq is CommandBody (UpdateCommandResult); the command and
// result values are the model's comment's lists.
type commandResultReq struct {
	CommandName  *string         `json:"command_name,omitempty" req:"true" enum:"START|STOP|DELETE|SYNC|UPLOAD_LOG|RSET_LOG_ACL"`
	Result       *string         `json:"result,omitempty" req:"true" enum:"success|fail"`
	ResultDetail json.RawMessage `json:"result_detail,omitempty" req:"true"`
}

// updateCommandResult: POST /v3/sources/{server_id}/command_result. The
// result is stored (Source.CommandResults); it ends the queued command of
// that name, and an UPLOAD_LOG result ends the task's log upload.
func (s *Server) updateCommandResult(c *call) result {
	req, e := decodeModel[commandResultReq](c.body)
	if e != nil {
		return result{body: e}
	}
	if string(req.ResultDetail) == "null" {
		return result{body: invalidParam("result_detail", "is required")}
	}
	return s.withSource(c, "server_id", func(src *source, now time.Time) result {
		src.agent.results = append(src.agent.results, CommandResult{Command: *req.CommandName, Result: *req.Result,
			Detail: slices.Clone(req.ResultDetail), At: now})
		if src.agent.command == *req.CommandName {
			src.agent.command = ""
			// The agent starting a queued auto_start (Options.AutoStart).
			if t := s.tasks[src.taskID]; t != nil && *req.CommandName == "START" && *req.Result == "success" && t.state == StateReady {
				s.beginMigration(t, now)
				s.actions[t.id] = append(s.actions[t.id], "start")
			}
		}
		if t := s.tasks[src.taskID]; t != nil && *req.CommandName == "UPLOAD_LOG" && t.logUpload.pending {
			t.finishLogUpload(*req.Result == "success")
		}
		return ok(struct{}{})
	})
}
