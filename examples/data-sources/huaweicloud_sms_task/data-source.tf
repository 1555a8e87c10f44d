variable "task_id" {
  description = "The ID of the SMS migration task to read."
  type        = string
}

data "huaweicloud_sms_task" "this" {
  id = var.task_id
}

output "progress" {
  value = "${data.huaweicloud_sms_task.this.name}: ${data.huaweicloud_sms_task.this.state}, ${data.huaweicloud_sms_task.this.progress}%"
}

output "eta" {
  value = {
    started   = data.huaweicloud_sms_task.this.start_date
    remaining = data.huaweicloud_sms_task.this.remain_seconds
    steps     = [for s in data.huaweicloud_sms_task.this.sub_tasks : "${s.name} ${s.progress}%"]
  }
}
