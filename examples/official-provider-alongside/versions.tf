# This provider next to the official one (huaweicloud/huaweicloud): the
# official provider keeps its usual local name, huaweicloud, for the network
# (network.tf); this one is declared as sms and manages the migration
# (migration.tf).
#
# Both providers name their types huaweicloud_*, and Terraform picks the
# provider of a block without a provider argument from the first word of its
# type name: the provider whose local name is huaweicloud. So every block of
# this provider, resources and data sources alike, says provider = sms.
terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
    sms = {
      source = "smsops/huaweicloud"
    }
  }
}

# Both providers read the same HW_REGION_NAME, HW_ACCESS_KEY and
# HW_SECRET_KEY from the environment.
variable "region" {
  description = "The region of the target network and servers."
  type        = string
  default     = "cn-north-4"
}
