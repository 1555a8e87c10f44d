package fakecloud

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The speed-limit and configuration-setting sub-resources of a task, held to
// the SDK models SpeedLimit/SpeedLimitlJson and ConfigurationRequestBody/
// ConfigBody: unknown fields are refused, answers carry only model fields.

// maxSpeedPeriods is how many periods a schedule holds under
// Readings.StrictSpeedLimits; no page gives a number.
const maxSpeedPeriods = 5

// maxPeriodSpeed is the highest speed of a period (SpeedLimitlJson: 0-1000
// Mbit/s; the task-wide speed_limit goes to 10000).
const maxPeriodSpeed = 1000

// periodTime is a time of day of a period as the sources write it:
// SpeedLimitlJson says "XX:XX", the v1 examples write 0:00 and 24:00.
var periodTime = regexp.MustCompile(`^([0-9]{1,2}):([0-5][0-9])$`)

// strictPeriodTime is Readings.StrictSpeedLimits' form: HH:MM, 00:00-23:59.
var strictPeriodTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// periodMinutes is a period time in minutes after midnight, or -1 when it is
// not a time from 0:00 to 24:00 (or, strict, 00:00 to 23:59).
func periodMinutes(v *string, strict bool) int {
	if v == nil || (strict && !strictPeriodTime.MatchString(*v)) {
		return -1
	}
	m := periodTime.FindStringSubmatch(*v)
	if m == nil {
		return -1
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if t := h*60 + mm; t <= 24*60 {
		return t
	}
	return -1
}

// configKeys is the ConfigBody config_key enum.
var configKeys = []string{
	"MIGRATE_EXCLUDE_DIR", "SYNC_EXCLUDE_DIR", "ONLY_SYNC_DIR", "CONSISTENCY_DIR", "CONSISTENCY_DIR_ILLEGAL",
	"LINUX_BLOCK_COMPRESS_THREAD_NUM", "MIGRATE_DST_IP", "LINUX_BLOCK_CACHE_SIZE", "LINUX_CPU_LIMIT",
	"LINUX_MEM_LIMIT", "LINUX_IO_LIMIT", "NUM_PROCESS_MIGRATE", "NUM_PROCESS_SYNC", "CONSISTENCY_RECHECK",
	"CONSISTENCY_MODE", "DYNAMIC_PORT",
	// Not in the SDK enum, but in ConfigBody's own description of the key
	// ("whether to install the password reset plug-in", "true" by default).
	"INSTALL_PWD_AGENT",
}

// speedPeriod is SpeedLimitlJson, in requests and answers.
type speedPeriod struct {
	Start              *string  `json:"start"`
	End                *string  `json:"end"`
	Speed              *int     `json:"speed,omitempty"`
	OverSpeedThreshold *float64 `json:"over_speed_threshold,omitempty"`
}

// speedLimitBody is SpeedLimit (POST body) and ShowsSpeedLimitsResponse.
type speedLimitBody struct {
	SpeedLimit []speedPeriod `json:"speed_limit"`
}

// configItem is ConfigBody.
type configItem struct {
	ConfigKey    *string `json:"config_key"`
	ConfigValue  *string `json:"config_value"`
	ConfigStatus *string `json:"config_status,omitempty"`
}

// configurationBody is ConfigurationRequestBody.
type configurationBody struct {
	Configurations []configItem `json:"configurations"`
}

// configSettingJSON is ShowConfigSettingResponse.
type configSettingJSON struct {
	TaskID         string       `json:"task_id"`
	MigrateType    string       `json:"migrate_type"`
	Configurations []configItem `json:"configurations"`
}

// validate applies the sources' rules and, with strict
// (Readings.StrictSpeedLimits), the fake's own: at most maxSpeedPeriods
// periods, no overlaps, HH:MM within one day.
func (b *speedLimitBody) validate(strict bool) *apiError {
	if b.SpeedLimit == nil {
		return invalidParam("speed_limit", "is required")
	}
	if strict && len(b.SpeedLimit) > maxSpeedPeriods {
		return invalidParam("speed_limit", "at most %d periods", maxSpeedPeriods)
	}
	type span struct{ start, end int }
	spans := make([]span, 0, len(b.SpeedLimit))
	for i, p := range b.SpeedLimit {
		field := fmt.Sprintf("speed_limit[%d]", i)
		start, end := periodMinutes(p.Start, strict), periodMinutes(p.End, strict)
		if start < 0 {
			return invalidParam(field+".start", "must be a time of day as HH:MM")
		}
		if end < 0 {
			return invalidParam(field+".end", "must be a time of day as HH:MM")
		}
		// A period may cross midnight (end before start): no source says
		// otherwise; under strict reading end must follow start.
		if strict && start >= end {
			return invalidParam(field+".end", "must be after start")
		}
		if e := checkRange(field+".speed", p.Speed, 0, maxPeriodSpeed); e != nil {
			return e
		}
		// 0-100 percent: the speed-limit pages.
		if v := p.OverSpeedThreshold; v != nil && (*v < 0 || *v > 100) {
			return invalidParam(field+".over_speed_threshold", "must be between 0 and 100")
		}
		if strict {
			for j, q := range spans {
				if start < q.end && q.start < end {
					return invalidParam(field, "overlaps speed_limit[%d]", j)
				}
			}
		}
		spans = append(spans, span{start, end})
	}
	return nil
}

func (b *configurationBody) validate() *apiError {
	// Required (ConfigurationRequestBody), but may be empty: no source
	// asks for an item, and an empty list changes nothing.
	if b.Configurations == nil {
		return invalidParam("configurations", "is required")
	}
	for i, c := range b.Configurations {
		field := fmt.Sprintf("configurations[%d]", i)
		if c.ConfigKey == nil {
			return invalidParam(field+".config_key", "is required")
		}
		if e := checkEnum(field+".config_key", c.ConfigKey, configKeys...); e != nil {
			return e
		}
		if c.ConfigValue == nil {
			return invalidParam(field+".config_value", "is required")
		}
	}
	return nil
}

// showSpeedLimits: GET /v3/tasks/{task_id}/speed-limit.
func (s *Server) showSpeedLimits(c *call) result {
	return s.withTask(c, func(t *task) result {
		return ok(speedLimitBody{SpeedLimit: append([]speedPeriod{}, t.speedLimits...)})
	})
}

// updateSpeedLimits: POST /v3/tasks/{task_id}/speed-limit. The body replaces
// the schedule; an empty list removes it.
func (s *Server) updateSpeedLimits(c *call) result {
	var req speedLimitBody
	if e := decodeBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if e := req.validate(s.opts.StrictSpeedLimits); e != nil {
		return result{body: e}
	}
	return s.withTask(c, func(t *task) result {
		t.speedLimits = req.SpeedLimit
		return ok(struct{}{})
	})
}

// showConfigSetting: GET /v3/tasks/{task_id}/configuration-setting, with an
// optional config_key filter.
func (s *Server) showConfigSetting(c *call) result {
	key := c.r.URL.Query().Get("config_key")
	if key != "" && !slices.Contains(configKeys, key) {
		return result{body: invalidParam("config_key", "must be one of %s", strings.Join(configKeys, ", "))}
	}
	return s.withTask(c, func(t *task) result {
		out := configSettingJSON{TaskID: t.id, MigrateType: migrateType(t.cfg), Configurations: []configItem{}}
		for _, item := range t.configs {
			if key == "" || *item.ConfigKey == key {
				out.Configurations = append(out.Configurations, item)
			}
		}
		return ok(out)
	})
}

// updateConfigSetting: POST /v3/tasks/{task_id}/configuration-setting. Each
// item sets its key, other keys are kept. An empty value is stored as it is,
// or removes the key with Readings.EmptyConfigValueRemoves: no page says.
func (s *Server) updateConfigSetting(c *call) result {
	var req configurationBody
	if e := decodeBody(c.body, &req); e != nil {
		return result{body: e}
	}
	if e := req.validate(); e != nil {
		return result{body: e}
	}
	return s.withTask(c, func(t *task) result {
		for _, item := range req.Configurations {
			t.configs = slices.DeleteFunc(t.configs, func(old configItem) bool { return *old.ConfigKey == *item.ConfigKey })
			if *item.ConfigValue != "" || !s.opts.EmptyConfigValueRemoves {
				t.configs = append(t.configs, item)
			}
		}
		return ok(struct{}{})
	})
}

// migrateType is the ShowConfigSettingResponse migrate_type of a task.
func migrateType(cfg taskConfig) string {
	switch {
	case cfg.OSType == "WINDOWS":
		return "WINDOWS_MIGRATE_BLOCK"
	case cfg.Type == "MIGRATE_FILE":
		return "LINUX_MIGRATE_FILE"
	}
	return "LINUX_MIGRATE_BLOCK"
}

// settingsView is the task's sub-resources as the control API shows them.
func (t *task) settingsView() ([]SpeedPeriodView, map[string]string) {
	periods := make([]SpeedPeriodView, 0, len(t.speedLimits))
	for _, p := range t.speedLimits {
		periods = append(periods, SpeedPeriodView{Start: *p.Start, End: *p.End, Speed: p.Speed, OverSpeedThreshold: p.OverSpeedThreshold})
	}
	configs := make(map[string]string, len(t.configs))
	for _, c := range t.configs {
		configs[*c.ConfigKey] = *c.ConfigValue
	}
	return periods, configs
}
