# Terraform 1.12 and later: import a task by its identity. project_id is
# optional and, when given, must be the provider's project.
import {
  to = huaweicloud_sms_task.web
  identity = {
    id         = "4b7c5e0a-1f2d-4c3b-9a8e-6d5f4e3c2b1a"
    project_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  }
}
