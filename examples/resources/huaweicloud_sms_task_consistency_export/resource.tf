variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# Export the task's consistency check results to a file next to the
# configuration. The file is exported again when it is deleted or changed.
resource "huaweicloud_sms_task_consistency_export" "web" {
  task_ids    = [var.task_id]
  output_path = "${path.module}/consistency-results.csv"
}

output "consistency_results_sha256" {
  value = huaweicloud_sms_task_consistency_export.web.sha256
}
