package fakecloud

import "net/http"

// The one ECS call the fake serves: the availability zones of the region
// (ECS GET /v2.1/{project_id}/os-availability-zone, the
// novaListAvailabilityZones model), which configurations read to name a
// zone (data.huaweicloud_availability_zones). Three zones, <region>a to c,
// all available.

type azJSON struct {
	ZoneName  string `json:"zoneName"`
	ZoneState struct {
		Available bool `json:"available"`
	} `json:"zoneState"`
	Hosts any `json:"hosts"`
}

// AvailabilityZones lists the zones the fake's region has.
func (s *Server) AvailabilityZones() []string {
	r := s.opts.Region
	return []string{r + "a", r + "b", r + "c"}
}

// listAvailabilityZones: GET /v2.1/{project_id}/os-availability-zone.
func (s *Server) listAvailabilityZones(c *call) result {
	if c.params["project_id"] != s.opts.ProjectID {
		return result{body: smsError(http.StatusUnauthorized, "APIGW.0301", "The project ID in the URL does not match the credentials.", "project_id")}
	}
	out := []azJSON{}
	for _, name := range s.AvailabilityZones() {
		z := azJSON{ZoneName: name}
		z.ZoneState.Available = true
		out = append(out, z)
	}
	return ok(map[string]any{"availabilityZoneInfo": out})
}
