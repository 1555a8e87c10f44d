variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

variable "migrated_task_id" {
  description = "ID of a task whose migration has finished (MIGRATE_SUCCESS): only such a task can be cloned."
  type        = string
}

variable "release" {
  description = "Bump to launch the target server again."
  type        = string
  default     = "1"
}

# Start the migration and wait until the full replication is done
# (MIGRATE_SUCCESS, or SYNCING for a synchronising task); without wait_for
# it waits until the task is RUNNING.
resource "huaweicloud_sms_task_action" "start" {
  task_id   = var.task_id
  operation = "start"
  wait_for  = "replicated"

  timeouts {
    create = "30m"
  }
}

# Launch a clone of a migrated target server from a server template for
# testing (the service refuses clone_test while a migration runs).
# template_id is required with clone_test and refused with any other
# operation. A new value of release runs the clone again.
resource "huaweicloud_sms_task_action" "clone" {
  task_id                   = var.migrated_task_id
  operation                 = "clone_test"
  template_id               = "2b1ffd4c-0000-4000-8000-0000000000aa"
  switch_hce                = false
  is_need_consistency_check = true

  triggers = {
    release = var.release
  }
}

# Send a network check without waiting for its result.
resource "huaweicloud_sms_task_action" "network_check" {
  task_id   = var.task_id
  operation = "network_check"
  wait      = false
}

output "task_state_after_start" {
  value = huaweicloud_sms_task_action.start.task_state
}
