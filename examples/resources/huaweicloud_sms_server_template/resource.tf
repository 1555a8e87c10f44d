# Write-only arguments need Terraform 1.11 or later.
terraform {
  required_version = ">= 1.11"
}

variable "template_password" {
  description = "Password of the target servers created from the template."
  type        = string
  sensitive   = true
  ephemeral   = true # never written to the plan or the state
}

# Target servers in an existing network, with a public IP for the transfer.
resource "huaweicloud_sms_server_template" "web" {
  name               = "web-targets"
  availability_zone  = "cn-north-4a"
  target_server_name = "web-target"
  vpc_id             = "3b6f1c8e-5a4d-4c2b-9e1f-0a7d6c5b4e3f"
  vpc_name           = "web-vpc"
  volume_type        = "SSD"
  flavor             = "s6.large.2"
  bandwidth_size     = 100

  # Each subnet and security group with its name (and a subnet with its
  # CIDR block), as the service wants them; subnet_ids and
  # security_group_ids take the IDs alone.
  subnets = [{
    id   = "8e2d4f6a-1b3c-4d5e-8f7a-9b0c1d2e3f4a"
    name = "web-subnet"
    cidr = "192.168.10.0/24"
  }]
  security_groups = [{
    id   = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
    name = "web-sg"
  }]

  # Sent on create and whenever the version changes; never stored.
  target_password_wo         = var.template_password
  target_password_wo_version = 1
}

# The migration creates the network itself (vpc_id, subnet_ids and
# security_group_ids default to "autoCreate").
resource "huaweicloud_sms_server_template" "scratch" {
  name              = "scratch-targets"
  availability_zone = "cn-north-4a"
}
