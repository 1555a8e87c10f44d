package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Terraform's first promise: state never forgets a task that exists. The
// pages leave open how the batch delete treats ids it cannot delete, what a
// deleted task shows before its 404, whether a deletion can fail, and which
// enterprise projects a listing without enterprise_project_id covers. Under
// each reading, a destroy that succeeds has removed from state only tasks
// that answer 404, and one that fails keeps every task that does not.

// apiReading is one reading of the API as options of the fake.
type apiReading struct {
	name string
	set  func(*fakecloud.Options)
	// enterpriseProject puts the sources, and so their tasks, in this
	// enterprise project instead of the default one.
	enterpriseProject string
}

func deleteReadings() []apiReading {
	return []apiReading{
		{name: "batch_names_refused_ids", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchAllOrNothingNamed }},
		{name: "batch_names_none", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchAllOrNothingUnnamed }},
		{name: "batch_partial", set: func(o *fakecloud.Options) { o.BatchDelete = fakecloud.BatchPartial }},
		{name: "batch_partial_404_at_once", set: func(o *fakecloud.Options) {
			o.BatchDelete, o.AfterDelete = fakecloud.BatchPartial, fakecloud.AfterDeleteGone
		}},
		{name: "batch_partial_earlier_state", set: func(o *fakecloud.Options) {
			o.BatchDelete, o.AfterDelete = fakecloud.BatchPartial, fakecloud.AfterDeletePrevious
		}},
		{name: "listing_scoped_other_project", set: func(o *fakecloud.Options) { o.ListScope = fakecloud.ListScopeDefaultProject },
			enterpriseProject: "ep-migration-wave"},
		{name: "listing_all_other_project", set: func(o *fakecloud.Options) { o.ListScope = fakecloud.ListScopeAll },
			enterpriseProject: "ep-migration-wave"},
	}
}

// seedWave seeds n sources, in enterprise project ep when set.
func seedWave(c *testCloud, n int, ep string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = c.SeedSource(fakecloud.SourceSpec{Name: fmt.Sprintf("wave-%03d", i), EnterpriseProjectID: ep}).ID
	}
	return ids
}

// seedWaveTasks seeds 12 tasks in enterprise project ep (when set) and
// makes every fourth one RUNNING; it returns all ids and the running ones.
func seedWaveTasks(t *testing.T, c *testCloud, ep string) (ids, running []string) {
	t.Helper()
	ids = taskIDs(c.SeedTasks(12, fakecloud.TaskSpec{Name: "wave", EnterpriseProjectID: ep}))
	running = runningOf(ids)
	for _, id := range running {
		state := fakecloud.StateRunning
		if _, err := c.SetTask(id, fakecloud.TaskPatch{State: &state}); err != nil {
			t.Fatal(err)
		}
	}
	return ids, running
}

// runningOf picks every fourth task (3 of 12): the ones a test starts.
func runningOf(ids []string) []string {
	var out []string
	for i, id := range ids {
		if i%4 == 1 {
			out = append(out, id)
		}
	}
	return out
}

// sortedTaskIDs is the ids of every task the fake holds, sorted.
func sortedTaskIDs(c *testCloud) []string {
	var ids []string
	for _, t := range c.Tasks() {
		ids = append(ids, t.ID)
	}
	slices.Sort(ids)
	return ids
}

// checkStoppedFirst fails for a running task that was not stopped before its
// delete (stop_on_destroy and stop_running default to true).
func checkStoppedFirst(c *testCloud, running []string, before []string) error {
	for _, id := range running {
		if got := c.Actions(id); !slices.Equal(got, append(slices.Clone(before), "stop")) {
			return fmt.Errorf("running task %s got operations %v, want %v then stop", id, got, before)
		}
	}
	return nil
}
