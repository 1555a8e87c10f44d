package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The authentication arguments and environment variables of the official
// provider (huaweicloud/huaweicloud), with the same names and meaning, so a
// provider block moves over unchanged.
const (
	envDomainID            = "HW_DOMAIN_ID"
	envDomainName          = "HW_DOMAIN_NAME"
	envCloud               = "HW_CLOUD"
	envSharedConfigFile    = "HW_SHARED_CONFIG_FILE"
	envProfile             = "HW_PROFILE"
	envEnterpriseProjectID = "HW_ENTERPRISE_PROJECT_ID"
	envCACert              = "OS_CACERT"
	envCert                = "OS_CERT"
	envKey                 = "OS_KEY"
	envAssumeAgencyName    = "HW_ASSUME_ROLE_AGENCY_NAME"
	envAssumeDomainName    = "HW_ASSUME_ROLE_DOMAIN_NAME"
	envAssumeDomainID      = "HW_ASSUME_ROLE_DOMAIN_ID"
	envAssumeDuration      = "HW_ASSUME_ROLE_DURATION"
	envAssumeIdpID         = "HW_ASSUME_ROLE_IDP_ID"
	envAssumeIDToken       = "HW_ASSUME_ROLE_ID_TOKEN"
	envAssumeIDTokenFile   = "HW_ASSUME_ROLE_ID_TOKEN_FILE"
	envTenantID            = "OS_TENANT_ID"
	envTenantName          = "OS_TENANT_NAME"
	envAgencyName          = "OS_AGENCY_NAME"
	envAgencyDomainName    = "OS_AGENCY_DOMAIN_NAME"
	envDelegatedProject    = "OS_DELEGATED_PROJECT"
	// envCustomUserAgent is prepended to the User-Agent, as the official
	// provider does.
	envCustomUserAgent = "HW_TF_CUSTOM_UA"
	// envTFCWorkloadIdentityToken is where Terraform Cloud puts the run's
	// workload identity token (dynamic credentials). The official provider
	// does not read it.
	envTFCWorkloadIdentityToken = "TFC_WORKLOAD_IDENTITY_TOKEN"

	// defaultSharedConfigFile is KooCLI's configuration.
	defaultSharedConfigFile = "~/.hcloud/config.json"
)

// IAM's limits on the lifetime of temporary credentials.
const (
	minAssumeDuration = 900
	maxAssumeDuration = 86400
)

type assumeRoleModel struct {
	AgencyName types.String `tfsdk:"agency_name"`
	DomainName types.String `tfsdk:"domain_name"`
	DomainID   types.String `tfsdk:"domain_id"`
	Duration   types.Int64  `tfsdk:"duration"`
}

type assumeRoleOIDCModel struct {
	AgencyName  types.String `tfsdk:"agency_name"`
	DomainID    types.String `tfsdk:"domain_id"`
	IdpID       types.String `tfsdk:"idp_id"`
	IDToken     types.String `tfsdk:"id_token"`
	IDTokenFile types.String `tfsdk:"id_token_file"`
	Duration    types.Int64  `tfsdk:"duration"`
}

// officialArgumentsModel holds the official provider's arguments that have
// no other place here: the ones read under another name or for another
// use, and the ones accepted only to be reported as unsupported.
type officialArgumentsModel struct {
	Token                types.String `tfsdk:"token"`
	ProjectName          types.String `tfsdk:"project_name"`
	TenantID             types.String `tfsdk:"tenant_id"`
	TenantName           types.String `tfsdk:"tenant_name"`
	AuthURL              types.String `tfsdk:"auth_url"`
	AgencyName           types.String `tfsdk:"agency_name"`
	AgencyDomainName     types.String `tfsdk:"agency_domain_name"`
	DelegatedProject     types.String `tfsdk:"delegated_project"`
	UserName             types.String `tfsdk:"user_name"`
	UserID               types.String `tfsdk:"user_id"`
	Password             types.String `tfsdk:"password"`
	Regional             types.Bool   `tfsdk:"regional"`
	SigningAlgorithm     types.String `tfsdk:"signing_algorithm"`
	EnableForceNew       types.Bool   `tfsdk:"enable_force_new"`
	SkipCheckWebsiteType types.Bool   `tfsdk:"skip_check_website_type"`
	SkipCheckUpgrade     types.Bool   `tfsdk:"skip_check_upgrade"`
	DefaultTags          types.Map    `tfsdk:"default_tags"`
	IgnoreTags           types.List   `tfsdk:"ignore_tags"`
}

func durationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Description: fmt.Sprintf("Lifetime in seconds of the agency's temporary credentials, %d to %d; IAM's default (900) when unset. "+
			"They are renewed shortly before they expire, however long Terraform runs. Defaults to `%s`.", minAssumeDuration, maxAssumeDuration, envAssumeDuration),
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(minAssumeDuration, maxAssumeDuration)},
	}
}

// unsupportedArgument is an argument (and its variables) of the official
// provider that this provider accepts but does not use: setting it gives a
// warning that names it, never silence.
type unsupportedArgument struct {
	attr string
	envs []string
	// set reads the argument from the model.
	set func(m officialArgumentsModel) bool
	// harmless reports a value that changes nothing (the official default).
	harmless func(value string) bool
	why      string
}

const passwordWhy = "password authentication is not supported; use access keys, a shared config profile, auth_token, assume_role_with_oidc or the ECS metadata service"

var unsupportedArguments = []unsupportedArgument{
	{attr: "user_name", envs: []string{"HW_USER_NAME", "OS_USERNAME"}, set: func(m officialArgumentsModel) bool { return !m.UserName.IsNull() }, why: passwordWhy},
	{attr: "user_id", envs: []string{"HW_USER_ID", "OS_USER_ID"}, set: func(m officialArgumentsModel) bool { return !m.UserID.IsNull() }, why: passwordWhy},
	{attr: "password", envs: []string{"HW_USER_PASSWORD", "OS_PASSWORD"}, set: func(m officialArgumentsModel) bool { return !m.Password.IsNull() }, why: passwordWhy},
	{attr: "regional", set: func(m officialArgumentsModel) bool { return !m.Regional.IsNull() },
		why: "the endpoints are chosen per service (SMS global, DCS and IAM regional); the endpoints block overrides them"},
	{attr: "signing_algorithm", envs: []string{"HW_SIGNING_ALGORITHM"}, set: func(m officialArgumentsModel) bool { return !m.SigningAlgorithm.IsNull() },
		harmless: func(v string) bool { return v == "" || strings.EqualFold(v, "HmacSHA256") || v == "SDK-HMAC-SHA256" },
		why:      "requests are always signed with SDK-HMAC-SHA256, the official provider's default (HmacSHA256)"},
	{attr: "enable_force_new", envs: []string{"HW_ENABLE_FORCE_NEW"}, set: func(m officialArgumentsModel) bool { return !m.EnableForceNew.IsNull() },
		why: "each argument's documentation says whether changing it replaces the resource or updates it in place"},
	{attr: "skip_check_website_type", envs: []string{"SKIP_CHECK_WEBSITE_TYPE"}, set: func(m officialArgumentsModel) bool { return !m.SkipCheckWebsiteType.IsNull() },
		why: "this provider never asks which website (Chinese mainland or international) the account belongs to"},
	{attr: "skip_check_upgrade", envs: []string{"SKIP_CHECK_UPGRADE"}, set: func(m officialArgumentsModel) bool { return !m.SkipCheckUpgrade.IsNull() },
		why: "this provider does not check the state for an upgrade of the official provider"},
	{attr: "default_tags", set: func(m officialArgumentsModel) bool { return !m.DefaultTags.IsNull() }, why: "no resource of this provider takes tags"},
	{attr: "ignore_tags", set: func(m officialArgumentsModel) bool { return !m.IgnoreTags.IsNull() }, why: "no resource of this provider takes tags"},
}

// credentialAttributes are the provider arguments added for credentials
// without long-lived keys, and the other arguments of the official
// provider.
func credentialAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"domain_id": schema.StringAttribute{
			Description: "ID of the account (domain). When set, project discovery only accepts a project of this account, and `auth_token` is scoped to the project by name in it. " +
				"Defaults to `" + envDomainID + "`, else `OS_DOMAIN_ID`, `OS_USER_DOMAIN_ID` or `OS_PROJECT_DOMAIN_ID`. A shared config profile's account ID wins, as in the official provider.",
			Optional: true,
		},
		"domain_name": schema.StringAttribute{
			Description: "Name of the account (domain). Used as `assume_role.domain_name` when that block names no account, and to scope `auth_token` by project name. " +
				"Defaults to `" + envDomainName + "`, else `OS_DOMAIN_NAME`, `OS_USER_DOMAIN_NAME` or `OS_PROJECT_DOMAIN_NAME`.",
			Optional: true,
		},
		"cloud": schema.StringAttribute{
			Description: "Domain of the default endpoints, for example `myhuaweicloud.com` (the default; `myhuaweicloud.eu` for the eu-west-1xx regions). Defaults to `" + envCloud + "`.",
			Optional:    true,
		},
		"shared_config_file": schema.StringAttribute{
			Description: "Path of the KooCLI (hcloud) configuration file to take the credentials from, `" + defaultSharedConfigFile + "` when only `profile` is set. " +
				"The profile's access keys (or its SSO security token), region, project ID, account ID and agency are used, and, as in the official provider, they win over " +
				"the same arguments in this block or the environment (a warning names each one they replace). " +
				"KooCLI must store the keys unencrypted (`hcloud configure set --cli-auth-encrypt=false`). Defaults to `" + envSharedConfigFile + "`.",
			Optional: true,
		},
		"profile": schema.StringAttribute{
			Description: "Profile of the shared config file; its `current` profile when unset. Defaults to `" + envProfile + "`.",
			Optional:    true,
		},
		"cacert_file": schema.StringAttribute{
			Description: "A CA certificate (PEM), or the path of a file holding it, trusted for every endpoint instead of the system's trusted CAs, as in the official provider: " +
				"with it, only endpoints whose certificates this CA signed are reached. Defaults to `" + envCACert + "`.",
			Optional: true,
		},
		"cert": schema.StringAttribute{
			Description: "A client certificate (PEM), or the path of a file holding it, presented to every endpoint. Requires `key`. Defaults to `" + envCert + "`.",
			Optional:    true,
		},
		"key": schema.StringAttribute{
			Description: "The private key (PEM) of `cert`, or the path of a file holding it. Defaults to `" + envKey + "`.",
			Optional:    true,
			Sensitive:   true,
		},
		"enterprise_project_id": schema.StringAttribute{
			Description: "Enterprise project used when a resource or data source that takes `enterprise_project_id` leaves it unset: new `huaweicloud_sms_task` resources, " +
				"and the filters of `huaweicloud_sms_tasks` and `huaweicloud_sms_source_servers`. Defaults to `" + envEnterpriseProjectID + "`.",
			Optional: true,
		},
		"token": schema.StringAttribute{
			Description: "The official provider's name of `auth_token`: the same argument. Defaults to `" + envAuthToken + "`, else `OS_AUTH_TOKEN`. Conflicts with `auth_token`.",
			Optional:    true,
			Sensitive:   true,
		},
		"project_name": schema.StringAttribute{
			Description: "Name of the IAM project whose ID is looked up (when `project_id` is unset) and to which `auth_token` is scoped; `region` when unset, as in the official provider. " +
				"Defaults to `HW_PROJECT_NAME`, else `OS_PROJECT_NAME`, else `tenant_name`.",
			Optional: true,
		},
		"tenant_id": schema.StringAttribute{
			Description: "The official provider's older name of `project_id`, used when `project_id` is unset. Defaults to `" + envTenantID + "`.",
			Optional:    true,
		},
		"tenant_name": schema.StringAttribute{
			Description: "The official provider's older name of `project_name`, used when `project_name` is unset. Defaults to `" + envTenantName + "`.",
			Optional:    true,
		},
		"auth_url": schema.StringAttribute{
			Description: "The IAM endpoint with its `/v3` path, as the official provider takes it, for example `https://iam.cn-north-4.myhuaweicloud.com/v3`: " +
				"the default of `endpoints.iam` (without `/v3`). Defaults to `HW_AUTH_URL`, else `OS_AUTH_URL`.",
			Optional: true,
		},
		"agency_name": schema.StringAttribute{
			Description: "The official provider's older way to work as an agency: the agency assumed first (IAM `assume_role` with `agency_domain_name`), before any `assume_role` block. " +
				"Requires `agency_domain_name`. Defaults to `" + envAgencyName + "`.",
			Optional: true,
		},
		"agency_domain_name": schema.StringAttribute{
			Description: "Name of the account that created `agency_name`. Defaults to `" + envAgencyDomainName + "`.",
			Optional:    true,
		},
		"delegated_project": schema.StringAttribute{
			Description: "With `agency_name`: the name of the project to work in, the default of `project_name` (`region` when unset). Defaults to `" + envDelegatedProject + "`.",
			Optional:    true,
		},
	}
	unsupported := func(a unsupportedArgument) string {
		d := "Not supported: accepted so that a provider block of the official provider plans unchanged, and reported with a warning when set"
		switch len(a.envs) {
		case 0:
		case 1:
			d += " (so is " + codeList(a.envs) + ")"
		default:
			d += " (so are " + codeList(a.envs) + ")"
		}
		return d + ": " + a.why + "."
	}
	for _, a := range unsupportedArguments {
		switch a.attr {
		case "regional", "enable_force_new", "skip_check_website_type", "skip_check_upgrade":
			attrs[a.attr] = schema.BoolAttribute{Description: unsupported(a), Optional: true}
		case "default_tags":
			attrs[a.attr] = schema.MapAttribute{Description: unsupported(a), Optional: true, ElementType: types.StringType}
		case "ignore_tags":
			attrs[a.attr] = schema.ListAttribute{Description: unsupported(a), Optional: true, ElementType: types.StringType}
		default:
			attrs[a.attr] = schema.StringAttribute{Description: unsupported(a), Optional: true, Sensitive: a.attr == "password"}
		}
	}
	return attrs
}

// codeList renders names as `A`, `B` and `C`.
func codeList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

// credentialBlocks are the assume_role and assume_role_with_oidc blocks.
func credentialBlocks() map[string]schema.Block {
	return map[string]schema.Block{
		"assume_role": schema.ListNestedBlock{
			Description: "Work as an IAM agency: the other credentials (access keys, a shared config profile or the ECS metadata service) are exchanged for the agency's temporary credentials " +
				"(IAM `POST /v3.0/OS-CREDENTIAL/securitytokens`, `assume_role`), renewed before they expire. Several blocks make a chain, as in the official provider: " +
				"each agency is assumed with the credentials of the one before. Without the block, `" + envAssumeAgencyName + "` and the other `HW_ASSUME_ROLE_*` variables configure one.",
			NestedObject: schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{
					"agency_name": schema.StringAttribute{Description: "Name of the agency. Required; defaults to `" + envAssumeAgencyName + "`.", Optional: true},
					"domain_name": schema.StringAttribute{Description: "Name of the account that created the agency. Defaults to `" + envAssumeDomainName + "`; one of `domain_name` and `domain_id` is required.", Optional: true},
					"domain_id":   schema.StringAttribute{Description: "ID of the account that created the agency. Defaults to `" + envAssumeDomainID + "`.", Optional: true},
					"duration":    durationAttribute(),
				},
			},
		},
		"assume_role_with_oidc": schema.SingleNestedBlock{
			Description: "Authenticate with an ID token from an external OIDC identity provider (Terraform Cloud workload identity, GitHub Actions, another CI): " +
				"the token is exchanged for a federated user's temporary credentials (IAM `POST /v3.0/OS-AUTH/id-token/tokens`, then `POST /v3.0/OS-CREDENTIAL/securitytokens`), " +
				"which then assume the agency. No key is stored anywhere. The federated credentials are used until they expire, renewing the agency's without exchanging the token again; " +
				"once they expire, the token (the file read again) is exchanged anew, which fails if it has expired by then. " +
				"Without the block, setting `" + envAssumeIdpID + "` configures it from the `HW_ASSUME_ROLE_*` variables.",
			Attributes: map[string]schema.Attribute{
				"agency_name": schema.StringAttribute{Description: "Name of the agency the federated user assumes. Required; defaults to `" + envAssumeAgencyName + "`.", Optional: true},
				"domain_id":   schema.StringAttribute{Description: "ID of the account of the agency. Required; defaults to `" + envAssumeDomainID + "`.", Optional: true},
				"idp_id":      schema.StringAttribute{Description: "ID of the identity provider configured in IAM. Required; defaults to `" + envAssumeIdpID + "`.", Optional: true},
				"id_token": schema.StringAttribute{
					Description: "The ID token. Conflicts with `id_token_file`. When neither is set: `" + envAssumeIDToken + "`, else the file named by `" + envAssumeIDTokenFile + "`, " +
						"else `" + envTFCWorkloadIdentityToken + "` (Terraform Cloud; the official provider does not read it).",
					Optional: true, Sensitive: true,
				},
				"id_token_file": schema.StringAttribute{Description: "Path of a file holding the ID token; it is read again at every exchange, so a CI system may rotate it.", Optional: true},
				"duration": schema.Int64Attribute{
					Description: fmt.Sprintf("Lifetime in seconds of the federated user's and the agency's temporary credentials, %d to %d; IAM's default (900) when unset. "+
						"The ID token is exchanged once, and the federated credentials renew the agency's until they expire: set it to more than the longest apply "+
						"when the CI system's token expires within minutes (GitHub Actions). Defaults to `%s`.", minAssumeDuration, maxAssumeDuration, envAssumeDuration),
					Optional:   true,
					Validators: []validator.Int64{int64validator.Between(minAssumeDuration, maxAssumeDuration)},
				},
			},
		},
	}
}
