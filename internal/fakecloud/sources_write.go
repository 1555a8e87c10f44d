package fakecloud

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// What a user does to source servers: rename or move them
// (UpdateServerName), remove them from SMS (DeleteServer, DeleteServers),
// and read their overview (ShowOverview) and errors (ListErrorServers).

// putSourceReq is PutSourceServerBody (UpdateServerName).
type putSourceReq struct {
	Name         *string          `json:"name,omitempty"`
	Migprojectid *string          `json:"migprojectid,omitempty"`
	Disks        []putDiskModel   `json:"disks,omitempty"`
	VolumeGroups []putVolumeGroup `json:"volume_groups,omitempty"`
}

// putDiskModel is PutDisk, putVolume PutVolume, putVolumeGroup
// PutVolumeGroups and putLogicalVolume PutLogicalVolume.
type putDiskModel struct {
	NeedMigration   *bool       `json:"need_migration,omitempty"`
	ID              *string     `json:"id,omitempty"`
	AdjustSize      *int64      `json:"adjust_size,omitempty" range:"0,9223372036854775807"`
	PhysicalVolumes []putVolume `json:"physical_volumes,omitempty"`
}

type putVolume struct {
	ID            *string `json:"id,omitempty"`
	NeedMigration *bool   `json:"need_migration,omitempty"`
	AdjustSize    *int64  `json:"adjust_size,omitempty" range:"0,9223372036854775807"`
}

type putVolumeGroup struct {
	LogicalVolumes []putVolume `json:"logical_volumes,omitempty"`
	ID             *string     `json:"id,omitempty"`
	NeedMigration  *bool       `json:"need_migration,omitempty"`
	AdjustSize     *int64      `json:"adjust_size,omitempty" range:"0,9223372036854775807"`
}

// updateServerName: PUT /v3/sources/{source_id}. A non-empty name renames
// the source (the page allows 0 characters; an empty one changes nothing);
// migprojectid moves it to that migration project (404 when there is
// none); disks and volume_groups are kept (Source.Adjustments) only while
// the source waits for its target to be configured ("waiting"), as the
// page says they take effect only then.
func (s *Server) updateServerName(c *call) result {
	req, e := decodeModel[putSourceReq](c.body)
	if e != nil {
		return result{body: e}
	}
	return s.withSource(c, "source_id", func(src *source, _ time.Time) result {
		if id := str(req.Migprojectid, ""); id != "" {
			if s.objs().projects[id] == nil {
				return result{body: migProjectNotFound(id)}
			}
			src.migProject = id
		}
		if n := str(req.Name, ""); n != "" {
			src.name = n
		}
		if (req.Disks != nil || req.VolumeGroups != nil) && src.state == "waiting" {
			src.agent.adjustments = rawJSON(map[string]any{"disks": req.Disks, "volume_groups": req.VolumeGroups})
		}
		return ok(struct{}{})
	})
}

// sourceDeletion says whether src can be removed from SMS now, deleting its
// task with it as Options.SourceDelete says. Callers hold s.mu.
func (s *Server) sourceDeletion(src *source) *apiError {
	t := s.tasks[src.taskID]
	switch {
	case t == nil:
		return nil
	case s.opts.SourceDelete == SourceDeleteRefusedWithTask:
		return smsError(http.StatusBadRequest, codeSMSStateRefused,
			"The source server "+src.id+" has a migration task ("+t.id+"); delete the task first.", t.id)
	case !s.deletable(t):
		return s.gateRefusal([]string{t.id}, true)
	}
	return nil
}

// removeSource removes src, deleting its task (as an accepted DeleteTask).
// Callers hold s.mu and checked sourceDeletion.
func (s *Server) removeSource(src *source, now time.Time) {
	if t := s.tasks[src.taskID]; t != nil {
		s.startDelete(t, now)
	}
	delete(s.sources, src.id)
}

// deleteServer: DELETE /v3/sources/{source_id}.
func (s *Server) deleteServer(c *call) result {
	return s.withSource(c, "source_id", func(src *source, now time.Time) result {
		if e := s.sourceDeletion(src); e != nil {
			return result{body: e}
		}
		s.removeSource(src, now)
		return ok(struct{}{})
	})
}

// batchIDs decodes a batch delete's body, DeleteIds (DeleteServers),
// DeletetemplatesReq (DeleteTemplates) or DeleteTasksReq (DeleteTasks):
// ids is required; how many and how long is Options.BatchIDs' reading.
func (s *Server) batchIDs(body []byte, what string) ([]string, *apiError) {
	var req struct {
		IDs *[]string `json:"ids"`
	}
	if e := decodeBody(body, &req); e != nil {
		return nil, e
	}
	if req.IDs == nil {
		return nil, invalidParam("ids", "is required")
	}
	ids, minIDs, minLen := *req.IDs, 1, 1
	if s.opts.BatchIDs == BatchIDsEmptyAllowed {
		minIDs, minLen = 0, 0
	}
	if len(ids) < minIDs || len(ids) > 65535 {
		return nil, invalidParam("ids", "must list %d to 65535 %s ids", minIDs, what)
	}
	for i, id := range ids {
		if n := utf8.RuneCountInString(id); n < minLen || n > 255 {
			return nil, invalidParam(fmt.Sprintf("ids[%d]", i), "a %s id is %d to 255 characters", what, minLen)
		}
	}
	return ids, nil
}

// batchOutcome applies Options.BatchDelete to a batch delete once each id
// is sorted: the ids to delete (each once), or the error to answer. what
// names the objects ("migration tasks"); refusal answers refused ids.
func (s *Server) batchOutcome(ids, unknown, refused []string, what string, refusal func([]string, bool) *apiError) ([]string, *apiError) {
	named := s.opts.BatchDelete == BatchAllOrNothingNamed
	switch {
	case s.opts.BatchDelete == BatchPartial:
		// refused and unknown ids are skipped without a word
	case len(unknown) > 0:
		params := unknown
		if !named {
			params = nil
		}
		return nil, smsError(http.StatusNotFound, codeSMSNotFound, "The "+what+" do not exist: "+strings.Join(unknown, ", ")+".", params...)
	case len(refused) > 0:
		return nil, refusal(refused, named)
	}
	var del []string
	for _, id := range ids {
		if !slices.Contains(unknown, id) && !slices.Contains(refused, id) && !slices.Contains(del, id) {
			del = append(del, id)
		}
	}
	return del, nil
}

// addOnce appends id to list unless it is there.
func addOnce(list []string, id string) []string {
	if slices.Contains(list, id) {
		return list
	}
	return append(list, id)
}

// deleteServers: POST /v3/sources/delete. Each id is checked as
// DeleteServer checks it before any is removed; Options.BatchDelete says
// what becomes of a batch with unknown or refused ids.
func (s *Server) deleteServers(c *call) result {
	ids, e := s.batchIDs(c.body, "source server")
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	var unknown, refused []string
	for _, id := range ids {
		src := s.sources[id]
		switch {
		case src == nil:
			unknown = addOnce(unknown, id)
		case s.sourceDeletion(src) != nil:
			refused = addOnce(refused, id)
		}
	}
	del, e := s.batchOutcome(ids, unknown, refused, "source servers", func(ids []string, named bool) *apiError {
		if s.opts.SourceDelete == SourceDeleteWithTask {
			return s.gateRefusal(ids, named)
		}
		params := ids
		if !named {
			params = nil
		}
		return smsError(http.StatusBadRequest, codeSMSStateRefused,
			"Source servers with a migration task cannot be deleted ("+strings.Join(ids, ", ")+").", params...)
	})
	if e != nil {
		return result{body: e}
	}
	for _, id := range del {
		s.removeSource(s.sources[id], now)
	}
	return ok(struct{}{})
}

// overviewJSON is ShowOverviewResponse.
type overviewJSON struct {
	Waiting      int `json:"waiting"`
	Replicate    int `json:"replicate"`
	Syncing      int `json:"syncing"`
	Stopped      int `json:"stopped"`
	Deleting     int `json:"deleting"`
	Cutovering   int `json:"cutovering"`
	Unavailable  int `json:"unavailable"`
	Stopping     int `json:"stopping"`
	Skipping     int `json:"skipping"`
	Finished     int `json:"finished"`
	Initialize   int `json:"initialize"`
	Error        int `json:"error"`
	Cloning      int `json:"cloning"`
	Unconfigured int `json:"unconfigured"`
}

// showOverview: GET /v3/sources/overview. Each count is the source servers
// in that state; unconfigured ("target not configured", the model) counts
// those with no task, which also count in their state. States the model
// has no count for (clearing, premiged, ...) are in none.
func (s *Server) showOverview(c *call) result {
	if e := checkQuery(c); e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	var o overviewJSON
	counts := map[string]*int{
		"waiting": &o.Waiting, "replicate": &o.Replicate, "syncing": &o.Syncing, "stopped": &o.Stopped,
		"deleting": &o.Deleting, "cutovering": &o.Cutovering, "unavailable": &o.Unavailable, "stopping": &o.Stopping,
		"skipping": &o.Skipping, "finished": &o.Finished, "initialize": &o.Initialize, "error": &o.Error, "cloning": &o.Cloning,
	}
	for _, src := range s.sources {
		if n := counts[src.state]; n != nil {
			*n++
		}
		if src.taskID == "" {
			o.Unconfigured++
		}
	}
	return ok(o)
}

// migrationErrorJSON is MigrationErrors.
type migrationErrorJSON struct {
	ErrorJSON string `json:"error_json,omitempty"`
	HostName  string `json:"host_name,omitempty"`
	Name      string `json:"name"`
	SourceID  string `json:"source_id"`
	SourceIP  string `json:"source_ip"`
	TargetIP  string `json:"target_ip,omitempty"`
}

// listErrorServers: GET /v3/errors: the source servers whose task failed
// (its error_json is set), in creation order. Besides the SDK's limit,
// offset and enterprise_project_id it takes migproject, which the official
// provider sends. limit 0-100, default 50: the fake's, as for templates.
func (s *Server) listErrorServers(c *call) result {
	if e := checkQuery(c, "limit", "offset", "enterprise_project_id", "migproject"); e != nil {
		return result{body: e}
	}
	q := c.r.URL.Query()
	limit, offset, e := paging(q, 50, 100, 65535, smsBadQuery)
	if e != nil {
		return result{body: e}
	}
	ep, mp := q.Get("enterprise_project_id"), q.Get("migproject")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.nowLocked())
	var matches []migrationErrorJSON
	for _, src := range s.sortedSources() {
		t := s.tasks[src.taskID]
		if t == nil || t.errorJSON == "" || (ep != "" && src.enterpriseProjectID != ep) || (mp != "" && src.migProject != mp) {
			continue
		}
		matches = append(matches, migrationErrorJSON{ErrorJSON: t.errorJSON, HostName: src.agent.hostname, Name: src.name,
			SourceID: src.id, SourceIP: src.ip, TargetIP: t.cfg.MigrationIP})
	}
	out := struct {
		Count           int                  `json:"count"`
		MigrationErrors []migrationErrorJSON `json:"migration_errors"`
	}{Count: len(matches), MigrationErrors: pageOf(matches, offset, limit, same[migrationErrorJSON])}
	return ok(out)
}
