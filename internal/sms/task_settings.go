package sms

import (
	"context"
	"errors"
	"net/http"
)

// MaxSpeedLimitPeriods is how many periods a task's speed-limit schedule
// holds at most.
const MaxSpeedLimitPeriods = 5

// Limits of one speed-limit period (SpeedLimitlJson): speed in Mbit/s and
// the over-speed threshold in percent.
const (
	MaxPeriodSpeed        = 1000
	MaxOverSpeedThreshold = 100
)

// SpeedLimitPeriod is one period of a task's speed-limit schedule. Start and
// End are "HH:MM".
type SpeedLimitPeriod struct {
	Start              string   `json:"start"`
	End                string   `json:"end"`
	Speed              *int     `json:"speed,omitempty"`
	OverSpeedThreshold *float64 `json:"over_speed_threshold,omitempty"`
}

// Configuration keys of the configuration-setting endpoints (ConfigBody).
var ConfigKeys = []string{
	"MIGRATE_EXCLUDE_DIR", "SYNC_EXCLUDE_DIR", "ONLY_SYNC_DIR", "CONSISTENCY_DIR", "CONSISTENCY_DIR_ILLEGAL",
	"LINUX_BLOCK_COMPRESS_THREAD_NUM", "MIGRATE_DST_IP", "LINUX_BLOCK_CACHE_SIZE", "LINUX_CPU_LIMIT",
	"LINUX_MEM_LIMIT", "LINUX_IO_LIMIT", "NUM_PROCESS_MIGRATE", "NUM_PROCESS_SYNC", "CONSISTENCY_RECHECK",
	"CONSISTENCY_MODE", "DYNAMIC_PORT",
}

// TaskConfigurations is the answer of GET /v3/tasks/{id}/configuration-setting.
type TaskConfigurations struct {
	TaskID         string       `json:"task_id"`
	MigrateType    string       `json:"migrate_type"` // WINDOWS_MIGRATE_BLOCK, LINUX_MIGRATE_FILE, LINUX_MIGRATE_BLOCK
	Configurations []ConfigItem `json:"configurations"`
}

// ShowSpeedLimits reads a task's speed-limit schedule
// (GET /v3/tasks/{id}/speed-limit).
func (c *Client) ShowSpeedLimits(ctx context.Context, id string) ([]SpeedLimitPeriod, error) {
	path, err := taskPath(id, "/speed-limit")
	if err != nil {
		return nil, err
	}
	var out struct {
		SpeedLimit []SpeedLimitPeriod `json:"speed_limit"`
	}
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return nil, err
	}
	return out.SpeedLimit, nil
}

// UpdateSpeedLimits replaces a task's speed-limit schedule
// (POST /v3/tasks/{id}/speed-limit); an empty list removes it. Setting the
// same schedule twice has the same effect, so it is retried like a read.
func (c *Client) UpdateSpeedLimits(ctx context.Context, id string, periods []SpeedLimitPeriod) error {
	path, err := taskPath(id, "/speed-limit")
	if err != nil {
		return err
	}
	if len(periods) > MaxSpeedLimitPeriods {
		return errors.New("UpdateSpeedLimits: at most 5 periods")
	}
	body := struct {
		SpeedLimit []SpeedLimitPeriod `json:"speed_limit"`
	}{SpeedLimit: append([]SpeedLimitPeriod{}, periods...)}
	return c.do(ctx, request{method: http.MethodPost, path: path, body: body, idempotent: true}, nil)
}

// ShowConfigurations reads a task's advanced settings
// (GET /v3/tasks/{id}/configuration-setting).
func (c *Client) ShowConfigurations(ctx context.Context, id string) (*TaskConfigurations, error) {
	path, err := taskPath(id, "/configuration-setting")
	if err != nil {
		return nil, err
	}
	var out TaskConfigurations
	if err := c.do(ctx, request{method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateConfigurations sets a task's advanced settings
// (POST /v3/tasks/{id}/configuration-setting). Keys not in items keep their
// value; an item with an empty value removes its key.
func (c *Client) UpdateConfigurations(ctx context.Context, id string, items []ConfigItem) error {
	path, err := taskPath(id, "/configuration-setting")
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errors.New("UpdateConfigurations: no configurations to set")
	}
	body := struct {
		Configurations []ConfigItem `json:"configurations"`
	}{items}
	return c.do(ctx, request{method: http.MethodPost, path: path, body: body, idempotent: true}, nil)
}
