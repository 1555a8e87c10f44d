# The walkthrough `make demo` applies against the fake cloud: adopt the source
# server its agent registered and rename it, create its migration task, start
# it and wait, stop it, upload its logs, and clean up an older wave of tasks
# in one batch. Credentials come from the environment
# (HW_REGION_NAME, HW_ACCESS_KEY, HW_SECRET_KEY); the endpoint variable points
# every service at the fake.
terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

variable "endpoint" {
  description = "Base URL of the fake cloud (or leave the endpoints block out for the real one)."
  type        = string
}

variable "old_wave_task_ids" {
  description = "Tasks of an earlier migration wave to delete in one batch."
  type        = set(string)
}

provider "huaweicloud" {
  endpoints {
    sms = var.endpoint
    dcs = var.endpoint
    iam = var.endpoint
  }
}

# The server the SMS agent registered as web-01, renamed for this wave.
# Destroy removes it from SMS once its task is gone.
resource "huaweicloud_sms_source_server" "web" {
  registered_name = "web-01"
  name            = "web-01-wave1"
}

resource "huaweicloud_sms_task" "web" {
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = huaweicloud_sms_source_server.web.os_type
  source_server_id = huaweicloud_sms_source_server.web.id
  syncing          = true

  target_server = {
    name = "web-01-target"
  }
}

# Start the migration and wait until the full replication is done: this task
# keeps synchronising (syncing = true), so until it is SYNCING.
resource "huaweicloud_sms_task_action" "start" {
  task_id   = huaweicloud_sms_task.web.id
  operation = "start"
  wait_for  = "replicated"
}

# Then stop it again and wait until it is ABORT.
resource "huaweicloud_sms_task_action" "stop" {
  task_id   = huaweicloud_sms_task.web.id
  operation = "stop"

  depends_on = [huaweicloud_sms_task_action.start]
}

# Have the agent upload the task's logs to an OBS bucket once it is stopped,
# and wait until the upload has finished.
resource "huaweicloud_sms_task_log_upload" "web" {
  task_id    = huaweicloud_sms_task.web.id
  log_bucket = "sms-demo-logs"

  depends_on = [huaweicloud_sms_task_action.stop]
}

# Delete the previous wave's tasks, 50 per API call.
resource "huaweicloud_sms_tasks_batch_delete" "old_wave" {
  task_ids = var.old_wave_task_ids
}

output "source_server_name" {
  value = huaweicloud_sms_source_server.web.name
}

output "task_id" {
  value = huaweicloud_sms_task.web.id
}

output "task_state_after_start" {
  value = huaweicloud_sms_task_action.start.task_state
}

output "task_state_after_stop" {
  value = huaweicloud_sms_task_action.stop.task_state
}

output "log_upload_status" {
  value = huaweicloud_sms_task_log_upload.web.log_collect_status
}

output "old_wave_deleted" {
  value = huaweicloud_sms_tasks_batch_delete.old_wave.deleted_ids
}
