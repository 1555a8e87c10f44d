package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure  = (*smsPrivacyAgreementResource)(nil)
	_ resource.ResourceWithModifyPlan = (*smsPrivacyAgreementResource)(nil)
)

// smsPrivacyAgreementTimeout bounds signing: a read and at most one call.
const smsPrivacyAgreementTimeout = 5 * time.Minute

// smsPrivacyAgreementID is the id of the one agreement of an account.
const smsPrivacyAgreementID = "sms-privacy-agreement"

// NewSMSPrivacyAgreementResource is the constructor of
// huaweicloud_sms_privacy_agreement.
func NewSMSPrivacyAgreementResource() resource.Resource {
	return &smsPrivacyAgreementResource{withTimeouts: withTimeouts{createTimeout: smsPrivacyAgreementTimeout}}
}

type smsPrivacyAgreementResource struct {
	resourceWithConfigure
	withTimeouts
}

func (r *smsPrivacyAgreementResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_privacy_agreement"
}

func (r *smsPrivacyAgreementResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tb := timeouts.Block(ctx, timeouts.Opts{
		Create:            true,
		CreateDescription: fmt.Sprintf("How long signing may take (a duration such as `10m`). Defaults to `%s`.", shortDuration(smsPrivacyAgreementTimeout)),
	}).(schema.SingleNestedBlock)
	tb.Description = "Time limit for the create operation of this resource."
	resp.Schema = schema.Schema{
		Description: "Agrees to the Server Migration Service privacy agreement, which an account must sign before SMS works (CreatePrivacyAgreements). " +
			"Creating it is idempotent: an account that has signed already is only read, never signed again. " +
			"Destroying it only removes it from the Terraform state: SMS has no call to withdraw the agreement, so the account stays signed (the plan warns so).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Always `" + smsPrivacyAgreementID + "`: an account has one agreement.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"signed": schema.BoolAttribute{
				Description: "Whether the account has agreed, as last read: `true` once created. Should it read `false` (the service forgot the agreement), " +
					"the resource leaves the state and the next apply signs again.",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{"timeouts": tb},
	}
}

func (r *smsPrivacyAgreementResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan smsPrivacyAgreementModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := r.createContext(ctx, plan.Timeouts, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	plan.ID = types.StringValue(smsPrivacyAgreementID)
	if !r.readInto(ctx, &plan, nil, &resp.Diagnostics) && !resp.Diagnostics.HasError() {
		if err := r.client.SignPrivacyAgreement(ctx); err != nil {
			addAPIError(&resp.Diagnostics, "Error Signing the SMS Privacy Agreement", "Agreeing to the SMS privacy agreement", err)
			return
		}
		readBack(&resp.Diagnostics, func() bool { return r.readInto(ctx, &plan, nil, &resp.Diagnostics) }, "SMS Privacy Agreement", smsPrivacyAgreementID, "signed")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *smsPrivacyAgreementResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsPrivacyAgreementModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if readOrRemove(ctx, r.client, resp, state.ID.ValueString(), func() bool { return r.readInto(ctx, &state, resp.Identity, &resp.Diagnostics) }) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// Update only stores the timeouts: nothing else can change.
func (r *smsPrivacyAgreementResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsPrivacyAgreementModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.Signed = state.ID, state.Signed
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete calls nothing: no call withdraws the agreement.
func (r *smsPrivacyAgreementResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ModifyPlan warns, when the resource is destroyed, that the account stays
// signed.
func (r *smsPrivacyAgreementResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		resp.Diagnostics.AddWarning("The SMS Privacy Agreement Stays Signed",
			"Destroying huaweicloud_sms_privacy_agreement only removes it from the Terraform state. SMS has no call to withdraw the agreement: the account stays signed, and SMS keeps working.")
	}
}

// readInto reads whether the account has signed; false means it has not.
func (r *smsPrivacyAgreementResource) readInto(ctx context.Context, m *smsPrivacyAgreementModel, _ *tfsdk.ResourceIdentity, diags *diag.Diagnostics) bool {
	signed, err := r.client.ShowPrivacyAgreement(ctx)
	if err != nil {
		addAPIError(diags, "Error Reading the SMS Privacy Agreement", "Reading whether the account agreed to the SMS privacy agreement", err)
		return false
	}
	m.Signed = types.BoolValue(signed)
	return signed
}

type smsPrivacyAgreementModel struct {
	ID       types.String   `tfsdk:"id"`
	Signed   types.Bool     `tfsdk:"signed"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}
