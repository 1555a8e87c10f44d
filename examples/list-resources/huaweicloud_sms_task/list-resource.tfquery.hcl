# Save as adopt.tfquery.hcl next to the configuration that holds the provider
# block, then run:
#   terraform query                                       # see what would be adopted
#   terraform query -generate-config-out=generated.tf     # write resource and import blocks
list "huaweicloud_sms_task" "running" {
  provider = huaweicloud
  limit    = 1000 # Terraform stops at 100 results by default

  config {
    state = "RUNNING"
  }
}

list "huaweicloud_sms_task" "finance" {
  provider         = huaweicloud
  include_resource = true # show every listed argument, not only the identity

  config {
    enterprise_project_id = "0b2f6e0a-9c31-4c52-8a53-6f3c2a1d9e47"
  }
}
