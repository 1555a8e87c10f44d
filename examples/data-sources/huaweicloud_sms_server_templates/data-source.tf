# General templates (not tied to a task) for one availability zone.
data "huaweicloud_sms_server_templates" "zone_a" {
  availability_zone = "cn-north-4a"
}

output "general_templates" {
  value = [for t in data.huaweicloud_sms_server_templates.zone_a.templates : t.id if t.is_template]
}
