package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/smsops/terraform-provider-huaweicloud/internal/provider"
)

// Config says what to run and how.
type Config struct {
	Terraform string        // terraform binary
	RepoDir   string        // module root, built with go build
	Latency   time.Duration // added by the fake to every API call
	// Scenarios selects scenarios by id (see Scenarios); empty means all.
	Scenarios []string
	// Tasks is the size of the destroy scenarios, PlanTasks of the plan one.
	Tasks, PlanTasks int
	// Parallelism is terraform's -parallelism for the individual destroy.
	Parallelism int
	// AccountTasks is how many other tasks the refresh-few account holds.
	AccountTasks int
	// ThrottleTasks is the size of the throttled scenario, ThrottleRate and
	// ThrottleBurst the gateway's token bucket in it (calls per second).
	ThrottleTasks int
	ThrottleRate  float64
	ThrottleBurst int
	// Note is printed at the top of the report (e.g. how loaded the machine was).
	Note string
	// Wait is how long the fake takes for the awaited operation (scenario 4).
	Wait time.Duration
	// TFLogDir, when set, gets a TF_LOG=trace file per terraform command, to
	// see where a slow phase spends its time (tracing slows every run down).
	TFLogDir string
	// Logf reports progress (may be nil).
	Logf func(format string, args ...any)

	cliConfig string // written by Run
	provider  string // plugin binary built by Run
}

// scenarioDef is one scenario: its id, title, the resource types it needs
// and the function that measures it.
type scenarioDef struct {
	id, title string
	needs     []string
	run       func(ctx context.Context, cfg Config, root string, res *ScenarioResult) error
}

// Scenarios lists the scenario ids in run order.
func Scenarios() []string {
	var ids []string
	for _, s := range scenarios() {
		ids = append(ids, s.id)
	}
	return ids
}

// Run builds the provider, runs the selected scenarios one after the other
// and returns the report. A scenario that fails is recorded with its error;
// only a failure to set up the harness itself is returned as an error.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	for _, id := range cfg.Scenarios {
		if !slices.Contains(Scenarios(), id) {
			return nil, fmt.Errorf("unknown scenario %q (known: %s)", id, strings.Join(Scenarios(), ", "))
		}
	}
	started := time.Now()
	root, err := os.MkdirTemp("", "huaweicloud-bench.")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)

	rep := &Report{
		Date:      started.UTC().Format(time.RFC3339),
		Commit:    gitCommit(cfg.RepoDir),
		GoVersion: runtime.Version(),
		Note:      cfg.Note,
		Machine:   machine(),
		LatencyMS: float64(cfg.Latency) / float64(time.Millisecond),
	}
	if out, err := exec.CommandContext(ctx, cfg.Terraform, "version").Output(); err == nil {
		rep.Terraform = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	} else {
		return nil, fmt.Errorf("%s version: %w", cfg.Terraform, err)
	}

	cfg.Logf("building the provider")
	if rep.Binaries, err = buildProvider(ctx, cfg.RepoDir, root); err != nil {
		return nil, err
	}
	cfg.provider = filepath.Join(root, "plugins")
	cfg.cliConfig = filepath.Join(root, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides { \"smsops/huaweicloud\" = %q }\n  direct {}\n}\n", cfg.provider)
	if err := os.WriteFile(cfg.cliConfig, []byte(rc), 0o644); err != nil {
		return nil, err
	}

	have := resourceTypes()
	for _, s := range scenarios() {
		if len(cfg.Scenarios) > 0 && !slices.Contains(cfg.Scenarios, s.id) {
			continue
		}
		res := ScenarioResult{ID: s.id, Title: s.title}
		var missing []string
		for _, t := range s.needs {
			if !have[t] {
				missing = append(missing, t)
			}
		}
		if len(missing) > 0 {
			res.Skipped = "resource not available: " + strings.Join(missing, ", ")
			cfg.Logf("%s: skipped (%s)", s.id, res.Skipped)
			rep.Scenarios = append(rep.Scenarios, res)
			continue
		}
		cfg.Logf("%s: running", s.id)
		t0 := time.Now()
		if err := s.run(ctx, cfg, root, &res); err != nil {
			res.Error = err.Error()
			cfg.Logf("%s: failed: %v", s.id, err)
		}
		for _, p := range res.Phases {
			cfg.Logf("  %-10s %7.2fs %6d calls  %s", p.Name, p.WallS, p.Calls, fmtKiB(p.PeakRSSKiB))
		}
		for _, t := range res.Targets {
			cfg.Logf("  target %-40s want %-28s got %-24s %s", t.Name, t.Want, t.Measured, metWord(t.Met))
		}
		cfg.Logf("%s: %s: done in %s", s.id, res.Title, time.Since(t0).Round(time.Second))
		rep.Scenarios = append(rep.Scenarios, res)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.TotalWallS = time.Since(started).Seconds()
	return rep, nil
}

// buildProvider builds the plugin used by the scenarios (a plain build, as
// make build does) and a stripped one, only to report its size.
func buildProvider(ctx context.Context, repo, root string) ([]Binary, error) {
	builds := []struct {
		name, out string
		flags     []string
	}{
		{"plain", filepath.Join(root, "plugins", "terraform-provider-huaweicloud"), nil},
		{"stripped", filepath.Join(root, "stripped", "terraform-provider-huaweicloud"), []string{"-trimpath", "-ldflags=-s -w"}},
	}
	var out []Binary
	for _, b := range builds {
		args := append([]string{"build", "-o", b.out}, b.flags...)
		args = append(args, ".")
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = repo
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, msg)
		}
		fi, err := os.Stat(b.out)
		if err != nil {
			return nil, err
		}
		out = append(out, Binary{Build: b.name, Flags: strings.Join(b.flags, " "), Bytes: fi.Size()})
	}
	return out, nil
}

// resourceTypes lists the resource types the provider in this tree offers,
// so a scenario whose resource has not landed yet is skipped, not failed.
func resourceTypes() map[string]bool {
	ctx := context.Background()
	p := provider.New("bench")()
	out := map[string]bool{}
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "huaweicloud"}, &resp)
		out[resp.TypeName] = true
	}
	return out
}

func gitCommit(dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	// Uncommitted changes make the commit only an approximation; say so.
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "-dirty"
	}
	return c
}

func machine() Machine {
	m := Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, Cores: runtime.NumCPU()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				m.MemTotal = strings.Join(strings.Fields(v), " ")
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += " " + strings.TrimSpace(string(b))
	}
	return m
}

func metWord(met bool) string {
	if met {
		return "met"
	}
	return "MISSED"
}
