package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestExamplesModuleTest runs the CI script of the guide
// docs/guides/testing-modules.md (examples/module-testing/ci.sh) as printed,
// in the module's directory: the fakecloud binary seeded through its control
// API with curl, `terraform init` installing the provider from a filesystem
// mirror as a released one is installed, `terraform test` on the module.
// Then the control API says what the module did and did not do. Only the
// port differs from the guide (make test runs two CLIs at once).
func TestExamplesModuleTest(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel()
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the guide's CI script needs %s, which is not on the PATH", tool)
		}
	}
	fakecloud, err := builtFakecloud()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(examplesDir, "module-testing"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fakecloud, filepath.Join(dir, "fakecloud")); err != nil {
		t.Fatal(err)
	}
	// The guide's port, in the script and the test file, becomes a free one.
	const guideAddr = "127.0.0.1:8089"
	addr := freeLoopbackAddr(t)
	for _, f := range []string{"ci.sh", filepath.Join("tests", "wave.tftest.hcl")} {
		body, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), guideAddr) {
			t.Fatalf("%s no longer names %s", f, guideAddr)
		}
		writeFile(t, filepath.Join(dir, f), strings.ReplaceAll(string(body), guideAddr, addr))
	}

	// terraform on the PATH is this test's CLI, and the provider is
	// installed from a filesystem mirror, as the guide assumes.
	bin := t.TempDir()
	if err := os.Symlink(cli.Path, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}
	env := append(envWithout("PATH", "TF_CLI_CONFIG_FILE"), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TF_CLI_CONFIG_FILE="+providerMirror(t, cli.RegistryHost()), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")

	run(t, env, dir, cli.Path, "fmt", "-check", "-recursive", "-diff", "-no-color")
	out := terraformOutput(t, env, dir, "bash", 0, "ci.sh")
	out = regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "") // terraform test's colours
	for _, want := range []string{
		`run "one_task_per_source"... pass`, `run "migrate"... pass`,
		`run "cloud_state"... pass`, `run "disconnected_source_is_refused"... pass`,
		"4 passed, 0 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("%s: the guide's script printed no %q:\n%s", cli, want, out)
		}
	}

	// What the module did, as the fake saw it: two tasks created, started
	// and (by the test's clean-up) deleted; the other team's task untouched;
	// every request signed. The script printed the fake's stats and tasks.
	var stats struct {
		Total    int            `json:"total"`
		Verified int            `json:"verified"`
		Routes   map[string]int `json:"routes"`
	}
	var tasks struct {
		Tasks []struct{ ID, Name, State string } `json:"tasks"`
	}
	var actions struct {
		Actions []string `json:"actions"`
	}
	lines := slices.DeleteFunc(strings.Split(out, "\n"), func(l string) bool { return !strings.HasPrefix(l, "{") })
	if len(lines) < 3 {
		t.Fatalf("the script printed too little:\n%s", out)
	}
	fake := &fakecloudProcess{}
	fake.decode(t, []byte(lines[len(lines)-3]), &stats)
	fake.decode(t, []byte(lines[len(lines)-2]), &tasks)
	fake.decode(t, []byte(lines[len(lines)-1]), &actions)
	if stats.Total == 0 || stats.Verified != stats.Total {
		t.Errorf("requests verified: %d of %d", stats.Verified, stats.Total)
	}
	if n := stats.Routes["POST /v3/tasks"]; n != 2 {
		t.Errorf("the module created %d tasks, want 2 (routes %v)", n, stats.Routes)
	}
	if n := stats.Routes["POST /v3/tasks/{task_id}/action"]; n < 2 {
		t.Errorf("the module sent %d task actions, want at least the 2 starts (routes %v)", n, stats.Routes)
	}
	if len(tasks.Tasks) != 1 || tasks.Tasks[0].Name != "other-team-app-01" || tasks.Tasks[0].State != "RUNNING" {
		t.Errorf("after terraform test the fake holds %+v, want only the other team's running task", tasks.Tasks)
	}
	if len(actions.Actions) != 0 {
		t.Errorf("the other team's task received %v from the module", actions.Actions)
	}
}

// envWithout is the environment without the variables names.
func envWithout(names ...string) []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, name)
	})
}

// freeLoopbackAddr is a loopback address with a port free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// providerMirror lays the provider built from this tree out as a filesystem
// mirror for host (the unpacked layout, as make install writes it) and
// returns a CLI configuration that installs it from there only.
func providerMirror(t *testing.T, host string) string {
	t.Helper()
	plugins, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	mirror := t.TempDir()
	const version = "0.1.0"
	dir := filepath.Join(mirror, host, "smsops", "huaweicloud", version, runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(plugins, "terraform-provider-huaweicloud"), filepath.Join(dir, "terraform-provider-huaweicloud_v"+version)); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	writeFile(t, rc, fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/smsops/huaweicloud"]
  }
  direct {
    exclude = ["%s/smsops/huaweicloud"]
  }
}
`, mirror, host, host))
	return rc
}

// fakecloudProcess is the fakecloud binary running as users run it.
type fakecloudProcess struct {
	url string
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
