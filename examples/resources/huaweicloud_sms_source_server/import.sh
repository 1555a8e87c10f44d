# A source server is imported by its ID in SMS.
terraform import huaweicloud_sms_source_server.web 5eed0000-0000-4000-8000-000000000001
