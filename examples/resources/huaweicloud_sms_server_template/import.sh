# A server template is imported by its ID.
terraform import huaweicloud_sms_server_template.web 7e3b0000-0000-4000-8000-000000000001
