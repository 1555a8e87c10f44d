# The source server registered by the SMS agent on the machine to migrate.
data "huaweicloud_sms_source_servers" "web" {
  name = "web-01"
}

# Migrate it block by block onto an existing ECS server.
resource "huaweicloud_sms_task" "web" {
  name             = "migrate-web-01"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_servers.web.servers[0].os_type
  source_server_id = data.huaweicloud_sms_source_servers.web.servers[0].id

  target_server = {
    vm_id = "9f1c2a3b-0000-4d5e-8f90-123456789abc"
    name  = "web-01-migrated"
  }
  exist_server  = true
  migration_ip  = "192.168.0.20"
  use_public_ip = false
  speed_limit   = 100 # Mbit/s, 0 for no limit

  # Run a migration drill before the final migration (operation migration_test).
  need_migration_test = true

  # Office hours get less bandwidth than nights (times are HH:MM, up to 5 periods).
  speed_limit_schedule = [
    { start = "08:00", end = "18:00", speed = 50 },
    { start = "18:00", end = "23:59", speed = 300, over_speed_threshold = 20 },
  ]

  # Advanced settings, by the API's key names.
  configurations = {
    MIGRATE_EXCLUDE_DIR = "/tmp,/var/cache"
  }

  # Stop a running migration before deleting the task on destroy (the default).
  stop_on_destroy = true

  timeouts {
    delete = "30m"
  }
}
