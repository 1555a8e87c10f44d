# The example `make demo` applies against the fake cloud. Credentials come from
# the environment (HW_REGION_NAME, HW_ACCESS_KEY, HW_SECRET_KEY); the endpoint
# variable points every service at the fake.
terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

variable "endpoint" {
  description = "Base URL of the fake cloud (or leave the endpoints block out for the real one)."
  type        = string
}

provider "huaweicloud" {
  endpoints {
    sms = var.endpoint
    dcs = var.endpoint
    iam = var.endpoint
  }
}

data "huaweicloud_sms_tasks" "all" {}

data "huaweicloud_sms_tasks" "ready" {
  state = "READY"
}

output "task_count" {
  value = length(data.huaweicloud_sms_tasks.all.tasks)
}

output "ready_tasks" {
  value = { for t in data.huaweicloud_sms_tasks.ready.tasks : t.name => t.id }
}
