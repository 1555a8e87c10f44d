// Command soak applies and destroys tasks against the in-process fake cloud
// while killing terraform at random and injecting API faults, and reports
// whether any task was lost or duplicated (see internal/bench/soak.go).
//
//	go run ./cmd/soak                     # the defaults make soak uses
//	go run ./cmd/soak -rounds 20 -tasks 40 -kill-chance 0.6
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run() error {
	defTF := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if defTF == "" {
		defTF = "terraform"
	}
	sc := bench.SoakConfig{}
	var js string
	flag.StringVar(&sc.Terraform, "terraform", defTF, "terraform binary")
	flag.StringVar(&sc.RepoDir, "repo", ".", "module root to build the provider from")
	flag.IntVar(&sc.Rounds, "rounds", 8, "rounds of apply then destroy")
	flag.IntVar(&sc.Tasks, "tasks", 30, "tasks per round")
	flag.Float64Var(&sc.KillChance, "kill-chance", 0.5, "chance that a terraform run is killed (SIGKILL of terraform and its plugin)")
	flag.DurationVar(&sc.KillWithin, "kill-within", 4*time.Second, "a killed run dies at a random moment within this time of its start")
	flag.DurationVar(&sc.FaultEvery, "fault-every", 300*time.Millisecond, "a random fault is armed for one call this often while terraform runs")
	flag.Int64Var(&sc.FaultPerCalls, "fault-per-calls", 10, "at most one fault for this many API calls")
	flag.IntVar(&sc.MaxRuns, "max-runs", 12, "terraform runs a phase may take before it counts as not converging")
	flag.Uint64Var(&sc.Seed, "seed", uint64(time.Now().UnixNano()), "random seed (printed, to replay a run)")
	flag.StringVar(&js, "json", "bench/soak.json", "where to write the result (rendered into BENCHMARKS.md by make bench / cmd/bench -render)")
	flag.Parse()
	sc.Logf = func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
	sc.Logf("seed %d", sc.Seed)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := bench.Soak(ctx, sc)
	if err != nil {
		return err
	}
	fmt.Print(res.Markdown())
	if js != "" {
		if err := os.MkdirAll(filepath.Dir(js), 0o755); err != nil {
			return err
		}
		if err := bench.WriteJSONFile(js, res); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", js)
	}
	return res.Findings()
}
