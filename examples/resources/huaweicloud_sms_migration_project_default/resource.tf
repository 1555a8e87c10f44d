# Keep the account's own default project (named SystemProject) the default,
# the one new source servers join, whatever is changed in the console: should
# another project become the default, the next apply makes this one the
# default again. Point mig_project_id at another project (for example the id
# of a huaweicloud_sms_migration_project) to make that one the default.
data "huaweicloud_sms_migration_projects" "system" {
  name = "SystemProject"
}

resource "huaweicloud_sms_migration_project_default" "this" {
  mig_project_id = one(data.huaweicloud_sms_migration_projects.system.projects).id
}
