# One source server by the name its SMS agent registered (or by id).
# Reading fails with the names that come close when there is no such server,
# and with the ids when several servers share the name.
data "huaweicloud_sms_source_server" "web" {
  name = "web-01"
}

output "web_01_ready" {
  description = "Whether a task can be created for web-01: its agent must be connected."
  value       = data.huaweicloud_sms_source_server.web.connected
}

resource "huaweicloud_sms_task" "web" {
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_server.web.os_type
  source_server_id = data.huaweicloud_sms_source_server.web.id
  target_server    = { name = "web-01-target" }
}
