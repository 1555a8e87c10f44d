package smstask

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// maxWriteAttempts bounds how often writeOnce sends a request whose earlier
// attempts failed ambiguously and left no trace.
const maxWriteAttempts = 10

// writeOnce makes a call that is not idempotent (CreateTask,
// UpdateTaskStatus) so that it takes effect at most once: the provider's one
// way to recover an ambiguous write. The client does not retry such a call
// after it may have reached the service; it reports sms.IsAmbiguous instead.
// Then writeOnce looks: when look finds the write's effect, its value is
// adopted; otherwise the request is sent again after a pause, up to
// maxWriteAttempts attempts. what names the call in the log.
func writeOnce[T any](ctx context.Context, c *sms.Client, what string,
	write func(context.Context) (T, error), look func(context.Context) (T, bool, error),
) (T, error) {
	var v T
	attempt := 0
	err := c.Poll().Poll(ctx, func(ctx context.Context, _ time.Duration) (bool, error) {
		attempt++
		var err error
		v, err = write(ctx)
		if err == nil || !sms.IsAmbiguous(err) {
			return true, err
		}
		tflog.Warn(ctx, "the call failed ambiguously; looking whether it took effect", map[string]any{
			"call": what, "attempt": attempt, "error": err.Error(),
		})
		found, ok, lerr := look(ctx)
		switch {
		case lerr != nil:
			return false, fmt.Errorf("%w; then looking whether it took effect anyway failed too: %w", err, lerr)
		case ok:
			tflog.Info(ctx, "the ambiguous call took effect; carrying on with its result", map[string]any{"call": what})
			v = found
			return true, nil
		case attempt >= maxWriteAttempts:
			return false, fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		return false, nil
	})
	return v, err
}

// CreateOptions tune CreateTask.
type CreateOptions struct {
	// AdoptExisting adopts the task a source server already has when it is
	// the one this create would make: same source, name and type. That is
	// the task of an apply that was interrupted after the service accepted
	// its create and before Terraform recorded it.
	AdoptExisting bool
}

// ExistingTaskError is a create refused because the source server already
// has a task that CreateTask did not adopt: another task (Matches false),
// or the same one with adoption turned off.
type ExistingTaskError struct {
	Task    sms.Task
	Matches bool  // same source, name and type as the create
	Err     error // the create's refusal
}

func (e *ExistingTaskError) Error() string {
	what := "another task"
	if e.Matches {
		what = "a task with this name and type (adoption is turned off)"
	}
	return fmt.Sprintf("source server %s already has %s: %s (%q, %s, state %s); the create was refused: %v",
		e.Task.SourceServer.ID, what, e.Task.ID, e.Task.Name, e.Task.Type, e.Task.State, e.Err)
}

func (e *ExistingTaskError) Unwrap() error { return e.Err }

// CreateTask sends CreateTask so that at most one task comes of it, and so
// that a create the service accepted earlier is found again: after an
// ambiguous failure it looks for the source server's task with the same
// name and type and adopts it, and only sends the request again when there
// is none. After a refusal it looks the same way:
//   - the source's task is being deleted (DELETING; a destroy that was cut
//     short, or another user): it waits for that task to leave, by its own
//     404 or by coming back, then sends the create again (so it does when
//     the source has no task any more: it may have left meanwhile);
//   - the source has the task this create would make: adopted when opts
//     allow (adopted is true);
//   - otherwise an *ExistingTaskError names the task the source has.
//
// A task on its way out is never adopted. It returns the task's id.
func (s *Service) CreateTask(ctx context.Context, body *sms.CreateTaskRequest, opts CreateOptions) (id string, adopted bool, err error) {
	freed := false // the source was found free after a refusal, and the create sent again
	lerr := wait.Loop(ctx, nil, func(ctx context.Context) (wait.Round, error) {
		var again bool
		id, adopted, again, err = s.createOnce(ctx, body, opts, &freed)
		return wait.Round{Done: !again}, nil
	})
	return id, adopted, cmp.Or(err, lerr)
}

// createOnce is one pass of CreateTask; again says to send the create once
// more (the source's task left, or is gone now).
func (s *Service) createOnce(ctx context.Context, body *sms.CreateTaskRequest, opts CreateOptions, freed *bool) (id string, adopted, again bool, err error) {
	c := s.c
	id, err = writeOnce(ctx, c, "CreateTask "+body.Name,
		func(ctx context.Context) (string, error) { return c.CreateTask(ctx, body) },
		func(ctx context.Context) (string, bool, error) {
			t, err := sourceTask(ctx, c, body.SourceServer.ID)
			if err != nil || t == nil || !isCreatedBy(t, body) || t.State == sms.TaskStateDeleting {
				return "", false, err
			}
			return t.ID, true, nil
		})
	switch {
	case err == nil:
		return id, false, false, nil
	case sms.IsAmbiguous(err):
		return "", false, false, fmt.Errorf("%w. A task may exist: check the console, and import it rather than creating it again", err)
	case !sms.IsRefusal(err):
		return "", false, false, err
	}
	t, lerr := sourceTask(ctx, c, body.SourceServer.ID)
	switch {
	case lerr != nil:
		return "", false, false, err
	case t == nil && !*freed:
		// The source's task left between the refusal and the listing (a
		// deletion that just ended): try once more.
		*freed = true
		return "", false, true, nil
	case t == nil:
		return "", false, false, err // the refusal has another reason
	case t.State == sms.TaskStateDeleting:
		tflog.Info(ctx, "the source server's task is being deleted; waiting for it to be gone before creating", map[string]any{
			"task_id": t.ID, "source_server_id": body.SourceServer.ID,
		})
		if werr := s.waitLeaves(ctx, t.ID); werr != nil {
			return "", false, false, fmt.Errorf("source server %s still has task %s, which is being deleted (DELETING), and the create "+
				"waits for it to be gone: %w. Apply again once it is gone, or raise the create timeout", body.SourceServer.ID, t.ID, werr)
		}
		return "", false, true, nil
	}
	matches := isCreatedBy(t, body)
	if matches && opts.AdoptExisting {
		tflog.Warn(ctx, "the source server already has the task this create makes; adopting it", map[string]any{
			"task_id": t.ID, "source_server_id": body.SourceServer.ID, "state": t.State,
		})
		return t.ID, true, false, nil
	}
	return "", false, false, &ExistingTaskError{Task: *t, Matches: matches, Err: err}
}

// waitLeaves waits until a task that is being deleted is gone (its own
// 404) or back in another state (its deletion failed).
func (s *Service) waitLeaves(ctx context.Context, id string) error {
	const gone, back = "gone", "back"
	_, err := wait.For(ctx, wait.Spec[*sms.Task]{
		Pending: []string{sms.TaskStateDeleting},
		Target:  []string{gone, back},
		Refresh: func(ctx context.Context) (*sms.Task, string, error) {
			t, err := s.c.ShowTask(ctx, id)
			switch {
			case sms.IsNotFound(err):
				return nil, gone, nil
			case err != nil:
				return nil, "", err
			case t.State == sms.TaskStateDeleting:
				return t, t.State, nil
			}
			return t, back, nil
		},
		Transient: sms.IsTransient,
		Policy:    s.c.Poll(),
	})
	return err
}

// sourceTask is the task a source server has (a source has at most one), or
// nil. The listing covers every enterprise project: the task may have been
// moved out of the default one.
func sourceTask(ctx context.Context, c *sms.Client, sourceID string) (*sms.Task, error) {
	tasks, err := c.ListTasks(ctx, sms.ListTasksFilter{SourceServerID: sourceID, EnterpriseProjectID: sms.AllEnterpriseProjects})
	if err != nil {
		return nil, fmt.Errorf("listing the tasks of source server %s: %w", sourceID, err)
	}
	for _, t := range tasks {
		if t.SourceServer.ID == sourceID {
			return &t, nil
		}
	}
	return nil, nil
}

// isCreatedBy tells whether t is the task a create body makes: the same
// source server, name and type.
func isCreatedBy(t *sms.Task, body *sms.CreateTaskRequest) bool {
	return t.SourceServer.ID == body.SourceServer.ID && t.Name == body.Name && t.Type == body.Type
}
