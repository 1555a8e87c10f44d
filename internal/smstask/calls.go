package smstask

import (
	"context"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// The task calls that need no lifecycle of their own: each is one client
// call (with the client's own retries and nothing on top), here so that the
// provider reaches tasks through Service alone.

// ShowTaskOnce reads one task with one ShowTask call, for a caller that
// reports a failure instead of waiting it out (ShowTask goes on until ctx
// ends).
func (s *Service) ShowTaskOnce(ctx context.Context, id string) (*sms.Task, error) {
	return s.c.ShowTask(ctx, id)
}

// UpdateTask changes a task's settings.
func (s *Service) UpdateTask(ctx context.Context, id string, req *sms.UpdateTaskRequest) error {
	return s.c.UpdateTask(ctx, id, req)
}

// ListTasks returns every task f selects, following the pages.
func (s *Service) ListTasks(ctx context.Context, f sms.ListTasksFilter) ([]sms.Task, error) {
	return s.c.ListTasks(ctx, f)
}

// ListTasksPage returns one page of the tasks f selects.
func (s *Service) ListTasksPage(ctx context.Context, f sms.ListTasksFilter, limit, offset int) (*sms.TaskPage, error) {
	return s.c.ListTasksPage(ctx, f, limit, offset)
}

// EachTask streams the tasks f selects as their pages arrive, and returns
// how many pages it asked for.
func (s *Service) EachTask(ctx context.Context, f sms.ListTasksFilter, yield func(sms.Task) bool) (int, error) {
	return s.c.EachTask(ctx, f, yield)
}

// ShowSpeedLimits reads a task's speed-limit schedule.
func (s *Service) ShowSpeedLimits(ctx context.Context, id string) ([]sms.SpeedLimitPeriod, error) {
	return s.c.ShowSpeedLimits(ctx, id)
}

// UpdateSpeedLimits replaces a task's speed-limit schedule.
func (s *Service) UpdateSpeedLimits(ctx context.Context, id string, periods []sms.SpeedLimitPeriod) error {
	return s.c.UpdateSpeedLimits(ctx, id, periods)
}

// ShowConfigurations reads a task's configurations.
func (s *Service) ShowConfigurations(ctx context.Context, id string) (*sms.TaskConfigurations, error) {
	return s.c.ShowConfigurations(ctx, id)
}

// UpdateConfigurations sets (or, with an empty value, removes) a task's
// configurations.
func (s *Service) UpdateConfigurations(ctx context.Context, id string, items []sms.ConfigItem) error {
	return s.c.UpdateConfigurations(ctx, id, items)
}

// ShowPassphrase reads the passphrase of a task's transfer-channel
// certificate.
func (s *Service) ShowPassphrase(ctx context.Context, id string) (string, error) {
	return s.c.ShowPassphrase(ctx, id)
}

// ShowCertKey reads a task's certificates and keys; withCA also asks for
// the CA certificate.
func (s *Service) ShowCertKey(ctx context.Context, id string, withCA bool) (*sms.TaskCertKey, error) {
	return s.c.ShowCertKey(ctx, id, withCA)
}

// CollectLog asks a task's agent to upload the migration logs to bucket.
func (s *Service) CollectLog(ctx context.Context, id, bucket string) error {
	return s.c.CollectLog(ctx, id, bucket)
}

// ShowConsistencyResult reads a task's consistency check results.
func (s *Service) ShowConsistencyResult(ctx context.Context, id string) (*sms.ConsistencyResults, error) {
	return s.c.ShowConsistencyResult(ctx, id)
}

// ExportConsistencyResults exports the consistency check results of tasks
// as one file.
func (s *Service) ExportConsistencyResults(ctx context.Context, req sms.ExportConsistencyResultsRequest) ([]byte, error) {
	return s.c.ExportConsistencyResults(ctx, req)
}
