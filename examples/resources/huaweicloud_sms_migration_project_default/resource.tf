# Keep the project named "default" the account's default project, the one
# new source servers join, whatever is changed in the console: should another
# project become the default, the next apply makes this one the default
# again. Point mig_project_id at another project (for example the id of a
# huaweicloud_sms_migration_project) to make that one the default instead.
data "huaweicloud_sms_migration_projects" "default" {
  name = "default"
}

resource "huaweicloud_sms_migration_project_default" "this" {
  mig_project_id = one(data.huaweicloud_sms_migration_projects.default.projects).id
}
