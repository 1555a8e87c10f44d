# Delete the migration tasks of a finished wave in one go. Running tasks in
# the list are stopped first (stop_running defaults to true).
#
# task_ids is write-only, so it may come from a data source: once the tasks
# are gone the data source lists none and the plan is empty; tasks that
# finish later are deleted by the next apply.
data "huaweicloud_sms_tasks" "done" {
  state = "MIGRATE_SUCCESS"
}

resource "huaweicloud_sms_tasks_batch_delete" "wave1" {
  task_ids   = data.huaweicloud_sms_tasks.done.tasks[*].id
  chunk_size = 50

  timeouts {
    create = "1h"
  }
}

output "deleted_task_ids" {
  value = huaweicloud_sms_tasks_batch_delete.wave1.deleted_ids
}
