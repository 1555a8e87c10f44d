package smstask

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// maxWriteAttempts bounds how often writeOnce sends a request whose earlier
// attempts failed ambiguously and left no trace.
const maxWriteAttempts = 10

// writeOnce makes a call that is not idempotent (CreateTask,
// UpdateTaskStatus) so that it takes effect at most once. The client does
// not retry such a call after it may have reached the service; it reports
// sms.IsAmbiguous instead. Then writeOnce looks: when look finds the write's
// effect, its value is adopted; otherwise the request is sent again after a
// pause, up to maxWriteAttempts attempts. what names the call in the log.
func writeOnce[T any](ctx context.Context, c *sms.Client, what string,
	write func(context.Context) (T, error), look func(context.Context) (T, bool, error),
) (T, error) {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		v, err := write(ctx)
		if err == nil || !sms.IsAmbiguous(err) {
			return v, err
		}
		tflog.Warn(ctx, "the call failed ambiguously; looking whether it took effect", map[string]any{
			"call": what, "attempt": attempt, "error": err.Error(),
		})
		found, ok, lerr := look(ctx)
		if lerr != nil {
			return v, fmt.Errorf("%w; then looking whether it took effect anyway failed too: %w", err, lerr)
		}
		if ok {
			tflog.Info(ctx, "the ambiguous call took effect; carrying on with its result", map[string]any{"call": what})
			return found, nil
		}
		if attempt >= maxWriteAttempts {
			return v, fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		if perr := c.Poll().Pause(ctx, start); perr != nil {
			return v, fmt.Errorf("%w (%w)", err, perr)
		}
	}
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
// is none; after a refusal it looks the same way, and adopts that task when
// opts allow (adopted is true), or returns an *ExistingTaskError naming the
// task the source has. It returns the task's id.
func CreateTask(ctx context.Context, c *sms.Client, body *sms.CreateTaskRequest, opts CreateOptions) (id string, adopted bool, err error) {
	id, err = writeOnce(ctx, c, "CreateTask "+body.Name,
		func(ctx context.Context) (string, error) { return c.CreateTask(ctx, body) },
		func(ctx context.Context) (string, bool, error) {
			t, err := sourceTask(ctx, c, body.SourceServer.ID)
			if err != nil || t == nil || !isCreatedBy(t, body) {
				return "", false, err
			}
			return t.ID, true, nil
		})
	switch {
	case err == nil:
		return id, false, nil
	case sms.IsAmbiguous(err):
		return "", false, fmt.Errorf("%w. A task may exist: check the console, and import it rather than creating it again", err)
	case !refusedByService(err):
		return "", false, err
	}
	t, lerr := sourceTask(ctx, c, body.SourceServer.ID)
	if lerr != nil || t == nil {
		return "", false, err // the refusal has another reason
	}
	matches := isCreatedBy(t, body)
	if matches && opts.AdoptExisting {
		tflog.Warn(ctx, "the source server already has the task this create makes; adopting it", map[string]any{
			"task_id": t.ID, "source_server_id": body.SourceServer.ID, "state": t.State,
		})
		return t.ID, true, nil
	}
	return "", false, &ExistingTaskError{Task: *t, Matches: matches, Err: err}
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

// refusedByService reports a create the service answered with a refusal of
// its own (a 4xx other than throttling): the source may already have a task.
func refusedByService(err error) bool {
	e, ok := sms.AsError(err)
	return ok && e.StatusCode >= 400 && e.StatusCode < 500 && !sms.IsThrottled(err)
}
