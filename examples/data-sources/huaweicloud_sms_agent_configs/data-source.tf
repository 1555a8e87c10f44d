# What SMS tells its agents: the main region, the OBS domain, the regions.
data "huaweicloud_sms_agent_configs" "this" {}

output "sms_regions" {
  value = [for r in data.huaweicloud_sms_agent_configs.this.regions : lookup(r, "id", "")]
}
