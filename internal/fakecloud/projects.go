package fakecloud

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// An account has an IAM project in every region (the IAM pages: projects
// are per region, created with the account), not only in the one a test
// configures. The fake answers each region name with a project of its own:
// Options.ProjectID for Options.Region, and for any other region a stable id
// derived from the account and the region. SMS is a global service that a
// caller reaches with any project of the account (X-Project-Id); the
// regional DCS only with Options.ProjectID (it serves Options.Region).

// regionName is the shape of a Huawei Cloud region name (cn-north-4,
// ap-southeast-3, my-kualalumpur-1).
var regionName = regexp.MustCompile(`^[a-z]{2}-[a-z]+-[0-9]+$`)

// projectOf is the account's project in region, or "" when region is no
// region name.
func (s *Server) projectOf(region string) string {
	switch {
	case region == s.opts.Region:
		return s.opts.ProjectID
	case !regionName.MatchString(region):
		return ""
	}
	sum := sha256.Sum256([]byte(s.opts.DomainID + "/" + region))
	return hex.EncodeToString(sum[:16])
}

// regionOfProject is the region of one of the account's projects, or ""
// when id is none of them.
func (s *Server) regionOfProject(id string) string {
	if id == s.opts.ProjectID {
		return s.opts.Region
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.otherProjects[id]
}

// rememberProject records a project the fake has answered with, so that a
// later request naming it is known to be the account's.
func (s *Server) rememberProject(region, id string) {
	if id == s.opts.ProjectID {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.otherProjects == nil {
		s.otherProjects = map[string]string{}
	}
	s.otherProjects[id] = region
}
