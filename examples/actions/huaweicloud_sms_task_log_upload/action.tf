# Actions need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14"
}

variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# Upload the task's logs to an OBS bucket and wait until the upload has
# finished. Nothing runs until the action is invoked, from the command line:
#
#   terraform apply -invoke=action.huaweicloud_sms_task_log_upload.web
#
# or by a resource's action_trigger, as below.
action "huaweicloud_sms_task_log_upload" "web" {
  config {
    task_id    = var.task_id
    log_bucket = "sms-logs-example"

    timeouts {
      invoke = "30m"
    }
  }
}

# Upload the logs whenever the support case changes.
resource "terraform_data" "support_case" {
  input = "case-1042"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_task_log_upload.web]
    }
  }
}
