package fakecloud

import (
	"net/http"
	"strings"
	"time"
)

// Deleting tasks: the deletion gate, DeleteTask and DeleteTasks (the batch).

// deletable applies the deletion gate in the reading Options.DeleteGate
// selects. A task whose delete was accepted (AfterDeletePrevious shows its
// old state meanwhile) is always accepted again, changing nothing.
func (s *Server) deletable(t *task) bool {
	if t.ph.kind == phDelete && t.state != StateDeleting {
		return true
	}
	if !t.src.connected {
		return true
	}
	switch s.opts.DeleteGate {
	case GateDenyList:
		return !deleteDenied[t.src.state]
	case GateAllowListLiteral:
		return deleteAllowed[t.src.state] && t.src.state != "waiting"
	}
	return deleteAllowed[t.src.state]
}

// startDelete applies an accepted delete as Options.AfterDelete says.
// Deleting a task already being deleted changes nothing.
func (s *Server) startDelete(t *task, now time.Time) {
	if t.state == StateDeleting || t.ph.kind == phDelete {
		return
	}
	prevState, prevSource := t.state, t.src.state
	s.clearPhase(t, now)
	t.net = netCheck{}
	switch s.opts.AfterDelete {
	case AfterDeleteGone:
		s.removeTask(t)
		return
	case AfterDeletePrevious:
		// state and source state stay as they were until the task vanishes
	default:
		t.state = StateDeleting
		t.src.setState("deleting")
	}
	s.setPhase(t, phDelete, now, s.timing.Delete, -1)
	t.ph.prevState, t.ph.prevSource = prevState, prevSource
}

// gateRefusal answers a delete the gate refuses, as Options.DeleteRefusal
// says, naming the ids in error_param when named is true. The 403 reading
// does not use SMS.9004: that code is the documented "no permission", which
// the provider reports at once instead of waiting for the gate.
func (s *Server) gateRefusal(ids []string, named bool) *apiError {
	list := strings.Join(ids, ", ")
	params := ids
	if !named {
		params = nil
	}
	switch s.opts.DeleteRefusal {
	case RefusalOtherCode:
		return smsError(http.StatusBadRequest, codeSMSStateRefused,
			"The tasks cannot be deleted in their current state ("+list+").", params...)
	case RefusalForbidden:
		return smsError(http.StatusForbidden, codeSMSStateRefused,
			"The tasks cannot be deleted while their source server agent is connected and busy ("+list+").", params...)
	}
	return smsError(http.StatusBadRequest, codeSMSDeleteRefused,
		"Tasks that are running or stopping cannot be deleted: the source server agent is connected and the source server is busy ("+
			list+").", params...)
}

// deleteTask: DELETE /v3/tasks/{task_id}.
func (s *Server) deleteTask(c *call) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	t, e := s.lookupTask(c.params["task_id"], now)
	if e != nil {
		return result{body: e}
	}
	if !s.deletable(t) {
		return result{body: s.gateRefusal([]string{t.id}, true)}
	}
	s.startDelete(t, now)
	return ok(struct{}{})
}

// deleteTasks: POST /v3/tasks/delete. Every id is checked before any task is
// touched; Options.BatchDelete says what becomes of a batch with refused or
// unknown ids.
func (s *Server) deleteTasks(c *call) result {
	ids, e := s.batchIDs(c.body, "task")
	if e != nil {
		return result{body: e}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	s.advanceAll(now)
	var unknown, refused []string
	for _, id := range ids {
		switch t := s.tasks[id]; {
		case t == nil:
			unknown = addOnce(unknown, id)
		case !s.deletable(t):
			refused = addOnce(refused, id)
		}
	}
	del, e := s.batchOutcome(ids, unknown, refused, "migration tasks", s.gateRefusal)
	if e != nil {
		return result{body: e}
	}
	for _, id := range del {
		if t := s.tasks[id]; t != nil { // gone already when AfterDeleteGone met it twice
			s.startDelete(t, now)
		}
	}
	return ok(struct{}{})
}
