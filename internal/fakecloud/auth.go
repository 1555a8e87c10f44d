package fakecloud

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/smsops/terraform-provider-huaweicloud/internal/signer"
)

// Authentication failure reasons, as counted in Stats.AuthFailures.
const (
	ReasonMissing         = "missing"          // neither Authorization nor X-Auth-Token
	ReasonMalformed       = "malformed"        // Authorization or X-Sdk-Date unreadable
	ReasonUnknownKey      = "unknown_key"      // access key not configured
	ReasonDateSkew        = "date_skew"        // X-Sdk-Date outside MaxClockSkew
	ReasonMismatch        = "mismatch"         // signature does not match the request
	ReasonBadToken        = "bad_token"        // X-Auth-Token not configured
	ReasonProjectMismatch = "project_mismatch" // X-Project-Id is not the fake's project
	ReasonDomainMismatch  = "domain_mismatch"  // X-Domain-Id is not the fake's domain
	ReasonProjectMissing  = "project_missing"  // no project header while RequireProjectHeader
	ReasonExpired         = "expired"          // temporary access key past its expires_at
	ReasonSecurityToken   = "security_token"   // temporary access key without its X-Security-Token
)

// authMessages are the error_msg texts of 401 APIGW.0301 answers.
var authMessages = map[string]string{
	ReasonMissing:         "missing authentication",
	ReasonMalformed:       "malformed authentication",
	ReasonUnknownKey:      "unknown access key",
	ReasonDateSkew:        "request date out of range",
	ReasonMismatch:        "signature mismatch",
	ReasonBadToken:        "invalid token",
	ReasonProjectMismatch: "project id does not match",
	ReasonDomainMismatch:  "domain id does not match",
	ReasonProjectMissing:  "missing X-Project-Id or X-Domain-Id",
	// The gateway's documented text for an expired token.
	ReasonExpired:       "Incorrect IAM authentication information: token expires",
	ReasonSecurityToken: "security token does not match the access key",
}

func authError(reason string) *apiError {
	return gatewayError(http.StatusUnauthorized, codeAuthFailed, authMessages[reason])
}

// authenticate accepts a request signed with a configured AK/SK (verified
// over the raw body) or carrying a configured X-Auth-Token, or one re-scoped
// from it (POST /v3/auth/tokens) before it expires. An Authorization header
// takes precedence over a token.
func (s *Server) authenticate(r *http.Request, body []byte) *apiError {
	if r.Header.Get("Authorization") == "" {
		token := r.Header.Get("X-Auth-Token")
		if token == "" {
			s.stats.unsigned()
			return authError(ReasonMissing)
		}
		if known, expired := s.credentials.scopedToken(token, s.now()); expired {
			s.stats.authFailure(ReasonExpired)
			return authError(ReasonExpired)
		} else if !known && !s.tokens[token] {
			s.stats.authFailure(ReasonBadToken)
			return authError(ReasonBadToken)
		}
		s.stats.tokenOK()
		return nil
	}
	reason, temporary := s.checkSignature(r, body)
	if reason != "" {
		s.stats.badSignature(reason)
		return authError(reason)
	}
	s.stats.verified(temporary)
	return nil
}

// verifyCaller authenticates the signed credential call (assume_role),
// counting only its failures: the call is not in Stats.Total.
func (s *Server) verifyCaller(r *http.Request, body []byte) *apiError {
	reason := ReasonMissing
	if r.Header.Get("Authorization") != "" {
		reason, _ = s.checkSignature(r, body)
	}
	if reason != "" {
		s.stats.authFailure(reason)
		return authError(reason)
	}
	return nil
}

// checkSignature verifies the AK/SK signature with a configured key or a
// temporary one issued by the credential calls, which must come with its
// X-Security-Token and be used before it expires. It returns the failure
// reason ("" when the request verified) and whether the key was temporary.
func (s *Server) checkSignature(r *http.Request, body []byte) (reason string, temporary bool) {
	skew := s.opts.MaxClockSkew
	if skew < 0 {
		skew = 0 // the signer skips the check for zero
	}
	var temp tempCredential
	lookup := func(ak string) (string, bool) {
		if sk, found := s.creds[ak]; found {
			return sk, true
		}
		t, found := s.credentials.lookup(ak)
		temp, temporary = t, found
		return t.secret, found
	}
	// The date is checked against the clock callers sign with
	// (Options.Now), not the fake's advanced one (Advance): moving the
	// fake's time ahead does not make callers' dates stale.
	if _, err := signer.Verify(r, body, lookup, s.opts.Now(), skew); err != nil {
		reason := ReasonMismatch
		var ve *signer.VerifyError
		if errors.As(err, &ve) {
			switch ve.Reason {
			case signer.ReasonMissing:
				reason = ReasonMissing
			case signer.ReasonMalformed:
				reason = ReasonMalformed
			case signer.ReasonUnknownKey:
				reason = ReasonUnknownKey
			case signer.ReasonDateSkew:
				reason = ReasonDateSkew
			}
		}
		return reason, temporary
	}
	if temporary {
		switch {
		case r.Header.Get("X-Security-Token") != temp.securityToken:
			return ReasonSecurityToken, true
		case !s.now().Before(temp.expiresAt):
			return ReasonExpired, true
		}
	}
	return "", temporary
}

// projectIDPattern is the form of a Huawei project id (32 hex digits).
var projectIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// checkProject enforces the project scoping of each service.
//
// SMS: X-Project-Id, when present, must be the fake's project and
// X-Domain-Id, when present, its domain (else 401 APIGW.0301); a request with
// neither is counted in Stats.NoProjectHeader (401 when RequireProjectHeader).
// DCS: the path project id must be the fake's (400 DCS.4002 when it is not 32
// hex digits, else 401 DCS.1004), and so must X-Project-Id when sent.
// IAM discovery calls are not project scoped.
func (s *Server) checkProject(c *call) *apiError {
	h := c.r.Header
	switch c.route.kind {
	case kindSMS:
		pid, did := h.Get("X-Project-Id"), h.Get("X-Domain-Id")
		if pid != "" && s.regionOfProject(pid) == "" {
			s.stats.authFailure(ReasonProjectMismatch)
			return authError(ReasonProjectMismatch)
		}
		if did != "" && did != s.opts.DomainID {
			s.stats.authFailure(ReasonDomainMismatch)
			return authError(ReasonDomainMismatch)
		}
		if pid == "" && did == "" {
			if s.opts.RequireProjectHeader {
				s.stats.authFailure(ReasonProjectMissing)
				return authError(ReasonProjectMissing)
			}
			s.stats.noProjectHeader()
		}
	case kindDCS:
		pid := c.params["project_id"]
		if pid != s.opts.ProjectID {
			if !projectIDPattern.MatchString(pid) {
				return dcsError(http.StatusBadRequest, codeDCSBadProject, "Invalid project ID format: "+pid)
			}
			return dcsError(http.StatusUnauthorized, codeDCSProjectMismatch, "The project ID in the URL does not match the credentials.")
		}
		if hp := h.Get("X-Project-Id"); hp != "" && hp != s.opts.ProjectID {
			return dcsError(http.StatusUnauthorized, codeDCSProjectMismatch, "The X-Project-Id header does not match the project in the URL.")
		}
	}
	return nil
}
