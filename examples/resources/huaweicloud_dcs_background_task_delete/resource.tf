# Remove the record of a finished background task (for example a capacity
# change) of a DCS instance.
variable "dcs_instance_id" {
  type = string
}

variable "background_task_id" {
  type = string
}

resource "huaweicloud_dcs_background_task_delete" "old_resize" {
  instance_id = var.dcs_instance_id
  task_id     = var.background_task_id
}
