# terraform query (Terraform 1.14 and later): every migration project of the
# account, each with its identity, ready to import.
list "huaweicloud_sms_migration_project" "all" {
  provider = huaweicloud
}
