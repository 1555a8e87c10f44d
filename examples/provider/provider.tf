terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

# Every argument can come from the environment, so this block can stay empty:
#   export HW_REGION_NAME=cn-north-4
#   export HW_ACCESS_KEY=...   HW_SECRET_KEY=...   (or HW_AUTH_TOKEN=...)
#   export HW_SECURITY_TOKEN=... (temporary credentials only)
#   export HW_PROJECT_ID=...     (optional: looked up from the region otherwise)
provider "huaweicloud" {}
