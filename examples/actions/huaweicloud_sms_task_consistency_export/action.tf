# Actions need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14"
}

variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# Export the consistency check results of up to 200 tasks to a local file:
#
#   terraform apply -invoke=action.huaweicloud_sms_task_consistency_export.wave1
action "huaweicloud_sms_task_consistency_export" "wave1" {
  config {
    task_ids    = [var.task_id]
    output_path = "${path.module}/wave1-consistency.csv"
  }
}

# Or export after every change of the check's round number.
resource "terraform_data" "check_round" {
  input = 1

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_task_consistency_export.wave1]
    }
  }
}
