# A project for the first wave: block-level migration over the private
# network, capped at 300 Mbit/s. Adding is_default = true would make it the
# account's default project, which new source servers join; the default
# project cannot be destroyed until another project becomes the default.
resource "huaweicloud_sms_migration_project" "wave1" {
  name          = "wave-1"
  description   = "Web tier, first wave"
  type          = "MIGRATE_BLOCK"
  use_public_ip = false
  exist_server  = false
  syncing       = true
  speed_limit   = 300
}
