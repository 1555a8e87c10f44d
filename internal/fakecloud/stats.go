package fakecloud

import (
	"strconv"
	"sync"
)

// Stats counts API requests (control requests under /_fake/ are not counted).
//
// Every API request is authenticated first, so for a test whose requests all
// came from a correctly configured client, Total == Verified (AK/SK) +
// TokenAuthenticated, and AuthFailures is empty.
type Stats struct {
	// Total is the number of API requests received.
	Total int64 `json:"total"`
	// Routes counts requests per route, keyed "METHOD /route/template"
	// (e.g. "DELETE /v3/tasks/{task_id}"), whatever their outcome.
	Routes map[string]int64 `json:"routes"`
	// Unrouted counts requests that matched no route.
	Unrouted int64 `json:"unrouted"`
	// Verified counts requests whose AK/SK signature verified.
	Verified int64 `json:"verified"`
	// VerifiedTemporary counts the Verified requests signed with temporary
	// credentials issued by the credential calls (iam_credentials.go).
	VerifiedTemporary int64 `json:"verified_temporary"`
	// TokenAuthenticated counts requests accepted by X-Auth-Token.
	TokenAuthenticated int64 `json:"token_authenticated"`
	// Unsigned counts requests with neither Authorization nor X-Auth-Token.
	Unsigned int64 `json:"unsigned"`
	// BadSignature counts requests whose Authorization failed verification,
	// whatever the reason.
	BadSignature int64 `json:"bad_signature"`
	// AuthFailures counts every 401 APIGW.0301 by reason (the Reason*
	// constants: missing, malformed, unknown_key, date_skew, mismatch,
	// bad_token, project_mismatch, domain_mismatch, project_missing).
	AuthFailures map[string]int64 `json:"auth_failures"`
	// NoProjectHeader counts authenticated SMS requests that carried neither
	// X-Project-Id nor X-Domain-Id.
	NoProjectHeader int64 `json:"no_project_header"`
	// FaultsInjected counts requests answered (or delayed) by a fault.
	FaultsInjected int64 `json:"faults_injected"`
	// CredentialCalls counts the credential calls by route
	// (RouteIDTokenExchange, RouteSecurityTokens, RouteMetadataSecurityKey),
	// whatever their outcome; they are not in Total.
	CredentialCalls map[string]int64 `json:"credential_calls"`
	// CredentialsIssued counts the temporary credentials they issued.
	CredentialsIssued int64 `json:"credentials_issued"`
	// Statuses counts responses by HTTP status ("200", "404", ...); "reset"
	// counts connections closed by a FaultReset, "499" requests abandoned by
	// the client during Latency or a FaultSlow delay.
	Statuses map[string]int64 `json:"statuses"`
}

type statsCollector struct {
	mu sync.Mutex
	s  Stats
}

func (c *statsCollector) reset() {
	c.mu.Lock()
	c.s = Stats{Routes: map[string]int64{}, AuthFailures: map[string]int64{}, Statuses: map[string]int64{}, CredentialCalls: map[string]int64{}}
	c.mu.Unlock()
}

func (c *statsCollector) update(f func(s *Stats)) {
	c.mu.Lock()
	f(&c.s)
	c.mu.Unlock()
}

func (c *statsCollector) total()           { c.update(func(s *Stats) { s.Total++ }) }
func (c *statsCollector) unrouted()        { c.update(func(s *Stats) { s.Unrouted++ }) }
func (c *statsCollector) route(key string) { c.update(func(s *Stats) { s.Routes[key]++ }) }
func (c *statsCollector) verified(temporary bool) {
	c.update(func(s *Stats) {
		s.Verified++
		if temporary {
			s.VerifiedTemporary++
		}
	})
}
func (c *statsCollector) tokenOK()         { c.update(func(s *Stats) { s.TokenAuthenticated++ }) }
func (c *statsCollector) noProjectHeader() { c.update(func(s *Stats) { s.NoProjectHeader++ }) }
func (c *statsCollector) fault()           { c.update(func(s *Stats) { s.FaultsInjected++ }) }

func (c *statsCollector) status(code int) {
	key := strconv.Itoa(code)
	switch {
	case code == 0:
		key = "200" // a handler that wrote nothing answers 200
	case code == statusReset:
		key = "reset"
	}
	c.update(func(s *Stats) { s.Statuses[key]++ })
}

func (c *statsCollector) unsigned() {
	c.update(func(s *Stats) {
		s.Unsigned++
		s.AuthFailures[ReasonMissing]++
	})
}

func (c *statsCollector) badSignature(reason string) {
	c.update(func(s *Stats) {
		s.BadSignature++
		s.AuthFailures[reason]++
	})
}

func (c *statsCollector) authFailure(reason string) {
	c.update(func(s *Stats) { s.AuthFailures[reason]++ })
}

func (c *statsCollector) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.s
	out.Routes = copyMap(c.s.Routes)
	out.AuthFailures = copyMap(c.s.AuthFailures)
	out.Statuses = copyMap(c.s.Statuses)
	out.CredentialCalls = copyMap(c.s.CredentialCalls)
	return out
}

func copyMap(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Stats returns a snapshot of the request counters.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the request counters.
func (s *Server) ResetStats() { s.stats.reset() }
