package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// planRuns is how many plans the plan-one scenario times; it reports the
// median, since one start of a process on a shared machine varies a lot.
const planRuns = 7

// runPlanOne plans one new huaweicloud_sms_task (one API call: the plan-time
// check of its source server; nothing to refresh) and the same with one
// terraform_data and no provider: the difference is what starting the
// provider and planning with it costs.
func runPlanOne(ctx context.Context, cfg Config, root string, res *ScenarioResult) error {
	res.Title = fmt.Sprintf("terraform plan of one new %s (one API call: its source server), median of %d", typeTask, planRuns)
	res.Setup = fmt.Sprintf("One source seeded; a configuration with one %s and no state; terraform plan run %d times; then the same with one "+
		"terraform_data and no provider (terraform alone).", typeTask, planRuns)
	e, err := newEnv(cfg, root, "plan-one", instantTiming, nil)
	if err != nil {
		return err
	}
	defer e.close()
	if err := taskConfig(e, 1); err != nil {
		return err
	}
	args := []string{"plan", "-input=false", "-no-color"}
	provider, err := medianRun(ctx, e, args)
	if err != nil {
		return err
	}
	res.Phases = append(res.Phases, Phase{Name: fmt.Sprintf("plan (median of %d)", planRuns), Command: "terraform " + strings.Join(args, " "),
		WallS: provider.wall.Seconds(), Calls: provider.calls, Routes: provider.routes, PeakRSSKiB: provider.maxRSS})

	// Without project_id in the provider block, the plan shows the task's
	// project_id by asking IAM once (GET /v3/projects); with it, the plan
	// makes no call at all.
	e.projectInBlock = true
	if err := taskConfig(e, 1); err != nil {
		return err
	}
	named, err := medianRun(ctx, e, args)
	if err != nil {
		return err
	}
	res.Phases = append(res.Phases, Phase{Name: fmt.Sprintf("plan, project_id in the provider block (median of %d)", planRuns), Command: "terraform " + strings.Join(args, " "),
		WallS: named.wall.Seconds(), Calls: named.calls, Routes: named.routes, PeakRSSKiB: named.maxRSS})

	alone, err := newEnv(cfg, root, "plan-one-floor", instantTiming, nil)
	if err != nil {
		return err
	}
	defer alone.close()
	if err := os.WriteFile(filepath.Join(alone.dir, "main.tf"), []byte("resource \"terraform_data\" \"t\" {\n  input = 1\n}\n"), 0o644); err != nil {
		return err
	}
	floor, err := medianRun(ctx, alone, args)
	if err != nil {
		return err
	}
	res.Phases = append(res.Phases, Phase{Name: fmt.Sprintf("terraform alone: plan (median of %d)", planRuns), Command: "terraform " + strings.Join(args, " "),
		WallS: floor.wall.Seconds(), PeakRSSKiB: floor.maxRSS})
	res.Notes = append(res.Notes, fmt.Sprintf("the provider adds %s to terraform alone's %s", secs(provider.wall-floor.wall), secs(floor.wall)))
	if starts, err := pluginStarts(ctx, e, args); err == nil {
		res.Notes = append(res.Notes, starts)
	}
	const want = 350 * time.Millisecond
	res.Targets = append(res.Targets,
		// The plan reads the new task's source server once (does it exist,
		// is its agent connected, has it a task already: issue 36's plan-time
		// checks), a read the create then reuses.
		Target{Name: "plan of one task: API calls", Want: "1: the source server's plan-time check (one more, IAM, without project_id in the provider block: the plan shows project_id)",
			Measured: fmt.Sprintf("%d (%d without project_id)", named.calls, provider.calls), Met: named.calls == 1 && provider.calls <= 2},
		Target{Name: fmt.Sprintf("plan of one task: wall time, median of %d", planRuns), Want: "<= " + secs(want) + fmt.Sprintf(" (terraform alone %s)", secs(floor.wall)),
			Measured: secs(provider.wall), Met: provider.wall <= want})
	return nil
}

// medianRun runs terraform planRuns times and returns the run of median
// wall time.
func medianRun(ctx context.Context, e *env, args []string) (*tfRun, error) {
	runs := make([]*tfRun, 0, planRuns)
	for range planRuns {
		run, err := e.terraform(ctx, nil, args...)
		if err != nil {
			return nil, err
		}
		runs = append(runs, run)
	}
	slices.SortFunc(runs, func(a, b *tfRun) int { return int(a.wall - b.wall) })
	return runs[planRuns/2], nil
}

// pluginStarts runs one more plan with a trace log and tells how often
// terraform started the provider plugin and how long each start took until
// the plugin answered its first call (process start, Go runtime and package
// initialisation, go-plugin's TLS certificate and handshake), next to the
// time spent in the calls themselves.
func pluginStarts(ctx context.Context, e *env, args []string) (string, error) {
	log := filepath.Join(e.dir, "trace.log")
	e.traceTo = log
	defer func() { e.traceTo = "" }()
	if _, err := e.terraform(ctx, nil, args...); err != nil {
		return "", err
	}
	b, err := os.ReadFile(log)
	if err != nil {
		return "", err
	}
	var starts, inCalls time.Duration
	var n int
	var started, firstCall time.Time
	for _, line := range strings.Split(string(b), "\n") {
		at, err := time.Parse("2006-01-02T15:04:05.000Z0700", strings.SplitN(line, " ", 2)[0])
		if err != nil {
			continue
		}
		switch {
		case strings.Contains(line, "provider: starting plugin:"):
			n, started, firstCall = n+1, at, time.Time{}
		case strings.Contains(line, "GRPCProvider.v6: ") && firstCall.IsZero() && !started.IsZero():
			firstCall = at
			starts += at.Sub(started)
		case strings.Contains(line, "provider: plugin exited") && !firstCall.IsZero():
			inCalls += at.Sub(firstCall)
		}
	}
	if n == 0 {
		return "", fmt.Errorf("no plugin start in the trace log")
	}
	return fmt.Sprintf("where the provider's time goes (one more plan, traced): terraform started the provider %d times; each start took %s "+
		"on average until the plugin answered its first call, and the calls themselves up to the plugin's exit took %s on average",
		n, secs(starts/time.Duration(n)), secs(inCalls/time.Duration(n))), nil
}
