package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-seed", "3", "-source", "web-01", "-source", "db-01", "-quiet", "-print-env", "-migrate", "0"}, w, io.Discard)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	first := lines.Text()
	url, found := strings.CutPrefix(first, "fakecloud listening on ")
	if !found || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q", first)
	}
	var env []string
	for lines.Scan() {
		env = append(env, lines.Text())
		if lines.Text() == "# }" {
			break
		}
	}
	joined := strings.Join(env, "\n")
	for _, want := range []string{"export HW_ACCESS_KEY=FAKEAK0000000000TEST", "export HW_SECRET_KEY=", "export HW_PROJECT_ID=", "export HW_REGION_NAME=cn-north-4"} {
		if !strings.Contains(joined, want) {
			t.Errorf("env output lacks %q:\n%s", want, joined)
		}
	}
	checkProviderBlock(t, env, url)
	go func() { _, _ = io.Copy(io.Discard, out) }()

	resp, err := http.Get(url + "/_fake/health")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if health["tasks"] != float64(3) {
		t.Fatalf("health = %v", health)
	}
	// -source adds connected source servers without a task.
	resp, err = http.Get(url + "/_fake/sources")
	if err != nil {
		t.Fatal(err)
	}
	var sources struct {
		Sources []struct {
			Name      string `json:"name"`
			Connected bool   `json:"connected"`
			TaskID    string `json:"task_id"`
		} `json:"sources"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&sources); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	named := map[string]bool{}
	for _, src := range sources.Sources {
		if src.Connected && src.TaskID == "" {
			named[src.Name] = true
		}
	}
	if !named["web-01"] || !named["db-01"] || len(sources.Sources) != 5 {
		t.Fatalf("sources %+v, want the 3 seeded tasks' and web-01 and db-01, connected and free", sources.Sources)
	}
	// An unsigned API call is refused.
	resp, err = http.Get(url + "/v3/tasks")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned call: %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestSecretNotPrintedByDefault(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-secret-key", "s3cr3t-value", "-quiet"}, pw, io.Discard)
		pw.Close()
	}()
	all, err := io.ReadAll(&cancelAfterFirstLine{r: pr, cancel: cancel})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(all), "fakecloud listening on ") || strings.Contains(string(all), "s3cr3t-value") {
		t.Fatalf("output: %q", all)
	}
}

// cancelAfterFirstLine stops the server once the first line has been read.
type cancelAfterFirstLine struct {
	r      io.Reader
	cancel func()
}

func (c *cancelAfterFirstLine) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if strings.Contains(string(p[:n]), "\n") {
		c.cancel()
	}
	return n, err
}

func TestFlagChecks(t *testing.T) {
	for _, args := range [][]string{
		{"-listen", "0.0.0.0:8080"},
		{"-listen", ":8080"},
		{"-listen", "example.com:80"},
		{"-migrate", "-1s"},
		{"-seed", "-2"},
		{"-access-key", ""},
		{"-reading", "lenient"},
		{"-reading", "delete-gate"},
		{"-reading", "delete-gate=sometimes"},
		{"-idp", "no-token"},
		{"-credential-lifetime", "-1s"},
		{"extra"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	for _, args := range [][]string{
		{"-listen", "localhost:0"},
		{"-listen", "[::1]:0"},
		{"-listen", "0.0.0.0:0", "-allow-remote"},
	} {
		if _, err := parseFlags(args, io.Discard); err != nil {
			t.Errorf("%v refused: %v", args, err)
		}
	}
	c, err := parseFlags([]string{"-migrate", "0", "-stop", "250ms", "-reading", "strict-speed-limits", "-reading", "template-password-kept=true",
		"-reading", "delete-gate=deny-list", "-reading", "list-scope=all"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var opts fakecloud.Options
	for _, r := range c.readings {
		if err := opts.SetReading(r); err != nil {
			t.Fatal(err)
		}
	}
	if !opts.StrictSpeedLimits || !opts.TemplatePasswordKept || opts.DeleteGate != fakecloud.GateDenyList || opts.ListScope != fakecloud.ListScopeAll || opts.NicsResolvedByID {
		t.Fatalf("readings %v gave %+v", c.readings, opts)
	}
	if c.timing.Migrate != -1 || c.timing.Stop != 250*time.Millisecond || c.timing.Start != 3*time.Second {
		t.Fatalf("timing = %+v", c.timing)
	}
	c, err = parseFlags([]string{"-idp", "ci=tok1", "-idp", "ci=tok2", "-agency", "sms_operator", "-ecs-agency", "ecs", "-credential-lifetime", "30s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	f := c.federation
	if len(f.IdentityProviders["ci"]) != 2 || f.Agencies[0] != "sms_operator" || f.ECSAgency != "ecs" || f.CredentialLifetime != 30*time.Second {
		t.Fatalf("federation = %+v", f)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"abc-1_2.x": "abc-1_2.x", "a b": "'a b'", "it's": `'it'\''s'`, "": "''"} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTTPSProxyFlag: -https-proxy listens, writes the CA and prints the
// variables a client needs.
func TestHTTPSProxyFlag(t *testing.T) {
	if _, err := parseFlags([]string{"-https-proxy-ca", "x.pem"}, io.Discard); err == nil {
		t.Fatal("-https-proxy-ca without -https-proxy accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-quiet", "-print-env", "-https-proxy", "127.0.0.1:0", "-https-proxy-ca", ca}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var out []string
	for len(out) < 9 && lines.Scan() {
		out = append(out, lines.Text())
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(out, "\n")
	for _, want := range []string{"fakecloud https proxy on http://127.0.0.1:", "export HTTPS_PROXY=http://127.0.0.1:", "export SSL_CERT_FILE=" + ca} {
		if !strings.Contains(joined, want) {
			t.Errorf("output lacks %q:\n%s", want, joined)
		}
	}
	if pem, err := os.ReadFile(ca); err != nil || !strings.Contains(string(pem), "BEGIN CERTIFICATE") {
		t.Fatalf("CA file: %v %q", err, pem)
	}
}

// checkProviderBlock finds, in the lines -print-env printed, the commented
// provider block and checks that without its "# " it is HCL that points
// every service at url.
func checkProviderBlock(t *testing.T, lines []string, url string) {
	t.Helper()
	var block []string
	for _, l := range lines {
		if strings.HasPrefix(l, "# provider ") || len(block) > 0 {
			block = append(block, strings.TrimPrefix(l, "# "))
		}
	}
	src := strings.Join(block, "\n") + "\n"
	f, diags := hclsyntax.ParseConfig([]byte(src), "print-env.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("-print-env's provider block is not HCL: %v\n%s", diags, src)
	}
	body := f.Body.(*hclsyntax.Body)
	if len(body.Blocks) != 1 || body.Blocks[0].Type != "provider" || len(body.Blocks[0].Labels) != 1 || body.Blocks[0].Labels[0] != "huaweicloud" {
		t.Fatalf("want one provider \"huaweicloud\" block:\n%s", src)
	}
	inner := body.Blocks[0].Body.Blocks
	if len(inner) != 1 || inner[0].Type != "endpoints" {
		t.Fatalf("want one endpoints block in the provider block:\n%s", src)
	}
	for _, name := range []string{"sms", "dcs", "iam"} {
		a, ok := inner[0].Body.Attributes[name]
		if !ok {
			t.Errorf("endpoints has no %s:\n%s", name, src)
			continue
		}
		v, d := a.Expr.Value(nil)
		if d.HasErrors() || v.AsString() != url {
			t.Errorf("endpoints.%s = %#v (%v), want %q", name, v, d, url)
		}
	}
}

// The fake's clock moves (POST /_fake/clock/advance) while the client signs
// with the machine's: the signature's date is checked against the
// machine's clock, so a 20-minute advance (past the 15-minute skew) leaves
// signed calls valid, with or without the check, as the testing guide says.
func TestClockAdvanceAndSignedCalls(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		want  string // "" = the call succeeds
	}{
		{nil, ""},
		{[]string{"-max-clock-skew", "-1s"}, ""},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"-quiet", "-seed", "1"}, tc.flags...), pw, io.Discard)
			pw.Close()
		}()
		lines := bufio.NewScanner(pr)
		if !lines.Scan() {
			t.Fatalf("%v: no output: %v", tc.flags, <-done)
		}
		url := strings.TrimPrefix(lines.Text(), "fakecloud listening on ")
		go func() { _, _ = io.Copy(io.Discard, pr) }()

		resp, err := http.Post(url+"/_fake/clock/advance", "application/json", strings.NewReader(`{"by":"20m"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		c, err := sms.New(sms.Config{Region: fakecloud.DefaultRegion, AccessKey: fakecloud.DefaultAccessKey, SecretKey: fakecloud.DefaultSecretKey,
			ProjectID: fakecloud.DefaultProjectID, Endpoints: sms.Endpoints{SMS: url, IAM: url, DCS: url}, MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := c.ListTasks(ctx, sms.ListTasksFilter{})
		switch {
		case tc.want == "" && (err != nil || len(tasks) != 1):
			t.Errorf("%v: after a 20-minute advance: %d tasks, %v; want the seeded one", tc.flags, len(tasks), err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v: after a 20-minute advance: %v; want %q", tc.flags, err, tc.want)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
