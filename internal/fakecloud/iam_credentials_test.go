package fakecloud

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	iam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// decodeStrict decodes the fake's answer into an IAM SDK model and fails on
// any field the model does not have: every field the fake sends is the
// SDK's.
func decodeStrict(t *testing.T, r *response, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("the answer %s does not fit the SDK model %T: %v", r.body, v, err)
	}
}

func federationEnv(t *testing.T) *env {
	return newEnv(t, Options{Federation: Federation{
		IdentityProviders:  map[string][]string{"github-actions": {"id-token-1"}},
		Agencies:           []string{"sms_admin"},
		ECSAgency:          "ecs_sms",
		CredentialLifetime: 3 * time.Second,
	}})
}

// unsignedPost posts a JSON body with no signature.
func (e *env) unsignedPost(path string, body any, header http.Header) *response {
	e.t.Helper()
	data, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(data))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header = header.Clone()
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	return e.do(req)
}

// useTemporary makes e sign with c and send its security token.
func (e *env) useTemporary(c *iam.Credential) {
	e.cred = signer.Credentials{AccessKey: c.Access, SecretKey: c.Secret}
	e.header.Set("X-Security-Token", c.Securitytoken)
}

// The OIDC flow: an ID token for a subject token (201, X-Subject-Token),
// the subject token for temporary credentials (201) that sign API calls
// until they expire; then the documented 401.
func TestCredentials_oidcFlowIssuesExpiringKeys(t *testing.T) {
	e := federationEnv(t)
	ex := e.unsignedPost("/v3.0/OS-AUTH/id-token/tokens",
		map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": "id-token-1"}}},
		http.Header{"X-Idp-Id": {"github-actions"}})
	ex.expectStatus(t, http.StatusCreated)
	var token iam.CreateTokenWithIdTokenResponse
	decodeStrict(t, ex, &token)
	subject := ex.header.Get("X-Subject-Token")
	if subject == "" || token.Token == nil || token.Token.ExpiresAt == "" || token.Token.User == nil {
		t.Fatalf("exchange answer lacks the subject token or the token body: %v %s", ex.header, ex.body)
	}

	st := e.unsignedPost("/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": subject, "duration_seconds": 900}}}}, http.Header{})
	st.expectStatus(t, http.StatusCreated)
	var cred iam.CreateTemporaryAccessKeyByTokenResponse
	decodeStrict(t, st, &cred)
	expires, err := time.Parse(time.RFC3339, cred.Credential.ExpiresAt)
	if err != nil || !expires.Equal(e.clock.Now().Add(3*time.Second)) {
		t.Fatalf("expires_at %q (%v), want the capped lifetime of 3s from now", cred.Credential.ExpiresAt, err)
	}

	e.useTemporary(cred.Credential)
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
	if s := e.fake.Stats(); s.VerifiedTemporary != 1 || s.CredentialsIssued != 1 || s.Total != 1 {
		t.Fatalf("stats %+v: want one API call verified with the temporary key, one credential issued, credential calls not in Total", s)
	}
	e.header.Del("X-Security-Token") // signed without it
	e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusUnauthorized, codeAuthFailed)
	e.useTemporary(cred.Credential)

	e.clock.Advance(3 * time.Second)
	got := e.send("GET", "/v3/tasks", nil).expectError(t, http.StatusUnauthorized, codeAuthFailed)
	if !strings.Contains(got.ErrorMsg, "token expires") {
		t.Errorf("expired key answered %q, want the documented \"token expires\"", got.ErrorMsg)
	}
	if f := e.fake.Stats().AuthFailures; f[ReasonExpired] != 1 || f[ReasonSecurityToken] != 1 {
		t.Errorf("auth failures %v, want one expired and one missing security token", f)
	}
}

func TestCredentials_oidcRefusals(t *testing.T) {
	e := federationEnv(t)
	body := func(tok string) any {
		return map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": tok}}}
	}
	e.unsignedPost("/v3.0/OS-AUTH/id-token/tokens", body("id-token-1"), http.Header{"X-Idp-Id": {"unknown"}}).expectStatus(t, http.StatusNotFound)
	e.unsignedPost("/v3.0/OS-AUTH/id-token/tokens", body("forged"), http.Header{"X-Idp-Id": {"github-actions"}}).expectStatus(t, http.StatusUnauthorized)
	e.unsignedPost("/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"}, "token": map[string]any{"id": "MIInot-issued"}}}}, http.Header{}).expectStatus(t, http.StatusUnauthorized)
	if s := e.fake.Stats(); s.CredentialsIssued != 0 || s.CredentialCalls[RouteIDTokenExchange] != 2 || s.CredentialCalls[RouteSecurityTokens] != 1 {
		t.Fatalf("stats %+v", s)
	}
}

// assume_role is signed with any accepted key, temporary ones included,
// and names an agency of the fake's account.
func TestCredentials_assumeAgency(t *testing.T) {
	e := federationEnv(t)
	assume := func(agency string, duration int) any {
		return map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"assume_role"}, "assume_role": map[string]any{"agency_name": agency, "domain_name": DefaultDomainName, "duration_seconds": duration}}}}
	}
	r := e.send("POST", "/v3.0/OS-CREDENTIAL/securitytokens", assume("sms_admin", 3600))
	r.expectStatus(t, http.StatusCreated)
	var cred iam.CreateTemporaryAccessKeyByAgencyResponse
	decodeStrict(t, r, &cred)

	// Chained: the agency's key assumes again.
	e.useTemporary(cred.Credential)
	e.send("POST", "/v3.0/OS-CREDENTIAL/securitytokens", assume("sms_admin", 900)).expectStatus(t, http.StatusCreated)
	e.send("POST", "/v3.0/OS-CREDENTIAL/securitytokens", assume("other_agency", 900)).expectStatus(t, http.StatusForbidden)
	e.send("POST", "/v3.0/OS-CREDENTIAL/securitytokens", assume("sms_admin", 60)).expectStatus(t, http.StatusBadRequest)
	e.unsignedPost("/v3.0/OS-CREDENTIAL/securitytokens", assume("sms_admin", 900), http.Header{}).expectError(t, http.StatusUnauthorized, codeAuthFailed)
	if n := e.fake.Stats().CredentialsIssued; n != 2 {
		t.Errorf("%d credentials issued, want 2", n)
	}
}

// The metadata service answers like an ECS without an agency, or hands out
// the agency's credentials in the model's shape.
func TestCredentials_metadataService(t *testing.T) {
	none := newEnv(t, Options{})
	req, _ := http.NewRequest(http.MethodGet, none.srv.URL+"/openstack/latest/securitykey", nil)
	if r := none.do(req); r.status != http.StatusUnauthorized || !strings.Contains(string(r.body), metadataNoAgency) {
		t.Fatalf("without an agency: %d %s", r.status, r.body)
	}

	e := federationEnv(t)
	put, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/meta-data/latest/api/token", nil)
	put.Header.Set("X-Metadata-Token-Ttl-Seconds", "21600")
	session := e.do(put)
	session.expectStatus(t, http.StatusOK)
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+"/openstack/latest/securitykey", nil)
	req.Header.Set("X-Metadata-Token", "forged")
	e.do(req).expectStatus(t, http.StatusUnauthorized)
	req.Header.Set("X-Metadata-Token", string(session.body))
	r := e.do(req)
	r.expectStatus(t, http.StatusOK)
	var out struct {
		Credential iam.Credential `json:"credential"`
	}
	decodeStrict(t, r, &out)
	e.useTemporary(&out.Credential)
	e.send("GET", "/v3/tasks", nil).expectStatus(t, http.StatusOK)
}

// The IAM bodies are decoded against the SDK models: a field the model
// does not have is refused with a 400 that names it, and nothing is issued.
func TestCredentials_unknownFieldsRefused(t *testing.T) {
	e := federationEnv(t)
	for _, tc := range []struct {
		path string
		body any
		hdr  http.Header
	}{
		{"/v3.0/OS-AUTH/id-token/tokens", map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": "id-token-1"}, "duration": 900}},
			http.Header{"X-Idp-Id": {"github-actions"}}},
		{"/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"token"}, "token": map[string]any{"id": "x", "lifetime": 900}}}}, http.Header{}},
		{"/v3.0/OS-CREDENTIAL/securitytokens", map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"token"}, "token": map[string]any{"id": "x"}, "assume_role": map[string]any{"agency_name": "sms_admin"}}}}, http.Header{}},
		{"/v3/auth/tokens", map[string]any{"auth": map[string]any{"identity": map[string]any{"methods": []string{"token"}, "token": map[string]any{"id": "x"}},
			"scope": map[string]any{"project": map[string]any{"id": DefaultProjectID, "region": "cn-north-4"}}}}, http.Header{}},
	} {
		r := e.unsignedPost(tc.path, tc.body, tc.hdr)
		r.expectStatus(t, http.StatusBadRequest)
		if !strings.Contains(string(r.body), "invalid") {
			t.Errorf("%s: %s, want the refusal to say why", tc.path, r.body)
		}
	}
	if n := e.fake.Stats().CredentialsIssued; n != 0 {
		t.Errorf("%d credentials issued for refused bodies", n)
	}
}

// An ID token that is a JWT is refused once its exp claim has passed on
// the fake's clock.
func TestCredentials_expiredIDTokenRefused(t *testing.T) {
	clock := newTestClock()
	token := IDToken("repo:octo/app", clock.Now().Add(10*time.Minute))
	e := newEnv(t, Options{Now: clock.Now, Federation: Federation{IdentityProviders: map[string][]string{"github-actions": {token}}}})
	exchange := func() *response {
		return e.unsignedPost("/v3.0/OS-AUTH/id-token/tokens", map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": token}}},
			http.Header{"X-Idp-Id": {"github-actions"}})
	}
	exchange().expectStatus(t, http.StatusCreated)
	clock.Advance(10 * time.Minute)
	if r := exchange(); r.status != http.StatusUnauthorized || !strings.Contains(string(r.body), "expired") {
		t.Fatalf("expired token: %d %s", r.status, r.body)
	}
	if f := e.fake.Stats().AuthFailures; f[ReasonExpired] != 1 {
		t.Errorf("auth failures %v, want one expiry", f)
	}
}

// POST /v3/auth/tokens re-scopes a configured token to the fake's project,
// by id or by name with its account, in the SDK's answer shape; the new
// token authenticates API calls until it expires with the one it came from
// (capped by CredentialLifetime); other scopes and unknown tokens are 401.
func TestCredentials_tokenRescoped(t *testing.T) {
	e := newEnv(t, Options{AuthTokens: []string{"MIIconfigured"}, Federation: Federation{CredentialLifetime: time.Hour}})
	scope := func(token string, project map[string]any) *response {
		return e.unsignedPost("/v3/auth/tokens", map[string]any{"auth": map[string]any{
			"identity": map[string]any{"methods": []string{"token"}, "token": map[string]string{"id": token}},
			"scope":    map[string]any{"project": project}}}, http.Header{})
	}
	byName := map[string]any{"name": DefaultRegion, "domain": map[string]string{"id": DefaultDomainID}}
	r := scope("MIIconfigured", byName)
	r.expectStatus(t, http.StatusCreated)
	var out iam.KeystoneCreateScopedTokenResponse
	decodeStrict(t, r, &out)
	scoped := r.header.Get("X-Subject-Token")
	if scoped == "" || out.Token == nil || out.Token.Project == nil || out.Token.Project.Id != DefaultProjectID ||
		out.Token.ExpiresAt != e.clock.Now().Add(time.Hour).UTC().Format(iamTimeFormat) {
		t.Fatalf("answer %s, header %v: want a token for the project, capped at an hour", r.body, r.header)
	}
	scope(scoped, map[string]any{"id": DefaultProjectID}).expectStatus(t, http.StatusCreated) // a scoped token re-scopes too
	// Another region's project of the account (every region has one).
	scope("MIIconfigured", map[string]any{"name": "ap-southeast-1", "domain": map[string]string{"id": DefaultDomainID}}).expectStatus(t, http.StatusCreated)
	scope("MIIconfigured", map[string]any{"name": "no-such-thing", "domain": map[string]string{"id": DefaultDomainID}}).expectStatus(t, http.StatusUnauthorized)
	scope("MIIconfigured", map[string]any{"name": DefaultRegion}).expectStatus(t, http.StatusUnauthorized) // a name needs its account
	scope("MIIforged", byName).expectStatus(t, http.StatusUnauthorized)

	get := func() *response {
		req, _ := http.NewRequest("GET", e.srv.URL+"/v3/tasks", nil)
		req.Header.Set("X-Auth-Token", scoped)
		req.Header.Set("X-Project-Id", DefaultProjectID)
		return e.do(req)
	}
	get().expectStatus(t, http.StatusOK)
	e.clock.Advance(time.Hour)
	got := get().expectError(t, http.StatusUnauthorized, codeAuthFailed)
	if !strings.Contains(got.ErrorMsg, "token expires") {
		t.Errorf("an expired scoped token: %q, want the documented expiry message", got.ErrorMsg)
	}
}

// The metadata service's credentials live a day unless a test says
// otherwise.
func TestCredentials_metadataLifetime(t *testing.T) {
	for _, tc := range []struct {
		fed  Federation
		want time.Duration
	}{
		{Federation{ECSAgency: "ecs"}, DefaultMetadataLifetime},
		{Federation{ECSAgency: "ecs", MetadataLifetime: 15 * time.Minute}, 15 * time.Minute},
		{Federation{ECSAgency: "ecs", CredentialLifetime: time.Minute}, time.Minute},
	} {
		e := newEnv(t, Options{Federation: tc.fed})
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/openstack/latest/securitykey", nil)
		r := e.do(req)
		r.expectStatus(t, http.StatusOK)
		var out struct {
			Credential iam.Credential `json:"credential"`
		}
		decodeStrict(t, r, &out)
		if want := e.clock.Now().Add(tc.want).UTC().Format(iamTimeFormat); out.Credential.ExpiresAt != want {
			t.Errorf("%+v: expires_at %s, want %s", tc.fed, out.Credential.ExpiresAt, want)
		}
	}
}

// A fault meets a credential call only when its Route names it; a fault
// for every route leaves the credential calls alone.
func TestCredentials_faults(t *testing.T) {
	e := federationEnv(t)
	key := func() *response {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/openstack/latest/securitykey", nil)
		return e.do(req)
	}
	e.fake.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusServiceUnavailable, Count: 1}) // every API route
	key().expectStatus(t, http.StatusOK)
	e.fake.ClearFaults()
	e.fake.InjectFault(Fault{Route: RouteMetadataSecurityKey, Kind: FaultStatus, Status: http.StatusInternalServerError, Count: 1})
	e.fake.InjectFault(Fault{Route: RouteMetadataSecurityKey, Kind: FaultReset, Count: 1})
	key().expectStatus(t, http.StatusInternalServerError)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/openstack/latest/securitykey", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the reset fault answered %d", resp.StatusCode)
	}
	key().expectStatus(t, http.StatusOK)
	if s := e.fake.Stats(); s.FaultsInjected != 2 || s.CredentialsIssued != 2 {
		t.Errorf("stats %+v: want 2 faults met and 2 credentials issued", s)
	}
}
