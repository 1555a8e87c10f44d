# This provider, under the local name sms: provider = sms on every block.
provider "sms" {
  region = var.region
}

# The source server the SMS agent registered as web-01.
data "huaweicloud_sms_source_server" "web" {
  provider = sms
  name     = "web-01"
}

# Target servers in the network of network.tf.
resource "huaweicloud_sms_server_template" "web" {
  provider          = sms
  name              = "web-targets"
  availability_zone = "cn-north-4a"
  vpc_id            = local.network.vpc_id
  vpc_name          = local.network.vpc_name
  subnets           = [local.network.subnet]
  security_groups   = [local.network.security_group]
}

resource "huaweicloud_sms_task" "web" {
  provider         = sms
  name             = "web-01-migration"
  type             = "MIGRATE_BLOCK"
  os_type          = data.huaweicloud_sms_source_server.web.os_type
  source_server_id = data.huaweicloud_sms_source_server.web.id
  vm_template_id   = huaweicloud_sms_server_template.web.id
  target_server    = { name = "web-01-target" }
}

output "task_state" {
  value = huaweicloud_sms_task.web.state
}
