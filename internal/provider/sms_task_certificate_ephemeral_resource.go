package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*smsTaskCertificateEphemeralResource)(nil)

// NewSMSTaskCertificateEphemeralResource is the constructor of ephemeral
// resource huaweicloud_sms_task_certificate.
func NewSMSTaskCertificateEphemeralResource() ephemeral.EphemeralResource {
	return &smsTaskCertificateEphemeralResource{}
}

type smsTaskCertificateEphemeralResource struct {
	ephemeralWithConfigure
}

func (e *smsTaskCertificateEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_task_certificate"
}

func (e *smsTaskCertificateEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	pem := func(desc string, secret bool) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, Sensitive: secret}
	}
	resp.Schema = schema.Schema{
		Description: "Reads the secrets of a migration task's encrypted transfer channel: the certificate passphrase and the source and target certificates and private keys (PEM). " +
			"As an ephemeral resource (Terraform 1.10 and later) its values reach the configuration that uses them, for example a write-only argument, " +
			"and are never written to the plan or the state.",
		Attributes: map[string]schema.Attribute{
			"task_id": schema.StringAttribute{
				Description: "The ID of the migration task (1 to 36 characters).",
				Required:    true,
				Validators:  taskIDValidators(),
			},
			"enable_ca_cert": schema.BoolAttribute{
				Description: "Whether to also return the CA certificate (`ca`). Defaults to `false`.",
				Optional:    true,
			},
			"passphrase":              pem("The passphrase of the transfer-channel certificate.", true),
			"cert":                    pem("The source server's certificate (PEM).", false),
			"private_key":             pem("The source server's private key (PEM).", true),
			"ca":                      pem("The CA certificate (PEM), when `enable_ca_cert` is true; empty otherwise.", false),
			"target_mgmt_cert":        pem("The target's management-plane certificate (PEM).", false),
			"target_mgmt_private_key": pem("The target's management-plane private key (PEM).", true),
			"target_data_cert":        pem("The target's data-plane certificate (PEM).", false),
			"target_data_private_key": pem("The target's data-plane private key (PEM).", true),
		},
	}
}

func (e *smsTaskCertificateEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m smsTaskCertificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.TaskID.ValueString()
	passphrase, err := e.tasks.ShowPassphrase(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task Passphrase", "Reading the passphrase of task "+id, err)
		return
	}
	ck, err := e.tasks.ShowCertKey(ctx, id, m.EnableCACert.ValueBool())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading SMS Task Certificates", "Reading the certificates and keys of task "+id, err)
		return
	}
	m.Passphrase = types.StringValue(passphrase)
	m.Cert = types.StringValue(ck.Cert)
	m.PrivateKey = types.StringValue(ck.PrivateKey)
	m.CA = types.StringValue(ck.CA)
	m.TargetMgmtCert = types.StringValue(ck.TargetMgmtCert)
	m.TargetMgmtPrivateKey = types.StringValue(ck.TargetMgmtPrivateKey)
	m.TargetDataCert = types.StringValue(ck.TargetDataCert)
	m.TargetDataPrivateKey = types.StringValue(ck.TargetDataPrivateKey)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

type smsTaskCertificateModel struct {
	TaskID               types.String `tfsdk:"task_id"`
	EnableCACert         types.Bool   `tfsdk:"enable_ca_cert"`
	Passphrase           types.String `tfsdk:"passphrase"`
	Cert                 types.String `tfsdk:"cert"`
	PrivateKey           types.String `tfsdk:"private_key"`
	CA                   types.String `tfsdk:"ca"`
	TargetMgmtCert       types.String `tfsdk:"target_mgmt_cert"`
	TargetMgmtPrivateKey types.String `tfsdk:"target_mgmt_private_key"`
	TargetDataCert       types.String `tfsdk:"target_data_cert"`
	TargetDataPrivateKey types.String `tfsdk:"target_data_private_key"`
}
