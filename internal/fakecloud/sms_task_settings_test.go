package fakecloud

import (
	"net/http"
	"testing"
)

// With RequireTaskOptions, migration_test and skip run only on tasks created
// with need_migration_test and is_need_consistency_check; without the option
// any task may run them.
func TestRequireTaskOptions(t *testing.T) {
	strict := newEnv(t, Options{RequireTaskOptions: true})
	plain := strict.createTask("plain", nil)
	strict.action(plain, "migration_test").expectError(t, http.StatusBadRequest, codeSMSStateRefused)
	strict.mustAction(plain, "start")
	strict.clock.Advance(testTiming.Start + testTiming.Migrate/2)
	strict.action(plain, "skip").expectError(t, http.StatusBadRequest, codeSMSStateRefused)

	drill := strict.createTask("drill", map[string]any{"need_migration_test": true, "is_need_consistency_check": true})
	strict.mustAction(drill, "migration_test")

	lenient := newEnv(t, Options{})
	lenient.mustAction(lenient.createTask("any", nil), "migration_test")
}

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
