# The least a task needs: the source server, the kind of migration and a
# name for the target server, which the service creates with the disk layout
# it suggests for the source.
data "huaweicloud_sms_source_server" "web" {
  name = "web-01"
}

resource "huaweicloud_sms_task" "web" {
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_server.web.os_type
  source_server_id = data.huaweicloud_sms_source_server.web.id

  target_server = {
    name = "web-01-target"
  }
}

# More of what a task can say: onto an existing ECS server, file by file,
# over a private network, with limited bandwidth, a drill first, and a
# longer time to delete it.
data "huaweicloud_sms_source_server" "db" {
  name = "db-01"
}

resource "huaweicloud_sms_task" "db" {
  name             = "db-01-migration"
  type             = "MIGRATE_FILE" # Linux only; Windows servers migrate block by block
  os_type          = data.huaweicloud_sms_source_server.db.os_type
  source_server_id = data.huaweicloud_sms_source_server.db.id

  target_server = {
    vm_id = "9f1c2a3b-0000-4d5e-8f90-123456789abc"
    name  = "db-01-migrated"
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
