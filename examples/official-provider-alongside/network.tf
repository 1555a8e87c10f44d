# The official provider: the network the target servers are created in.
provider "huaweicloud" {
  region = var.region
}

resource "huaweicloud_vpc" "targets" {
  name = "migration-targets"
  cidr = "192.168.0.0/16"
}

resource "huaweicloud_vpc_subnet" "targets" {
  name       = "migration-targets"
  cidr       = "192.168.10.0/24"
  gateway_ip = "192.168.10.1"
  vpc_id     = huaweicloud_vpc.targets.id
}

resource "huaweicloud_networking_secgroup" "targets" {
  name = "migration-targets"
}

# What the migration takes from the network.
locals {
  network = {
    vpc_id   = huaweicloud_vpc.targets.id
    vpc_name = huaweicloud_vpc.targets.name
    subnet = {
      id   = huaweicloud_vpc_subnet.targets.id
      name = huaweicloud_vpc_subnet.targets.name
      cidr = huaweicloud_vpc_subnet.targets.cidr
    }
    security_group = {
      id   = huaweicloud_networking_secgroup.targets.id
      name = huaweicloud_networking_secgroup.targets.name
    }
  }
}
