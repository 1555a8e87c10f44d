# No key anywhere: the CI system's OIDC ID token is exchanged for temporary
# credentials of an IAM agency, renewed before they expire. In Terraform Cloud
# the token comes from TFC_WORKLOAD_IDENTITY_TOKEN; elsewhere point
# HW_ASSUME_ROLE_ID_TOKEN_FILE (or id_token_file) at the file the CI writes.
provider "huaweicloud" {
  alias  = "federated"
  region = "cn-north-4"

  assume_role_with_oidc {
    idp_id      = "ci-oidc"
    agency_name = "sms_operator"
    domain_id   = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    duration    = 3600
  }
}

# On an ECS with an agency bound, configure no credentials at all: the
# provider asks the ECS metadata service. An assume_role block moves on to
# another agency (here of another account).
provider "huaweicloud" {
  alias  = "from_ecs"
  region = "cn-north-4"

  assume_role {
    agency_name = "sms_operator"
    domain_name = "migration-account"
  }
}
