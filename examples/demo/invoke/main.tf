# A one-off day-2 operation as a native action (Terraform 1.14 and later):
#
#   terraform apply -invoke=action.huaweicloud_sms_task_action.network_check -var task_id=...
#
# `make demo` runs it against the task the walkthrough created.
terraform {
  required_version = ">= 1.14"
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "task_id" {
  type = string
}

provider "huaweicloud" {
  endpoints {
    sms = var.endpoint
    dcs = var.endpoint
    iam = var.endpoint
  }
}

action "huaweicloud_sms_task_action" "network_check" {
  config {
    task_id   = var.task_id
    operation = "network_check"
  }
}
