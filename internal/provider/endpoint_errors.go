package provider

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// unreachableEndpoint words a call that never reached its endpoint (the
// connection refused, the host unknown or unroutable, the connection not
// made in time): which endpoint, that it is unreachable, and where it is
// set. ok is false for any other failure.
func unreachableEndpoint(err error) (detail string, ok bool) {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return "", false
	}
	var dns *net.DNSError
	var op *net.OpError
	var cause string
	switch {
	case errors.As(ue.Err, &dns):
		cause = "its host name does not resolve: " + dns.Err
	case errors.As(ue.Err, &op) && op.Op == "dial":
		cause = "no connection: " + op.Err.Error()
	default:
		return "", false
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return "", false
	}
	service, setting := endpointOf(u.Path)
	return fmt.Sprintf("the %s endpoint %s://%s is unreachable (%s). Check %s, that something serves it, and that this machine "+
		"can reach it (network, proxy, firewall). The call: %v", service, u.Scheme, u.Host, cause, setting, err), true
}

// endpointOf names the service a request path belongs to and the setting
// that points the provider at its endpoint.
func endpointOf(p string) (service, setting string) {
	switch {
	case strings.HasPrefix(p, "/v3/projects"), strings.HasPrefix(p, "/v3/auth/"), strings.HasPrefix(p, "/v3.0/"):
		return "IAM", "endpoints.iam in the provider block (or auth_url, HW_AUTH_URL; by default the region picks it)"
	case strings.HasPrefix(p, "/openstack/"):
		return "ECS metadata", "endpoints.metadata in the provider block (the metadata service answers on an ECS only)"
	case strings.HasPrefix(p, "/v2/"):
		return "DCS", "endpoints.dcs in the provider block (by default the region picks it)"
	}
	return "SMS", "endpoints.sms in the provider block (by default the region picks it)"
}

func isUnreachable(err error) bool {
	_, ok := unreachableEndpoint(err)
	return ok
}
