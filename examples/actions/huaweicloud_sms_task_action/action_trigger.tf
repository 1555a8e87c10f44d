# Start a new task as soon as it is created, and wait until its replication
# is done: the task triggers the action itself. Inside the action, `caller`
# is the resource that triggered it (Terraform 1.16 and later); before 1.16,
# write huaweicloud_sms_task.web.id instead, which Terraform accepts with the
# warning "Reference to triggering resource".
terraform {
  required_version = ">= 1.16"
}

data "huaweicloud_sms_source_server" "web" {
  name = "web-01"
}

resource "huaweicloud_sms_task" "web" {
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_server.web.os_type
  source_server_id = data.huaweicloud_sms_source_server.web.id

  target_server = {
    name = "web-01-target"
  }

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.huaweicloud_sms_task_action.start_new_task]
    }
  }
}

action "huaweicloud_sms_task_action" "start_new_task" {
  config {
    task_id   = caller.id
    operation = "start"
    wait_for  = "replicated"
  }
}
