# terraform query (Terraform 1.14 and later): the server templates of one
# availability zone, each with its identity, ready to import.
list "huaweicloud_sms_server_template" "zone_a" {
  provider = huaweicloud

  config {
    availability_zone = "cn-north-4a"
  }
}
