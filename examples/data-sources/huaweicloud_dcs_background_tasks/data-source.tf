# The background tasks of a DCS instance created during June 2026 (UTC).
variable "dcs_instance_id" {
  type = string
}

data "huaweicloud_dcs_background_tasks" "june" {
  instance_id = var.dcs_instance_id
  start_time  = "20260601000000"
  end_time    = "20260630235959"
}

output "failed_task_ids" {
  value = [for t in data.huaweicloud_dcs_background_tasks.june.tasks : t.id if t.status == "FAILED"]
}
