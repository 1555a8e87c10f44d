// Package provider implements the huaweicloud Terraform provider for Server
// Migration Service (SMS) tasks and DCS background tasks on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

var (
	_ provider.Provider            = (*huaweicloudProvider)(nil)
	_ provider.ProviderWithActions = (*huaweicloudProvider)(nil)

	_ provider.ProviderWithEphemeralResources = (*huaweicloudProvider)(nil)
	_ provider.ProviderWithListResources      = (*huaweicloudProvider)(nil)
)

// New returns a constructor for the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &huaweicloudProvider{version: version} }
}

type huaweicloudProvider struct {
	version string
	// pacing overrides how the client paces retries and polls; the zero value
	// keeps its defaults. Acceptance tests set it so that retry and wait
	// scenarios against the fake run in milliseconds.
	pacing clientPacing
}

// Environment variables Huawei Cloud Terraform users already set; each one
// backs the provider argument of the same meaning. Where the official
// provider also reads an OS_* variable, it is read after the HW_* one, in
// the official provider's order (provider_credentials.go).
const (
	envRegion        = "HW_REGION_NAME"
	envAccessKey     = "HW_ACCESS_KEY"
	envSecretKey     = "HW_SECRET_KEY"
	envSecurityToken = "HW_SECURITY_TOKEN"
	envAuthToken     = "HW_AUTH_TOKEN"
	envProjectID     = "HW_PROJECT_ID"
	envMaxRetries    = "HW_MAX_RETRIES"
	envInsecure      = "HW_INSECURE"

	defaultMaxRetries = 5
)

// The variables of each argument, first match wins, as the official
// provider's MultiEnvDefaultFunc lists them.
var (
	regionEnvs      = []string{envRegion, "OS_REGION_NAME"}
	accessKeyEnvs   = []string{envAccessKey, "OS_ACCESS_KEY"}
	secretKeyEnvs   = []string{envSecretKey, "OS_SECRET_KEY"}
	authTokenEnvs   = []string{envAuthToken, "OS_AUTH_TOKEN"}
	projectIDEnvs   = []string{envProjectID, "OS_PROJECT_ID"}
	insecureEnvs    = []string{envInsecure, "OS_INSECURE"}
	domainIDEnvs    = []string{envDomainID, "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID"}
	domainNameEnvs  = []string{envDomainName, "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME"}
	projectNameEnvs = []string{"HW_PROJECT_NAME", "OS_PROJECT_NAME"}
	authURLEnvs     = []string{"HW_AUTH_URL", "OS_AUTH_URL"}
)

// envFirst is the first of the variables that is set, and its name.
func envFirst(names ...string) (value, name string) {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v, n
		}
	}
	return "", ""
}

func (p *huaweicloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "huaweicloud"
	resp.Version = p.version
}

func (p *huaweicloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func providerSchema() schema.Schema {
	s := schema.Schema{
		Description: "Drives Huawei Cloud Server Migration Service (SMS v3) migration tasks and DCS background tasks. " +
			"Every argument can also come from the environment, so the provider runs in Terraform Cloud with workspace variables only.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Description: "Region to work in, for example `cn-north-4`. It selects the default endpoints and is the IAM project name used to discover `project_id`. " +
					"Defaults to the `" + envRegion + "` environment variable, else `OS_REGION_NAME`; one of them is required. " +
					"With the default endpoints it must be a region they serve (checked at plan time, with the close matches of a mistyped one); " +
					"any region is accepted when the `endpoints` block or `cloud` says where to reach it. The same check applies to the `region` of `huaweicloud_sms_task`.",
				Optional: true,
			},
			"access_key": schema.StringAttribute{
				Description: "Access key (AK) for AK/SK request signing. Defaults to `" + envAccessKey + "`, else `OS_ACCESS_KEY`. Requires `secret_key`; conflicts with `auth_token`.",
				Optional:    true,
			},
			"secret_key": schema.StringAttribute{
				Description: "Secret key (SK) for AK/SK request signing. Defaults to `" + envSecretKey + "`, else `OS_SECRET_KEY`. Requires `access_key`.",
				Optional:    true,
				Sensitive:   true,
			},
			"security_token": schema.StringAttribute{
				Description: "Security token of temporary AK/SK credentials, sent as `X-Security-Token`. Defaults to `" + envSecurityToken + "`. Only valid with `access_key` and `secret_key`.",
				Optional:    true,
				Sensitive:   true,
			},
			"auth_token": schema.StringAttribute{
				Description: "IAM token sent as `X-Auth-Token`, instead of AK/SK signing. As the official provider does, it is first re-scoped to the project " +
					"(`project_id`, else the project named `project_name` or `region`) with IAM `POST /v3/auth/tokens`, so a token of another project or of the account works too. " +
					"A token lives 24 hours from when it was issued and cannot be renewed: a longer apply needs credentials the provider renews. " +
					"Defaults to `" + envAuthToken + "`, else `OS_AUTH_TOKEN`. Conflicts with `access_key` and `secret_key`; `token` is the same argument under the official provider's name.",
				Optional:  true,
				Sensitive: true,
			},
			"project_id": schema.StringAttribute{
				Description: "Project ID sent as `X-Project-Id` and used in DCS paths. Defaults to `" + envProjectID + "`, else `OS_PROJECT_ID`, else `tenant_id`; when none is set it is learned from the re-scoping of `auth_token`, or looked up once with IAM `GET /v3/projects?name=<project_name or region>`, which must return exactly one project. A shared config profile's project ID wins, as in the official provider.",
				Optional:    true,
			},
			"insecure": schema.BoolAttribute{
				Description: "Skip TLS certificate verification. Defaults to `" + envInsecure + "`, else `OS_INSECURE`, else `false`. Only for test endpoints.",
				Optional:    true,
			},
			"adopt_existing_tasks": schema.BoolAttribute{
				Description: "Whether creating a `huaweicloud_sms_task` adopts the task its source server already has when that task has the " +
					"same name and type: the task an apply created before it was interrupted (killed, or its connection lost) after the " +
					"service accepted the create but before Terraform recorded it. With `false`, such a create fails and its error " +
					"gives the `import` block that brings the task under management. Defaults to `true`.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				Description: fmt.Sprintf("How many times a call is retried after throttling (HTTP 429), a server error (5xx) or a connection error, with jittered exponential backoff and honouring `Retry-After`. 0 to 20; defaults to `%s`, else %d.", envMaxRetries, defaultMaxRetries),
				Optional:    true,
				Validators:  []validator.Int64{int64validator.Between(0, 20)},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				Description: "Override the service endpoints (base URLs). HTTPS is required, except for loopback hosts such as a local fake cloud.",
				Attributes: map[string]schema.Attribute{
					"sms":      schema.StringAttribute{Description: "SMS endpoint. Default `https://sms.cn-north-4.myhuaweicloud.com` (SMS is a global service), or the regional host for ap-southeast-3, my-kualalumpur-1 and ru-moscow-1.", Optional: true},
					"dcs":      schema.StringAttribute{Description: "DCS endpoint. Default `https://dcs.<region>.myhuaweicloud.com`.", Optional: true},
					"iam":      schema.StringAttribute{Description: "IAM endpoint used for project discovery, temporary credentials and token re-scoping. Default `auth_url` without its `/v3`, else `https://iam.<region>.myhuaweicloud.com`.", Optional: true},
					"metadata": schema.StringAttribute{Description: "ECS metadata service, asked for the credentials of the server's agency when no other credentials are configured. Default `" + sms.DefaultMetadataEndpoint + "`; plain http is accepted on link-local and loopback hosts.", Optional: true},
				},
			},
		},
	}
	for name, a := range credentialAttributes() {
		s.Attributes[name] = a
	}
	for name, b := range credentialBlocks() {
		s.Blocks[name] = b
	}
	return s
}

type providerModel struct {
	Region        types.String    `tfsdk:"region"`
	AccessKey     types.String    `tfsdk:"access_key"`
	SecretKey     types.String    `tfsdk:"secret_key"`
	SecurityToken types.String    `tfsdk:"security_token"`
	AuthToken     types.String    `tfsdk:"auth_token"`
	ProjectID     types.String    `tfsdk:"project_id"`
	Insecure      types.Bool      `tfsdk:"insecure"`
	MaxRetries    types.Int64     `tfsdk:"max_retries"`
	AdoptExisting types.Bool      `tfsdk:"adopt_existing_tasks"`
	Endpoints     *endpointsModel `tfsdk:"endpoints"`

	DomainID            types.String         `tfsdk:"domain_id"`
	DomainName          types.String         `tfsdk:"domain_name"`
	Cloud               types.String         `tfsdk:"cloud"`
	SharedConfigFile    types.String         `tfsdk:"shared_config_file"`
	Profile             types.String         `tfsdk:"profile"`
	CACertFile          types.String         `tfsdk:"cacert_file"`
	Cert                types.String         `tfsdk:"cert"`
	Key                 types.String         `tfsdk:"key"`
	EnterpriseProjectID types.String         `tfsdk:"enterprise_project_id"`
	AssumeRole          []assumeRoleModel    `tfsdk:"assume_role"`
	AssumeRoleWithOIDC  *assumeRoleOIDCModel `tfsdk:"assume_role_with_oidc"`

	officialArgumentsModel
}

type endpointsModel struct {
	SMS      types.String `tfsdk:"sms"`
	DCS      types.String `tfsdk:"dcs"`
	IAM      types.String `tfsdk:"iam"`
	Metadata types.String `tfsdk:"metadata"`
}

func (p *huaweicloudProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clientCfg, diags := resolveConfig(cfg, p.version, p.pacing)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := sms.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Provider Configuration", err.Error())
		return
	}
	data := &providerData{client: client, adoptExistingTasks: cfg.AdoptExisting.IsNull() || cfg.AdoptExisting.ValueBool(),
		knownRegionsOnly: publicEndpoints(clientCfg),
		tasks:            smstask.NewService(client, smstask.ServiceOptions{DeleteBatchWindow: p.pacing.DeleteBatchWindow}),
		plans:            newPlanMemo()}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	// Temporary credentials are fetched now, so a source that gives none
	// fails the plan with its reason rather than the first API call.
	if err := client.CheckCredentials(ctx); err != nil {
		resp.Diagnostics.AddError("Invalid Provider Credentials", credentialsFailure(client, err))
	}
}

// providerData is what resources, data sources and actions receive.
type providerData struct {
	client *sms.Client
	// tasks is the task lifecycle this provider instance's resources share
	// (coalesced deletes, listing-served reads).
	tasks *smstask.Service
	// adoptExistingTasks is adopt_existing_tasks.
	adoptExistingTasks bool
	// knownRegionsOnly is true when the provider uses the public endpoints
	// (publicEndpoints): a region is then checked against the known ones.
	knownRegionsOnly bool
	// plans is what the task plans of this provider instance share
	// (sms_task_plan_checks.go).
	plans *planMemo
}

// resolveConfig merges arguments with their environment variables and checks
// the result, reporting each problem on the attribute it concerns.
func resolveConfig(m providerModel, version string, pacing clientPacing) (sms.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	configOrEnv := func(v types.String, attr string, envs ...string) string {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(attr), "Unknown Provider Argument",
				fmt.Sprintf("%q depends on a value that is not known until apply. Set it to a static value or use the %s environment variable.", attr, envs[0]))
			return ""
		}
		if !v.IsNull() {
			return v.ValueString()
		}
		value, _ := envFirst(envs...)
		return value
	}
	c := sms.Config{
		Region:         configOrEnv(m.Region, "region", regionEnvs...),
		AccessKey:      configOrEnv(m.AccessKey, "access_key", accessKeyEnvs...),
		SecretKey:      configOrEnv(m.SecretKey, "secret_key", secretKeyEnvs...),
		SecurityToken:  configOrEnv(m.SecurityToken, "security_token", envSecurityToken),
		ProjectID:      configOrEnv(m.ProjectID, "project_id", projectIDEnvs...),
		MaxRetries:     defaultMaxRetries,
		UserAgent:      "terraform-provider-huaweicloud/" + version,
		RetryWaitMin:   pacing.RetryWaitMin,
		RetryWaitMax:   pacing.RetryWaitMax,
		RequestTimeout: pacing.RequestTimeout,
		Poll:           pacing.Poll,
		Throttle:       pacing.Throttle,
		Now:            pacing.Now,
	}
	if ua := os.Getenv(envCustomUserAgent); ua != "" {
		c.UserAgent = ua + " " + c.UserAgent // as the official provider prepends it
	}
	c.DomainName = configOrEnv(m.DomainName, "domain_name", domainNameEnvs...)
	c.DomainID = configOrEnv(m.DomainID, "domain_id", domainIDEnvs...)
	c.Cloud = configOrEnv(m.Cloud, "cloud", envCloud)
	c.EnterpriseProjectID = configOrEnv(m.EnterpriseProjectID, "enterprise_project_id", envEnterpriseProjectID)
	creds := credentialResolver{m: m, diags: &diags, str: configOrEnv}
	creds.projectAndToken(&c)
	creds.resolve(&c)
	creds.tlsMaterial(&c)
	creds.unsupported()
	switch {
	case !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown():
		c.MaxRetries = int(m.MaxRetries.ValueInt64())
	case os.Getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(os.Getenv(envMaxRetries))
		if err != nil || n < 0 || n > 20 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid Max Retries", envMaxRetries+" must be a whole number from 0 to 20.")
		}
		c.MaxRetries = n
	}
	switch v, name := envFirst(insecureEnvs...); {
	case !m.Insecure.IsNull() && !m.Insecure.IsUnknown():
		c.Insecure = m.Insecure.ValueBool()
	case v != "":
		b, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddAttributeError(path.Root("insecure"), "Invalid Insecure Flag", name+" must be true or false.")
		}
		c.Insecure = b
	}
	if m.Endpoints != nil {
		for _, e := range []struct {
			v    types.String
			name string
			dst  *string
		}{{m.Endpoints.SMS, "sms", &c.Endpoints.SMS}, {m.Endpoints.DCS, "dcs", &c.Endpoints.DCS}, {m.Endpoints.IAM, "iam", &c.Endpoints.IAM}, {m.Endpoints.Metadata, "metadata", &c.Endpoints.Metadata}} {
			if e.v.ValueString() == "" {
				continue // the default, or auth_url for iam
			}
			*e.dst = e.v.ValueString()
			validate := sms.ValidateEndpoint
			if e.name == "metadata" {
				validate = sms.ValidateMetadataEndpoint
			}
			if err := validate(*e.dst); err != nil {
				diags.AddAttributeError(path.Root("endpoints").AtName(e.name), "Invalid Endpoint", err.Error())
			}
		}
	}
	diags.Append(checkCredentials(c)...)
	if c.Region != "" && publicEndpoints(c) && !sms.KnownRegion(c.Region) {
		diags.AddAttributeError(path.Root("region"), "Unknown Region", unknownRegionDetail(c.Region))
	}
	return c, diags
}

// publicEndpoints reports a configuration that uses the public endpoints the
// region selects: no endpoint override (SMS, DCS or IAM) and no cloud domain
// of its own. Only then does a region have to be one those endpoints serve; a
// private or new region works with its endpoints set.
func publicEndpoints(c sms.Config) bool {
	return c.Cloud == "" && c.Endpoints.SMS == "" && c.Endpoints.DCS == "" && c.Endpoints.IAM == ""
}

// unknownRegionDetail explains a region the public endpoints do not serve,
// with the known regions closest to it.
func unknownRegionDetail(region string) string {
	detail := fmt.Sprintf("%q is not a Huawei Cloud region this provider knows.", region)
	if matches := sms.CloseRegions(region); len(matches) > 0 {
		detail += " Did you mean " + strings.Join(matches, " or ") + "?"
	}
	return detail + " A region served by other endpoints (a private cloud, a region newer than this provider) " +
		"is accepted when the provider's endpoints block or cloud argument says where to reach it."
}

// checkConfiguredRegion refuses, at plan time, a region argument of a
// resource that the public endpoints do not serve (see publicEndpoints).
func checkConfiguredRegion(ctx context.Context, cfg tfsdk.Config, knownRegionsOnly bool, diags *diag.Diagnostics) {
	var region types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root("region"), &region)...)
	if knownRegionsOnly && knownString(region) && !sms.KnownRegion(region.ValueString()) {
		diags.AddAttributeError(path.Root("region"), "Unknown Region", unknownRegionDetail(region.ValueString()))
	}
}

// checkCredentials turns incomplete credentials into attribute diagnostics
// at plan time, instead of a late 401 from the API.
func checkCredentials(c sms.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	if c.Region == "" {
		diags.AddAttributeError(path.Root("region"), "Missing Region",
			"Set the provider's region argument or the "+envRegion+" environment variable, for example cn-north-4.")
	}
	aksk := c.AccessKey != "" || c.SecretKey != ""
	// Conflicts between ways to authenticate are reported by
	// credentialResolver.resolve.
	switch {
	case c.AccessKey != "" && c.SecretKey == "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing Secret Key",
			"access_key is set but secret_key is not. Set secret_key or the "+envSecretKey+" environment variable.")
	case c.SecretKey != "" && c.AccessKey == "":
		diags.AddAttributeError(path.Root("access_key"), "Missing Access Key",
			"secret_key is set but access_key is not. Set access_key or the "+envAccessKey+" environment variable.")
	}
	if c.SecurityToken != "" && !aksk {
		diags.AddAttributeError(path.Root("security_token"), "Security Token Without Access Key",
			"security_token belongs to temporary AK/SK credentials; set access_key and secret_key with it.")
	}
	return diags
}

func (p *huaweicloudProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewSMSTaskResource,
		NewSMSTaskActionResource,
		NewSMSTasksBatchDeleteResource,
		NewDCSBackgroundTaskDeleteResource,
		NewSMSServerTemplateResource,
		NewSMSMigrationProjectResource,
		NewSMSMigrationProjectDefaultResource,
		NewSMSSourceServerResource,
		NewSMSPrivacyAgreementResource,
		NewSMSTaskLogUploadResource,
		NewSMSTaskConsistencyExportResource,
	}
}

func (p *huaweicloudProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewSMSTasksDataSource,
		NewSMSTaskDataSource,
		NewSMSSourceServersDataSource,
		NewSMSSourceServerDataSource,
		NewDCSBackgroundTasksDataSource,
		NewSMSServerTemplatesDataSource,
		NewSMSMigrationProjectsDataSource,
		NewSMSSourceServerErrorsDataSource,
		NewSMSSourceServerOverviewDataSource,
		NewSMSTaskConsistencyResultsDataSource,
		NewSMSAgentConfigsDataSource,
	}
}

// ListResources are offered by Terraform 1.14 and later (terraform query).
func (p *huaweicloudProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewSMSTaskListResource,
		NewSMSServerTemplateListResource,
		NewSMSMigrationProjectListResource,
		NewSMSSourceServerListResource,
	}
}

// EphemeralResources are offered by Terraform 1.10 and later.
func (p *huaweicloudProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewSMSTaskCertificateEphemeralResource,
		NewSMSServerTemplatePasswordEphemeralResource,
	}
}

// Actions are offered by Terraform 1.14 and later; earlier versions ignore
// them.
func (p *huaweicloudProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewSMSTaskActionAction,
		NewSMSTasksBatchDeleteAction,
		NewSMSTaskLogUploadAction,
		NewSMSTaskConsistencyExportAction,
	}
}
