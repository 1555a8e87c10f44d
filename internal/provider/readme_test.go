package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// readmeFirstTask returns the HCL of README.md's "## A first task" section
// and the arguments its fakecloud command line gives, so that the test below
// breaks when the README changes in a way that no longer works.
func readmeFirstTask(t *testing.T) (hcl string, fakecloudArgs []string) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile("(?s)\n## A first task\n(.*?)\n## ").FindSubmatch(readme)
	if section == nil {
		t.Fatal("README.md has no ## A first task section")
	}
	block := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindSubmatch(section[1])
	cmd := regexp.MustCompile("(?m)^go run ./cmd/fakecloud (.*)$").FindSubmatch(section[1])
	if block == nil || cmd == nil {
		t.Fatal("README.md's first task has no ```hcl block or no `go run ./cmd/fakecloud ...` line")
	}
	return string(block[1]), strings.Fields(string(cmd[1]))
}

// The README's first task, applied on the fake cloud as the README says:
// fakecloud started with the README's arguments, the variables it prints
// exported, the provider block it prints saved (without its "# ") as
// fake_override.tf beside the README's main.tf, and the apply run with the
// log the README names, which must show the wait's progress.
func TestAccREADME_example(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	hcl, args := readmeFirstTask(t)
	if !strings.Contains(hcl, `provider "huaweicloud" {}`) || !slices.Contains(args, "-print-env") {
		t.Fatalf("the README's first task no longer has an empty provider block and a fakecloud -print-env; this test relies on them:\n%s\n%v", hcl, args)
	}
	fake, printed, block := startFakecloudPrintEnv(t, args)

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), hcl)
	writeFile(t, filepath.Join(dir, "fake_override.tf"), block)
	log := filepath.Join(dir, "sms.log")
	env := append(slices.Clip(devOverridesEnv(t)), printed...)
	run(t, append(slices.Clip(env), "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+log), dir, cli.Path, "apply", "-auto-approve", "-input=false", "-no-color")

	var tasks struct {
		Tasks []struct{ ID, Name, State string } `json:"tasks"`
	}
	fake.decode(t, fake.get(t, "/_fake/tasks"), &tasks)
	if len(tasks.Tasks) != 1 || tasks.Tasks[0].Name != "web-01-migration" || tasks.Tasks[0].State != "MIGRATE_SUCCESS" {
		t.Fatalf("after the apply the fake holds %+v, want web-01-migration replicated (MIGRATE_SUCCESS)", tasks.Tasks)
	}
	var actions struct {
		Actions []string `json:"actions"`
	}
	fake.decode(t, fake.get(t, "/_fake/tasks/"+tasks.Tasks[0].ID+"/actions"), &actions)
	if !slices.Equal(actions.Actions, []string{"start"}) {
		t.Errorf("the task received %v, want [start]", actions.Actions)
	}
	// The README's way to follow the wait: grep 'operation start' in the log.
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "operation start") {
			progress = append(progress, l)
		}
	}
	if len(progress) < 2 || !strings.Contains(progress[0], "sending operation start") ||
		!strings.Contains(progress[len(progress)-1], "operation start finished: state MIGRATE_SUCCESS") ||
		!slices.ContainsFunc(progress, func(l string) bool { return strings.Contains(l, "migration step") }) {
		t.Errorf("the log's 'operation start' lines do not tell the wait from sending to the end:\n%s", strings.Join(progress, "\n"))
	}

	run(t, env, dir, cli.Path, "destroy", "-auto-approve", "-input=false", "-no-color")
	fake.decode(t, fake.get(t, "/_fake/tasks"), &tasks)
	if len(tasks.Tasks) != 0 {
		t.Errorf("%d tasks left after destroy", len(tasks.Tasks))
	}
}

// builtFakecloud builds cmd/fakecloud once per test binary, beside the
// provider build (TestMain removes both).
var builtFakecloud = sync.OnceValues(func() (string, error) {
	dir, err := builtProvider()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "fakecloud-cmd", "fakecloud")
	build := exec.Command("go", "build", "-o", bin, "./cmd/fakecloud")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building cmd/fakecloud: %w\n%s", err, out)
	}
	return bin, nil
})

// startFakecloudPrintEnv runs the fakecloud binary with args (which include
// -print-env), stops it when the test ends, and returns what it printed: the
// variables of its export lines, and its provider block without the "# ".
func startFakecloudPrintEnv(t *testing.T, args []string) (fake *fakecloudProcess, env []string, block string) {
	t.Helper()
	bin, err := builtFakecloud()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	type printed struct {
		url, block string
		env        []string
	}
	done := make(chan printed, 1)
	go func() {
		var p printed
		var b strings.Builder
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "fakecloud listening on "):
				p.url = strings.TrimPrefix(l, "fakecloud listening on ")
			case strings.HasPrefix(l, "export "):
				p.env = append(p.env, strings.TrimPrefix(l, "export "))
			case strings.HasPrefix(l, "# provider "), b.Len() > 0:
				b.WriteString(strings.TrimPrefix(l, "# ") + "\n")
			}
			if l == "# }" {
				break
			}
		}
		p.block = b.String()
		done <- p
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case p := <-done:
		if p.url == "" || p.block == "" || len(p.env) == 0 {
			t.Fatalf("fakecloud %v printed no URL, variables or provider block:\n%+v\n%s", args, p, stderr.String())
		}
		return &fakecloudProcess{url: p.url}, p.env, p.block
	case <-time.After(30 * time.Second):
		t.Fatalf("fakecloud %v did not print its environment:\n%s", args, stderr.String())
		return nil, nil, ""
	}
}
