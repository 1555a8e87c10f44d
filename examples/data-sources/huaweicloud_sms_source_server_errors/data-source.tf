# The source servers whose migration reported an error, with the error.
data "huaweicloud_sms_source_server_errors" "all" {}

output "failed_source_servers" {
  value = {
    for e in data.huaweicloud_sms_source_server_errors.all.migration_errors : e.name => e.error_json
  }
}
