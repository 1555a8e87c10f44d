# terraform query (Terraform 1.14 and later): the source servers waiting for
# a task, each with its identity, ready to adopt with
#   terraform query -generate-config-out=generated.tf
list "huaweicloud_sms_source_server" "waiting" {
  provider = huaweicloud

  config {
    state = "waiting"
  }
}
