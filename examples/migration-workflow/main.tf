# One server's migration from start to end: create the task, replicate the
# disks and launch the target server for testing (which finishes the
# migration) in a single apply; `terraform destroy` then cleans up by deleting
# the task.
#
# The `clear` operation (release the snapshot resources) is left out on
# purpose: it leaves the source server `cleared`, and one reading of the
# service's deletion rule refuses to delete such a task while its agent is
# connected. A finished task is deletable under every reading.
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

output "task_state" {
  value = huaweicloud_sms_task_action.test.task_state
}

output "source_state" {
  value = huaweicloud_sms_task_action.test.source_state
}
