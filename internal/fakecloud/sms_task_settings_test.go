package fakecloud

import (
	"net/http"
	"testing"
)

// The settings sub-resources of a task that does not exist are a 404, like
// the task itself.
func TestTaskSettingsOfMissingTask(t *testing.T) {
	e := newEnv(t, Options{})
	for _, r := range []*response{
		e.send("GET", "/v3/tasks/0000aaaa-0000-4000-8000-00000000ffff/speed-limit", nil),
		e.send("POST", "/v3/tasks/0000aaaa-0000-4000-8000-00000000ffff/speed-limit", map[string]any{"speed_limit": []any{}}),
		e.send("GET", "/v3/tasks/0000aaaa-0000-4000-8000-00000000ffff/configuration-setting", nil),
		e.send("POST", "/v3/tasks/0000aaaa-0000-4000-8000-00000000ffff/configuration-setting",
			map[string]any{"configurations": []any{map[string]any{"config_key": "DYNAMIC_PORT", "config_value": "1"}}}),
	} {
		r.expectStatus(t, http.StatusNotFound)
	}
}
