# Actions need Terraform 1.14 or later.
terraform {
  required_version = ">= 1.14"
}

variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# Stop the task and wait until it is ABORT. Nothing runs until the action is
# invoked, either from the command line:
#
#   terraform apply -invoke=action.huaweicloud_sms_task_action.stop
#
# or by a resource's action_trigger, as below.
action "huaweicloud_sms_task_action" "stop" {
  config {
    task_id   = var.task_id
    operation = "stop"

    timeouts {
      invoke = "15m"
    }
  }
}

# Launch a clone of the target server from a server template (template_id is
# required with clone_test and refused with any other operation).
action "huaweicloud_sms_task_action" "clone" {
  config {
    task_id     = var.task_id
    operation   = "clone_test"
    template_id = "2b1ffd4c-0000-4000-8000-0000000000aa"
  }
}

# Run a network check whenever the migration window changes: the action is
# invoked after terraform_data is created and after every update of it.
resource "terraform_data" "migration_window" {
  input = "2026-12-05T22:00:00Z"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.huaweicloud_sms_task_action.network_check]
    }
  }
}

action "huaweicloud_sms_task_action" "network_check" {
  config {
    task_id   = var.task_id
    operation = "network_check"
  }
}

# Start the task and wait until the full replication is done (MIGRATE_SUCCESS,
# or SYNCING for a synchronising task) instead of only until it runs, so that
# test can be invoked right after it:
#
#   terraform apply -invoke=action.huaweicloud_sms_task_action.replicate
action "huaweicloud_sms_task_action" "replicate" {
  config {
    task_id   = var.task_id
    operation = "start"
    wait_for  = "replicated"
  }
}
