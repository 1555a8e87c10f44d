package provider

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestExamplesModuleTest runs examples/module-testing the way the guide
// docs/guides/testing-modules.md tells a module author to: the fakecloud
// binary on a free loopback port, seeded through its control API (/_fake/),
// `terraform test` on the module, then the control API again to check what
// the module did and did not do.
func TestExamplesModuleTest(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	env := devOverridesEnv(t)

	bin := filepath.Join(t.TempDir(), "fakecloud")
	build := exec.Command("go", "build", "-o", bin, "./cmd/fakecloud")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cmd/fakecloud: %v\n%s", err, out)
	}
	const ak, sk = "AKMODULETEST00000000", "module-test-secret-not-a-real-one"
	fake := startFakecloudBinary(t, bin, "-access-key", ak, "-secret-key", sk, "-quiet")

	// Seed what the module's tests expect, as the guide's CI script does.
	fake.post(t, "/_fake/sources", `{"name":"web-01"}`)
	fake.post(t, "/_fake/sources", `{"name":"db-01","os_type":"LINUX"}`)
	fake.post(t, "/_fake/sources", `{"name":"legacy-01","connected":false}`)
	var seeded struct {
		Tasks []struct{ ID string } `json:"tasks"`
	}
	fake.decode(t, fake.post(t, "/_fake/tasks", `{"spec":{"name":"other-team-app-01","state":"RUNNING"}}`), &seeded)
	if len(seeded.Tasks) != 1 {
		t.Fatalf("seeding a task answered %+v", seeded)
	}

	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(examplesDir, "module-testing"))); err != nil {
		t.Fatal(err)
	}
	// The test file names the port the guide starts the fake on; this
	// fake has a free port of its own (make test runs two CLIs at once).
	tftest := filepath.Join(dir, "tests", "wave.tftest.hcl")
	body, err := os.ReadFile(tftest)
	if err != nil {
		t.Fatal(err)
	}
	const guideEndpoint = `"http://127.0.0.1:8089"`
	if !strings.Contains(string(body), guideEndpoint) {
		t.Fatalf("%s no longer points the provider at %s", tftest, guideEndpoint)
	}
	writeFile(t, tftest, strings.ReplaceAll(string(body), guideEndpoint, fmt.Sprintf("%q", fake.url)))
	env = append(slices.Clip(env), "HW_REGION_NAME=cn-north-4", "HW_ACCESS_KEY="+ak, "HW_SECRET_KEY="+sk)

	run(t, env, dir, cli.Path, "fmt", "-check", "-recursive", "-diff", "-no-color")
	// Modules only: with dev_overrides there is no provider to install (init
	// would ask the registry); with a released provider it is `terraform init`.
	run(t, env, dir, cli.Path, "get", "-no-color")
	out := terraformOutput(t, env, dir, cli.Path, 0, "test", "-no-color")
	for _, want := range []string{
		`run "one_task_per_source"... pass`, `run "migrate"... pass`,
		`run "cloud_state"... pass`, `run "disconnected_source_is_refused"... pass`,
		"4 passed, 0 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("%s test output lacks %q:\n%s", cli, want, out)
		}
	}

	// What the module did, as the fake saw it: two tasks created, started
	// and (by the test's clean-up) deleted; the other team's task untouched;
	// every request signed.
	var stats struct {
		Total    int            `json:"total"`
		Verified int            `json:"verified"`
		Routes   map[string]int `json:"routes"`
	}
	fake.decode(t, fake.get(t, "/_fake/stats"), &stats)
	if stats.Total == 0 || stats.Verified != stats.Total {
		t.Errorf("requests verified: %d of %d", stats.Verified, stats.Total)
	}
	if n := stats.Routes["POST /v3/tasks"]; n != 2 {
		t.Errorf("the module created %d tasks, want 2 (routes %v)", n, stats.Routes)
	}
	if n := stats.Routes["POST /v3/tasks/{task_id}/action"]; n < 2 {
		t.Errorf("the module sent %d task actions, want at least the 2 starts (routes %v)", n, stats.Routes)
	}
	var tasks struct {
		Tasks []struct{ ID, Name, State string } `json:"tasks"`
	}
	fake.decode(t, fake.get(t, "/_fake/tasks"), &tasks)
	if len(tasks.Tasks) != 1 || tasks.Tasks[0].ID != seeded.Tasks[0].ID || tasks.Tasks[0].State != "RUNNING" {
		t.Errorf("after terraform test the fake holds %+v, want only the other team's running task", tasks.Tasks)
	}
	var actions struct {
		Actions []string `json:"actions"`
	}
	fake.decode(t, fake.get(t, "/_fake/tasks/"+seeded.Tasks[0].ID+"/actions"), &actions)
	if len(actions.Actions) != 0 {
		t.Errorf("the other team's task received %v from the module", actions.Actions)
	}
}

// fakecloudProcess is the fakecloud binary running as users run it.
type fakecloudProcess struct {
	url string
}

// startFakecloudBinary starts bin on a free loopback port and stops it when
// the test ends.
func startFakecloudBinary(t *testing.T, bin string, args ...string) *fakecloudProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
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
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case url := <-found:
		return &fakecloudProcess{url: url}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not say where it listens:\n%s", bin, stderr.String())
		return nil
	}
}

func (f *fakecloudProcess) post(t *testing.T, path, body string) []byte {
	t.Helper()
	return f.do(t, http.MethodPost, path, body)
}

func (f *fakecloudProcess) get(t *testing.T, path string) []byte {
	t.Helper()
	return f.do(t, http.MethodGet, path, "")
}

func (f *fakecloudProcess) do(t *testing.T, method, path, body string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s %v\n%s", method, path, resp.Status, err, b)
	}
	return b
}

func (f *fakecloudProcess) decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("control API answer %s: %v", b, err)
	}
}
