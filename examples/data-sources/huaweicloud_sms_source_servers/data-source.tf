# Linux sources whose agent is registered and waiting for a migration task.
data "huaweicloud_sms_source_servers" "waiting" {
  state = "waiting"
}

output "waiting_linux_sources" {
  value = {
    for s in data.huaweicloud_sms_source_servers.waiting.servers : s.name => s.id
    if s.os_type == "LINUX" && s.connected
  }
}
