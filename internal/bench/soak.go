package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// The soak checks that nothing is lost when terraform is killed at random
// (kill -9 of terraform and its provider plugin) while the API fails at
// random (429, 5xx, resets, answers lost after the service acted). Each
// round applies a configuration of Tasks tasks, re-running apply until it
// succeeds, then destroys it the same way; after each phase it compares the
// fake's tasks with terraform's state:
//   - orphans: tasks that exist but that the state does not hold (after the
//     apply), or that exist at all (after the destroy);
//   - duplicates: more than one task for one resource (same name);
//   - lost: a task the state holds after an apply that exited 0 but that is
//     gone, or on its way out (DELETING).
//
// Between the apply and the destroy, each round also kills a destroy once
// the service shows its tasks DELETING and applies again (issue 30: that
// apply once said "No changes" while the tasks were going away).
//
// All must be 0. A phase that does not succeed within MaxRuns runs counts
// as not converged.

// SoakConfig says how to soak.
type SoakConfig struct {
	Terraform string
	RepoDir   string
	Rounds    int
	Tasks     int
	// KillChance is the chance that a terraform run is killed, at a random
	// moment within KillWithin of its start.
	KillChance float64
	KillWithin time.Duration
	// FaultEvery is how often a random fault is armed while terraform runs,
	// at most one for every FaultPerCalls API calls (so that a slow phase is
	// not buried under faults piling up).
	FaultEvery    time.Duration
	FaultPerCalls int64
	// MaxRuns bounds the terraform runs of one phase.
	MaxRuns int
	Seed    uint64
	Logf    func(format string, args ...any)
}

// SoakResult is what a soak saw. It is written as bench/soak.json and
// rendered into BENCHMARKS.md.
type SoakResult struct {
	Date           string   `json:"date"`
	Commit         string   `json:"commit"`
	Terraform      string   `json:"terraform"`
	Rounds         int      `json:"rounds"`
	Tasks          int      `json:"tasks_per_round"`
	Runs           int      `json:"terraform_runs"`
	Kills          int      `json:"kills"`
	FailedRuns     int      `json:"failed_runs"`
	FaultsInjected int64    `json:"faults_injected"`
	Adoptions      int      `json:"adoptions"`
	Orphans        int      `json:"orphans"`
	Lost           int      `json:"lost"`
	Duplicates     int      `json:"duplicates"`
	NotConverged   int      `json:"not_converged"`
	WallS          float64  `json:"wall_seconds"`
	Problems       []string `json:"problems,omitempty"`
}

// soakFaults are the faults armed at random, each for one request.
var soakFaults = []fakecloud.Fault{
	{Kind: fakecloud.FaultStatus, Status: 429, RetryAfter: "0"},
	{Kind: fakecloud.FaultStatus, Status: 500},
	{Kind: fakecloud.FaultStatus, Status: 503},
	{Kind: fakecloud.FaultReset},
	{Kind: fakecloud.FaultLoseResponse},
}

// soakRoutes are the routes faults go to: every call apply and destroy make.
var soakRoutes = []string{
	fakecloud.RouteCreateTask, fakecloud.RouteShowTask, fakecloud.RouteListTasks,
	fakecloud.RouteDeleteTasks, fakecloud.RouteDeleteTask, fakecloud.RouteShowSource,
}

// Soak runs the soak and returns what it saw; an error is a failure to set
// up or to run terraform at all, not a finding.
func Soak(ctx context.Context, sc SoakConfig) (*SoakResult, error) {
	if sc.Logf == nil {
		sc.Logf = func(string, ...any) {}
	}
	started := time.Now()
	root, err := os.MkdirTemp("", "huaweicloud-soak.")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	res := &SoakResult{Date: started.UTC().Format(time.RFC3339), Commit: gitCommit(sc.RepoDir), Rounds: sc.Rounds, Tasks: sc.Tasks}
	if out, err := exec.CommandContext(ctx, sc.Terraform, "version").Output(); err == nil {
		res.Terraform = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	} else {
		return nil, fmt.Errorf("%s version: %w", sc.Terraform, err)
	}
	sc.Logf("building the provider")
	if _, err := buildProvider(ctx, sc.RepoDir, root); err != nil {
		return nil, err
	}
	cfg := Config{Terraform: sc.Terraform, provider: filepath.Join(root, "plugins"), cliConfig: filepath.Join(root, "terraformrc")}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides { \"smsops/huaweicloud\" = %q }\n  direct {}\n}\n", cfg.provider)
	if err := os.WriteFile(cfg.cliConfig, []byte(rc), 0o644); err != nil {
		return nil, err
	}
	timing := fakecloud.FastTiming(200 * time.Millisecond)
	timing.Delete = 2 * time.Second // long enough to kill a destroy while its tasks show DELETING
	e, err := newEnv(cfg, root, "soak", timing, nil)
	if err != nil {
		return nil, err
	}
	defer e.close()
	rng := rand.New(rand.NewPCG(sc.Seed, sc.Seed^0x5eed))
	s := &soaker{sc: sc, e: e, rng: rng, res: res}
	for round := range sc.Rounds {
		if err := s.round(ctx, round); err != nil {
			return nil, err
		}
	}
	res.FaultsInjected = e.fake.Stats().FaultsInjected
	res.WallS = time.Since(started).Seconds()
	return res, nil
}

type soaker struct {
	sc  SoakConfig
	e   *env
	rng *rand.Rand
	res *SoakResult
}

func (s *soaker) round(ctx context.Context, round int) error {
	names := make([]string, s.sc.Tasks)
	sources := make([]string, s.sc.Tasks)
	for i := range sources {
		names[i] = fmt.Sprintf("soak-r%02d-%03d", round, i)
		sources[i] = s.e.fake.SeedSource(fakecloud.SourceSpec{Name: names[i] + "-src"}).ID
	}
	quoted := make([]string, len(sources))
	for i, id := range sources {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	body := fmt.Sprintf(`
locals {
  source_ids = [%s]
}

resource "huaweicloud_sms_task" "many" {
  count            = length(local.source_ids)
  name             = format("soak-r%02d-%%03d", count.index)
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = local.source_ids[count.index]
  target_server = {
    name = format("soak-r%02d-%%03d-target", count.index)
  }
}
`, strings.Join(quoted, ", "), round, round)
	if err := s.e.writeConfig(body, nil); err != nil {
		return err
	}
	ours := func(t fakecloud.Task) bool { return slices.Contains(sources, t.SourceID) }

	s.sc.Logf("round %d: apply of %d tasks", round+1, s.sc.Tasks)
	s.converge(ctx, round, "apply", nil, "apply", "-auto-approve", "-parallelism=10")
	if err := s.checkApplied(ctx, round, "apply", ours); err != nil {
		return err
	}

	s.sc.Logf("round %d: destroy killed once its tasks show DELETING, then apply", round+1)
	deleting := func() bool {
		return slices.ContainsFunc(s.e.fake.Tasks(), func(t fakecloud.Task) bool { return ours(t) && t.State == fakecloud.StateDeleting })
	}
	killed, _, _ := s.run(ctx, -1, deleting, "destroy", "-auto-approve", "-parallelism=10")
	s.res.Runs++
	if killed {
		s.res.Kills++
	}
	s.converge(ctx, round, "apply after the killed destroy", nil, "apply", "-auto-approve", "-parallelism=10")
	if err := s.checkApplied(ctx, round, "apply after the killed destroy", ours); err != nil {
		return err
	}

	s.sc.Logf("round %d: destroy", round+1)
	s.converge(ctx, round, "destroy", nil, "destroy", "-auto-approve", "-parallelism=10")
	for _, t := range s.e.fake.Tasks() {
		if ours(t) {
			s.problem("round %d: task %s (%s, %s) exists after the destroy", round+1, t.ID, t.Name, t.State)
			s.res.Orphans++
		}
	}
	return nil
}

// checkApplied compares the fake with the state after an apply that
// exited 0: every task of the round is in the state (no orphan), once (no
// duplicate), and every task the state holds exists and is not DELETING
// (nothing lost).
func (s *soaker) checkApplied(ctx context.Context, round int, phase string, ours func(fakecloud.Task) bool) error {
	inState, err := s.stateIDs(ctx)
	if err != nil {
		return err
	}
	seen := map[string]int{}
	present := map[string]fakecloud.Task{}
	for _, t := range s.e.fake.Tasks() {
		if !ours(t) {
			continue
		}
		present[t.ID] = t
		if seen[t.Name]++; seen[t.Name] == 2 {
			s.problem("round %d, %s: more than one task named %s", round+1, phase, t.Name)
			s.res.Duplicates++
		}
		if !inState[t.ID] {
			s.problem("round %d, %s: task %s (%s) exists but is not in the state", round+1, phase, t.ID, t.Name)
			s.res.Orphans++
		}
	}
	for id := range inState {
		switch t, ok := present[id]; {
		case !ok:
			s.problem("round %d, %s: the state holds task %s, which is gone", round+1, phase, id)
			s.res.Lost++
		case t.State == fakecloud.StateDeleting:
			s.problem("round %d, %s: the state holds task %s (%s), which is being deleted", round+1, phase, id, t.Name)
			s.res.Lost++
		}
	}
	return nil
}

func (s *soaker) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.res.Problems = append(s.res.Problems, msg)
	s.sc.Logf("  %s", msg)
}

// converge runs a terraform command until it succeeds, killing some runs
// and arming faults while each runs.
func (s *soaker) converge(ctx context.Context, round int, phase string, killWhen func() bool, args ...string) {
	for run := 1; run <= s.sc.MaxRuns; run++ {
		killAfter := time.Duration(-1)
		if s.rng.Float64() < s.sc.KillChance {
			killAfter = time.Duration(s.rng.Int64N(int64(s.sc.KillWithin)))
		}
		killed, out, err := s.run(ctx, killAfter, killWhen, args...)
		s.res.Runs++
		s.res.Adoptions += strings.Count(out, "Adopted an Existing SMS Task")
		switch {
		case killed:
			s.res.Kills++
			s.sc.Logf("  %s run %d: killed after %s", phase, run, killAfter.Round(time.Millisecond))
		case err != nil:
			s.res.FailedRuns++
			s.sc.Logf("  %s run %d failed: %s", phase, run, tail(errorLines(out), 300))
		default:
			return
		}
	}
	s.res.NotConverged++
	s.problem("round %d: %s did not succeed in %d runs", round+1, phase, s.sc.MaxRuns)
}

// run starts terraform in its own process group, arms random faults while it
// runs, and kills the whole group (terraform and the provider plugin) with
// SIGKILL after killAfter when that is not negative, or as soon as killWhen
// (when set) reports true.
func (s *soaker) run(ctx context.Context, killAfter time.Duration, killWhen func() bool, args ...string) (killed bool, out string, err error) {
	cmd := exec.CommandContext(ctx, s.e.cfg.Terraform, args...)
	cmd.Dir = s.e.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+s.e.cfg.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_LOG=", "HW_REGION_NAME="+benchRegion, "HW_ACCESS_KEY="+benchAK, "HW_SECRET_KEY="+benchSK)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return false, "", err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var killedMu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(s.sc.FaultEvery)
		defer tick.Stop()
		var watch <-chan time.Time
		if killWhen != nil {
			w := time.NewTicker(10 * time.Millisecond)
			defer w.Stop()
			watch = w.C
		}
		armedAt := s.e.fake.Stats().Total
		var kill <-chan time.Time
		if killAfter >= 0 {
			kill = time.After(killAfter)
		}
		for {
			select {
			case <-done:
				return
			case <-kill:
				killedMu.Lock()
				killed = true
				killedMu.Unlock()
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				kill = nil
			case <-watch:
				if killWhen() {
					killedMu.Lock()
					killed = true
					killedMu.Unlock()
					_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					watch = nil
				}
			case <-tick.C:
				calls := s.e.fake.Stats().Total
				if calls-armedAt < max(s.sc.FaultPerCalls, 1) || len(s.e.fake.Faults()) > 0 {
					continue
				}
				armedAt = calls
				f := soakFaults[s.rng.IntN(len(soakFaults))]
				f.Route, f.Count = soakRoutes[s.rng.IntN(len(soakRoutes))], 1
				s.e.fake.InjectFault(f)
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	wg.Wait()
	s.e.fake.ClearFaults()
	// Whatever the plugin left running when terraform was killed goes too.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	killedMu.Lock()
	defer killedMu.Unlock()
	return killed, buf.String(), err
}

// stateIDs reads the task ids terraform's state holds.
func (s *soaker) stateIDs(ctx context.Context) (map[string]bool, error) {
	_, out, err := s.run(ctx, -1, nil, "show", "-json")
	if err != nil {
		return nil, fmt.Errorf("terraform show: %w\n%s", err, tail(out, 2000))
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string `json:"type"`
					Values struct {
						ID string `json:"id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	i := strings.Index(out, "{")
	if i < 0 {
		return map[string]bool{}, nil // an empty state prints no JSON values
	}
	if err := json.Unmarshal([]byte(out[i:]), &st); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	ids := map[string]bool{}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == "huaweicloud_sms_task" {
			ids[r.Values.ID] = true
		}
	}
	return ids, nil
}

func errorLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Error") {
			keep = append(keep, strings.TrimSpace(strings.Trim(l, "│╷╵ ")))
		}
	}
	return strings.Join(keep, "; ")
}

// LoadSoak reads a soak result written by cmd/soak.
func LoadSoak(path string) (*SoakResult, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r SoakResult
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// Markdown renders the soak result as a section of BENCHMARKS.md.
func (r *SoakResult) Markdown() string {
	var b strings.Builder
	verdict := "nothing lost"
	if r.Findings() != nil {
		verdict = "PROBLEMS FOUND"
	}
	fmt.Fprintf(&b, "## Soak: random kills and faults (`make soak`): %s\n\n", verdict)
	fmt.Fprintf(&b, "%s, commit %s, %s. %d rounds of %d `huaweicloud_sms_task`: apply; destroy killed once its tasks show DELETING, then "+
		"apply again; destroy. Each phase is re-run until it succeeds; terraform (with its provider plugin) killed with SIGKILL at random "+
		"moments, and a random fault (429, 500, 503, reset, answer lost after the service acted) armed for one call now and then, at most "+
		"one per ten calls. After every apply, each task of the state must exist and not be DELETING (lost).\n\n",
		r.Date, r.Commit, r.Terraform, r.Rounds, r.Tasks)
	fmt.Fprintf(&b, "| terraform runs | killed | failed (retried) | faults injected | creates adopted | orphans | lost | duplicates | not converged | wall |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f s |\n\n", r.Runs, r.Kills, r.FailedRuns, r.FaultsInjected,
		r.Adoptions, r.Orphans, r.Lost, r.Duplicates, r.NotConverged, r.WallS)
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "- %s\n", p)
	}
	if len(r.Problems) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// ErrSoakFindings is returned by cmd/soak when a soak found orphans,
// duplicates or a phase that did not converge.
var ErrSoakFindings = errors.New("the soak found tasks lost or duplicated, or a phase that never succeeded")

// Findings reports ErrSoakFindings when the soak found a problem.
func (r *SoakResult) Findings() error {
	if r.Orphans > 0 || r.Lost > 0 || r.Duplicates > 0 || r.NotConverged > 0 {
		return ErrSoakFindings
	}
	return nil
}
