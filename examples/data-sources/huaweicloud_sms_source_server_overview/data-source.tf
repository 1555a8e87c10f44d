# How many source servers are in each state.
data "huaweicloud_sms_source_server_overview" "now" {}

output "source_servers_in_error" {
  value = data.huaweicloud_sms_source_server_overview.now.error
}

output "source_servers_replicating" {
  value = data.huaweicloud_sms_source_server_overview.now.replicate
}
