# The account's default migration project, which new source servers join.
data "huaweicloud_sms_migration_projects" "default" {
  is_default = true
}

output "default_project_id" {
  value = one(data.huaweicloud_sms_migration_projects.default.projects[*].id)
}
