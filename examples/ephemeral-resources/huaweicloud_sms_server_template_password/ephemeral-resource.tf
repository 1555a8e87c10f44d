# Ephemeral resources need Terraform 1.10 or later (write-only arguments 1.11).
terraform {
  required_version = ">= 1.11"
}

variable "template_password" {
  description = "Password of the target servers of the first template."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "huaweicloud_sms_server_template" "wave1" {
  name                       = "wave1-targets"
  availability_zone          = "cn-north-4a"
  target_password_wo         = var.template_password
  target_password_wo_version = 1
}

# Read the password of a template at plan and apply time only: it is never
# written to the plan or the state.
ephemeral "huaweicloud_sms_server_template_password" "wave1" {
  template_id = huaweicloud_sms_server_template.wave1.id
}

# Give the second wave's targets the same password, through a write-only
# argument (ephemeral values go nowhere that is stored).
resource "huaweicloud_sms_server_template" "wave2" {
  name                       = "wave2-targets"
  availability_zone          = "cn-north-4a"
  target_password_wo         = ephemeral.huaweicloud_sms_server_template_password.wave1.target_password
  target_password_wo_version = 1
}
