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
	// envTFCWorkloadIdentityToken is where Terraform Cloud puts the run's
	// workload identity token (dynamic credentials).
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

func durationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Description: fmt.Sprintf("Lifetime in seconds of the temporary credentials, %d to %d; IAM's default (900) when unset. "+
			"They are renewed shortly before they expire, however long Terraform runs. Defaults to `%s`.", minAssumeDuration, maxAssumeDuration, envAssumeDuration),
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(minAssumeDuration, maxAssumeDuration)},
	}
}

// credentialAttributes are the provider arguments added for credentials
// without long-lived keys, and the other authentication arguments of the
// official provider.
func credentialAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"domain_id": schema.StringAttribute{
			Description: "ID of the account (domain). When set, project discovery only accepts a project of this account. Defaults to `" + envDomainID + "`.",
			Optional:    true,
		},
		"domain_name": schema.StringAttribute{
			Description: "Name of the account (domain). Used as `assume_role.domain_name` when that block names no account. Defaults to `" + envDomainName + "`.",
			Optional:    true,
		},
		"cloud": schema.StringAttribute{
			Description: "Domain of the default endpoints, for example `myhuaweicloud.com` (the default; `myhuaweicloud.eu` for the eu-west-1xx regions). Defaults to `" + envCloud + "`.",
			Optional:    true,
		},
		"shared_config_file": schema.StringAttribute{
			Description: "Path of the KooCLI (hcloud) configuration file to take the credentials from, `" + defaultSharedConfigFile + "` when only `profile` is set. " +
				"The profile's access keys (or its SSO security token), region, project ID, account ID and agency are used; arguments of this block win over the profile, the profile over the environment. " +
				"KooCLI must store the keys unencrypted (`hcloud configure set --cli-auth-encrypt=false`). Defaults to `" + envSharedConfigFile + "`.",
			Optional: true,
		},
		"profile": schema.StringAttribute{
			Description: "Profile of the shared config file; its `current` profile when unset. Defaults to `" + envProfile + "`.",
			Optional:    true,
		},
		"cacert_file": schema.StringAttribute{
			Description: "A CA certificate (PEM), or the path of a file holding it, trusted for every endpoint in addition to the system's. Defaults to `" + envCACert + "`.",
			Optional:    true,
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
	}
}

// credentialBlocks are the assume_role and assume_role_with_oidc blocks.
func credentialBlocks() map[string]schema.Block {
	return map[string]schema.Block{
		"assume_role": schema.SingleNestedBlock{
			Description: "Work as an IAM agency: the other credentials (access keys, a shared config profile or the ECS metadata service) are exchanged for the agency's temporary credentials " +
				"(IAM `POST /v3.0/OS-CREDENTIAL/securitytokens`, `assume_role`), renewed before they expire. Without the block, `" + envAssumeAgencyName + "` and the other `HW_ASSUME_ROLE_*` variables configure it.",
			Attributes: map[string]schema.Attribute{
				"agency_name": schema.StringAttribute{Description: "Name of the agency. Required; defaults to `" + envAssumeAgencyName + "`.", Optional: true},
				"domain_name": schema.StringAttribute{Description: "Name of the account that created the agency. Defaults to `" + envAssumeDomainName + "`; one of `domain_name` and `domain_id` is required.", Optional: true},
				"domain_id":   schema.StringAttribute{Description: "ID of the account that created the agency. Defaults to `" + envAssumeDomainID + "`.", Optional: true},
				"duration":    durationAttribute(),
			},
		},
		"assume_role_with_oidc": schema.SingleNestedBlock{
			Description: "Authenticate with an ID token from an external OIDC identity provider (Terraform Cloud workload identity, GitHub Actions, another CI): " +
				"the token is exchanged for a federated user's temporary credentials (IAM `POST /v3.0/OS-AUTH/id-token/tokens`, then `POST /v3.0/OS-CREDENTIAL/securitytokens`), " +
				"which then assume the agency. No key is stored anywhere; the credentials are renewed before they expire, reading the token file again. " +
				"Without the block, setting `" + envAssumeIdpID + "` configures it from the `HW_ASSUME_ROLE_*` variables.",
			Attributes: map[string]schema.Attribute{
				"agency_name": schema.StringAttribute{Description: "Name of the agency the federated user assumes. Required; defaults to `" + envAssumeAgencyName + "`.", Optional: true},
				"domain_id":   schema.StringAttribute{Description: "ID of the account of the agency. Required; defaults to `" + envAssumeDomainID + "`.", Optional: true},
				"idp_id":      schema.StringAttribute{Description: "ID of the identity provider configured in IAM. Required; defaults to `" + envAssumeIdpID + "`.", Optional: true},
				"id_token": schema.StringAttribute{
					Description: "The ID token. Conflicts with `id_token_file`. When neither is set: `" + envAssumeIDToken + "`, else the file named by `" + envAssumeIDTokenFile + "`, else `" + envTFCWorkloadIdentityToken + "` (Terraform Cloud).",
					Optional:    true, Sensitive: true,
				},
				"id_token_file": schema.StringAttribute{Description: "Path of a file holding the ID token; it is read again at every renewal, so a CI system may rotate it.", Optional: true},
				"duration":      durationAttribute(),
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
	str func(v types.String, attr, env string) string
	// domainName is the provider's domain_name.
	domainName string
}

// kinds lists the kinds written in the provider block, else those set in
// the environment: credentials in the block win over the environment as a
// set, so an aliased provider with auth_token works on a machine that
// exports an access key pair for the default one.
func (r credentialResolver) kinds() (kinds []credentialKind, fromConfig bool) {
	m := r.m
	for _, k := range []struct {
		kind credentialKind
		set  bool
	}{
		{kindAccessKeys, !m.AccessKey.IsNull() || !m.SecretKey.IsNull()},
		{kindAuthToken, !m.AuthToken.IsNull()},
		{kindSharedConfig, !m.SharedConfigFile.IsNull() || !m.Profile.IsNull()},
		{kindOIDC, m.AssumeRoleWithOIDC != nil},
	} {
		if k.set {
			kinds = append(kinds, k.kind)
		}
	}
	if len(kinds) > 0 {
		return kinds, true
	}
	env := func(names ...string) bool {
		for _, n := range names {
			if os.Getenv(n) != "" {
				return true
			}
		}
		return false
	}
	for _, k := range []struct {
		kind credentialKind
		set  bool
	}{
		{kindAccessKeys, env(envAccessKey, envSecretKey)},
		{kindAuthToken, env(envAuthToken)},
		{kindSharedConfig, env(envSharedConfigFile, envProfile)},
		{kindOIDC, env(envAssumeIdpID)},
	} {
		if k.set {
			kinds = append(kinds, k.kind)
		}
	}
	return kinds, false
}

// kindAttr is the argument a conflict is reported on.
var kindAttr = map[credentialKind]string{
	kindAccessKeys: "access_key", kindAuthToken: "auth_token", kindSharedConfig: "shared_config_file", kindOIDC: "assume_role_with_oidc",
}

var kindText = map[credentialKind]string{
	kindAccessKeys:   "an access key pair (access_key/secret_key, " + envAccessKey + "/" + envSecretKey + ")",
	kindAuthToken:    "auth_token (" + envAuthToken + ")",
	kindSharedConfig: "a shared config profile (shared_config_file/profile, " + envSharedConfigFile + "/" + envProfile + ")",
	kindOIDC:         "assume_role_with_oidc (" + envAssumeIdpID + ")",
}

// resolve fills c's credentials: the one kind configured, or the ECS
// metadata service when there is none, then the agency to assume.
func (r credentialResolver) resolve(c *sms.Config) {
	kinds, fromConfig := r.kinds()
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
		c.ECSMetadata = true // the documented last resort
	}
	r.assumeRole(c, kind, profileAgency)
}

// assumeRole sets c.AssumeRole from the block, else from the environment,
// else from the shared config profile.
func (r credentialResolver) assumeRole(c *sms.Config, kind credentialKind, profileAgency *sms.AssumeRole) {
	b := r.m.AssumeRole
	var a *sms.AssumeRole
	switch {
	case b != nil:
		a = &sms.AssumeRole{
			AgencyName: r.str(b.AgencyName, "assume_role.agency_name", envAssumeAgencyName),
			DomainName: r.str(b.DomainName, "assume_role.domain_name", envAssumeDomainName),
			DomainID:   r.str(b.DomainID, "assume_role.domain_id", envAssumeDomainID),
			Duration:   r.duration(b.Duration, path.Root("assume_role").AtName("duration")),
		}
	case kind != kindOIDC && os.Getenv(envAssumeAgencyName) != "":
		a = &sms.AssumeRole{
			AgencyName: os.Getenv(envAssumeAgencyName), DomainName: os.Getenv(envAssumeDomainName), DomainID: os.Getenv(envAssumeDomainID),
			Duration: r.duration(types.Int64Null(), path.Root("assume_role").AtName("duration")),
		}
	case profileAgency != nil:
		a = profileAgency
	default:
		return
	}
	at := path.Root("assume_role")
	switch {
	case kind == kindOIDC:
		r.diags.AddAttributeError(at, "Conflicting Credentials",
			"assume_role_with_oidc names the agency the federated user assumes itself (its agency_name and domain_id); remove assume_role, or unset "+envAssumeAgencyName+" from this kind of use.")
		return
	case kind == kindAuthToken:
		r.diags.AddAttributeError(at, "Conflicting Credentials",
			"assume_role exchanges access keys (or ECS metadata, OIDC or profile credentials) for an agency's; it does not work with auth_token. Remove one of the two, or unset "+envAssumeAgencyName+".")
		return
	case a.AgencyName == "":
		r.diags.AddAttributeError(at.AtName("agency_name"), "Missing Agency Name", "Set assume_role.agency_name or "+envAssumeAgencyName+".")
		return
	case a.DomainID == "" && a.DomainName == "":
		a.DomainName = r.domainName
		if a.DomainName == "" {
			r.diags.AddAttributeError(at.AtName("domain_name"), "Missing Agency Account",
				"Set assume_role.domain_name or domain_id (or "+envAssumeDomainName+"/"+envAssumeDomainID+", or the provider's domain_name): the account that created the agency.")
			return
		}
	}
	c.AssumeRole = a
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
	token := r.idTokenSource(b, at)
	if token == nil || r.diags.HasError() {
		return
	}
	c.OIDC = &sms.OIDCFederation{IdpID: idp, IDToken: token, Duration: duration}
	c.AssumeRole = &sms.AssumeRole{AgencyName: agency, DomainID: domainID, Duration: duration}
}

// idTokenSource picks the ID token: id_token, id_token_file, then the
// environment (the token, its file, Terraform Cloud's workload identity
// token). A file is read at every renewal.
func (r credentialResolver) idTokenSource(b *assumeRoleOIDCModel, at path.Path) func() (string, error) {
	if !b.IDToken.IsNull() && !b.IDTokenFile.IsNull() {
		r.diags.AddAttributeError(at.AtName("id_token_file"), "Conflicting ID Tokens", "Set id_token or id_token_file, not both.")
		return nil
	}
	fromValue := func(tok string) func() (string, error) { return func() (string, error) { return tok, nil } }
	fromFile := func(name string, attr path.Path) func() (string, error) {
		p, err := expandHome(name)
		if err == nil {
			_, err = os.Stat(p)
		}
		if err != nil {
			r.diags.AddAttributeError(attr, "Unreadable ID Token File", fmt.Sprintf("The ID token file %s cannot be read: %v.", name, err))
			return nil
		}
		return func() (string, error) {
			b, err := os.ReadFile(p)
			return strings.TrimSpace(string(b)), err
		}
	}
	switch {
	case b.IDToken.IsUnknown() || b.IDTokenFile.IsUnknown():
		r.str(b.IDToken, "assume_role_with_oidc.id_token", envAssumeIDToken)
		r.str(b.IDTokenFile, "assume_role_with_oidc.id_token_file", envAssumeIDTokenFile)
		return nil
	case !b.IDToken.IsNull():
		return fromValue(b.IDToken.ValueString())
	case !b.IDTokenFile.IsNull():
		return fromFile(b.IDTokenFile.ValueString(), at.AtName("id_token_file"))
	case os.Getenv(envAssumeIDToken) != "":
		return fromValue(os.Getenv(envAssumeIDToken))
	case os.Getenv(envAssumeIDTokenFile) != "":
		return fromFile(os.Getenv(envAssumeIDTokenFile), at.AtName("id_token_file"))
	case os.Getenv(envTFCWorkloadIdentityToken) != "":
		return fromValue(os.Getenv(envTFCWorkloadIdentityToken))
	}
	r.diags.AddAttributeError(at.AtName("id_token"), "Missing ID Token",
		"assume_role_with_oidc needs an ID token: set id_token or id_token_file, or "+envAssumeIDToken+", "+envAssumeIDTokenFile+" or (in Terraform Cloud, with dynamic credentials enabled) "+envTFCWorkloadIdentityToken+".")
	return nil
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

// sharedConfig reads the profile into c. Values written in the provider
// block win over the profile, the profile over the environment. It returns
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
	fill := func(dst *string, v types.String, value string) {
		if v.IsNull() && value != "" {
			*dst = value
		}
	}
	fill(&c.Region, r.m.Region, prof.Region)
	fill(&c.ProjectID, r.m.ProjectID, prof.ProjectID)
	fill(&c.DomainID, r.m.DomainID, prof.DomainID)
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
	msg := err.Error() + "."
	if client.UsesECSMetadata() {
		msg += " No credentials are configured (access_key/secret_key, auth_token, shared_config_file/profile or assume_role_with_oidc, or their HW_* variables), " +
			"so the provider asked the ECS metadata service, which gives credentials only on an ECS with an agency bound to it."
	}
	return msg
}
