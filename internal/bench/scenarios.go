package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

const (
	typeTask        = "huaweicloud_sms_task"
	typeBatchDelete = "huaweicloud_sms_tasks_batch_delete"
	typeAction      = "huaweicloud_sms_task_action"

	batchChunk = 50 // the API's most ids per POST /v3/tasks/delete
	// batchSlack is the "small" in the batch target: the IAM project
	// discovery and the task listings around the delete calls.
	batchSlack = 10
)

func scenarios() []scenarioDef {
	return []scenarioDef{
		{id: "batch-delete", title: "apply + destroy of huaweicloud_sms_tasks_batch_delete deleting N seeded tasks",
			needs: []string{typeBatchDelete}, run: runBatchDelete},
		{id: "task-destroy", title: "apply (create) + destroy -parallelism=P of N huaweicloud_sms_task resources",
			needs: []string{typeTask}, run: runTaskDestroy},
		{id: "plan-refresh", title: "terraform plan (refresh) of N huaweicloud_sms_task resources",
			needs: []string{typeTask}, run: runPlanRefresh},
		{id: "refresh-few", title: "terraform plan (refresh) of 5 huaweicloud_sms_task resources in an account holding many tasks",
			needs: []string{typeTask}, run: runRefreshFew},
		{id: "throttled", title: "the work above against a throttled gateway, next to one call per task",
			needs: []string{typeTask, typeBatchDelete}, run: runThrottled},
		{id: "throttle-burst", title: "destroy of 18 huaweicloud_sms_task at -parallelism=4 right after a burst of 15 throttled reads",
			needs: []string{typeTask}, run: runThrottleBurst},
		{id: "plan-one", title: "terraform plan of one new huaweicloud_sms_task, median of several",
			needs: []string{typeTask}, run: runPlanOne},
		{id: "action-wait", title: "huaweicloud_sms_task_action waiting for a long operation",
			needs: []string{typeAction}, run: runActionWait},
	}
}

// instantTiming makes every transition immediate, so the destroy and plan
// scenarios measure the provider, terraform and the API latency rather
// than how long the fake pretends a deletion takes.
var instantTiming = fakecloud.FastTiming(-1)

var (
	applyArgs   = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	destroyArgs = []string{"destroy", "-auto-approve", "-input=false", "-no-color"}
)

func with(args []string, more ...string) []string {
	return append(append([]string(nil), args...), more...)
}

func tfvars(v map[string]any) []byte {
	b, _ := json.Marshal(v) // only strings and lists of strings
	return b
}

func runBatchDelete(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	n := cfg.Tasks
	res.Title = fmt.Sprintf("apply + destroy of %s deleting %d seeded tasks", typeBatchDelete, n)
	res.Setup = fmt.Sprintf("%d READY tasks seeded in the fake; one %s with their ids (chunk_size %d) deletes them on apply; destroy only forgets it. Transitions are immediate.", n, typeBatchDelete, batchChunk)
	e, err := newEnv(cfg, root, "batch-delete", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	var ids []string
	for _, t := range e.fake.SeedTasks(n, fakecloud.TaskSpec{Name: "bench"}) {
		ids = append(ids, t.ID)
	}
	body := fmt.Sprintf(`
variable "task_ids" {
  type = set(string)
}

resource %q "all" {
  task_ids   = var.task_ids
  chunk_size = %d
  timeouts {
    create = "30m"
  }
}
`, typeBatchDelete, batchChunk)
	if err := e.writeConfig(body, tfvars(map[string]any{"task_ids": ids})); err != nil {
		return err
	}
	apply, err := e.phase(ctx, res, "apply", nil, applyArgs...)
	if err != nil {
		return err
	}
	if left := len(e.fake.Tasks()); left != 0 {
		return fmt.Errorf("%d tasks left in the fake after the batch delete", left)
	}
	destroy, err := e.phase(ctx, res, "destroy", nil, destroyArgs...)
	if err != nil {
		return err
	}
	// Destroy calls no API, so its time is what terraform and the
	// provider's framework spend on a resource holding sets of n ids.
	res.Notes = append(res.Notes, fmt.Sprintf("destroy makes no API call: its %s are terraform and provider CPU time for a resource holding %d-element id lists", secs(destroy.wall), n))
	res.Notes = append(res.Notes, fmt.Sprintf("apply: %d task listing pages: the plan's preview of what the apply deletes (one listing of every task in each plan, "+
		"and Terraform plans twice in an apply: before it, and again while applying) and the delete's own listing of the tasks' states before it sends the batches",
		apply.routes["GET /v3/tasks"]))
	// Each task is proven gone by its own 404 (ShowTask): n reads are the
	// floor, on top of the batch calls and the listings that sort the tasks.
	maxCalls := int64(n + ceilDiv(n, batchChunk) + batchSlack)
	posts := apply.routes["POST /v3/tasks/delete"]
	res.Targets = append(res.Targets,
		Target{Name: "apply: API calls", Want: fmt.Sprintf("<= %d+ceil(%d/%d)+%d = %d (one 404 read per task)", n, n, batchChunk, batchSlack, maxCalls),
			Measured: fmt.Sprintf("%d (%d batch deletes, %d reads by id)", apply.calls, posts, apply.routes["GET /v3/tasks/{task_id}"]), Met: apply.calls <= maxCalls},
		Target{Name: "apply: wall time", Want: "< 5s", Measured: secs(apply.wall), Met: apply.wall < 5*time.Second},
	)
	return nil
}

// taskConfig is N huaweicloud_sms_task resources, one per seeded source.
func taskConfig(e *env, n int) error {
	var sources []string
	for i := 1; i <= n; i++ {
		s := e.fake.SeedSource(fakecloud.SourceSpec{Name: fmt.Sprintf("bench-src-%04d", i)})
		sources = append(sources, s.ID)
	}
	body := fmt.Sprintf(`
variable "source_ids" {
  type = list(string)
}

resource %q "t" {
  count            = length(var.source_ids)
  name             = format("bench-%%04d", count.index)
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = var.source_ids[count.index]
  target_server = {
    name = format("bench-%%04d-target", count.index)
  }
}
`, typeTask)
	return e.writeConfig(body, tfvars(map[string]any{"source_ids": sources}))
}

func runTaskDestroy(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	n, p := cfg.Tasks, cfg.Parallelism
	res.Title = fmt.Sprintf("apply (create) + destroy -parallelism=%d of %d %s resources", p, n, typeTask)
	res.Setup = fmt.Sprintf("%d sources seeded; apply creates one %s per source, destroy deletes them one by one. -parallelism=%d for both. Transitions are immediate.", n, typeTask, p)
	e, err := newEnv(cfg, root, "task-destroy", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	if err := taskConfig(e, n); err != nil {
		return err
	}
	par := fmt.Sprintf("-parallelism=%d", p)
	apply, err := e.phase(ctx, res, "apply", nil, with(applyArgs, par)...)
	if err != nil {
		return err
	}
	if got := len(e.fake.Tasks()); got != n {
		return fmt.Errorf("%d tasks in the fake after apply, want %d", got, n)
	}
	taskState, stateErr := oneInstanceAttributes(filepath.Join(e.dir, "terraform.tfstate"))
	taskStateSize := fileSize(filepath.Join(e.dir, "terraform.tfstate"))
	destroy, err := e.phase(ctx, res, "destroy", nil, with(destroyArgs, par)...)
	if err != nil {
		return err
	}
	if left := len(e.fake.Tasks()); left != 0 {
		return fmt.Errorf("%d tasks left in the fake after destroy", left)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("destroy: %.2f API calls per task (%d batch deletes, %d reads by id, %d listings)",
		float64(destroy.calls)/float64(n), destroy.routes["POST /v3/tasks/delete"], destroy.routes["GET /v3/tasks/{task_id}"], destroy.routes["GET /v3/tasks"]))
	res.Notes = append(res.Notes, fmt.Sprintf("apply: %.2f API calls per task (%d creates, %d source reads by id, %d source listing pages, %d task reads by id, %d task listing pages)",
		float64(apply.calls)/float64(n), apply.routes["POST /v3/tasks"], apply.routes["GET /v3/sources/{source_id}"], apply.routes["GET /v3/sources"],
		apply.routes["GET /v3/tasks/{task_id}"], apply.routes["GET /v3/tasks"]))
	// One POST per task is the floor of a create; the target leaves 0.3 per
	// task for source look-ups and the reads after the POSTs.
	maxApply := int64(n * 13 / 10)
	// One 404 read per task is the floor: only that answer proves a task gone.
	maxCalls := int64(n * 12 / 10)
	res.Targets = append(res.Targets,
		Target{Name: "apply: API calls", Want: fmt.Sprintf("<= 1.3 per task = %d", maxApply), Measured: fmt.Sprint(apply.calls), Met: apply.calls <= maxApply},
		Target{Name: "destroy: API calls", Want: fmt.Sprintf("<= 1.2 per task = %d", maxCalls), Measured: fmt.Sprint(destroy.calls), Met: destroy.calls <= maxCalls})
	if floor, err := terraformFloor(ctx, cfg, root, n, p); err == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("terraform alone (no provider, %d terraform_data resources, same -parallelism) creates in %s and destroys in %s: "+
			"the floor of any per-resource apply and destroy on this machine", n, secs(floor.apply), secs(floor.destroy)))
		res.Targets = append(res.Targets,
			Target{Name: "apply: wall time", Want: fmt.Sprintf("<= 1.5x terraform alone (%s) = %s", secs(floor.apply), secs(floor.apply*3/2)),
				Measured: secs(apply.wall), Met: apply.wall <= floor.apply*3/2},
			Target{Name: "destroy: wall time", Want: fmt.Sprintf("<= 2x terraform alone (%s) = %s", secs(floor.destroy), secs(2*floor.destroy)),
				Measured: secs(destroy.wall), Met: destroy.wall <= 2*floor.destroy})
	} else {
		res.Notes = append(res.Notes, "measuring terraform alone failed: "+err.Error())
	}
	// Terraform writes the whole state after each resource, so its own time
	// grows with the size of every resource's state: a task's is much larger
	// than a terraform_data's. The same floor with objects as large as a
	// task's tells Terraform's part from the provider's.
	if stateErr == nil {
		stateErr = func() error {
			floor, err := terraformFloorSized(ctx, cfg, root, n, p, taskState)
			if err != nil {
				return err
			}
			res.Notes = append(res.Notes, fmt.Sprintf("terraform alone with %d terraform_data resources holding about as much state as a task "+
				"(input: half of one created task's attributes; terraform_data stores it twice, as input and output, with its type) creates in %s and destroys in %s, "+
				"against the provider's %s and %s; state file after apply: %s for the tasks, %s for these terraform_data (the latter holds more, so this floor is high)",
				n, secs(floor.apply), secs(floor.destroy), secs(apply.wall), secs(destroy.wall), mib(taskStateSize), mib(floor.stateSize)))
			return nil
		}()
	}
	if stateErr != nil {
		res.Notes = append(res.Notes, "measuring terraform alone with a task-sized state failed: "+stateErr.Error())
	}
	return nil
}

// fileSize is the size of a file in bytes, 0 when it cannot be read.
func fileSize(name string) int64 {
	fi, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// mib renders a byte count in MiB.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// oneInstanceAttributes is every other attribute (by name) of the first
// resource instance in a state file: half of one object's state.
func oneInstanceAttributes(stateFile string) (map[string]any, error) {
	b, err := os.ReadFile(stateFile)
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, err
	}
	if len(st.Resources) == 0 || len(st.Resources[0].Instances) == 0 {
		return nil, fmt.Errorf("%s holds no resource instance", stateFile)
	}
	attrs := st.Resources[0].Instances[0].Attributes
	half := map[string]any{}
	for i, k := range slices.Sorted(maps.Keys(attrs)) {
		if i%2 == 0 {
			half[k] = attrs[k]
		}
	}
	return half, nil
}

// terraformFloorSized is terraformFloor with each terraform_data's input
// set to attrs (and its index).
func terraformFloorSized(ctx context.Context, cfg Config, root string, n, p int, attrs map[string]any) (floorTimes, error) {
	object, err := json.Marshal(attrs)
	if err != nil {
		return floorTimes{}, err
	}
	return runFloor(ctx, cfg, root, "terraform-floor-sized", p, map[string][]byte{
		"object.json": object,
		"main.tf": fmt.Appendf(nil, "resource \"terraform_data\" \"t\" {\n  count = %d\n"+
			"  input = merge(jsondecode(file(\"${path.module}/object.json\")), { index = count.index })\n}\n", n),
	})
}

// floorTimes is how long terraform alone takes to create and to destroy n
// terraform_data resources: what an apply and a destroy of n resources cost
// with no provider at all.
type floorTimes struct {
	apply, destroy time.Duration
	stateSize      int64 // bytes of the state file after the apply
}

func terraformFloor(ctx context.Context, cfg Config, root string, n, p int) (floorTimes, error) {
	return runFloor(ctx, cfg, root, "terraform-floor", p, map[string][]byte{
		"main.tf": fmt.Appendf(nil, "resource \"terraform_data\" \"t\" {\n  count = %d\n  input = count.index\n}\n", n),
	})
}

// runFloor applies and destroys the configuration files with terraform
// alone (-parallelism=p), in a work directory called name.
func runFloor(ctx context.Context, cfg Config, root, name string, p int, files map[string][]byte) (floorTimes, error) {
	e, err := newEnv(cfg, root, name, instantTiming, nil)
	if err != nil {
		return floorTimes{}, err
	}
	defer e.close()
	for file, body := range files {
		if err := os.WriteFile(filepath.Join(e.dir, file), body, 0o644); err != nil {
			return floorTimes{}, err
		}
	}
	par := fmt.Sprintf("-parallelism=%d", p)
	apply, err := e.terraform(ctx, nil, with(applyArgs, par)...)
	if err != nil {
		return floorTimes{}, err
	}
	size := fileSize(filepath.Join(e.dir, "terraform.tfstate"))
	destroy, err := e.terraform(ctx, nil, with(destroyArgs, par)...)
	if err != nil {
		return floorTimes{}, err
	}
	return floorTimes{apply: apply.wall, destroy: destroy.wall, stateSize: size}, nil
}

func runPlanRefresh(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	n := cfg.PlanTasks
	res.Title = fmt.Sprintf("terraform plan (refresh) of %d %s resources", n, typeTask)
	res.Setup = fmt.Sprintf("%d %s resources created by a setup apply, then one terraform plan refreshing all of them (default -parallelism=10).", n, typeTask)
	e, err := newEnv(cfg, root, "plan-refresh", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	if err := taskConfig(e, n); err != nil {
		return err
	}
	if _, err := e.phase(ctx, res, "apply (setup)", nil, applyArgs...); err != nil {
		return err
	}
	plan, err := e.phase(ctx, res, "plan", nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil {
		return fmt.Errorf("plan is not empty or failed: %w", err)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("plan: %.2f API calls per resource", float64(plan.calls)/float64(n)))
	res.Targets = append(res.Targets, Target{Name: "plan: API calls", Want: "<= 50", Measured: fmt.Sprint(plan.calls), Met: plan.calls <= 50})
	return nil
}

// runRefreshFew refreshes 5 tasks in an account of cfg.AccountTasks: a
// listing would cost more than reading the 5.
func runRefreshFew(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	const n = 5
	res.Title = fmt.Sprintf("terraform plan (refresh) of %d %s resources in an account holding %d more tasks", n, typeTask, cfg.AccountTasks)
	res.Setup = fmt.Sprintf("%d READY tasks seeded; %d %s resources created by a setup apply, then one terraform plan refreshing them.", cfg.AccountTasks, n, typeTask)
	e, err := newEnv(cfg, root, "refresh-few", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	e.fake.SeedTasks(cfg.AccountTasks, fakecloud.TaskSpec{Name: "other"})
	if err := taskConfig(e, n); err != nil {
		return err
	}
	if _, err := e.phase(ctx, res, "apply (setup)", nil, applyArgs...); err != nil {
		return err
	}
	plan, err := e.phase(ctx, res, "plan", nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil {
		return fmt.Errorf("plan is not empty or failed: %w", err)
	}
	task := plan.calls - plan.routes["GET /v3/projects"]
	res.Targets = append(res.Targets, Target{Name: "plan: task API calls (IAM project discovery aside)", Want: fmt.Sprintf("<= %d, no listing", n),
		Measured: fmt.Sprintf("%d (%d listings)", task, plan.routes["GET /v3/tasks"]), Met: task <= n && plan.routes["GET /v3/tasks"] == 0})
	return nil
}

// runActionWait sends a cutover (operation "test") to a finished migration
// and lets the fake take cfg.Wait to launch the target. "start" would be
// the natural choice, but the provider considers a start done as soon as
// the task is RUNNING, which the fake reports at once: nothing to wait for.
func runActionWait(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	const op = "test"
	timing := fakecloud.DefaultTiming()
	timing.Test = cfg.Wait
	res.Title = fmt.Sprintf("%s (operation %q) waiting %s for the fake to finish", typeAction, op, cfg.Wait)
	res.Setup = fmt.Sprintf("One task seeded in MIGRATE_SUCCESS; a %s with operation %q (cutover: launch the target) waits for it; the fake takes %s to finish.", typeAction, op, cfg.Wait)

	var (
		mu       sync.Mutex
		taskID   string
		actionAt time.Time      // the operation call was answered
		gets     [][2]time.Time // start and end of each GET of the task
		returnAt time.Time      // terraform printed "Creation complete"
		targetAt time.Time      // the fake reached the target state
		pollStop = make(chan struct{})
		pollDone = make(chan struct{})
	)
	onRequest := func(r *http.Request, start, end time.Time) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case taskID == "":
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/tasks/"+taskID):
			gets = append(gets, [2]time.Time{start, end})
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/tasks/"+taskID+"/action"):
			actionAt = end
		}
	}
	e, err := newEnv(cfg, root, "action-wait", timing, onRequest)
	if err != nil {
		return err
	}
	defer e.close()
	t := e.fake.SeedTask(fakecloud.TaskSpec{Name: "bench-wait", State: fakecloud.StateMigrateSuccess})
	mu.Lock()
	taskID = t.ID
	mu.Unlock()

	// Watch the fake directly, every 2 ms, for the moment the transition
	// ends: the fake applies it lazily on the next read, so asking often is
	// what makes the moment precise.
	go func() {
		defer close(pollDone)
		sawPending := false
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-pollStop:
				return
			case <-tick.C:
			}
			v, ok := e.fake.Task(t.ID)
			if !ok {
				continue
			}
			if v.Pending != "" {
				sawPending = true
				continue
			}
			if sawPending {
				now := time.Now()
				mu.Lock()
				targetAt = now
				mu.Unlock()
				return
			}
		}
	}()

	body := fmt.Sprintf(`
resource %q "wait" {
  task_id   = %q
  operation = %q
  timeouts {
    create = "30m"
  }
}
`, typeAction, t.ID, op)
	if err := e.writeConfig(body, nil); err != nil {
		return err
	}
	marker := typeAction + ".wait: Creation complete"
	onLine := func(line string, at time.Time) {
		if strings.Contains(line, marker) {
			mu.Lock()
			returnAt = at
			mu.Unlock()
		}
	}
	_, err = e.phase(ctx, res, "apply", onLine, applyArgs...)
	close(pollStop)
	<-pollDone
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if actionAt.IsZero() || targetAt.IsZero() || returnAt.IsZero() {
		return fmt.Errorf("incomplete measurement: operation answered %v, target reached %v, provider returned %v", !actionAt.IsZero(), !targetAt.IsZero(), !returnAt.IsZero())
	}
	w := &WaitResult{Operation: op, WaitS: targetAt.Sub(actionAt).Seconds(), ReturnDelayS: returnAt.Sub(targetAt).Seconds(),
		PollIntervalS: wait.Interval(targetAt.Sub(actionAt), wait.MinInterval, wait.MaxInterval).Seconds()}
	var sum, maxGet time.Duration
	for _, g := range gets {
		d := g[1].Sub(g[0])
		sum += d
		maxGet = max(maxGet, d)
		// The fake reads its state after the latency sleep, so a GET saw the
		// target when it got past the sleep after the transition ended.
		if w.ObservedDelayS == 0 && !g[0].Add(cfg.Latency).Before(targetAt) {
			w.ObservedDelayS = g[1].Sub(targetAt).Seconds()
		}
		if g[0].Before(actionAt) {
			continue // the read before the operation is not part of the wait
		}
		m := int(g[0].Sub(actionAt) / time.Minute)
		for len(w.GetsPerMinute) <= m {
			w.GetsPerMinute = append(w.GetsPerMinute, 0)
		}
		w.GetsPerMinute[m]++
	}
	if len(gets) > 0 {
		w.GetMeanMS = float64(sum) / float64(len(gets)) / float64(time.Millisecond)
		w.GetMaxMS = float64(maxGet) / float64(time.Millisecond)
	}
	waited := returnAt.Sub(actionAt)
	w.LastMinuteS = (waited - time.Duration(max(len(w.GetsPerMinute)-1, 0))*time.Minute).Seconds()
	res.Wait = w

	allowed := max(time.Second, targetAt.Sub(actionAt)/10)
	delay := returnAt.Sub(targetAt)
	res.Targets = append(res.Targets, Target{
		Name: "delay target state → provider returns", Want: "< " + secs(allowed) + " (max(1s, 10% of wait))",
		Measured: secs(delay), Met: delay < allowed,
	})
	// One run lands anywhere within a poll interval; judge the worst case too.
	worstCase := time.Duration(w.PollIntervalS*float64(time.Second)) + 2*cfg.Latency
	res.Targets = append(res.Targets, Target{
		Name: "same, worst case (poll interval at that point + one GET)", Want: "< " + secs(allowed),
		Measured: secs(worstCase), Met: worstCase < allowed,
	})
	worst, desc := 0, []string{}
	for i, c := range w.GetsPerMinute {
		if i == 0 {
			continue
		}
		worst = max(worst, c)
		label := fmt.Sprintf("min %d: %d", i+1, c)
		if i == len(w.GetsPerMinute)-1 && w.LastMinuteS < 59.5 {
			label += fmt.Sprintf(" (%.0fs)", w.LastMinuteS)
		}
		desc = append(desc, label)
	}
	if len(desc) == 0 {
		res.Notes = append(res.Notes, "the wait was shorter than a minute, so the polling rate after the first minute was not measured (use -wait 2m5s)")
	} else {
		res.Targets = append(res.Targets, Target{Name: "GET /v3/tasks/{task_id} per minute after the first", Want: "<= 6",
			Measured: strings.Join(desc, ", "), Met: worst <= 6})
	}
	return nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }
