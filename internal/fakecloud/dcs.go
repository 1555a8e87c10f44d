package fakecloud

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Background task statuses: the DCS enum plus the DMS-only values.
var bgStatuses = map[string]bool{
	"SUCCESS": true, "FAILED": true, "EXECUTING": true, "CREATED": true, "WAITING": true,
	"DELETED": true, "CANCELLED": true,
}

// bgDeleteDenied: under Readings.DCSDeleteOnlyFinished, a background task
// still in one of these cannot be deleted (400 DCS.4957); the
// DeleteBackgroundTask page states no such rule.
var bgDeleteDenied = map[string]bool{"EXECUTING": true, "WAITING": true, "CREATED": true}

// dcsTimeLayout is the start_time/end_time query format (UTC).
const dcsTimeLayout = "20060102150405"

// dcsIDPattern is the accepted form of instance and task ids.
var dcsIDPattern = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}$`)

// BGTaskSpec describes a DCS background task to seed. Every field is optional.
type BGTaskSpec struct {
	ID         string          `json:"id,omitempty"`     // default: deterministic 32-hex-digit id
	Name       string          `json:"name,omitempty"`   // default "ChangeInstanceSpec" (with capacity details)
	Status     string          `json:"status,omitempty"` // default "SUCCESS"
	CreatedAt  time.Time       `json:"created_at,omitzero"`
	UpdatedAt  time.Time       `json:"updated_at,omitzero"` // default CreatedAt
	UserName   string          `json:"user_name,omitempty"`
	UserID     string          `json:"user_id,omitempty"`
	Params     string          `json:"params,omitempty"` // a JSON-encoded string, as the API returns it
	EnableShow *bool           `json:"enable_show,omitempty"`
	Details    json.RawMessage `json:"details,omitempty"` // DetailsBody object
	// DeleteStatus is the success status of deleting this task: 200
	// (default, body {"message":""}) or 204 (no body).
	DeleteStatus int `json:"delete_status,omitempty"`
}

// BGTask is a seeded DCS background task.
type BGTask struct {
	InstanceID   string          `json:"instance_id"`
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Status       string          `json:"status"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	UserName     string          `json:"user_name"`
	UserID       string          `json:"user_id"`
	Params       string          `json:"params"`
	EnableShow   bool            `json:"enable_show"`
	Details      json.RawMessage `json:"details,omitempty"`
	DeleteStatus int             `json:"delete_status"`
}

type dcsInstance struct {
	id    string
	tasks map[string]*bgTask
}

type bgTask struct {
	BGTask
	seq int64
}

// SeedDCSInstance makes a DCS instance exist (with no background tasks yet).
func (s *Server) SeedDCSInstance(instanceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dcsInstance(instanceID)
}

func (s *Server) dcsInstance(id string) *dcsInstance {
	inst := s.dcs[id]
	if inst == nil {
		inst = &dcsInstance{id: id, tasks: map[string]*bgTask{}}
		s.dcs[id] = inst
	}
	return inst
}

// SeedBackgroundTask adds a background task to a DCS instance, creating the
// instance if needed. It panics on an invalid spec (unknown status, a
// DeleteStatus other than 200 or 204, malformed or duplicate ids); the HTTP
// control API answers 400 instead.
func (s *Server) SeedBackgroundTask(instanceID string, spec BGTaskSpec) BGTask {
	t, err := s.seedBackgroundTask(instanceID, spec)
	if err != nil {
		panic("fakecloud: SeedBackgroundTask: " + err.Error())
	}
	return t
}

func (s *Server) seedBackgroundTask(instanceID string, spec BGTaskSpec) (BGTask, error) {
	if !dcsIDPattern.MatchString(instanceID) {
		return BGTask{}, fmt.Errorf("instance id %q is not 1-64 letters, digits or hyphens", instanceID)
	}
	if spec.Status == "" {
		spec.Status = "SUCCESS"
	}
	if !bgStatuses[spec.Status] {
		return BGTask{}, fmt.Errorf("unknown background task status %q", spec.Status)
	}
	switch spec.DeleteStatus {
	case 0:
		spec.DeleteStatus = http.StatusOK
	case http.StatusOK, http.StatusNoContent:
	default:
		return BGTask{}, fmt.Errorf("delete_status %d is not 200 or 204", spec.DeleteStatus)
	}
	if spec.ID != "" && !dcsIDPattern.MatchString(spec.ID) {
		return BGTask{}, fmt.Errorf("task id %q is not 1-64 letters, digits or hyphens", spec.ID)
	}
	if len(spec.Details) > 0 && !json.Valid(spec.Details) {
		return BGTask{}, fmt.Errorf("details is not valid JSON")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inst := s.dcsInstance(instanceID)
	s.seedSeq++
	id := spec.ID
	if id == "" {
		id = fmt.Sprintf("dc5b0000000000000000%012d", s.seedSeq)
	}
	if _, dup := inst.tasks[id]; dup {
		return BGTask{}, fmt.Errorf("background task %q already exists on instance %s", id, instanceID)
	}
	now := s.nowLocked()
	if spec.CreatedAt.IsZero() {
		spec.CreatedAt = now
	}
	if spec.UpdatedAt.IsZero() {
		spec.UpdatedAt = spec.CreatedAt
	}
	if spec.Name == "" {
		spec.Name = "ChangeInstanceSpec" // one of the names SingleBackgroundTask lists
	}
	if spec.UserName == "" {
		spec.UserName = "fakecloud-user"
	}
	if spec.UserID == "" {
		spec.UserID = "5e7a0000000000000000000000000001"
	}
	if spec.Params == "" {
		spec.Params = `{"instance_id":"` + instanceID + `"}`
	}
	if len(spec.Details) == 0 && spec.Name == "ChangeInstanceSpec" {
		spec.Details = json.RawMessage(`{"old_capacity":"1","new_capacity":"2"}`)
	}
	s.seq++
	t := &bgTask{seq: s.seq, BGTask: BGTask{
		InstanceID: instanceID, ID: id, Name: spec.Name, Status: spec.Status,
		CreatedAt: spec.CreatedAt.UTC(), UpdatedAt: spec.UpdatedAt.UTC(), UserName: spec.UserName,
		UserID: spec.UserID, Params: spec.Params, EnableShow: spec.EnableShow == nil || *spec.EnableShow,
		Details: spec.Details, DeleteStatus: spec.DeleteStatus,
	}}
	inst.tasks[id] = t
	return t.BGTask, nil
}

// BackgroundTask returns a background task that has not been deleted.
func (s *Server) BackgroundTask(instanceID, id string) (BGTask, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if inst := s.dcs[instanceID]; inst != nil {
		if t := inst.tasks[id]; t != nil {
			return t.BGTask, true
		}
	}
	return BGTask{}, false
}

// BackgroundTasks returns an instance's background tasks, newest first.
func (s *Server) BackgroundTasks(instanceID string) []BGTask {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []BGTask{}
	if inst := s.dcs[instanceID]; inst != nil {
		for _, t := range inst.sorted() {
			out = append(out, t.BGTask)
		}
	}
	return out
}

// sorted lists the tasks newest first (created_at, then creation order).
func (inst *dcsInstance) sorted() []*bgTask {
	out := make([]*bgTask, 0, len(inst.tasks))
	for _, t := range inst.tasks {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *bgTask) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return int(b.seq - a.seq)
	})
	return out
}

// dcsTime is the created_at/updated_at format: UTC with milliseconds.
func dcsTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type bgTaskJSON struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Details    json.RawMessage `json:"details,omitempty"`
	UserName   string          `json:"user_name"`
	UserID     string          `json:"user_id"`
	Params     string          `json:"params"`
	Status     string          `json:"status"`
	CreatedAt  string          `json:"created_at"`
	UpdatedAt  string          `json:"updated_at"`
	EnableShow bool            `json:"enable_show"`
}

type listBGTasksJSON struct {
	TaskCount string       `json:"task_count"`
	Tasks     []bgTaskJSON `json:"tasks"`
}

func dcsBadParam(field, msg string) *apiError {
	return dcsError(http.StatusBadRequest, codeDCSInvalidParam, "Invalid parameter "+field+": "+msg)
}

// lookupInstance checks the instance id and finds the instance.
func (s *Server) lookupInstance(id string) (*dcsInstance, *apiError) {
	if !dcsIDPattern.MatchString(id) {
		return nil, dcsError(http.StatusBadRequest, codeDCSBadInstance, "Invalid instance ID format: "+id)
	}
	inst := s.dcs[id]
	if inst == nil {
		return nil, dcsError(http.StatusNotFound, codeDCSInstanceNotFound, "The DCS instance "+id+" does not exist.")
	}
	return inst, nil
}

// listBackgroundTasks: GET /v2/{project_id}/instances/{instance_id}/tasks.
func (s *Server) listBackgroundTasks(c *call) result {
	q := c.r.URL.Query()
	offset, limit := 0, 10
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return result{body: dcsBadParam("offset", "must be an integer of at least 0")}
		}
		offset = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return result{body: dcsBadParam("limit", "must be an integer between 1 and 1000")}
		}
		limit = n
	}
	var start, end time.Time
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"start_time", &start}, {"end_time", &end}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.ParseInLocation(dcsTimeLayout, v, time.UTC)
			if err != nil {
				return result{body: dcsBadParam(p.name, "must be yyyyMMddHHmmss (UTC)")}
			}
			*p.dst = t
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, e := s.lookupInstance(c.params["instance_id"])
	if e != nil {
		return result{body: e}
	}
	var matches []*bgTask
	for _, t := range inst.sorted() {
		created := t.CreatedAt.Truncate(time.Second)
		if (start.IsZero() || !created.Before(start)) && (end.IsZero() || !created.After(end)) {
			matches = append(matches, t)
		}
	}
	out := listBGTasksJSON{TaskCount: strconv.Itoa(len(matches)), Tasks: []bgTaskJSON{}}
	for i := offset; i < len(matches) && i < offset+limit; i++ {
		t := matches[i]
		out.Tasks = append(out.Tasks, bgTaskJSON{
			ID: t.ID, Name: t.Name, Details: t.Details, UserName: t.UserName, UserID: t.UserID, Params: t.Params,
			Status: t.Status, CreatedAt: dcsTime(t.CreatedAt), UpdatedAt: dcsTime(t.UpdatedAt),
			EnableShow: t.EnableShow,
		})
	}
	return ok(out)
}

// deleteBackgroundTask: DELETE /v2/{project_id}/instances/{instance_id}/tasks/{task_id}.
func (s *Server) deleteBackgroundTask(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, e := s.lookupInstance(c.params["instance_id"])
	if e != nil {
		return result{body: e}
	}
	id := c.params["task_id"]
	if !dcsIDPattern.MatchString(id) {
		return result{body: dcsError(http.StatusBadRequest, codeDCSBadTask, "Invalid task ID format: "+id)}
	}
	t := inst.tasks[id]
	if t == nil {
		return result{body: dcsError(http.StatusNotFound, codeDCSTaskNotFound, "The background task "+id+" does not exist on instance "+inst.id+".")}
	}
	if s.opts.DCSDeleteOnlyFinished && bgDeleteDenied[t.Status] {
		return result{body: dcsError(http.StatusBadRequest, codeDCSTaskState,
			"The background task "+id+" is "+t.Status+"; only finished tasks can be deleted.")}
	}
	delete(inst.tasks, id)
	if t.DeleteStatus == http.StatusNoContent {
		return result{status: http.StatusNoContent}
	}
	return ok(map[string]string{"message": ""})
}
