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

# Connected sources of one migration project, with the target disk layout
# the service suggests for each of them.
data "huaweicloud_sms_source_servers" "wave1" {
  migration_project_id = "3a9c0000-0000-4000-8000-000000000002"
  connected            = true
}

output "wave1_target_disks_gib" {
  value = {
    for s in data.huaweicloud_sms_source_servers.wave1.servers :
    s.name => [for d in s.init_target_server.disks : d.size / 1073741824]
  }
}
