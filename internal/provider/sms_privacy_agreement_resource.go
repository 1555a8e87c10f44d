package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
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
	ctx, cancel, ok := r.createContext(ctx, &resp.Diagnostics, readModel{req.Plan, &plan})
	defer cancel()
	if !ok {
		return
	}

	plan.ID = types.StringValue(smsPrivacyAgreementID)
	agreement := r.agreement()
	if agreement.readInto(ctx, smsPrivacyAgreementID, plan.fromAPI, nil, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.SignPrivacyAgreement(ctx); err != nil {
		addAPIError(&resp.Diagnostics, "Error Signing the SMS Privacy Agreement", "Agreeing to the SMS privacy agreement", err)
		return
	}
	agreement.readBack(ctx, created(resp), &plan, smsPrivacyAgreementID, "signed", plan.fromAPI)
}

func (r *smsPrivacyAgreementResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state smsPrivacyAgreementModel
	r.agreement().refresh(ctx, req, resp, &state, state.fromAPI)
}

// Update only stores the timeouts: nothing else can change.
func (r *smsPrivacyAgreementResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state smsPrivacyAgreementModel
	updateWithoutCall(ctx, req, resp, &plan, &state, func() { plan.ID, plan.Signed = state.ID, state.Signed })
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

// agreement is how the CRUD skeleton finds the account's one agreement
// (its id is smsPrivacyAgreementID): an account that has not signed reads
// as absent.
func (r *smsPrivacyAgreementResource) agreement() apiObject[bool] {
	return apiObject[bool]{client: r.client, title: "SMS Privacy Agreement", noun: "privacy agreement",
		show: func(ctx context.Context, _ string) (*bool, error) {
			signed, err := r.client.ShowPrivacyAgreement(ctx)
			return &signed, err
		},
		held:      func(signed *bool) bool { return *signed },
		attempted: func(string) string { return "Reading whether the account agreed to the SMS privacy agreement" },
	}
}

// fromAPI records that the account has signed.
func (m *smsPrivacyAgreementModel) fromAPI(signed *bool) {
	m.Signed = types.BoolValue(*signed)
}

type smsPrivacyAgreementModel struct {
	ID       types.String   `tfsdk:"id"`
	Signed   types.Bool     `tfsdk:"signed"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}
