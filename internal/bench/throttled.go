package bench

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// runThrottled does the refresh, the destroy and the batch delete of
// cfg.ThrottleTasks tasks against a fake whose gateway throttles (a token
// bucket per project, 429 APIGW.0308 with Retry-After), and then the same
// work done one call per task, as the official provider does it (four GETs
// per task to refresh, one DELETE per task to destroy), ten at a time with
// this provider's client (whose shared limiter only helps it).
func runThrottled(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	n := cfg.ThrottleTasks
	th := fakecloud.Throttle{Rate: cfg.ThrottleRate, Burst: cfg.ThrottleBurst}
	res.Title = fmt.Sprintf("apply, refresh, destroy and batch delete of %d tasks against a gateway allowing %g calls/s (burst %d), next to one call per task", n, th.Rate, th.Burst)
	res.Setup = fmt.Sprintf("With the fake's token bucket on: %d %s resources created by an apply, then a plan (refresh) and a destroy "+
		"(default -parallelism=10); then %d seeded tasks deleted by one %s; then the official provider's pattern on %d sources, driven from Go "+
		"ten at a time: GET /v3/sources/{source_id}, POST /v3/tasks and GET /v3/tasks/{task_id} per task (its create), 4 x GET /v3/tasks/{task_id} "+
		"per task (its refresh), then 1 x DELETE /v3/tasks/{task_id} per task (its destroy). "+
		"The bucket is refilled before each phase. Transitions are immediate.", n, typeTask, n, typeBatchDelete, n)
	e, err := newEnv(cfg, root, "throttled", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	if err := taskConfig(e, n); err != nil {
		return err
	}
	throttled := map[string]int64{}
	refill := func() error { return e.fake.SetThrottle(th) }

	if err := refill(); err != nil {
		return err
	}
	apply, err := e.phase(ctx, res, "apply (throttled)", nil, applyArgs...)
	throttled["apply (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}
	if err := refill(); err != nil {
		return err
	}
	plan, err := e.phase(ctx, res, "plan (throttled)", nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	throttled["plan (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return fmt.Errorf("plan is not empty or failed: %w", err)
	}
	if err := refill(); err != nil {
		return err
	}
	destroy, err := e.phase(ctx, res, "destroy (throttled)", nil, destroyArgs...)
	throttled["destroy (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}
	if left := len(e.fake.Tasks()); left != 0 {
		return fmt.Errorf("%d tasks left in the fake after destroy", left)
	}

	// The batch resource, throttled.
	b, err := newEnv(cfg, root, "throttled-batch", instantTiming, nil)
	if err != nil {
		return err
	}
	defer b.close()
	var ids []string
	for _, t := range b.fake.SeedTasks(n, fakecloud.TaskSpec{Name: "bench"}) {
		ids = append(ids, t.ID)
	}
	body := fmt.Sprintf("\nvariable \"task_ids\" {\n  type = list(string)\n}\n\nresource %q \"all\" {\n  task_ids = var.task_ids\n}\n", typeBatchDelete)
	if err := b.writeConfig(body, tfvars(map[string]any{"task_ids": ids})); err != nil {
		return err
	}
	if err := b.fake.SetThrottle(th); err != nil {
		return err
	}
	batch, err := b.phase(ctx, res, "batch delete apply (throttled)", nil, applyArgs...)
	throttled["batch delete apply (throttled)"] = b.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}

	// The official provider's pattern: its create reads the source, posts
	// the task and reads it back.
	var sources []string
	for i := range n {
		sources = append(sources, e.fake.SeedSource(fakecloud.SourceSpec{Name: fmt.Sprintf("official-src-%04d", i)}).ID)
	}
	c, err := sms.New(sms.Config{
		Region: benchRegion, AccessKey: benchAK, SecretKey: benchSK, ProjectID: e.fake.ProjectID(),
		Endpoints: sms.Endpoints{SMS: e.srv.URL, DCS: e.srv.URL, IAM: e.srv.URL}, MaxRetries: 10,
	})
	if err != nil {
		return err
	}
	if err := refill(); err != nil {
		return err
	}
	var idsMu sync.Mutex
	ids = ids[:0]
	create, err := e.perTask(ctx, res, "create, 3 calls per task (throttled)", "GET /v3/sources/{source_id}, POST /v3/tasks, GET /v3/tasks/{task_id} per task, 10 at a time", sources,
		func(ctx context.Context, sourceID string) error {
			src, err := c.ShowSource(ctx, sourceID)
			if err != nil {
				return err
			}
			id, err := c.CreateTask(ctx, &sms.CreateTaskRequest{
				Name: "official-" + sourceID[len(sourceID)-4:], Type: sms.TaskTypeMigrateBlock, OsType: sms.OSTypeLinux,
				SourceServer: sms.SourceServerRef{ID: sourceID},
				TargetServer: sms.NewTargetServer{Name: "official-target", Disks: src.InitTargetServer.Disks},
				RegionName:   benchRegion, RegionID: benchRegion, ProjectName: benchRegion, ProjectID: e.fake.ProjectID(),
			})
			if err != nil {
				return err
			}
			idsMu.Lock()
			ids = append(ids, id)
			idsMu.Unlock()
			_, err = c.ShowTask(ctx, id)
			return err
		})
	throttled["create, 3 calls per task (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}
	if err := refill(); err != nil {
		return err
	}
	refresh, err := e.perTask(ctx, res, "refresh, 4 GETs per task (throttled)", "4 x GET /v3/tasks/{task_id} per task, 10 at a time", ids,
		func(ctx context.Context, id string) error {
			for range 4 {
				if _, err := c.ShowTask(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
	throttled["refresh, 4 GETs per task (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}
	if err := refill(); err != nil {
		return err
	}
	del, err := e.perTask(ctx, res, "destroy, 1 DELETE per task (throttled)", "1 x DELETE /v3/tasks/{task_id} per task, 10 at a time", ids,
		func(ctx context.Context, id string) error { return c.DeleteTask(ctx, id) })
	throttled["destroy, 1 DELETE per task (throttled)"] = e.fake.Stats().Statuses["429"]
	if err != nil {
		return err
	}

	cmp := func(what string, ours *tfRun, oursName string, theirs *tfRun, theirsName string) {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: this provider %s, %d calls (%d answered 429); one call per task %s, %d calls (%d answered 429)",
			what, secs(ours.wall), ours.calls, throttled[oursName], secs(theirs.wall), theirs.calls, throttled[theirsName]))
	}
	cmp("apply (create)", apply, "apply (throttled)", create, "create, 3 calls per task (throttled)")
	cmp("refresh", plan, "plan (throttled)", refresh, "refresh, 4 GETs per task (throttled)")
	cmp("destroy", destroy, "destroy (throttled)", del, "destroy, 1 DELETE per task (throttled)")
	cmp("batch delete", batch, "batch delete apply (throttled)", del, "destroy, 1 DELETE per task (throttled)")
	res.Notes = append(res.Notes, "calls include the ones answered 429; every phase finished without an error, so no call ran out of retries")
	// Only a task's own 404 proves it gone, so a destroy that loses nothing
	// reads every task once, on top of its batch deletes (one per group of
	// deletes Terraform hands over at once, -parallelism of them).
	floor := len(ids) + (len(ids)+9)/10
	res.Notes = append(res.Notes, fmt.Sprintf("a destroy that proves each task gone by its own 404 needs at least %d calls here (%d reads, one per task, and %d batch deletes "+
		"of the 10 tasks Terraform hands over at once at its default -parallelism), against %d DELETEs that prove nothing: at the same 10 calls/s it cannot be "+
		"the faster; a higher -parallelism makes bigger batches", floor, len(ids), (len(ids)+9)/10, len(ids)))
	res.Targets = append(res.Targets,
		Target{Name: "throttled apply: faster than 3 calls per created task", Want: "< " + secs(create.wall), Measured: secs(apply.wall), Met: apply.wall < create.wall},
		Target{Name: "throttled destroy: faster than one DELETE per task", Want: "< " + secs(del.wall), Measured: secs(destroy.wall), Met: destroy.wall < del.wall},
		Target{Name: "throttled refresh: faster than 4 GETs per task", Want: "< " + secs(refresh.wall), Measured: secs(plan.wall), Met: plan.wall < refresh.wall},
	)
	return nil
}

// perTask runs f for every id, ten at a time, and records it as a phase.
func (e *env) perTask(ctx context.Context, res *ScenarioResult, name, what string, ids []string, f func(context.Context, string) error) (*tfRun, error) {
	e.fake.ResetStats()
	run := &tfRun{started: time.Now()}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	work := make(chan string)
	var mu sync.Mutex
	var errs []string
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if err := f(ctx, id); err != nil {
					mu.Lock()
					errs = append(errs, id+": "+err.Error())
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	run.wall = time.Since(run.started)
	run.routes = map[string]int64{}
	for k, v := range e.fake.Stats().Routes {
		if v > 0 {
			run.routes[k] = v
			run.calls += v
		}
	}
	res.Phases = append(res.Phases, Phase{Name: name, Command: "Go driver: " + what, WallS: run.wall.Seconds(), Calls: run.calls, Routes: run.routes})
	if len(errs) > 0 {
		return run, fmt.Errorf("%s: %d of %d failed, first: %s", name, len(errs), len(ids), strings.Join(errs[:1], ""))
	}
	return run, nil
}

// burstTasks, burstParallelism and burstAnswers are issue 30's case: an
// 18-task destroy at parallelism 4 took 106 s after the gateway answered a
// burst of 15 429s, because the client's pacing eased off by a twentieth
// per success.
const (
	burstTasks       = 18
	burstParallelism = 4
	burstAnswers     = 15
)

// runThrottleBurst measures how fast the client's pacing recovers once the
// gateway stops throttling: the destroy's first 15 calls are answered 429
// (no Retry-After), every later one goes through.
// The burst is on the task reads, as in the chaos check that found it: the
// IAM project discovery, one call shared by every resource, would fail
// after its own retries and say so.
func runThrottleBurst(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	res.Title = fmt.Sprintf("destroy of %d %s at -parallelism=%d right after a burst of %d throttled reads", burstTasks, typeTask, burstParallelism, burstAnswers)
	res.Setup = fmt.Sprintf("%d %s resources created by an apply; then a destroy at -parallelism=%d whose first %d task reads are answered "+
		"429 APIGW.0308 without Retry-After (the refresh's and the deletions' reads, GET /v3/tasks/{task_id}); the gateway lets every later call through. Transitions are immediate.",
		burstTasks, typeTask, burstParallelism, burstAnswers)
	e, err := newEnv(cfg, root, "throttle-burst", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	if err := taskConfig(e, burstTasks); err != nil {
		return err
	}
	if _, err := e.phase(ctx, res, "apply (setup)", nil, applyArgs...); err != nil {
		return err
	}
	e.fake.InjectFault(fakecloud.Fault{Route: fakecloud.RouteShowTask, Kind: fakecloud.FaultStatus, Status: 429, Count: burstAnswers})
	destroy, err := e.phase(ctx, res, "destroy after the burst", nil, with(destroyArgs, fmt.Sprintf("-parallelism=%d", burstParallelism))...)
	if err != nil {
		return err
	}
	if left := len(e.fake.Tasks()); left != 0 {
		return fmt.Errorf("%d tasks left in the fake after destroy", left)
	}
	const want = 15 * time.Second
	res.Targets = append(res.Targets, Target{Name: "destroy after the burst: wall time", Want: fmt.Sprintf("< %s (issue 30 saw 106 s)", secs(want)),
		Measured: secs(destroy.wall), Met: destroy.wall < want})
	res.Notes = append(res.Notes, fmt.Sprintf("the destroy made %d API calls, %d of them answered 429", destroy.calls, burstAnswers))
	return nil
}
