# Reads back what the module under test left in the cloud: the tests'
# `run "cloud_state"` block runs this configuration after the apply.
terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

variable "wave" {
  type = string
}

data "huaweicloud_sms_tasks" "running" {
  state = "RUNNING"
}

output "wave_tasks" {
  description = "Names of the wave's running tasks."
  value       = sort([for t in data.huaweicloud_sms_tasks.running.tasks : t.name if startswith(t.name, "${var.wave}-")])
}

output "other_running_tasks" {
  description = "Names of the running tasks that are not the wave's."
  value       = sort([for t in data.huaweicloud_sms_tasks.running.tasks : t.name if !startswith(t.name, "${var.wave}-")])
}
