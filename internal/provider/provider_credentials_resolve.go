package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// How the credential arguments and their environment variables become the
// sms.Config of the provider (credentialResolver): which way to
// authenticate, the project and token, assumed roles, OIDC and TLS material.

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

// credentialsFailure explains why no credentials could be had.
func credentialsFailure(client *sms.Client, err error) string {
	msg := sms.CredentialFailure(err) + "."
	if client.UsesECSMetadata() {
		msg += " No credentials are configured (access_key/secret_key, auth_token, shared_config_file/profile or assume_role_with_oidc, or their HW_*/OS_* variables), " +
			"so the provider asked the ECS metadata service, which gives credentials only on an ECS with an agency bound to it."
	}
	return msg
}
