# Delete the migration tasks of a finished wave in one go. Running tasks in
# the set are stopped first (stop_running defaults to true).
#
# Give the IDs as a fixed list: feeding them from the huaweicloud_sms_tasks
# data source would change task_ids once the tasks are gone, and so replace
# (re-run) this resource on every later apply.
variable "wave1_task_ids" {
  type = set(string)
}

resource "huaweicloud_sms_tasks_batch_delete" "wave1" {
  task_ids   = var.wave1_task_ids
  chunk_size = 50

  timeouts {
    create = "1h"
  }
}

output "deleted_task_ids" {
  value = huaweicloud_sms_tasks_batch_delete.wave1.deleted_ids
}
