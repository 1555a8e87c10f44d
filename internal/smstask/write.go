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

// CreateTask sends CreateTask so that at most one task comes of it: after an
// ambiguous failure it looks for a task of the same source server with the
// same name and adopts it, and only sends the request again when there is
// none. It returns the task's id.
func CreateTask(ctx context.Context, c *sms.Client, body *sms.CreateTaskRequest) (string, error) {
	id, err := writeOnce(ctx, c, "CreateTask "+body.Name,
		func(ctx context.Context) (string, error) { return c.CreateTask(ctx, body) },
		func(ctx context.Context) (string, bool, error) {
			tasks, err := c.ListTasks(ctx, sms.ListTasksFilter{SourceServerID: body.SourceServer.ID})
			if err != nil {
				return "", false, fmt.Errorf("listing the tasks of source server %s: %w", body.SourceServer.ID, err)
			}
			for _, t := range tasks {
				if t.Name == body.Name && t.SourceServer.ID == body.SourceServer.ID {
					return t.ID, true, nil
				}
			}
			return "", false, nil
		})
	if err != nil && sms.IsAmbiguous(err) {
		return "", fmt.Errorf("%w. A task may exist: check the console, and import it rather than creating it again", err)
	}
	return id, err
}
