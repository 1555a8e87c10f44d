package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
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

// credentialKind is one way to authenticate; exactly one is used.
type credentialKind int

const (
	kindAccessKeys credentialKind = iota + 1
	kindAuthToken
	kindSharedConfig
	kindOIDC
)

// credentialResolver reads the credential arguments and their environment
// variables into an sms.Config, reporting each problem on its argument.
type credentialResolver struct {
	m     providerModel
	diags *diag.Diagnostics
	// str is configOrEnv of resolveConfig.
	str func(v types.String, attr string, envs ...string) string
}

// envSet reports whether any of the variables is set.
func envSet(names ...string) bool {
	_, name := envFirst(names...)
	return name != ""
}

// kinds lists the kinds written in the provider block, else those set in
// the environment: credentials in the block win over the environment as a
// set, so an aliased provider with auth_token works on a machine that
// exports an access key pair for the default one. A shared config profile,
// wherever it is configured, wins over access keys wherever they are, as
// in the official provider (it reads the profile's keys over them);
// keysReplaced then names the keys it replaces.
func (r credentialResolver) kinds() (kinds []credentialKind, fromConfig bool, keysReplaced string) {
	m := r.m
	inBlock := map[credentialKind]bool{
		kindAccessKeys:   !m.AccessKey.IsNull() || !m.SecretKey.IsNull(),
		kindAuthToken:    !m.AuthToken.IsNull() || !m.Token.IsNull(),
		kindSharedConfig: !m.SharedConfigFile.IsNull() || !m.Profile.IsNull(),
		kindOIDC:         m.AssumeRoleWithOIDC != nil,
	}
	inEnv := map[credentialKind]bool{
		kindAccessKeys:   envSet(append(slicesClone(accessKeyEnvs), secretKeyEnvs...)...),
		kindAuthToken:    envSet(authTokenEnvs...),
		kindSharedConfig: envSet(envSharedConfigFile, envProfile),
		kindOIDC:         envSet(envAssumeIdpID),
	}
	if (inBlock[kindSharedConfig] || inEnv[kindSharedConfig]) && (inBlock[kindAccessKeys] || inEnv[kindAccessKeys]) {
		keysReplaced = "access_key and secret_key"
		if !inBlock[kindAccessKeys] {
			_, keysReplaced = envFirst(append(slicesClone(accessKeyEnvs), secretKeyEnvs...)...)
		}
		inBlock[kindAccessKeys], inEnv[kindAccessKeys] = false, false
	}
	order := []credentialKind{kindAccessKeys, kindAuthToken, kindSharedConfig, kindOIDC}
	for _, k := range order {
		if inBlock[k] {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		return kinds, true, keysReplaced
	}
	for _, k := range order {
		if inEnv[k] {
			kinds = append(kinds, k)
		}
	}
	return kinds, false, keysReplaced
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// kindAttr is the argument a conflict is reported on.
var kindAttr = map[credentialKind]string{
	kindAccessKeys: "access_key", kindAuthToken: "auth_token", kindSharedConfig: "shared_config_file", kindOIDC: "assume_role_with_oidc",
}

var kindText = map[credentialKind]string{
	kindAccessKeys:   "an access key pair (access_key/secret_key, " + envAccessKey + "/" + envSecretKey + " or OS_ACCESS_KEY/OS_SECRET_KEY)",
	kindAuthToken:    "auth_token (token, " + envAuthToken + " or OS_AUTH_TOKEN)",
	kindSharedConfig: "a shared config profile (shared_config_file/profile, " + envSharedConfigFile + "/" + envProfile + ")",
	kindOIDC:         "assume_role_with_oidc (" + envAssumeIdpID + ")",
}

// projectAndToken reads auth_token (or token), the project's name and id
// under their official names, and auth_url.
func (r credentialResolver) projectAndToken(c *sms.Config) {
	m := r.m
	if !m.AuthToken.IsNull() && !m.Token.IsNull() {
		r.diags.AddAttributeError(path.Root("token"), "Conflicting Credentials", "auth_token and token are the same argument (token is the official provider's name): set one.")
	}
	c.AuthToken = r.str(m.AuthToken, "auth_token", authTokenEnvs...)
	if !m.Token.IsNull() || m.Token.IsUnknown() {
		c.AuthToken = r.str(m.Token, "token", authTokenEnvs...)
	}
	if c.ProjectID == "" {
		c.ProjectID = r.str(m.TenantID, "tenant_id", envTenantID)
	}
	c.ProjectName = r.str(m.ProjectName, "project_name", projectNameEnvs...)
	if c.ProjectName == "" {
		c.ProjectName = r.str(m.TenantName, "tenant_name", envTenantName)
	}
	if delegated := r.str(m.DelegatedProject, "delegated_project", envDelegatedProject); delegated != "" {
		switch {
		case m.AgencyName.IsNull() && os.Getenv(envAgencyName) == "":
			r.diags.AddAttributeWarning(path.Root("delegated_project"), "Argument Without Effect",
				"delegated_project only names the project to work in with agency_name, which is not set; it is ignored, as in the official provider.")
		case c.ProjectName == "":
			c.ProjectName = delegated
		}
	}
	if u := r.str(m.AuthURL, "auth_url", authURLEnvs...); u != "" {
		iam := strings.TrimSuffix(strings.TrimSuffix(strings.TrimRight(u, "/"), "/v3"), "/")
		if err := sms.ValidateEndpoint(iam); err != nil {
			r.diags.AddAttributeError(path.Root("auth_url"), "Invalid Endpoint", err.Error())
		}
		c.Endpoints.IAM = iam
	}
}

// resolve fills c's credentials: the one kind configured, or the ECS
// metadata service when there is none, then the agencies to assume.
func (r credentialResolver) resolve(c *sms.Config) {
	kinds, fromConfig, keysReplaced := r.kinds()
	where := "in the environment"
	if fromConfig {
		where = "in the provider block"
	}
	if len(kinds) > 1 {
		r.diags.AddAttributeError(path.Root(kindAttr[kinds[1]]), "Conflicting Credentials",
			fmt.Sprintf("Both %s and %s are set %s. Use one way to authenticate.", kindText[kinds[0]], kindText[kinds[1]], where))
		return
	}
	kind := credentialKind(0)
	if len(kinds) == 1 {
		kind = kinds[0]
	}
	if keysReplaced != "" && kind == kindSharedConfig {
		r.diags.AddWarning("Shared Config Profile Replaces Access Keys",
			keysReplaced+" is ignored: the shared config profile's keys are used, as the official provider does when both are set.")
	}
	if kind != kindAccessKeys {
		c.AccessKey, c.SecretKey = "", ""
		if r.m.SecurityToken.IsNull() {
			c.SecurityToken = ""
		}
	}
	if kind != kindAuthToken {
		c.AuthToken = ""
	}
	var profileAgency *sms.AssumeRole
	switch kind {
	case kindSharedConfig:
		profileAgency = r.sharedConfig(c)
	case kindOIDC:
		r.oidc(c)
	case 0:
		if r.passwordConfigured() {
			r.diags.AddError("Unsupported Credentials",
				"Only a user name and password are configured (user_name or user_id, and password, or their HW_USER_*/OS_* variables): "+passwordWhy+". "+
					"Without other credentials the provider would ask the ECS metadata service and act as this server's agency instead, so it stops here.")
			return
		}
		c.ECSMetadata = true // the documented last resort
	}
	r.assumeRoles(c, kind, profileAgency)
}

// passwordConfigured reports a user name or ID with a password, in the
// block or the environment.
func (r credentialResolver) passwordConfigured() bool {
	m := r.m.officialArgumentsModel
	user := !m.UserName.IsNull() || !m.UserID.IsNull() || envSet("HW_USER_NAME", "OS_USERNAME", "HW_USER_ID", "OS_USER_ID")
	return user && (!m.Password.IsNull() || envSet("HW_USER_PASSWORD", "OS_PASSWORD"))
}

// assumeRoles sets c.AssumeRoles: agency_name first, then the assume_role
// blocks (a chain), else the agency of the environment; a shared config
// profile's agency replaces a single one, as in the official provider.
func (r credentialResolver) assumeRoles(c *sms.Config, kind credentialKind, profileAgency *sms.AssumeRole) {
	var roles []sms.AssumeRole
	var at []path.Path
	blocks := r.m.AssumeRole
	for i, b := range blocks {
		p := path.Root("assume_role").AtListIndex(i)
		roles = append(roles, sms.AssumeRole{
			AgencyName: r.str(b.AgencyName, "assume_role.agency_name", envAssumeAgencyName),
			DomainName: r.str(b.DomainName, "assume_role.domain_name", envAssumeDomainName),
			DomainID:   r.str(b.DomainID, "assume_role.domain_id", envAssumeDomainID),
			Duration:   r.duration(b.Duration, p.AtName("duration")),
		})
		at = append(at, p)
	}
	if len(blocks) == 0 && kind != kindOIDC && os.Getenv(envAssumeAgencyName) != "" {
		roles = append(roles, sms.AssumeRole{
			AgencyName: os.Getenv(envAssumeAgencyName), DomainName: os.Getenv(envAssumeDomainName), DomainID: os.Getenv(envAssumeDomainID),
			Duration: r.duration(types.Int64Null(), path.Root("assume_role").AtListIndex(0).AtName("duration")),
		})
		at = append(at, path.Root("assume_role"))
	}
	if profileAgency != nil {
		switch len(roles) {
		case 0:
			roles, at = []sms.AssumeRole{*profileAgency}, []path.Path{path.Root("profile")}
		case 1:
			r.diags.AddAttributeWarning(at[0], "Shared Config Profile Replaces Agency",
				fmt.Sprintf("The shared config profile names agency %q, which replaces agency %q, as the official provider does.", profileAgency.AgencyName, roles[0].AgencyName))
			roles, at = []sms.AssumeRole{*profileAgency}, []path.Path{path.Root("profile")}
		default:
			r.diags.AddAttributeWarning(path.Root("profile"), "Shared Config Profile Agency Ignored",
				fmt.Sprintf("The shared config profile names agency %q, which is ignored: the assume_role blocks make a chain, as in the official provider.", profileAgency.AgencyName))
		}
	}
	legacy := r.legacyAgency()
	if legacy != nil {
		roles, at = append([]sms.AssumeRole{*legacy}, roles...), append([]path.Path{path.Root("agency_name")}, at...)
	}
	if len(roles) == 0 {
		return
	}
	switch kind {
	case kindOIDC:
		r.diags.AddAttributeError(at[0], "Conflicting Credentials",
			"assume_role_with_oidc names the agency the federated user assumes itself (its agency_name and domain_id); remove assume_role (and agency_name), or unset "+envAssumeAgencyName+" from this kind of use.")
		return
	case kindAuthToken:
		r.diags.AddAttributeError(at[0], "Conflicting Credentials",
			"assume_role exchanges access keys (or ECS metadata, OIDC or profile credentials) for an agency's; it does not work with auth_token. Remove one of the two, or unset "+envAssumeAgencyName+".")
		return
	}
	for i := range roles {
		a := &roles[i]
		switch {
		case a.AgencyName == "":
			r.diags.AddAttributeError(at[i].AtName("agency_name"), "Missing Agency Name", "Set assume_role.agency_name or "+envAssumeAgencyName+".")
			return
		case a.DomainID == "" && a.DomainName == "":
			a.DomainName = c.DomainName
			if a.DomainName == "" {
				r.diags.AddAttributeError(at[i].AtName("domain_name"), "Missing Agency Account",
					"Set assume_role.domain_name or domain_id (or "+envAssumeDomainName+"/"+envAssumeDomainID+", or the provider's domain_name): the account that created the agency.")
				return
			}
		}
	}
	c.AssumeRoles = roles
}

// legacyAgency is agency_name with agency_domain_name, the official
// provider's older agency arguments.
func (r credentialResolver) legacyAgency() *sms.AssumeRole {
	name := r.str(r.m.AgencyName, "agency_name", envAgencyName)
	domain := r.str(r.m.AgencyDomainName, "agency_domain_name", envAgencyDomainName)
	switch {
	case name == "" && domain == "":
		return nil
	case name == "":
		r.diags.AddAttributeError(path.Root("agency_name"), "Missing Agency Name", "agency_domain_name is set but agency_name is not: set both ("+envAgencyName+", "+envAgencyDomainName+").")
		return nil
	case domain == "":
		r.diags.AddAttributeError(path.Root("agency_domain_name"), "Missing Agency Account", "agency_name is set but agency_domain_name is not: set both ("+envAgencyName+", "+envAgencyDomainName+").")
		return nil
	}
	return &sms.AssumeRole{AgencyName: name, DomainName: domain}
}

// oidc sets c.OIDC and the agency the federated user assumes.
func (r credentialResolver) oidc(c *sms.Config) {
	b := r.m.AssumeRoleWithOIDC
	if b == nil {
		b = &assumeRoleOIDCModel{IDToken: types.StringNull(), IDTokenFile: types.StringNull(), Duration: types.Int64Null(),
			AgencyName: types.StringNull(), DomainID: types.StringNull(), IdpID: types.StringNull()}
	}
	at := path.Root("assume_role_with_oidc")
	required := func(v types.String, name, env string) string {
		s := r.str(v, "assume_role_with_oidc."+name, env)
		if s == "" && !v.IsUnknown() {
			r.diags.AddAttributeError(at.AtName(name), "Missing OIDC Argument",
				fmt.Sprintf("assume_role_with_oidc needs %s: set it or %s.", name, env))
		}
		return s
	}
	agency := required(b.AgencyName, "agency_name", envAssumeAgencyName)
	domainID := required(b.DomainID, "domain_id", envAssumeDomainID)
	idp := required(b.IdpID, "idp_id", envAssumeIdpID)
	duration := r.duration(b.Duration, at.AtName("duration"))
	token, source := r.idTokenSource(b, at)
	if token == nil || r.diags.HasError() {
		return
	}
	c.OIDC = &sms.OIDCFederation{IdpID: idp, IDToken: token, TokenSource: source, Duration: duration}
	c.AssumeRoles = []sms.AssumeRole{{AgencyName: agency, DomainID: domainID, Duration: duration}}
}

// idTokenSource picks the ID token: id_token, id_token_file, then the
// environment (the token, its file, Terraform Cloud's workload identity
// token), and says where it comes from. A file is read at every exchange.
func (r credentialResolver) idTokenSource(b *assumeRoleOIDCModel, at path.Path) (func() (string, error), string) {
	if !b.IDToken.IsNull() && !b.IDTokenFile.IsNull() {
		r.diags.AddAttributeError(at.AtName("id_token_file"), "Conflicting ID Tokens", "Set id_token or id_token_file, not both.")
		return nil, ""
	}
	fromValue := func(tok, source string) (func() (string, error), string) {
		return func() (string, error) { return tok, nil }, source
	}
	fromFile := func(name, source string, attr path.Path) (func() (string, error), string) {
		p, err := expandHome(name)
		if err == nil {
			_, err = os.Stat(p)
		}
		if err != nil {
			r.diags.AddAttributeError(attr, "Unreadable ID Token File", fmt.Sprintf("The ID token file %s cannot be read: %v.", name, err))
			return nil, ""
		}
		return func() (string, error) {
			b, err := os.ReadFile(p)
			return strings.TrimSpace(string(b)), err
		}, fmt.Sprintf("the file %s (%s)", name, source)
	}
	switch {
	case b.IDToken.IsUnknown() || b.IDTokenFile.IsUnknown():
		r.str(b.IDToken, "assume_role_with_oidc.id_token", envAssumeIDToken)
		r.str(b.IDTokenFile, "assume_role_with_oidc.id_token_file", envAssumeIDTokenFile)
		return nil, ""
	case !b.IDToken.IsNull():
		return fromValue(b.IDToken.ValueString(), "assume_role_with_oidc.id_token")
	case !b.IDTokenFile.IsNull():
		return fromFile(b.IDTokenFile.ValueString(), "assume_role_with_oidc.id_token_file", at.AtName("id_token_file"))
	case os.Getenv(envAssumeIDToken) != "":
		return fromValue(os.Getenv(envAssumeIDToken), envAssumeIDToken)
	case os.Getenv(envAssumeIDTokenFile) != "":
		return fromFile(os.Getenv(envAssumeIDTokenFile), envAssumeIDTokenFile, at.AtName("id_token_file"))
	case os.Getenv(envTFCWorkloadIdentityToken) != "":
		return fromValue(os.Getenv(envTFCWorkloadIdentityToken), envTFCWorkloadIdentityToken+" (read once per run phase)")
	}
	r.diags.AddAttributeError(at.AtName("id_token"), "Missing ID Token",
		"assume_role_with_oidc needs an ID token: set id_token or id_token_file, or "+envAssumeIDToken+", "+envAssumeIDTokenFile+" or (in Terraform Cloud, with dynamic credentials enabled) "+envTFCWorkloadIdentityToken+".")
	return nil, ""
}

// duration reads a duration argument, else HW_ASSUME_ROLE_DURATION.
func (r credentialResolver) duration(v types.Int64, at path.Path) time.Duration {
	switch {
	case v.IsUnknown():
		r.diags.AddAttributeError(at, "Unknown Provider Argument", "duration depends on a value that is not known until apply. Set it to a static value or use "+envAssumeDuration+".")
		return 0
	case !v.IsNull():
		return time.Duration(v.ValueInt64()) * time.Second
	case os.Getenv(envAssumeDuration) == "":
		return 0
	}
	n, err := strconv.Atoi(os.Getenv(envAssumeDuration))
	if err != nil || n < minAssumeDuration || n > maxAssumeDuration {
		r.diags.AddAttributeError(at, "Invalid Duration", fmt.Sprintf("%s must be a whole number of seconds from %d to %d.", envAssumeDuration, minAssumeDuration, maxAssumeDuration))
		return 0
	}
	return time.Duration(n) * time.Second
}

// sharedConfig is KooCLI's configuration file (hcloud configure).
type sharedConfig struct {
	Current  string          `json:"current"`
	Profiles []sharedProfile `json:"profiles"`
}

type sharedProfile struct {
	Name             string `json:"name"`
	Mode             string `json:"mode"`
	AccessKeyID      string `json:"accessKeyId"`
	SecretAccessKey  string `json:"secretAccessKey"`
	SecurityToken    string `json:"securityToken"`
	Region           string `json:"region"`
	ProjectID        string `json:"projectId"`
	DomainID         string `json:"domainId"`
	AgencyDomainID   string `json:"agencyDomainId"`
	AgencyDomainName string `json:"agencyDomainName"`
	AgencyName       string `json:"agencyName"`
	SSOAuth          struct {
		STSToken struct {
			AccessKeyID     string `json:"accessKeyId"`
			SecretAccessKey string `json:"secretAccessKey"`
			SecurityToken   string `json:"securityToken"`
		} `json:"stsToken"`
	} `json:"ssoAuth"`
}

// sharedConfig reads the profile into c. As in the official provider, the
// profile's region, project ID and account ID win over the provider block
// and the environment; a warning names each value they replace. It returns
// the profile's agency, if it names one.
func (r credentialResolver) sharedConfig(c *sms.Config) *sms.AssumeRole {
	file := r.str(r.m.SharedConfigFile, "shared_config_file", envSharedConfigFile)
	name := r.str(r.m.Profile, "profile", envProfile)
	if file == "" {
		file = defaultSharedConfigFile
	}
	fileAttr := path.Root("shared_config_file")
	p, err := expandHome(file)
	var data []byte
	if err == nil {
		data, err = os.ReadFile(p)
	}
	if err != nil {
		r.diags.AddAttributeError(fileAttr, "Unreadable Shared Config File", fmt.Sprintf("The shared config file %s cannot be read: %v.", file, err))
		return nil
	}
	var cfg sharedConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		r.diags.AddAttributeError(fileAttr, "Invalid Shared Config File", fmt.Sprintf("The shared config file %s is not KooCLI's JSON configuration: %v.", file, err))
		return nil
	}
	if name == "" {
		name = cfg.Current
	}
	var prof *sharedProfile
	for i := range cfg.Profiles {
		if cfg.Profiles[i].Name == name {
			prof = &cfg.Profiles[i]
		}
	}
	if prof == nil {
		r.diags.AddAttributeError(path.Root("profile"), "Unknown Profile", fmt.Sprintf("The shared config file %s has no profile named %q.", file, name))
		return nil
	}
	ak, sk, st := prof.AccessKeyID, prof.SecretAccessKey, prof.SecurityToken
	if strings.EqualFold(prof.Mode, "SSO") {
		t := prof.SSOAuth.STSToken
		ak, sk, st = t.AccessKeyID, t.SecretAccessKey, t.SecurityToken
	}
	if ak == "" || sk == "" {
		r.diags.AddAttributeError(path.Root("profile"), "Profile Without Keys", fmt.Sprintf(
			"Profile %q of %s holds no access key pair. If KooCLI encrypts its credentials, run `hcloud configure set --cli-auth-encrypt=false`; or use another way to authenticate.", name, file))
		return nil
	}
	c.AccessKey, c.SecretKey, c.SecurityToken = ak, sk, st
	override := func(dst *string, attr, value string) {
		if value == "" {
			return
		}
		if *dst != "" && *dst != value {
			r.diags.AddAttributeWarning(path.Root(attr), "Shared Config Profile Replaces Argument",
				fmt.Sprintf("Profile %q sets %s to %q, which replaces %q from the provider block or the environment, as the official provider does.", name, attr, value, *dst))
		}
		*dst = value
	}
	override(&c.Region, "region", prof.Region)
	override(&c.ProjectID, "project_id", prof.ProjectID)
	override(&c.DomainID, "domain_id", prof.DomainID)
	if prof.AgencyName == "" {
		return nil
	}
	return &sms.AssumeRole{AgencyName: prof.AgencyName, DomainID: prof.AgencyDomainID, DomainName: prof.AgencyDomainName}
}

// tlsMaterial reads cacert_file, cert and key: PEM text, or the path of a
// file holding it (as the official provider accepts).
func (r credentialResolver) tlsMaterial(c *sms.Config) {
	read := func(v types.String, attr, env string) []byte {
		s := r.str(v, attr, env)
		if s == "" {
			return nil
		}
		if strings.Contains(s, "-----BEGIN") {
			return []byte(s)
		}
		p, err := expandHome(s)
		var b []byte
		if err == nil {
			b, err = os.ReadFile(p)
		}
		if err != nil {
			r.diags.AddAttributeError(path.Root(attr), "Unreadable Certificate File", fmt.Sprintf("%s is neither PEM text nor a readable file: %v.", attr, err))
			return nil
		}
		return b
	}
	c.CACertPEM = read(r.m.CACertFile, "cacert_file", envCACert)
	c.ClientCertPEM = read(r.m.Cert, "cert", envCert)
	c.ClientKeyPEM = read(r.m.Key, "key", envKey)
	switch {
	case len(c.ClientCertPEM) > 0 && len(c.ClientKeyPEM) == 0:
		r.diags.AddAttributeError(path.Root("key"), "Missing Client Key", "cert is set but key is not: set key or "+envKey+".")
	case len(c.ClientKeyPEM) > 0 && len(c.ClientCertPEM) == 0:
		r.diags.AddAttributeError(path.Root("cert"), "Missing Client Certificate", "key is set but cert is not: set cert or "+envCert+".")
	}
}

// unsupported warns about every official argument and variable this
// provider does not use that is set, naming it: nothing is ignored
// silently.
func (r credentialResolver) unsupported() {
	m := r.m.officialArgumentsModel
	for _, a := range unsupportedArguments {
		harmless := func(v string) bool { return a.harmless != nil && a.harmless(v) }
		if a.set(m) && !(a.attr == "signing_algorithm" && harmless(m.SigningAlgorithm.ValueString())) {
			r.diags.AddAttributeWarning(path.Root(a.attr), "Unsupported Argument",
				fmt.Sprintf("%s is an argument of the official huaweicloud provider that this provider does not support, and its value is ignored: %s.", a.attr, a.why))
		}
		for _, env := range a.envs {
			if v := os.Getenv(env); v != "" && !harmless(v) {
				r.diags.AddWarning("Unsupported Environment Variable",
					fmt.Sprintf("%s is set; it is a variable of the official huaweicloud provider (argument %s) that this provider does not support, and it is ignored: %s.", env, a.attr, a.why))
			}
		}
	}
}

// expandHome resolves a leading ~/ to the home directory.
func expandHome(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("the home directory is unknown")
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
}

// credentialsFailure explains why no credentials could be had.
func credentialsFailure(client *sms.Client, err error) string {
	msg := sms.CredentialFailure(err) + "."
	if client.UsesECSMetadata() {
		msg += " No credentials are configured (access_key/secret_key, auth_token, shared_config_file/profile or assume_role_with_oidc, or their HW_*/OS_* variables), " +
			"so the provider asked the ECS metadata service, which gives credentials only on an ECS with an agency bound to it."
	}
	return msg
}
