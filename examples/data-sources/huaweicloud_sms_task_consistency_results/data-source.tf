variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# The results of the task's data consistency checks.
data "huaweicloud_sms_task_consistency_results" "web" {
  task_id = var.task_id
}

output "directories_with_differences" {
  value = flatten([
    for r in data.huaweicloud_sms_task_consistency_results.web.result_list : [
      for d in r.consistency_result : d.dir_check if d.num_different_files > 0
    ]
  ])
}
