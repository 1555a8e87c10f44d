data "huaweicloud_sms_source_server" "web" {
  name = "web-01"
}

# Migrate it block by block onto an existing ECS server.
resource "huaweicloud_sms_task" "web" {
  name             = "migrate-web-01"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_server.web.os_type
  source_server_id = data.huaweicloud_sms_source_server.web.id

  target_server = {
    vm_id = "9f1c2a3b-0000-4d5e-8f90-123456789abc"
    name  = "web-01-migrated"
  }
  migration_ip        = "192.168.0.20"
  use_public_ip       = false
  speed_limit         = 100 # Mbit/s
  need_migration_test = true

  # Less bandwidth in office hours.
  speed_limit_schedule = [
    { start = "08:00", end = "18:00", speed = 50 },
    { start = "18:00", end = "23:59", speed = 300, over_speed_threshold = 20 },
  ]
  configurations = {
    MIGRATE_EXCLUDE_DIR = "/tmp,/var/cache"
  }

  timeouts {
    delete = "30m"
  }
}
