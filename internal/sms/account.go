package sms

import (
	"context"
	"net/http"
)

// Account-wide SMS settings: the privacy agreement a new account signs
// before SMS works, and the configuration the service gives its agents.

// ShowPrivacyAgreement reports whether the account has agreed to the SMS
// privacy agreement (ShowPrivacyAgreements, GET /v3/privacy-agreements). An
// answer without the flag counts as not agreed.
func (c *Client) ShowPrivacyAgreement(ctx context.Context) (bool, error) {
	var out struct {
		Flag *bool `json:"flag"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/privacy-agreements", idempotent: true}, &out); err != nil {
		return false, err
	}
	return out.Flag != nil && *out.Flag, nil
}

// SignPrivacyAgreement agrees to the SMS privacy agreement
// (CreatePrivacyAgreements, POST /v3/privacy-agreements). Agreeing twice
// has the same effect, so it is retried like a read. No call withdraws it.
func (c *Client) SignPrivacyAgreement(ctx context.Context) error {
	return c.do(ctx, request{method: http.MethodPost, path: "/v3/privacy-agreements", idempotent: true}, nil)
}

// AgentConfig is the configuration SMS gives its agents (ShowConfig, GET
// /v3/config): settings such as the main region, the OBS domain and the disk
// types, and the regions the service offers.
type AgentConfig struct {
	Config  map[string]string   `json:"config"`
	Regions []map[string]string `json:"regions"`
}

// ShowAgentConfig reads the agent configuration.
func (c *Client) ShowAgentConfig(ctx context.Context) (*AgentConfig, error) {
	var out AgentConfig
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v3/config", idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
