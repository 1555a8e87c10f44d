# Import the account's default project by its ID (a project that is not the
# default cannot be imported).
terraform import huaweicloud_sms_migration_project_default.this de7a0175-0000-4000-8000-000000000001
