# Adopt the source server whose SMS agent registered it as web-01: creating
# the resource waits (up to the create timeout) for the agent to register it,
# then renames it in SMS. Nothing is created: the agent registers servers.
resource "huaweicloud_sms_source_server" "web" {
  registered_name = "web-01"
  name            = "web-01-wave1"

  # On destroy the server is removed from SMS (its agent registers it again
  # only when restarted). Should it still have a migration task then, delete
  # the task first, stopping it if it runs; the default, "refuse", fails the
  # destroy instead and keeps both.
  task_on_destroy = "stop_and_delete"

  timeouts {
    create = "30m" # the agent may still be installing
  }
}

output "web_source_server_id" {
  value = huaweicloud_sms_source_server.web.id
}
