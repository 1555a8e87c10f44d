# A migration project is imported by its ID.
terraform import huaweicloud_sms_migration_project.wave1 3a9c0000-0000-4000-8000-000000000002
