package smstask

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Deleting a task follows one table of rules, whichever path asked for it:
// the destroy of a huaweicloud_sms_task (Service.Delete, which shares its
// calls with the other deletes of the same provider running at the same
// time) and the batch delete resource and action (Service.DeleteMany). Both
// run the same engine (engine.go) and send the same way (send.go); they
// differ only where a line below says "path:".
//
//	what is seen of the task                 what the engine does
//	---------------------------------------  ----------------------------------------------
//	its own ShowTask answers SMS's 404       gone: the only proof (sms.IsNotFound). A batch's
//	                                         200 or 404, a listing that lacks it, any other
//	                                         404 prove nothing.
//	nothing yet                              path: Delete sends at once (the state says the
//	                                         task exists); DeleteMany reads it first, to
//	                                         report the ids that were gone already.
//	DELETING                                 on its way out: wait for the 404.
//	DELETING before, now another state       the deletion failed: send again, at most
//	                                         maxDeletionFailures times, then give up.
//	busy (stoppable, the gate may refuse it)  stop it first, once, when asked (StopRunning).
//	the gate refuses it in every reading     wait: sending would only be refused.
//	accepted twice since it was last seen   wait: the service keeps the earlier state
//	  DELETING, in another state              until the 404 (a first acceptance is sent
//	                                         again: a batch may have skipped the id).
//	anything else                            send the delete.
//
//	what the service answers                 what the engine does
//	---------------------------------------  ----------------------------------------------
//	the delete is accepted                   read the task at once.
//	the delete may be the gate's refusal     read it afresh: gone, done; DELETING, in a state
//	  (sms.MayBeDeleteRefusal)               the gate may refuse, or changed since it was
//	                                         sent, the gate: wait and send again; otherwise
//	                                         a real error: give up.
//	the batch's 404 names it                 read it: its own read decides.
//	a transient failure (sms.IsTransient)    read it again, then decide again.
//	anything else (no permission...)         give up with that error.
//	the stop is accepted                     never sent again.
//	the stop is refused                      read it: no longer busy (stopping, stopped,
//	                                         finished), carry on; still busy, give up with
//	                                         the refusal (waiting would not stop it).
//	the stop fails transiently or            read, then decide again.
//	  ambiguously
//	the stop is not permitted (SMS.9004)     give up with that error.
//	a read fails transiently                 read again on the next round.
//	a read fails otherwise                   give up with that error.
//	the caller's deadline                    report the last state seen (or that no read
//	                                         succeeded), whether a delete was accepted, the
//	                                         failed deletions and the last error.

// maxDeletionFailures is how many accepted deletions of one task may come
// back (DELETING, then the task's earlier state again) before its delete
// gives up and reports it.
const maxDeletionFailures = 3

// stoppable states accept the stop operation.
var stoppable = []string{sms.TaskStateRunning, sms.TaskStateSyncing, sms.TaskStateSkipping}

// DeleteOptions tune Delete and DeleteMany.
type DeleteOptions struct {
	// StopRunning says to stop a busy task first (operation stop) instead of
	// only waiting for it to become deletable. The provider exposes it as
	// stop_on_destroy on a task and stop_running on the batch delete.
	StopRunning bool
}

// deletion is what the engine knows of one task it deletes, and the rules
// above applied to it. The engine's goroutine alone changes it, under the
// engine's lock.
type deletion struct {
	id    string
	opts  DeleteOptions
	since time.Time // when the engine took it

	last     *sms.Task // as last seen; nil until a read succeeded
	byID     bool      // last came from ShowTask (a listing item has no agent link)
	sentAs   *sms.Task // last when the latest delete was sent
	sentByID bool      // sentAs came from ShowTask (its agent link is known)
	// links are the agent links ShowTask showed, by (task state, source
	// state), each good for linkTTL: a listing item lacks the link.
	links   map[[2]string]agentLink
	linkTTL time.Duration

	accepted    bool // the service accepted a delete of it (or may have applied one)
	unseen      int  // accepted deletes since it was last seen DELETING (or came back)
	sawDeleting bool // seen DELETING since the latest accepted delete
	failures    int  // accepted deletions that came back
	stopped     bool // stop was sent and answered (accepted or refused)
	stopErr     error
	refusal     error // a possible gate refusal, for the next read by ID to settle
	readErr     error // the last read's failure, until a read succeeds
	lastErr     error

	// What the next round does with it.
	send     bool      // send the delete
	sent     bool      // a delete was sent at least once
	stop     bool      // send stop
	mustRead bool      // the next read must be by ID (a refusal to settle)
	due      time.Time // read it no earlier than this
	group    *sendGroup
	presumed bool // presumed DELETING like the rest of its batch, not read since

	gone bool  // proven gone
	err  error // given up: a definite failure
	done chan struct{}
}

// agentLink is a task's agent link as a read by ID showed it.
type agentLink struct {
	connected bool
	seen      time.Time
}

// sendGroup is the tasks one accepted batch call carried: one of them is read
// first, and the others only once it shows how this service deletes.
type sendGroup struct {
	probed   bool // one member was read after the call
	deleting bool // that member showed DELETING: the others are presumed so
}

// newDeletion starts the deletion of a task: sent at once, or read first
// (readFirst, see the table).
func newDeletion(id string, opts DeleteOptions, now time.Time, readFirst bool) *deletion {
	return &deletion{id: id, opts: opts, since: now, due: now, send: !readFirst, done: make(chan struct{})}
}

func (d *deletion) decided() bool { return d.gone || d.err != nil }

// firstSend tells a task whose first delete is still to go out.
func (d *deletion) firstSend() bool { return d.send && !d.sent }

// observeGone records the task's own 404.
func (d *deletion) observeGone() {
	d.gone, d.send, d.stop, d.presumed = true, false, false, false
}

// needsAgentLink tells whether deciding about a listed task needs its agent
// link, which only ShowTask shows: a source state outside the gate's allow
// list in which the task is busy or the gate refuses it when connected.
func needsAgentLink(t *sms.Task) bool {
	if t.State == sms.TaskStateDeleting || slices.Contains(allowedSourceStates, sourceState(t)) {
		return false
	}
	return slices.Contains(deniedSourceStates, sourceState(t)) || slices.Contains(stoppable, t.State)
}

// observe applies the table to the task as read (byID: with ShowTask, else
// from a listing). It reports false when the listing is not enough and the
// task must be read by ID before anything is decided.
func (d *deletion) observe(t *sms.Task, byID bool) bool {
	key := [2]string{t.State, sourceState(t)}
	if byID {
		if d.links == nil {
			d.links = map[[2]string]agentLink{}
		}
		d.links[key] = agentLink{connected: t.Connected, seen: time.Now()}
	} else {
		if d.refusal != nil {
			return false // only a fresh read settles a refusal
		}
		if l, ok := d.links[key]; ok && time.Since(l.seen) < d.linkTTL {
			cp := *t
			cp.Connected = l.connected
			t, byID = &cp, true
		} else if needsAgentLink(t) {
			return false
		}
	}
	d.last, d.byID, d.mustRead, d.presumed, d.readErr = t, byID, false, false, nil
	d.send, d.stop = false, false

	if d.refusal != nil {
		refusal := d.refusal
		d.refusal = nil
		if t.State != sms.TaskStateDeleting && !GateMayRefuse(t) && d.sentAs != nil && unchangedForTheGate(d.sentAs, d.sentByID, t) {
			// Deletable in every reading, and so it was when it was
			// refused: not the gate.
			d.err = d.failure(refusal)
			return true
		}
		d.lastErr = refusal
	}
	switch {
	case t.State == sms.TaskStateDeleting:
		d.sawDeleting, d.unseen = true, 0
		return true
	case d.sawDeleting:
		// DELETING, then back: the deletion failed.
		d.failures++
		d.sawDeleting, d.unseen = false, 0
		if d.failures >= maxDeletionFailures {
			d.err = d.failure(nil)
			return true
		}
	}
	switch {
	case d.unseen >= 2:
		// wait: the service keeps the earlier state until the 404
	case Busy(t) && d.stopErr != nil:
		// The stop was refused and the task still runs.
		d.err = d.failure(d.stopErr)
	case Busy(t) && d.opts.StopRunning && !d.stopped:
		d.stop = true
	case GateRefuses(t):
		// wait: sending would only be refused
	default:
		d.send = true
	}
	return true
}

// readFailed records a read by ID that failed with something other than
// the task's 404.
func (d *deletion) readFailed(err error) {
	d.readErr = err
	if sms.IsTransient(err) {
		return
	}
	d.err = d.failure(err)
}

// answerDelete records what the service answered to a delete of the task.
func (d *deletion) answerDelete(err error) {
	d.send, d.sent = false, true
	d.sentAs, d.sentByID = d.last, d.byID
	switch {
	case err == nil:
		d.accepted = true
		d.unseen++
		d.lastErr = nil
	case sms.IsNotFound(err):
		// A batch's 404 naming it: only its own read tells.
		d.mustRead = true
	case sms.MayBeDeleteRefusal(err):
		d.refusal, d.mustRead = err, true
	case sms.IsTransient(err):
		d.lastErr = err
		if mayHaveApplied(err) {
			d.accepted = true
		}
	default:
		d.err = d.failure(err)
	}
}

// answerStop records what the service answered to the stop operation.
func (d *deletion) answerStop(err error) {
	d.stop = false
	switch {
	case err == nil:
		d.stopped = true
	case sms.IsPermissionDenied(err):
		d.err = d.failure(err)
	case sms.IsAmbiguous(err) || sms.IsTransient(err):
		// Maybe sent, maybe not: the next read tells, and a second stop of
		// a stopping task is only refused.
		d.lastErr = err
	default:
		// Refused: most likely no longer running (the pages document
		// SMS.1038 for that, with no current code, so any code is taken
		// for it); the next read tells. Not sent again.
		d.stopped, d.stopErr, d.mustRead = true, err, true
	}
}

// failure describes where the task stands, with cause as the error that
// ended the delete (nil: the rules gave up, or the deadline came).
func (d *deletion) failure(cause error) *DeleteError {
	de := &DeleteError{TaskID: d.id, Seen: d.last != nil, Accepted: d.accepted, Failures: d.failures,
		StopRunning: d.opts.StopRunning, Stopped: d.stopped, StopErr: d.stopErr, ReadErr: d.readErr, Err: cmp.Or(cause, d.refusal, d.lastErr)}
	if de.Err == d.readErr {
		de.ReadErr = nil // said once
	}
	if t := d.last; t != nil {
		de.State, de.SourceState, de.Connected, de.AgentLinkKnown = t.State, sourceState(t), t.Connected, d.byID
		de.GateRefused = d.failures == 0 && t.State != sms.TaskStateDeleting && GateMayRefuse(t)
	}
	return de
}

// DeleteError reports a task that could not be deleted: what was last seen
// of it and why it is still there.
type DeleteError struct {
	TaskID string
	// Seen is false when no read of the task succeeded; the fields below
	// describing the task are then empty.
	Seen        bool
	State       string // task state when the delete gave up
	SourceState string
	Connected   bool
	// AgentLinkKnown is false when the task was last seen in a listing,
	// which does not show whether its agent is connected.
	AgentLinkKnown bool
	// GateRefused is true when the task, as last seen, was one the
	// service's deletion gate may refuse (agent connected, source state
	// outside the documented allow list).
	GateRefused bool
	// Accepted is true when the service accepted a deletion of the task
	// that had not ended in its 404 yet.
	Accepted bool
	// Failures counts the accepted deletions that came back.
	Failures int
	// StopRunning, Stopped and StopErr say whether stopping the task was
	// asked for, sent, and refused.
	StopRunning, Stopped bool
	StopErr              error
	// ReadErr is the last read's failure when no read succeeded since.
	ReadErr error
	Err     error // the last error seen (API error, deadline)
}

// Error says why the task is still there: what was last seen of it first,
// then what the service did with its deletion, the gate, the stop, and the
// last error. Like OperationError it leaves out the task id, which the
// caller's context names.
func (e *DeleteError) Error() string {
	var b strings.Builder
	if !e.Seen {
		b.WriteString("no read of the task succeeded, so where it stands is unknown")
	} else {
		link := fmt.Sprintf("agent connected %t", e.Connected)
		if !e.AgentLinkKnown {
			link = "agent link not shown by the listing"
		}
		fmt.Fprintf(&b, "the task stayed in state %s (source state %s, %s)", e.State, e.SourceState, link)
	}
	switch {
	case e.Failures > 0:
		fmt.Fprintf(&b, "; the service accepted its deletion %d time(s), showed it DELETING, then put it back in state %s", e.Failures, e.State)
	case e.Accepted && e.State == sms.TaskStateDeleting:
		b.WriteString("; the service accepted its deletion and showed it DELETING, but it was not gone yet")
	case e.Accepted:
		b.WriteString("; the service accepted its deletion but still showed the task")
	}
	if e.GateRefused {
		b.WriteString("; the service may refuse to delete a task while its agent is connected and its source is not stopped, finished, in error or unavailable")
		switch {
		case !slices.Contains(stoppable, e.State):
			b.WriteString("; a task in this state cannot be stopped, so it must finish first")
		case !e.StopRunning:
			b.WriteString("; stopping running tasks was not requested")
		case e.StopErr != nil:
			fmt.Fprintf(&b, "; the stop was refused (%v)", e.StopErr)
		case e.Stopped:
			b.WriteString("; stop was sent but the task had not stopped yet")
		default:
			b.WriteString("; stop could not be sent")
		}
	}
	if ae, ok := sms.AsError(e.Err); ok && ae.Code != "" {
		fmt.Fprintf(&b, "; last error: HTTP %d, code %s: %s", ae.StatusCode, ae.Code, ae.Message)
		if ae.RequestID != "" {
			fmt.Fprintf(&b, " (request id %s)", ae.RequestID)
		}
		if sms.IsPermissionDenied(ae) {
			b.WriteString("; grant the credentials the IAM permission this message names, then destroy again")
		}
	} else if e.Err != nil && !e.GateRefused {
		b.WriteString("; " + e.Err.Error())
	}
	if e.ReadErr != nil {
		fmt.Fprintf(&b, "; the last read of the task failed: %v", e.ReadErr)
	}
	return b.String()
}

func (e *DeleteError) Unwrap() error { return e.Err }

// unchangedForTheGate tells whether what the gate looks at (task state,
// source state, agent link) is known to be the same in an earlier read a
// (aByID: a ShowTask answer) and a read by ID now. A listing does not show
// the agent link, so from a listing only a source state every reading
// accepts whatever the link proves the gate had no say.
func unchangedForTheGate(a *sms.Task, aByID bool, now *sms.Task) bool {
	if a.State != now.State || sourceState(a) != sourceState(now) {
		return false
	}
	if aByID {
		return a.Connected == now.Connected
	}
	return slices.Contains(allowedSourceStates, sourceState(a))
}

// mayHaveApplied tells whether a failed delete call could still have been
// carried out: a server error, or no answer at all, after the request left.
// Throttling and a foreign 404 never reached the service.
func mayHaveApplied(err error) bool {
	if sms.IsThrottled(err) || sms.IsForeignNotFound(err) {
		return false
	}
	if e, ok := sms.AsError(err); ok {
		return e.StatusCode >= 500
	}
	return err != nil
}
