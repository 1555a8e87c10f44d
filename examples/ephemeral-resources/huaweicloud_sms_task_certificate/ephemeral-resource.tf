# Ephemeral resources need Terraform 1.10 or later (write-only arguments 1.11).
terraform {
  required_version = ">= 1.11"
}

variable "task_id" {
  description = "ID of an existing SMS migration task."
  type        = string
}

# Read the task's transfer-channel secrets at plan and apply time only:
# they are never written to the plan or the state.
ephemeral "huaweicloud_sms_task_certificate" "web" {
  task_id        = var.task_id
  enable_ca_cert = true
}

# Ephemeral values can only go where nothing is stored, such as a
# write-only argument.
resource "huaweicloud_sms_server_template" "from_passphrase" {
  name                       = "passphrase-protected"
  availability_zone          = "cn-north-4a"
  target_password_wo         = substr(ephemeral.huaweicloud_sms_task_certificate.web.passphrase, 0, 24)
  target_password_wo_version = 1
}
