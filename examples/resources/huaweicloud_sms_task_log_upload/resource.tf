variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

variable "support_case" {
  description = "Bump to upload the logs again, for example for a new support case."
  type        = string
  default     = "1"
}

# Have the agent upload the task's logs to an OBS bucket and wait until the
# upload has finished. A new value of support_case uploads again.
resource "huaweicloud_sms_task_log_upload" "web" {
  task_id    = var.task_id
  log_bucket = "sms-logs-example"

  triggers = {
    support_case = var.support_case
  }
}

output "log_upload_status" {
  value = huaweicloud_sms_task_log_upload.web.log_collect_status
}
