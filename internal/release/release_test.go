package release

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	providerType = "huaweicloud"
	namespace    = "smsops"
	project      = "terraform-provider-huaweicloud"
	fakeArchive  = "huaweicloud-sms-fakecloud"
)

// TestRelease_mirrorInstall builds the release with the pinned goreleaser in
// snapshot mode for this platform, checks every artifact against the
// release's SHA256SUMS and the registry manifest against the protocol the
// binary serves, and installs the provider in the three ways README.md's
// Install section gives, with its provider_installation blocks. It lays the
// provider zip out as a filesystem mirror (the packed layout `terraform
// providers mirror` writes) and has terraform install it from there with no
// dev_overrides: init checks the zip against the zh: hashes of SHA256SUMS in
// .terraform.lock.hcl (and refuses a zip that does not match them), then plan,
// apply and destroy run against the released fakecloud binary. It serves the
// same directory as a network mirror over HTTPS and runs init from it. Last,
// make install into an empty home directory's implied local mirror, then init
// and plan in a new directory with no CLI configuration and no lock.
func TestRelease_mirrorInstall(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to build the release and install it with terraform")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no terraform: set TF_ACC_TERRAFORM_PATH or put terraform on the PATH")
		}
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	dist := filepath.Join(work, "dist")
	version := buildSnapshot(t, repo, dist, work)
	platform := runtime.GOOS + "_" + runtime.GOARCH

	// Every artifact of this platform, and the manifest, is in SHA256SUMS and matches it.
	sums := readSums(t, filepath.Join(dist, fmt.Sprintf("%s_%s_SHA256SUMS", project, version)))
	providerZip := fmt.Sprintf("%s_%s_%s.zip", project, version, platform)
	fakeZip := fmt.Sprintf("%s_%s_%s.zip", fakeArchive, version, platform)
	manifestName := fmt.Sprintf("%s_%s_manifest.json", project, version)
	for _, name := range []string{providerZip, fakeZip} {
		if got := fileSHA256(t, filepath.Join(dist, name)); sums[name] != got {
			t.Fatalf("%s: SHA256SUMS says %q, the file hashes to %s", name, sums[name], got)
		}
	}
	manifest := filepath.Join(repo, "terraform-registry-manifest.json")
	if got := fileSHA256(t, manifest); sums[manifestName] != got {
		t.Fatalf("%s: SHA256SUMS says %q, terraform-registry-manifest.json hashes to %s", manifestName, sums[manifestName], got)
	}

	// The provider zip holds the binary only, named as the registry wants.
	bin := filepath.Join(work, "unpacked", fmt.Sprintf("%s_v%s", project, version))
	if names := unzip(t, filepath.Join(dist, providerZip), filepath.Dir(bin)); !slices.Equal(names, []string{filepath.Base(bin) + exe()}) {
		t.Fatalf("%s holds %v, want only %s", providerZip, names, filepath.Base(bin)+exe())
	}
	checkManifestProtocol(t, manifest, bin+exe())

	// The packed layout of a filesystem mirror: HOST/NAMESPACE/TYPE/<the zip>.
	host := registryHost(t, tf)
	mirror := filepath.Join(work, "mirror")
	pkgDir := filepath.Join(mirror, host, namespace, providerType)
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(dist, providerZip), filepath.Join(pkgDir, providerZip))
	rc := filepath.Join(work, "terraformrc")
	// The README's block, with this mirror: no dev_overrides, and the
	// provider from nowhere but the mirror.
	writeFile(t, rc, readmeInstallBlock(t, repo, "filesystem_mirror", "path", mirror, host))

	// The fake cloud is the released binary.
	fakeBin := filepath.Join(work, "fake", "fakecloud"+exe())
	unzip(t, filepath.Join(dist, fakeZip), filepath.Dir(fakeBin))
	const ak, sk = "AKRELEASE00000000000", "release-test-secret-not-a-real-one"
	url := startFake(t, fakeBin, "-access-key", ak, "-secret-key", sk, "-quiet")
	control(t, url, http.MethodPost, "/_fake/sources", `{"name":"web-01"}`)

	env := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"HW_REGION_NAME=cn-north-4", "HW_ACCESS_KEY="+ak, "HW_SECRET_KEY="+sk)
	config := fmt.Sprintf(`terraform {
  required_providers {
    huaweicloud = {
      source  = "%s/%s"
      version = %q
    }
  }
}

provider "huaweicloud" {
  endpoints {
    sms = %[4]q
    dcs = %[4]q
    iam = %[4]q
  }
}

data "huaweicloud_sms_source_servers" "web" {
  name = "web-01"
}

resource "huaweicloud_sms_task" "web" {
  name             = "web-01-from-the-release"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = data.huaweicloud_sms_source_servers.web.servers[0].id
  target_server    = { name = "web-01-target" }
}
`, namespace, providerType, version, url)
	lock := func(hashes []string) string {
		quoted := make([]string, len(hashes))
		for i, h := range hashes {
			quoted[i] = fmt.Sprintf("    %q,\n", h)
		}
		return fmt.Sprintf("provider %q {\n  version     = %q\n  constraints = %q\n  hashes = [\n%s  ]\n}\n",
			host+"/"+namespace+"/"+providerType, version, version, strings.Join(quoted, ""))
	}
	// The lock a team commits after installing from the registry holds the
	// zh: hashes of SHA256SUMS for every platform; here the one built.
	var zh []string
	for name, sum := range sums {
		if strings.HasPrefix(name, project+"_") && strings.HasSuffix(name, ".zip") {
			zh = append(zh, "zh:"+sum)
		}
	}
	slices.Sort(zh)

	// A lock whose hashes the mirror's zip does not match: init refuses it.
	bad := filepath.Join(work, "tampered")
	writeFile(t, filepath.Join(bad, "main.tf"), config)
	writeFile(t, filepath.Join(bad, ".terraform.lock.hcl"), lock([]string{"zh:" + sums[fakeZip]}))
	out, err := command(bad, env, tf, "init", "-input=false", "-no-color")
	if err == nil || !regexp.MustCompile(`(?s)checksum|match`).MatchString(out) {
		t.Fatalf("init with a lock the zip does not match: %v\n%s", err, out)
	}

	dir := filepath.Join(work, "config")
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	writeFile(t, filepath.Join(dir, ".terraform.lock.hcl"), lock(zh))
	mustRun(t, dir, env, tf, "init", "-input=false", "-no-color")
	locked, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range zh {
		if !bytes.Contains(locked, []byte(h)) {
			t.Errorf(".terraform.lock.hcl lost %s of SHA256SUMS:\n%s", h, locked)
		}
	}
	if !bytes.Contains(locked, []byte(`"h1:`)) {
		t.Errorf(".terraform.lock.hcl has no h1: hash of the installed package:\n%s", locked)
	}
	installed := filepath.Join(dir, ".terraform", "providers", host, namespace, providerType, version, platform, filepath.Base(bin)+exe())
	if _, err := os.Stat(installed); err != nil {
		t.Fatalf("the provider is not where init installs it: %v", err)
	}

	mustRun(t, dir, env, tf, "plan", "-input=false", "-no-color", "-out=release.plan")
	mustRun(t, dir, env, tf, "apply", "-input=false", "-no-color", "release.plan")
	var tasks struct {
		Tasks []struct{ Name string } `json:"tasks"`
	}
	decode(t, control(t, url, http.MethodGet, "/_fake/tasks", ""), &tasks)
	if len(tasks.Tasks) != 1 || tasks.Tasks[0].Name != "web-01-from-the-release" {
		t.Fatalf("after apply the fake holds %+v", tasks.Tasks)
	}
	mustRun(t, dir, env, tf, "destroy", "-auto-approve", "-input=false", "-no-color")
	decode(t, control(t, url, http.MethodGet, "/_fake/tasks", ""), &tasks)
	if len(tasks.Tasks) != 0 {
		t.Fatalf("after destroy the fake holds %+v", tasks.Tasks)
	}

	// The same directory as a network mirror, with the two JSON files the
	// README describes, over HTTPS on loopback. Terraform trusts the test's
	// certificate through SSL_CERT_FILE, which Go reads on Linux and the BSDs.
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Logf("network mirror not checked: Terraform on %s does not read SSL_CERT_FILE, so it cannot trust the test's server", runtime.GOOS)
	} else {
		writeFile(t, filepath.Join(pkgDir, "index.json"), fmt.Sprintf(`{"versions": {%q: {}}}`, version))
		writeFile(t, filepath.Join(pkgDir, version+".json"),
			fmt.Sprintf(`{"archives": {%q: {"url": %q, "hashes": ["zh:%s"]}}}`, platform, providerZip, sums[providerZip]))
		srv := httptest.NewTLSServer(http.FileServer(http.Dir(mirror)))
		defer srv.Close()
		ca := filepath.Join(work, "mirror-ca.pem")
		writeFile(t, ca, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
		netRC := filepath.Join(work, "terraformrc-network")
		writeFile(t, netRC, readmeInstallBlock(t, repo, "network_mirror", "url", srv.URL+"/", host))
		netDir := filepath.Join(work, "network")
		writeFile(t, filepath.Join(netDir, "main.tf"), config)
		netEnv := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+netRC, "SSL_CERT_FILE="+ca, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		mustRun(t, netDir, netEnv, tf, "init", "-input=false", "-no-color")
		if _, err := os.Stat(filepath.Join(netDir, ".terraform", "providers", host, namespace, providerType, version, platform, filepath.Base(bin)+exe())); err != nil {
			t.Fatalf("init did not install the provider from the network mirror: %v", err)
		}
	}

	// make install puts the provider into the implied local mirror of the
	// user's home (here an empty one): init in a directory with no lock and
	// no CLI configuration installs it from there, as the CHANGELOG's version.
	home := filepath.Join(work, "home")
	ours := makeInstall(t, repo, home, host, platform)
	ourVersion := filepath.Base(filepath.Dir(filepath.Dir(ours)))
	fresh := filepath.Join(work, "fresh")
	writeFile(t, filepath.Join(fresh, "main.tf"), strings.Replace(config, fmt.Sprintf("      version = %q\n", version), "", 1))
	homeEnv := append(cleanEnv(), "HOME="+home, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"HW_REGION_NAME=cn-north-4", "HW_ACCESS_KEY="+ak, "HW_SECRET_KEY="+sk)
	mustRun(t, fresh, homeEnv, tf, "init", "-input=false", "-no-color")
	locked, err = os.ReadFile(filepath.Join(fresh, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\s*version\s*=\s*"` + regexp.QuoteMeta(ourVersion) + `"$`).Match(locked) {
		t.Errorf("after make install, init locked another version than %s:\n%s", ourVersion, locked)
	}
	if _, err := os.Stat(filepath.Join(fresh, ".terraform", "providers", host, namespace, providerType, ourVersion, platform, filepath.Base(ours))); err != nil {
		t.Fatalf("init did not install what make install built: %v", err)
	}
	mustRun(t, fresh, homeEnv, tf, "plan", "-input=false", "-no-color")

	var stats struct {
		Total, Verified int
	}
	decode(t, control(t, url, http.MethodGet, "/_fake/stats", ""), &stats)
	if stats.Total == 0 || stats.Verified != stats.Total {
		t.Errorf("requests signed and verified: %d of %d", stats.Verified, stats.Total)
	}
}

// readmeInstallBlock is the README's provider_installation block whose first
// block is kind, with attr (path or url) set to value and the registry host
// replaced by host.
func readmeInstallBlock(t *testing.T, repo, kind, attr, value, host string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n## Install\n.*?```hcl\n(provider_installation \\{\n  " + kind + " \\{\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README.md's Install section has no provider_installation block with %s", kind)
	}
	setting := regexp.MustCompile(`(?m)^(\s+` + attr + `\s+= )".*"$`)
	if len(setting.FindAll(m[1], -1)) != 1 {
		t.Fatalf("README.md's %s block has no single %s:\n%s", kind, attr, m[1])
	}
	block := setting.ReplaceAll(m[1], []byte(fmt.Sprintf("${1}%q", value)))
	return strings.ReplaceAll(string(block), "registry.terraform.io/", host+"/")
}

// makeInstall runs make install with home as the home directory (Go's caches
// stay where they are, so only the link is new) and returns the binary it
// installed for host: ~/.terraform.d/plugins/HOST/smsops/huaweicloud/VERSION/OS_ARCH/.
func makeInstall(t *testing.T, repo, home, host, platform string) string {
	t.Helper()
	goEnv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	dirs := strings.Fields(string(goEnv))
	if len(dirs) != 3 {
		t.Fatalf("go env GOCACHE GOMODCACHE GOPATH: %q", goEnv)
	}
	env := append(environWithout("HOME", "GOMAXPROCS", "GOGC", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"),
		"HOME="+home, "GOCACHE="+dirs[0], "GOMODCACHE="+dirs[1], "GOPATH="+dirs[2])
	mustRun(t, repo, env, "make", "-s", "install")
	pattern := filepath.Join(home, ".terraform.d", "plugins", host, namespace, providerType, "*", platform, project+"_v*")
	found, err := filepath.Glob(pattern)
	if err != nil || len(found) != 1 {
		t.Fatalf("make install left %v (want one binary matching %s)", found, pattern)
	}
	return found[0]
}

// buildSnapshot runs the pinned goreleaser on a copy of .goreleaser.yml that
// builds for this platform only and writes into dist; it returns the
// snapshot's version.
func buildSnapshot(t *testing.T, repo, dist, work string) string {
	t.Helper()
	mk, err := os.ReadFile(filepath.Join(repo, "GNUmakefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^GORELEASER_VERSION\s*\?=\s*(\S+)`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("GNUmakefile pins no GORELEASER_VERSION")
	}
	tool := exec.Command(filepath.Join(repo, "scripts", "go-tool.sh"), "goreleaser", string(m[1]))
	var toolLog bytes.Buffer
	tool.Stderr = &toolLog
	path, err := tool.Output()
	if err != nil {
		t.Fatalf("scripts/go-tool.sh goreleaser %s: %v\n%s", m[1], err, toolLog.String())
	}
	goreleaser := strings.TrimSpace(string(path))

	cfg, err := os.ReadFile(filepath.Join(repo, ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	goos := regexp.MustCompile(`(?m)^(\s+)goos: \[.*\]$`)
	goarch := regexp.MustCompile(`(?m)^(\s+)goarch: \[.*\]$`)
	if n, k := len(goos.FindAll(cfg, -1)), len(goarch.FindAll(cfg, -1)); n != 2 || k != 2 {
		t.Fatalf(".goreleaser.yml: want goos and goarch lists in the provider and fakecloud builds, found %d and %d", n, k)
	}
	cfg = goos.ReplaceAll(cfg, []byte("${1}goos: ["+runtime.GOOS+"]"))
	cfg = goarch.ReplaceAll(cfg, []byte("${1}goarch: ["+runtime.GOARCH+"]"))
	cfg = append([]byte(fmt.Sprintf("dist: %q\n", dist)), cfg...)
	cfgPath := filepath.Join(work, "goreleaser.yml")
	writeFile(t, cfgPath, string(cfg))

	cmd := exec.Command(goreleaser, "release", "--snapshot", "--clean", "--skip=sign", "--config", cfgPath)
	cmd.Dir = repo
	// The version comes from git alone. The builds use every core, even when
	// this test runs with one (scripts/test.sh).
	cmd.Env = append(environWithout("GOMAXPROCS", "GOGC"), "GORELEASER_CURRENT_TAG=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser release --snapshot: %v\n%s", err, out)
	}
	var meta struct {
		Version string `json:"version"`
	}
	raw, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &meta); err != nil || meta.Version == "" {
		t.Fatalf("dist/metadata.json: %v\n%s", err, raw)
	}
	return meta.Version
}

// checkManifestProtocol compares the registry manifest's protocol_versions
// with the protocol the binary offers in the go-plugin handshake it prints
// when Terraform starts it.
func checkManifestProtocol(t *testing.T, manifest, bin string) {
	t.Helper()
	raw, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", manifest, err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=4,5,6")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the provider printed no handshake: %v", err)
	}
	// CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDRESS|PROTOCOL
	fields := strings.Split(strings.TrimSpace(line), "|")
	if len(fields) < 5 || fields[4] != "grpc" {
		t.Fatalf("handshake %q", line)
	}
	if want := []string{fields[1] + ".0"}; m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, want) {
		t.Errorf("terraform-registry-manifest.json declares protocol_versions %v (manifest version %d); the binary serves %v",
			m.Metadata.ProtocolVersions, m.Version, want)
	}
}

// registryHost is the host a source address without one means to this CLI.
func registryHost(t *testing.T, tf string) string {
	t.Helper()
	out, err := exec.Command(tf, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", tf, err)
	}
	if strings.HasPrefix(string(out), "OpenTofu") {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// cleanEnv is the environment less what would let terraform find a provider
// elsewhere than the mirror.
func cleanEnv() []string {
	return environWithout("TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_REATTACH_PROVIDERS", "TERRAFORM_CONFIG")
}

// environWithout is this process's environment less the variables named.
func environWithout(names ...string) []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, name)
	})
}

func readSums(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s: line %q is not <sha256>  <file>", path, line)
		}
		sums[name] = sum
	}
	return sums
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// unzip extracts archive into dir and returns the names it held.
func unzip(t *testing.T, archive, dir string) []string {
	t.Helper()
	r, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
		if strings.Contains(f.Name, "/") || strings.Contains(f.Name, `\`) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func exe() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

func command(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func mustRun(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	if out, err := command(dir, env, name, args...); err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// startFake runs the fakecloud binary on a free loopback port until the test ends.
func startFake(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case url := <-found:
		return url
	case <-time.After(30 * time.Second):
		t.Fatalf("the released fakecloud did not say where it listens")
		return ""
	}
}

func control(t *testing.T, url, method, path, body string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s\n%s", method, path, resp.Status, b)
	}
	return b
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}
