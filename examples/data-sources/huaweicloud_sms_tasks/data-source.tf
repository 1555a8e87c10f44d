# Every task that is currently migrating.
data "huaweicloud_sms_tasks" "running" {
  state = "RUNNING"
}

output "running_task_names" {
  value = data.huaweicloud_sms_tasks.running.tasks[*].name
}
