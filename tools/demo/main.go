// Command demo is what `make demo` runs: it builds the provider, serves a fake
// Huawei Cloud on loopback, applies examples/demo with the real terraform
// through dev_overrides, runs one native action, destroys everything and
// prints what the fake saw. Nothing leaves the machine but the Go module
// proxy requests of a first run, which builds the Terraform that has actions
// (>= 1.14) in the background while the walkthrough runs.
//
// Every step that fails ends the demo with a non-zero exit status and the
// failing command's full output; a successful step prints only the lines
// that tell the story.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// Demo-only credentials: the fake accepts exactly this pair.
const (
	demoRegion    = "cn-north-4"
	demoAccessKey = "DEMOAK0000000000FAKE"
	demoSecretKey = "demo-secret-key-not-a-real-one-000000"
	seededTasks   = 3
)

func main() {
	repo := flag.String("repo", ".", "the repository root (examples/demo is applied from there)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *repo); err != nil {
		fmt.Fprintf(os.Stderr, "\nmake demo failed: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, repo string) error {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "huaweicloud-demo.")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	say("building the provider")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(work, "plugins", "terraform-provider-huaweicloud"), ".")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	tf, err := terraformBinary(ctx, repo, "system")
	if err != nil {
		return err
	}
	// The native action and terraform query need Terraform 1.14 or later:
	// the cached build of make test, else one built now, while the
	// walkthrough runs on the terraform on the PATH.
	newTF := startNewTerraform(ctx, repo, work)

	fake, url, shutdown, err := serveFake()
	if err != nil {
		return err
	}
	defer shutdown()
	connected := true
	web := fake.SeedSource(fakecloud.SourceSpec{Name: "web-01", OSType: "LINUX", Connected: &connected})
	say(fmt.Sprintf("fake Huawei Cloud listening on %s (%d tasks seeded, source server web-01)", url, seededTasks))

	// The seeded tasks play an earlier migration wave that the batch resource cleans up.
	var oldWave []string
	for _, t := range fake.Tasks() {
		oldWave = append(oldWave, t.ID)
	}
	oldWaveJSON, err := json.Marshal(oldWave)
	if err != nil {
		return err
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides { \"smsops/huaweicloud\" = %q }\n  direct {}\n}\n", filepath.Join(work, "plugins"))), 0o600); err != nil {
		return err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"HW_REGION_NAME="+demoRegion, "HW_ACCESS_KEY="+demoAccessKey, "HW_SECRET_KEY="+demoSecretKey,
		"TF_VAR_endpoint="+url, "TF_VAR_old_wave_task_ids="+string(oldWaveJSON),
	)
	config, invoke := filepath.Join(work, "config"), filepath.Join(work, "invoke")
	if err := copyTF(filepath.Join(repo, "examples", "demo"), config); err != nil {
		return err
	}
	if err := copyTF(filepath.Join(repo, "examples", "demo", "invoke"), invoke); err != nil {
		return err
	}
	terraform := func(dir, bin string, show *regexp.Regexp, args ...string) (string, error) {
		return runTerraform(ctx, dir, bin, env, show, args...)
	}

	// No `terraform init`: with dev_overrides Terraform loads the provider
	// straight from the build directory, and init would only try to reach
	// the registry.
	say("terraform plan")
	planOut, err := terraform(config, tf, nil, "plan", "-no-color", "-out=demo.plan")
	if err != nil {
		return err
	}
	fmt.Print(planSection(planOut))
	say("terraform apply")
	if _, err := terraform(config, tf, regexp.MustCompile(`Creat|Still|Apply complete`), "apply", "-no-color", "-auto-approve", "demo.plan"); err != nil {
		return err
	}
	say("outputs")
	if _, err := terraform(config, tf, regexp.MustCompile(`.`), "output", "-no-color"); err != nil {
		return err
	}
	say("what the fake cloud saw")
	printStats(fake.Stats())
	say("the source server and the task's logs, as the fake cloud holds them")
	if err := printSourceAndLogs(fake, web.ID); err != nil {
		return err
	}

	taskID, err := terraform(config, tf, nil, "output", "-raw", "task_id")
	if err != nil {
		return err
	}
	tfNew, err := newTF()
	if err != nil {
		return err
	}
	say("terraform apply -invoke=action.huaweicloud_sms_task_action.network_check (" + versionLine(ctx, tfNew) + ")")
	if _, err := terraform(invoke, tfNew, regexp.MustCompile(`^Action|Apply complete`),
		"apply", "-no-color", "-auto-approve", "-var", "task_id="+taskID,
		"-invoke=action.huaweicloud_sms_task_action.network_check"); err != nil {
		return err
	}
	say("operations the task received")
	fmt.Println("  " + strings.Join(fake.Actions(taskID), " -> "))

	say("terraform destroy")
	destroyOut, err := terraform(config, tf, nil, "destroy", "-no-color", "-auto-approve")
	if err != nil {
		return err
	}
	fmt.Print(destroySummary(destroyOut))
	left := len(fake.Tasks())
	say(fmt.Sprintf("done: %d tasks left in the fake (the batch resource deleted the %d seeded ones, destroy the one it created), source server %s removed from SMS: %t",
		left, seededTasks, web.ID, !hasSource(fake, web.ID)))
	if left != 0 {
		return fmt.Errorf("%d tasks are left in the fake cloud after destroy", left)
	}
	if hasSource(fake, web.ID) {
		return fmt.Errorf("source server %s is still in the fake cloud after destroy", web.ID)
	}
	return nil
}

// printSourceAndLogs prints the adopted source server's name (renamed by the
// walkthrough) and how many log uploads the fake received.
func printSourceAndLogs(fake *fakecloud.Server, sourceID string) error {
	for _, src := range fake.Sources() {
		if src.ID != sourceID {
			continue
		}
		fmt.Printf("  source server %s: registered by its agent as web-01, now named %q\n", src.ID, src.Name)
		fmt.Printf("  log uploads requested: %d (see log_upload_status above for how the upload ended)\n", fake.Stats().Routes[fakecloud.RouteCollectLog])
		return nil
	}
	return fmt.Errorf("source server %s is not in the fake cloud", sourceID)
}

// hasSource reports whether the fake still holds the source server.
func hasSource(fake *fakecloud.Server, id string) bool {
	for _, src := range fake.Sources() {
		if src.ID == id {
			return true
		}
	}
	return false
}

// serveFake starts the fake on a free loopback port, with transitions short
// enough for a demo and long enough to show waiting.
func serveFake() (*fakecloud.Server, string, func(), error) {
	timing := fakecloud.DefaultTiming()
	timing.Start, timing.Migrate, timing.Stop, timing.Delete, timing.LogUpload = time.Second, 4*time.Second, time.Second, time.Second, 2*time.Second
	fake := fakecloud.New(fakecloud.Options{
		Credentials: map[string]string{demoAccessKey: demoSecretKey},
		Region:      demoRegion,
		Timing:      timing,
		SeedTasks:   seededTasks,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	shutdown := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return fake, "http://" + ln.Addr().String(), shutdown, nil
}

// runTerraform runs terraform in dir. On success it prints the output lines
// show matches (nothing when show is nil) and returns stdout; on failure it
// returns an error carrying the whole output, so nothing is hidden.
func runTerraform(ctx context.Context, dir, bin string, env []string, show *regexp.Regexp, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("terraform %s: %w\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	if show != nil {
		for _, line := range strings.Split(stdout.String()+stderr.String(), "\n") {
			if strings.TrimSpace(line) != "" && show.MatchString(line) {
				fmt.Println(line)
			}
		}
	}
	return stdout.String(), nil
}

// planSection is what a plan says about the configuration: the actions,
// every line of them, the summary, the outputs and the warnings (such as
// the tasks a batch deletes). It leaves out what comes before the actions
// (the development overrides warning, the refresh) and the saved plan's
// trailer.
func planSection(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Terraform will perform the following actions:") {
			lines = lines[i+1:]
			break
		}
	}
	var b strings.Builder
	blank := true // no blank line first, nor two in a row
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "Saved the plan to:"), strings.HasPrefix(l, "To perform exactly these actions"),
			strings.HasPrefix(strings.TrimSpace(l), "terraform apply \""), strings.HasPrefix(l, "─"):
			continue
		case strings.TrimSpace(l) == "":
			if !blank {
				b.WriteString("\n")
			}
			blank = true
			continue
		}
		b.WriteString(l + "\n")
		blank = false
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// destroySummary is a destroy's output in short: what it destroys (one line
// a resource, not every attribute), the summary, every warning whole, and
// the progress.
func destroySummary(out string) string {
	progress := regexp.MustCompile(`^\S+: (Destroying\.\.\.|Destruction complete|Still destroying)|^Destroy complete!`)
	var b strings.Builder
	warning, blank := false, true
	for _, l := range strings.Split(planSection(out), "\n") {
		switch {
		case strings.HasPrefix(l, "Warning:"), strings.HasPrefix(l, "Error:"):
			warning = true
		case progress.MatchString(l):
			warning = false
		}
		keep := warning || progress.MatchString(l) || strings.HasPrefix(l, "Plan:") ||
			strings.HasPrefix(strings.TrimSpace(l), "# ") && strings.HasSuffix(l, " will be destroyed")
		switch {
		case !keep:
		case strings.TrimSpace(l) == "":
			if !blank {
				b.WriteString("\n")
			}
			blank = true
		default:
			b.WriteString(l + "\n")
			blank = false
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// newTerraformVersion is the Terraform that has actions and terraform query:
// the Makefile's TF_NEW_VERSION (the newest the Go module proxy serves).
func newTerraformVersion() string {
	if v := os.Getenv("TF_NEW_VERSION"); v != "" {
		return v
	}
	return "v1.16.4"
}

// newTerraformBuildTime is what building Terraform from the Go module proxy
// took in a clone with nothing cached, on 2 cores (the README says the same).
const newTerraformBuildTime = "about 4 minutes on 2 cores"

// startNewTerraform returns a function that gives the path of the newer
// Terraform: at once when it is cached; otherwise it starts building it
// now, in the background, and the function waits for the build.
func startNewTerraform(ctx context.Context, repo, work string) func() (string, error) {
	if bin, err := terraformBinary(ctx, repo, "cached"); err == nil {
		return func() (string, error) { return bin, nil }
	}
	ver := newTerraformVersion()
	say(fmt.Sprintf("no Terraform >= 1.14 cached: building Terraform %s from the Go module proxy in the background, "+
		"for the native action and terraform query (once, %s; later runs reuse it, as make test does)", ver, newTerraformBuildTime))
	logPath := filepath.Join(work, "terraform-build.log")
	started := time.Now()
	type result struct {
		bin  string
		err  error
		took time.Duration
	}
	done := make(chan result, 1)
	go func() {
		log, err := os.Create(logPath)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer log.Close()
		cmd := exec.CommandContext(ctx, filepath.Join(repo, "scripts", "terraform-bin.sh"), ver)
		cmd.Stderr = log
		out, err := cmd.Output()
		done <- result{strings.TrimSpace(string(out)), err, time.Since(started)}
	}()
	return func() (string, error) {
		var r result
		select {
		case r = <-done:
		default:
			say(fmt.Sprintf("waiting for the Terraform %s build (running for %s)", ver, time.Since(started).Round(time.Second)))
			r = <-done
		}
		if r.err != nil || r.bin == "" {
			log, _ := os.ReadFile(logPath)
			return "", fmt.Errorf("building Terraform %s (scripts/terraform-bin.sh %s): %v\n%s", ver, ver, r.err, log)
		}
		say(fmt.Sprintf("Terraform %s built in %s into %s", ver, r.took.Round(time.Second), filepath.Dir(r.bin)))
		return r.bin, nil
	}
}

// versionLine is the first line of `terraform version`.
func versionLine(ctx context.Context, bin string) string {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return bin
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return line
}

// terraformBinary asks scripts/terraform-bin.sh for a terraform ("system"
// or "cached"); it builds one only for "system" when none is installed.
func terraformBinary(ctx context.Context, repo, which string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(repo, "scripts", "terraform-bin.sh"), which)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/terraform-bin.sh %s: %w", which, err)
	}
	bin := strings.TrimSpace(string(out))
	if bin == "" {
		return "", errors.New("scripts/terraform-bin.sh printed no path")
	}
	return bin, nil
}

func printStats(s fakecloud.Stats) {
	routes := make([]string, 0, len(s.Routes))
	for r := range s.Routes {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		fmt.Printf("  %4d  %s\n", s.Routes[r], r)
	}
	fmt.Printf("  %d of %d requests signed and verified, %d bad signatures\n", s.Verified, s.Total, s.BadSignature)
}

// copyTF copies the .tf files of one directory (not its subdirectories).
func copyTF(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func say(msg string) { fmt.Printf("\n\033[1m== %s\033[0m\n", msg) }
