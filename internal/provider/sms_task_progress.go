package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The read-only progress of a task (start and finish dates, steps, network
// check, resource usage, clone) that data sources huaweicloud_sms_task and
// huaweicloud_sms_tasks show, and its conversion from the API.

// smsTaskProgressModel is the read-only progress of a task that
// huaweicloud_sms_task exports, from ShowTask.
type smsTaskProgressModel struct {
	StartDate     types.String       `tfsdk:"start_date"`
	FinishDate    types.String       `tfsdk:"finish_date"`
	RemainSeconds types.Int64        `tfsdk:"remain_seconds"`
	CloneServer   *smsTaskCloneModel `tfsdk:"clone_server"`
	smsTaskListedProgressModel
}

// smsTaskListedProgressModel is the part of the progress a ListTasks item
// carries as well.
type smsTaskListedProgressModel struct {
	EstimateCompleteTime types.String          `tfsdk:"estimate_complete_time"`
	SubTasks             []smsTaskSubTaskModel `tfsdk:"sub_tasks"`
	NetworkCheckInfo     *smsTaskNetCheckModel `tfsdk:"network_check_info"`
	TotalCPUUsage        types.Float64         `tfsdk:"total_cpu_usage"`
	AgentCPUUsage        types.Float64         `tfsdk:"agent_cpu_usage"`
	TotalMemUsage        types.Float64         `tfsdk:"total_mem_usage"`
	AgentMemUsage        types.Float64         `tfsdk:"agent_mem_usage"`
	TotalDiskIO          types.Float64         `tfsdk:"total_disk_io"`
	AgentDiskIO          types.Float64         `tfsdk:"agent_disk_io"`
}

type smsTaskSubTaskModel struct {
	Name      types.String `tfsdk:"name"`
	Progress  types.Int64  `tfsdk:"progress"`
	StartDate types.String `tfsdk:"start_date"`
	EndDate   types.String `tfsdk:"end_date"`
}

type smsTaskNetCheckModel struct {
	DomainConnectivity      types.Bool    `tfsdk:"domain_connectivity"`
	DestinationConnectivity types.Bool    `tfsdk:"destination_connectivity"`
	NetworkDelay            types.Float64 `tfsdk:"network_delay"`
	NetworkJitter           types.Float64 `tfsdk:"network_jitter"`
	MigrationSpeed          types.Float64 `tfsdk:"migration_speed"`
	LossPercentage          types.Float64 `tfsdk:"loss_percentage"`
	CPUUsage                types.Float64 `tfsdk:"cpu_usage"`
	MemUsage                types.Float64 `tfsdk:"mem_usage"`
	EvaluationResult        types.String  `tfsdk:"evaluation_result"`
}

type smsTaskCloneModel struct {
	VMID       types.String `tfsdk:"vm_id"`
	Name       types.String `tfsdk:"name"`
	CloneState types.String `tfsdk:"clone_state"`
	ErrorMsg   types.String `tfsdk:"error_msg"`
}

// smsTaskCloneBriefModel is a ListTasks item's clone_server
// (CloneServerBrief).
type smsTaskCloneBriefModel struct {
	VMID types.String `tfsdk:"vm_id"`
	Name types.String `tfsdk:"name"`
}

// progressFromAPI copies the progress figures of a task read with ShowTask.
// Dates are RFC 3339 like create_date; figures the API leaves out are null.
func progressFromAPI(t *sms.Task) smsTaskProgressModel {
	m := smsTaskProgressModel{
		StartDate:                  epochMillisString(t.StartDate),
		FinishDate:                 epochMillisString(t.FinishDate),
		RemainSeconds:              types.Int64Value(t.RemainSeconds),
		smsTaskListedProgressModel: listedProgressFromAPI(t),
	}
	if c := t.CloneServer; c != nil {
		m.CloneServer = &smsTaskCloneModel{
			VMID:       nullIfEmpty(c.VMID),
			Name:       nullIfEmpty(c.Name),
			CloneState: nullIfEmpty(c.CloneState),
			ErrorMsg:   nullIfEmpty(c.ErrorMsg),
		}
	}
	return m
}

// listedProgressFromAPI copies the progress figures a ListTasks item has.
func listedProgressFromAPI(t *sms.Task) smsTaskListedProgressModel {
	m := smsTaskListedProgressModel{
		EstimateCompleteTime: epochMillisString(t.EstimateCompleteTime),
		SubTasks:             make([]smsTaskSubTaskModel, 0, len(t.SubTasks)),
		TotalCPUUsage:        types.Float64Value(t.TotalCPUUsage),
		AgentCPUUsage:        types.Float64Value(t.AgentCPUUsage),
		TotalMemUsage:        types.Float64Value(t.TotalMemUsage),
		AgentMemUsage:        types.Float64Value(t.AgentMemUsage),
		TotalDiskIO:          types.Float64Value(t.TotalDiskIO),
		AgentDiskIO:          types.Float64Value(t.AgentDiskIO),
	}
	for _, st := range t.SubTasks {
		m.SubTasks = append(m.SubTasks, smsTaskSubTaskModel{
			Name:      types.StringValue(st.Name),
			Progress:  types.Int64Value(int64(max(st.Progress, 0))),
			StartDate: epochMillisString(st.StartDate),
			EndDate:   epochMillisString(st.EndDate),
		})
	}
	if n := t.NetworkCheckInfo; n != nil {
		m.NetworkCheckInfo = &smsTaskNetCheckModel{
			DomainConnectivity:      types.BoolValue(n.DomainConnectivity),
			DestinationConnectivity: types.BoolValue(n.DestinationConnectivity),
			NetworkDelay:            types.Float64Value(n.NetworkDelay),
			NetworkJitter:           types.Float64Value(n.NetworkJitter),
			MigrationSpeed:          types.Float64Value(n.MigrationSpeed),
			LossPercentage:          types.Float64Value(n.LossPercentage),
			CPUUsage:                types.Float64Value(n.CPUUsage),
			MemUsage:                types.Float64Value(n.MemUsage),
			EvaluationResult:        nullIfEmpty(n.EvaluationResult),
		}
	}
	return m
}
