# A module that opens one migration wave: a block-level migration task for
# each named source server, started at once. It refuses (at plan time) a
# source whose SMS agent is not connected. tests/wave.tftest.hcl tests it with
# `terraform test` against the fake cloud; see docs/guides/testing-modules.md.
terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

variable "wave" {
  description = "Name of the wave; every task is named <wave>-<source>."
  type        = string
}

variable "source_names" {
  description = "Names of the source servers to migrate in this wave."
  type        = set(string)
}

variable "start" {
  description = "Start the tasks after creating them."
  type        = bool
  default     = true
}

data "huaweicloud_sms_source_servers" "this" {
  for_each = var.source_names
  name     = each.key
}

resource "huaweicloud_sms_task" "this" {
  for_each         = var.source_names
  name             = "${var.wave}-${each.key}"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_servers.this[each.key].servers[0].os_type
  source_server_id = data.huaweicloud_sms_source_servers.this[each.key].servers[0].id

  target_server = {
    name = "${each.key}-target"
  }

  lifecycle {
    precondition {
      condition     = data.huaweicloud_sms_source_servers.this[each.key].servers[0].connected
      error_message = "The SMS agent of ${each.key} is not connected."
    }
  }
}

resource "huaweicloud_sms_task_action" "start" {
  for_each  = var.start ? huaweicloud_sms_task.this : {}
  task_id   = each.value.id
  operation = "start"
}

output "task_ids" {
  description = "Task id by source server name."
  value       = { for name, task in huaweicloud_sms_task.this : name => task.id }
}
