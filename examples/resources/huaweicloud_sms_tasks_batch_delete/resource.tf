# Delete every migration task that finished successfully. Running tasks in
# the set would be stopped first (stop_running defaults to true).
data "huaweicloud_sms_tasks" "finished" {
  state = "MIGRATE_SUCCESS"
}

resource "huaweicloud_sms_tasks_batch_delete" "finished" {
  task_ids   = data.huaweicloud_sms_tasks.finished.tasks[*].id
  chunk_size = 50

  timeouts {
    create = "1h"
  }
}

output "deleted_task_ids" {
  value = huaweicloud_sms_tasks_batch_delete.finished.deleted_ids
}
