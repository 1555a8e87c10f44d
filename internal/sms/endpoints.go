package sms

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Endpoints are the base URLs of the three services the client talks to:
// scheme://host[:port][/prefix]. A trailing slash is ignored.
type Endpoints struct {
	SMS string
	DCS string
	IAM string
	// Metadata is the ECS metadata service (credentials of the server's
	// agency); plain http is allowed for it on link-local addresses.
	Metadata string
}

// smsRegionalHosts lists the regions for which the official SDK has an SMS
// endpoint of their own. SMS is a global service: every other region is served
// by the cn-north-4 endpoint, as the official provider does.
var smsRegionalHosts = map[string]string{
	"cn-north-4":       "sms.cn-north-4",
	"ap-southeast-3":   "sms.ap-southeast-3",
	"my-kualalumpur-1": "sms.my-kualalumpur-1",
	"ru-moscow-1":      "sms-api.ru-moscow-1",
}

const smsGlobalHost = "sms.cn-north-4"

// Endpoint domains: the default one, and Europe's, which the official
// provider picks for the eu-west-1xx regions.
const (
	DefaultCloud       = "myhuaweicloud.com"
	europeCloud        = "myhuaweicloud.eu"
	europeRegionPrefix = "eu-west-1"
)

// DefaultEndpoints returns the public endpoints for region in the default
// cloud domain.
func DefaultEndpoints(region string) Endpoints { return DefaultEndpointsIn(region, "") }

// DefaultEndpointsIn returns the endpoints for region under the domain cloud
// (empty: myhuaweicloud.com, or myhuaweicloud.eu for eu-west-1xx). SMS falls
// back to the global cn-north-4 host; DCS and IAM are regional.
func DefaultEndpointsIn(region, cloud string) Endpoints {
	if cloud == "" {
		cloud = DefaultCloud
		if strings.HasPrefix(region, europeRegionPrefix) {
			cloud = europeCloud
		}
	}
	sms, ok := smsRegionalHosts[region]
	if !ok {
		sms = smsGlobalHost
	}
	return Endpoints{
		SMS:      "https://" + sms + "." + cloud,
		DCS:      "https://dcs." + region + "." + cloud,
		IAM:      "https://iam." + region + "." + cloud,
		Metadata: DefaultMetadataEndpoint,
	}
}

// merged returns d with every non-empty field of override replacing the
// default, trailing slashes removed.
func (d Endpoints) merged(override Endpoints) Endpoints {
	pick := func(def, o string) string {
		if o != "" {
			def = o
		}
		return strings.TrimRight(def, "/")
	}
	return Endpoints{
		SMS:      pick(d.SMS, override.SMS),
		DCS:      pick(d.DCS, override.DCS),
		IAM:      pick(d.IAM, override.IAM),
		Metadata: pick(d.Metadata, override.Metadata),
	}
}

// ValidateEndpoint checks that raw is usable as a base URL. Plain http is
// accepted only for loopback hosts so that a test fake can run without TLS,
// while a typo can never send signed requests to a real host in clear text.
// The error never repeats user info (credentials) embedded in the URL.
func ValidateEndpoint(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("endpoint is empty")
	}
	if !strings.Contains(raw, "://") && !strings.HasPrefix(raw, "/") {
		return missingScheme(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("endpoint is not a valid URL: %v", err)
	}
	if u.User != nil {
		return errors.New("endpoint must not contain user info (credentials)")
	}
	if !u.IsAbs() || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("endpoint %q must be an absolute URL with a host, e.g. https://sms.cn-north-4.myhuaweicloud.com", raw)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return fmt.Errorf("endpoint %q must not have a query or fragment", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("endpoint %q: http is only allowed for loopback hosts (the fake cloud); use https", raw)
	default:
		return fmt.Errorf("endpoint %q: scheme must be https (or http for loopback hosts)", raw)
	}
}

// missingScheme explains an endpoint written without its scheme, such as
// "127.0.0.1:8089" or "sms.example.com", with the URL to write instead.
func missingScheme(raw string) error {
	if strings.Contains(raw, "@") {
		return errors.New("endpoint has no scheme (https://) and must not contain user info (credentials)")
	}
	scheme := "https"
	if u, err := url.Parse("//" + raw); err == nil && isLoopback(u.Hostname()) {
		scheme = "http"
	}
	return fmt.Errorf("endpoint %q has no scheme: write it as %s://%s (https is required; plain http only for a loopback host, such as a local fake cloud)", raw, scheme, raw)
}

// ValidateMetadataEndpoint is ValidateEndpoint that also accepts plain http
// on a link-local host: the ECS metadata service is http://169.254.169.254.
func ValidateMetadataEndpoint(raw string) error {
	err := ValidateEndpoint(raw)
	if err == nil {
		return nil
	}
	u, perr := url.Parse(raw)
	if perr == nil && strings.EqualFold(u.Scheme, "http") && isLinkLocal(u.Hostname()) &&
		u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return nil
	}
	return err
}

// isLinkLocal reports a link-local address such as the ECS metadata
// service's 169.254.169.254: it never leaves the host's network segment.
func isLinkLocal(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLinkLocalUnicast()
}

// isLoopback reports whether host is localhost, 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
