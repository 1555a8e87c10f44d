# Sign the SMS privacy agreement once per account, before anything else in
# SMS is used. An account that signed already is only read. Destroying the
# resource does not withdraw the agreement (no call can): the plan says so.
resource "huaweicloud_sms_privacy_agreement" "this" {}

resource "huaweicloud_sms_migration_project" "wave1" {
  name = "wave-1"
  type = "MIGRATE_BLOCK"

  depends_on = [huaweicloud_sms_privacy_agreement.this]
}
