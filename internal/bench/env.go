package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Benchmark-only credentials: the fake accepts exactly this pair.
const (
	benchAK     = "BENCHAK00000000000FAKE"
	benchSK     = "bench-secret-key-not-a-real-one-0000"
	benchRegion = "cn-north-4"
)

// env is one scenario's world: a fake cloud behind a loopback HTTP server,
// a working directory with a CLI config pointing terraform at the built
// provider, and the terraform binary.
type env struct {
	cfg  Config
	name string
	runs int // terraform commands run so far, to name log files
	fake *fakecloud.Server
	srv  *httptest.Server
	dir  string

	// onRequest, when set, sees every API request with its start and end
	// times (set before the server takes traffic, read-only afterwards).
	onRequest func(r *http.Request, start, end time.Time)
	// traceTo, when set, makes the next terraform commands write a
	// TF_LOG=trace log there.
	traceTo string
	// projectInBlock names the fake's project in the provider block, so
	// the provider need not discover it with IAM.
	projectInBlock bool
}

// newEnv starts a fake cloud with the given timing and prepares a work
// directory under root.
func newEnv(cfg Config, root, name string, timing fakecloud.Timing, onRequest func(*http.Request, time.Time, time.Time)) (*env, error) {
	e := &env{cfg: cfg, name: name, onRequest: onRequest}
	e.fake = fakecloud.New(fakecloud.Options{
		Credentials: map[string]string{benchAK: benchSK},
		Region:      benchRegion,
		Latency:     cfg.Latency,
		Timing:      timing,
	})
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	e.dir = filepath.Join(root, name)
	if err := os.MkdirAll(e.dir, 0o755); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

// serve wraps the fake to time each request for scenarios that care.
func (e *env) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	e.fake.ServeHTTP(w, r)
	if e.onRequest != nil {
		e.onRequest(r, start, time.Now())
	}
}

func (e *env) close() { e.srv.Close() }

// providerBlock is the terraform and provider configuration every scenario
// starts with; credentials come from the environment.
func (e *env) providerBlock() string {
	return fmt.Sprintf(`terraform {
  required_providers {
    huaweicloud = {
      source = "smsops/huaweicloud"
    }
  }
}

provider "huaweicloud" {
  region = %q
%s  endpoints {
    sms = %q
    dcs = %q
    iam = %q
  }
}
`, benchRegion, e.projectLine(), e.srv.URL, e.srv.URL, e.srv.URL)
}

func (e *env) projectLine() string {
	if !e.projectInBlock {
		return ""
	}
	return fmt.Sprintf("  project_id = %q\n", e.fake.ProjectID())
}

// writeConfig writes main.tf (provider block plus body) and, when vars is
// not empty, terraform.tfvars.json.
func (e *env) writeConfig(body string, vars []byte) error {
	if err := os.WriteFile(filepath.Join(e.dir, "main.tf"), []byte(e.providerBlock()+body), 0o644); err != nil {
		return err
	}
	if len(vars) > 0 {
		return os.WriteFile(filepath.Join(e.dir, "terraform.tfvars.json"), vars, 0o644)
	}
	return nil
}

// tfRun is the outcome of one terraform command.
type tfRun struct {
	wall    time.Duration
	maxRSS  int64 // KiB
	stdout  string
	stderr  string
	routes  map[string]int64
	calls   int64
	started time.Time
}

// terraform runs one terraform command in the work directory with the API
// counters reset first. onLine, when set, sees each stdout line as it is
// printed, with the time it arrived.
func (e *env) terraform(ctx context.Context, onLine func(line string, at time.Time), args ...string) (*tfRun, error) {
	cmd := exec.CommandContext(ctx, e.cfg.Terraform, args...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+e.cfg.cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TF_LOG=", "TF_LOG_PATH=",
		"HW_REGION_NAME="+benchRegion,
		"HW_ACCESS_KEY="+benchAK,
		"HW_SECRET_KEY="+benchSK,
	)
	e.runs++
	if e.traceTo != "" {
		cmd.Env = append(cmd.Env, "TF_LOG=trace", "TF_LOG_PATH="+e.traceTo)
	} else if e.cfg.TFLogDir != "" {
		cmd.Env = append(cmd.Env, "TF_LOG=trace", "TF_LOG_PATH="+filepath.Join(e.cfg.TFLogDir, fmt.Sprintf("%s-%d-%s.log", e.name, e.runs, args[0])))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	e.fake.ResetStats()
	run := &tfRun{started: time.Now()}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(io.TeeReader(pipe, &stdout))
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			if onLine != nil {
				onLine(sc.Text(), time.Now())
			}
		}
		_, _ = io.Copy(io.Discard, pipe) // keep draining after an over-long line
	}()
	wg.Wait() // the pipe must be read to EOF before Wait closes it
	err = cmd.Wait()
	run.wall = time.Since(run.started)
	run.stdout, run.stderr = stdout.String(), stderr.String()
	// ru_maxrss of a reaped child on Linux is in KiB and covers the child's
	// own reaped children too, so this is the larger of terraform and the
	// provider plugin it started (not their sum).
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		run.maxRSS = ru.Maxrss
	}
	st := e.fake.Stats()
	run.routes = map[string]int64{}
	for k, v := range st.Routes {
		if v > 0 {
			run.routes[k] = v
			run.calls += v
		}
	}
	if err != nil {
		return run, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(run.stderr+run.stdout, 3000))
	}
	return run, nil
}

// phase runs a terraform command and records it as a phase of res.
func (e *env) phase(ctx context.Context, res *ScenarioResult, name string, onLine func(string, time.Time), args ...string) (*tfRun, error) {
	run, err := e.terraform(ctx, onLine, args...)
	if run != nil {
		res.Phases = append(res.Phases, Phase{
			Name:       name,
			Command:    "terraform " + strings.Join(args, " "),
			WallS:      run.wall.Seconds(),
			Calls:      run.calls,
			Routes:     run.routes,
			PeakRSSKiB: run.maxRSS,
		})
	}
	return run, err
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
