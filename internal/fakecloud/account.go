package fakecloud

import (
	"net/http"
	"strings"
)

// The account-wide SMS calls: the privacy agreement, the agent
// configuration (ShowConfig) and the API versions.

// showPrivacyAgreements: GET /v3/privacy-agreements. An account starts
// without the agreement (PrivacyAgreed); the fake does not hold other calls
// back meanwhile, since no page says which ones the service refuses.
func (s *Server) showPrivacyAgreements(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(map[string]bool{"flag": s.objs().privacyAgreed})
}

// createPrivacyAgreements: POST /v3/privacy-agreements (no body). Agreeing
// again is accepted and changes nothing.
func (s *Server) createPrivacyAgreements(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objs().privacyAgreed = true
	return ok(struct{}{})
}

// PrivacyAgreed reports whether the account has agreed to the privacy
// statement (CreatePrivacyAgreements).
func (s *Server) PrivacyAgreed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.objs().privacyAgreed
}

// SetPrivacyAgreed agrees, or takes the agreement back, behind the API's back.
func (s *Server) SetPrivacyAgreed(agreed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objs().privacyAgreed = agreed
}

// showConfig: GET /v3/config, the agent's configuration: ShowConfigResponse
// types it as a map of strings and a list of such maps; the keys are the
// ones the official provider's acceptance test reads back (mainRegion,
// obs_domain, disktype; per region the domains and agent image ids), with
// the fake's values.
func (s *Server) showConfig(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	r := s.opts.Region
	domain := func(svc string) string { return svc + "." + r + ".myhuaweicloud.com" }
	region := map[string]string{
		"region_name": r, "project_name": r, "desc": r, "cloud_type": "public",
		"sms_domain": domain("sms"), "ecs_domain": domain("ecs"), "evs_domain": domain("evs"),
		"ims_domain": domain("ims"), "vpc_domain": domain("vpc"), "iam_domain": domain("iam"),
		"dns_domain": domain("dns"), "obs_domain": "obs." + r + ".myhuaweicloud.com", "kms_address": domain("kms"),
		"linux_image_id": "5eed1a9e-0000-4000-8000-000000000001", "linux_uefi_image_id": "5eed1a9e-0000-4000-8000-000000000002",
		"create_linux_image_id": "5eed1a9e-0000-4000-8000-000000000003", "windows_image_id": "5eed1a9e-0000-4000-8000-000000000004",
		"windows_uefi_image_id": "5eed1a9e-0000-4000-8000-000000000005", "windows_ssh_image_id": "5eed1a9e-0000-4000-8000-000000000006",
	}
	return ok(map[string]any{
		"config": map[string]string{
			"mainRegion": r, "obs_domain": "obs." + r + ".myhuaweicloud.com", "disktype": strings.Join(evsDiskTypes, ","),
		},
		"regions": []map[string]string{region},
	})
}

// evsDiskTypes are the disk types the fake's agent configuration lists.
var evsDiskTypes = []string{"SATA", "SAS", "SSD", "GPSSD", "ESSD"}

// apiVersion is Version (ListApiVersion) and ShowApiVersionResponse.
type apiVersion struct {
	ID      string    `json:"id"`
	Links   []apiLink `json:"links"`
	Status  string    `json:"status"`
	Updated string    `json:"updated"`
}

type apiLink struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}

// smsVersion is the one API version the fake serves; SUPPORTED is the
// status the model's comment names.
func (s *Server) smsVersion(c *call) apiVersion {
	href := "https://" + c.r.Host + "/v3/"
	return apiVersion{ID: "v3", Links: []apiLink{{Href: href, Rel: "self"}}, Status: "SUPPORTED", Updated: "2023-01-01T00:00:00Z"}
}

// listAPIVersions: GET /.
func (s *Server) listAPIVersions(c *call) result {
	return ok(map[string][]apiVersion{"versions": {s.smsVersion(c)}})
}

// showAPIVersion: GET /{version}.
func (s *Server) showAPIVersion(c *call) result {
	if c.params["version"] != "v3" {
		return result{body: smsError(http.StatusNotFound, codeSMSNotFound, "API version "+c.params["version"]+" does not exist.", "version")}
	}
	return ok(s.smsVersion(c))
}
