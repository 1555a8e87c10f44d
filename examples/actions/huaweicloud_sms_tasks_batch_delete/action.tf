# Actions need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14"
}

# A one-off cleanup: delete every finished task of wave 1 created more than
# a day ago. Nothing runs until the action is invoked, either from the
# command line:
#
#   terraform apply -invoke=action.huaweicloud_sms_tasks_batch_delete.wave1
#
# or by a resource's action_trigger, as below.
action "huaweicloud_sms_tasks_batch_delete" "wave1" {
  config {
    filter = {
      state      = "MIGRATE_SUCCESS"
      name_regex = "^wave1-"
      older_than = "24h"
    }

    timeouts {
      invoke = "1h"
    }
  }
}

# Or by ID, here whenever the list of wave 1's task IDs changes.
variable "wave1_task_ids" {
  type    = list(string)
  default = []
}

resource "terraform_data" "retired" {
  input = var.wave1_task_ids

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_tasks_batch_delete.retired]
    }
  }
}

action "huaweicloud_sms_tasks_batch_delete" "retired" {
  config {
    task_ids = var.wave1_task_ids
  }
}
