# An SMS task is imported by its ID.
terraform import huaweicloud_sms_task.web 4b7c5e0a-1f2d-4c3b-9a8e-6d5f4e3c2b1a
