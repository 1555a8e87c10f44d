// Command bench runs the provider benchmarks against the in-process fake
// cloud and writes BENCHMARKS.md and a JSON file (see internal/bench).
//
//	go run ./cmd/bench                                  # all scenarios
//	go run ./cmd/bench -baseline bench/results.json     # compare with a previous run
//	go run ./cmd/bench -scenarios plan-refresh -out /tmp/b.md -json /tmp/b.json
//	go run ./cmd/bench -render new.json -baseline old.json -out /tmp/cmp.md   # no run, only the report
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	defTF := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if defTF == "" {
		defTF = "/usr/local/bin/terraform"
	}
	var (
		cfg       bench.Config
		out, js   string
		baseline  string
		merge     string
		render    string
		soak      string
		scenarios string
	)
	flag.StringVar(&cfg.Terraform, "terraform", defTF, "terraform binary (default $TF_ACC_TERRAFORM_PATH or /usr/local/bin/terraform)")
	flag.StringVar(&cfg.RepoDir, "repo", ".", "module root to build the provider from")
	flag.DurationVar(&cfg.Latency, "latency", 20*time.Millisecond, "latency the fake adds to every API call")
	flag.StringVar(&scenarios, "scenarios", "", "comma-separated scenario ids to run (default all: "+strings.Join(bench.Scenarios(), ", ")+")")
	flag.IntVar(&cfg.Tasks, "tasks", 1000, "tasks in the batch-delete and task-destroy scenarios")
	flag.IntVar(&cfg.PlanTasks, "plan-tasks", 1000, "resources in the plan-refresh scenario")
	flag.IntVar(&cfg.AccountTasks, "account-tasks", 10000, "other tasks in the account of the refresh-few scenario")
	flag.IntVar(&cfg.ThrottleTasks, "throttle-tasks", 200, "tasks in the throttled scenario")
	flag.Float64Var(&cfg.ThrottleRate, "throttle-rate", 10, "throttled scenario: calls per second the fake's token bucket allows per project")
	flag.IntVar(&cfg.ThrottleBurst, "throttle-burst", 10, "throttled scenario: the token bucket's size")
	flag.StringVar(&cfg.Note, "note", "", "a sentence printed at the top of the report, e.g. how loaded the machine was")
	flag.IntVar(&cfg.Parallelism, "parallelism", 10, "terraform -parallelism in the task-destroy scenario")
	flag.DurationVar(&cfg.Wait, "wait", 125*time.Second, "how long the fake takes for the operation in the action-wait scenario (over 2m shows a full second minute)")
	flag.StringVar(&cfg.TFLogDir, "tf-log-dir", "", "write a TF_LOG=trace file per terraform command into this directory (slows the runs; for diagnosis)")
	flag.StringVar(&out, "out", "BENCHMARKS.md", "Markdown report to write (empty: none)")
	flag.StringVar(&js, "json", "bench/results.json", "JSON results to write (empty: none)")
	flag.StringVar(&merge, "merge", "", "JSON results of an earlier run: its scenarios this run does not run are kept in the report, marked with their run")
	flag.StringVar(&baseline, "baseline", "", "JSON results of an earlier run to compare with")
	flag.StringVar(&render, "render", "", "run nothing: render -out from this JSON results file (with -baseline, a comparison of two runs)")
	flag.StringVar(&soak, "soak", "bench/soak.json", "a soak result (make soak) to add to the report when the file exists")
	flag.Parse()
	if scenarios != "" {
		cfg.Scenarios = strings.Split(scenarios, ",")
	}
	cfg.Logf = func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}

	// Read the baseline and the merged run first: either may be the very
	// file this run overwrites.
	var earlier *bench.Report
	if merge != "" {
		m, err := bench.LoadReport(merge)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		earlier = m
	}
	var base *bench.Report
	if baseline != "" {
		b, err := bench.LoadReport(baseline)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		base = b
	}
	markdown := func(rep *bench.Report) ([]byte, error) {
		md := rep.Markdown(base)
		if soak == "" {
			return []byte(md), nil
		}
		sr, err := bench.LoadSoak(soak)
		switch {
		case os.IsNotExist(err):
			return []byte(md), nil
		case err != nil:
			return nil, err
		}
		return []byte(md + "\n" + sr.Markdown()), nil
	}
	if render != "" {
		rep, err := bench.LoadReport(render)
		if err != nil {
			return err
		}
		if cfg.Note != "" {
			// e.g. the load measured while the run went on; the JSON keeps it too
			rep.Note = cfg.Note
			if js != "" {
				if err := rep.WriteJSON(js); err != nil {
					return err
				}
			}
		}
		md, err := markdown(rep)
		if err != nil {
			return err
		}
		return os.WriteFile(out, md, 0o644)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := bench.Run(ctx, cfg)
	if rep == nil {
		return err
	}
	if earlier != nil {
		rep.Merge(earlier)
	}
	if js != "" {
		if err := os.MkdirAll(filepath.Dir(js), 0o755); err != nil {
			return err
		}
		if err := rep.WriteJSON(js); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", js)
	}
	if out != "" {
		md, merr := markdown(rep)
		if merr != nil {
			return merr
		}
		if err := os.WriteFile(out, md, 0o644); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", out)
	}
	missed := 0
	for _, s := range rep.Scenarios {
		for _, t := range s.Targets {
			if !t.Met {
				missed++
			}
		}
	}
	fmt.Fprintf(os.Stderr, "targets missed: %d\n", missed)
	return err
}
