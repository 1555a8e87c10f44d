# One server's migration from start to end in a single apply: create the
# task, replicate the disks, launch the target server for testing (which
# finishes the migration), then clean up the snapshot resources. Destroying
# the configuration deletes the task.
#
# Credentials come from the environment (HW_REGION_NAME, HW_ACCESS_KEY,
# HW_SECRET_KEY).
terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

data "huaweicloud_sms_source_servers" "web" {
  name = "web-01"
}

# 1. Create the migration task for the source server.
resource "huaweicloud_sms_task" "web" {
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = data.huaweicloud_sms_source_servers.web.servers[0].id

  target_server = {
    name = "web-01-target"
  }
}

# 2. Replicate: start the task and wait until the full replication is done
# (MIGRATE_SUCCESS), not only until it runs. The wait reports the progress
# and the time left in the log, and is bounded by the create timeout.
resource "huaweicloud_sms_task_action" "replicate" {
  task_id   = huaweicloud_sms_task.web.id
  operation = "start"
  wait_for  = "replicated"

  timeouts {
    create = "6h"
  }
}

# 3. Test and finish: launch the target server. The service accepts test
# only once the replication is done, which step 2 waited for.
resource "huaweicloud_sms_task_action" "test" {
  task_id   = huaweicloud_sms_task.web.id
  operation = "test"

  depends_on = [huaweicloud_sms_task_action.replicate]
}

# 4. Clean up: release the snapshot resources the migration kept.
resource "huaweicloud_sms_task_action" "clean_up" {
  task_id   = huaweicloud_sms_task.web.id
  operation = "clear"

  depends_on = [huaweicloud_sms_task_action.test]
}

output "task_state" {
  value = huaweicloud_sms_task_action.clean_up.task_state
}

output "source_state" {
  value = huaweicloud_sms_task_action.clean_up.source_state
}
