// Command fakecloud runs the fake Huawei Cloud (SMS v3, DCS v2, IAM
// discovery) on a local port, for the provider demo and for benchmarks run
// from another process.
//
//	go run ./cmd/fakecloud -listen 127.0.0.1:8080 -seed 20 -source web-01 -migrate 30s -print-env
//
// It prints "fakecloud listening on http://HOST:PORT" once it accepts
// connections and serves until SIGINT or SIGTERM. The control API is under
// /_fake/ (see package internal/fakecloud).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "fakecloud:", err)
		os.Exit(2)
	}
}

// config is what the flags say.
type config struct {
	listen, accessKey, secretKey string
	httpsProxy, httpsProxyCA     string
	projectID, region            string
	domainID, domainName         string
	tokens                       []string
	federation                   fakecloud.Federation
	allowRemote, printEnv, quiet bool
	requireProject               bool
	latency, maxSkew             time.Duration
	throttle                     fakecloud.Throttle
	readings                     []string
	seed                         int
	sources                      []string
	timing                       fakecloud.Timing
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{timing: fakecloud.DefaultTiming()}
	fs := flag.NewFlagSet("fakecloud", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a -listen address that is not a loopback address")
	fs.StringVar(&c.httpsProxy, "https-proxy", "", "also listen here as an HTTPS proxy (HTTPS_PROXY) that terminates TLS for any host "+
		"(sms.<region>.myhuaweicloud.com, iam..., ecs...) and serves the fake; port 0 picks a free port")
	fs.StringVar(&c.httpsProxyCA, "https-proxy-ca", "", "with -https-proxy: file to write the proxy's CA certificate to, for SSL_CERT_FILE "+
		"(default: fakecloud-proxy-ca.pem in the temporary directory)")
	fs.StringVar(&c.accessKey, "access-key", fakecloud.DefaultAccessKey, "accepted access key (AK)")
	fs.StringVar(&c.secretKey, "secret-key", fakecloud.DefaultSecretKey, "secret key (SK) of -access-key")
	fs.StringVar(&c.projectID, "project-id", fakecloud.DefaultProjectID, "the project id (X-Project-Id, DCS paths)")
	fs.StringVar(&c.region, "region", fakecloud.DefaultRegion, "region, i.e. the project name IAM discovery answers for")
	fs.StringVar(&c.domainID, "domain-id", fakecloud.DefaultDomainID, "account (domain) id")
	fs.StringVar(&c.domainName, "domain-name", fakecloud.DefaultDomainName, "account (domain) name")
	fs.Func("auth-token", "accepted X-Auth-Token value (repeatable)", func(v string) error {
		if v == "" {
			return errors.New("empty token")
		}
		c.tokens = append(c.tokens, v)
		return nil
	})
	fs.Func("idp", "identity provider and an ID token it accepts, as <idp-id>=<token> (repeatable): enables the ID-token exchange", func(v string) error {
		idp, token, found := strings.Cut(v, "=")
		if !found || idp == "" || token == "" {
			return errors.New("want <idp-id>=<token>")
		}
		if c.federation.IdentityProviders == nil {
			c.federation.IdentityProviders = map[string][]string{}
		}
		c.federation.IdentityProviders[idp] = append(c.federation.IdentityProviders[idp], token)
		return nil
	})
	fs.Func("agency", "agency of the account that callers may assume (repeatable)", func(v string) error {
		if v == "" {
			return errors.New("empty agency name")
		}
		c.federation.Agencies = append(c.federation.Agencies, v)
		return nil
	})
	fs.StringVar(&c.federation.ECSAgency, "ecs-agency", "", "agency whose credentials the ECS metadata service hands out (empty: none, as on an ECS without an agency)")
	fs.DurationVar(&c.federation.CredentialLifetime, "credential-lifetime", 0, "cap on the lifetime of temporary credentials (0: as asked, 15 minutes by default)")
	fs.BoolVar(&c.requireProject, "require-project-header", false, "refuse SMS requests without X-Project-Id or X-Domain-Id")
	fs.DurationVar(&c.latency, "latency", 0, "delay added to every API request")
	fs.Func("reading", "pick a reading of a rule the sources leave open, as NAME=VALUE, or NAME for a true/false one (repeatable; see internal/fakecloud/README.md):\n"+
		fakecloud.ReadingUsage(), func(v string) error {
		if err := new(fakecloud.Options).SetReading(v); err != nil {
			return err
		}
		c.readings = append(c.readings, v)
		return nil
	})
	fs.Float64Var(&c.throttle.Rate, "throttle-rate", 0, "gateway flow control: calls per second per project (0: off); over it, 429 APIGW.0308 with Retry-After")
	fs.IntVar(&c.throttle.Burst, "throttle-burst", 0, "gateway flow control: bucket size (0: max(1, -throttle-rate))")
	fs.DurationVar(&c.maxSkew, "max-clock-skew", fakecloud.DefaultMaxClockSkew, "largest accepted |X-Sdk-Date - now|, now being this machine's clock "+
		"(POST /_fake/clock/advance moves the fake's time, not the one signatures are checked against); negative disables the check")
	fs.IntVar(&c.seed, "seed", 0, "number of READY tasks (each with its own source) to create at start")
	fs.Func("source", "a source server named NAME, its agent connected and no task yet, as the SMS agent registers it (repeatable)", func(v string) error {
		if v == "" {
			return errors.New("empty source server name")
		}
		c.sources = append(c.sources, v)
		return nil
	})
	fs.BoolVar(&c.printEnv, "print-env", false, "also print the HW_* variables to export, secret key included")
	fs.BoolVar(&c.quiet, "quiet", false, "do not log requests to stderr")
	timing := []struct {
		name string
		dst  *time.Duration
		what string
	}{
		{"start", &c.timing.Start, "start: RUNNING/initialize before replication"},
		{"migrate", &c.timing.Migrate, "replication until SYNCING or MIGRATE_SUCCESS"},
		{"stop", &c.timing.Stop, "stop: ABORTING until ABORT"},
		{"delete", &c.timing.Delete, "delete: DELETING until the task is gone"},
		{"test", &c.timing.Test, "test/cutover: cutovering until finished"},
		{"clone", &c.timing.Clone, "clone_test: cloning until the clone is FINISHED"},
		{"network-check", &c.timing.NetworkCheck, "network_check until its result is filled"},
		{"clear", &c.timing.Clear, "clear: clearing until cleared"},
		{"skip", &c.timing.Skip, "skip: SKIPPING until RUNNING again"},
		{"migration-test", &c.timing.MigrationTest, "migration_test: premiging until premiged"},
		{"rollback", &c.timing.Rollback, "sync_failed_rollback: SYNC_F_ROLLBACKING until done"},
		{"log-upload", &c.timing.LogUpload, "a log upload (CollectLog): UPLOADING until UPLOADED"},
	}
	for _, t := range timing {
		fs.DurationVar(t.dst, t.name, *t.dst, "how long "+t.what+" takes (0: immediately)")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, t := range timing {
		switch {
		case *t.dst < 0:
			return nil, fmt.Errorf("-%s cannot be negative", t.name)
		case *t.dst == 0:
			*t.dst = -1 // fakecloud: negative means immediately, zero means default
		}
	}
	if c.accessKey == "" || c.secretKey == "" {
		return nil, errors.New("-access-key and -secret-key cannot be empty")
	}
	if c.projectID == "" || c.region == "" {
		return nil, errors.New("-project-id and -region cannot be empty")
	}
	if c.seed < 0 {
		return nil, errors.New("-seed cannot be negative")
	}
	if c.throttle.Rate < 0 || c.throttle.Burst < 0 {
		return nil, errors.New("-throttle-rate and -throttle-burst cannot be negative")
	}
	if c.latency < 0 {
		return nil, errors.New("-latency cannot be negative")
	}
	if c.federation.CredentialLifetime < 0 {
		return nil, errors.New("-credential-lifetime cannot be negative")
	}
	if c.httpsProxyCA != "" && c.httpsProxy == "" {
		return nil, errors.New("-https-proxy-ca needs -https-proxy")
	}
	if !c.allowRemote {
		if err := checkLoopback(c.listen); err != nil {
			return nil, err
		}
		if c.httpsProxy != "" {
			if err := checkLoopback(c.httpsProxy); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// checkLoopback refuses listen addresses reachable from other machines.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-listen %q is not a loopback address; the fake has well-known credentials, pass -allow-remote to expose it anyway", addr)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags)
	opts := fakecloud.Options{
		Credentials:          map[string]string{c.accessKey: c.secretKey},
		AuthTokens:           c.tokens,
		Federation:           c.federation,
		ProjectID:            c.projectID,
		Region:               c.region,
		DomainID:             c.domainID,
		DomainName:           c.domainName,
		RequireProjectHeader: c.requireProject,
		Timing:               c.timing,
		MaxClockSkew:         c.maxSkew,
		Latency:              c.latency,
		Throttle:             c.throttle,
		SeedTasks:            c.seed,
	}
	for _, r := range c.readings {
		if err := opts.SetReading(r); err != nil {
			return err
		}
	}
	if !c.quiet {
		opts.Logf = logger.Printf
	}
	fake := fakecloud.New(opts)
	for _, name := range c.sources {
		fake.SeedSource(fakecloud.SourceSpec{Name: name})
	}

	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "fakecloud listening on %s\n", url)
	proxyURL, caFile, err := startHTTPSProxy(ctx, c, fake, stdout)
	if err != nil {
		return err
	}
	if c.printEnv {
		fmt.Fprintf(stdout, "export HW_REGION_NAME=%s\n", shellQuote(c.region))
		fmt.Fprintf(stdout, "export HW_ACCESS_KEY=%s\n", shellQuote(c.accessKey))
		fmt.Fprintf(stdout, "export HW_SECRET_KEY=%s\n", shellQuote(c.secretKey))
		fmt.Fprintf(stdout, "export HW_PROJECT_ID=%s\n", shellQuote(c.projectID))
		if proxyURL != "" {
			fmt.Fprintf(stdout, "export HTTPS_PROXY=%s\n", shellQuote(proxyURL))
			fmt.Fprintf(stdout, "export SSL_CERT_FILE=%s\n", shellQuote(caFile))
		}
		fmt.Fprint(stdout, providerBlockComment(url))
	}
	logger.Printf("fakecloud: access key %s, project %s (%s), %d seeded tasks, source servers %v; control API at %s/_fake/", c.accessKey, c.projectID, c.region, c.seed, c.sources, url)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Printf("fakecloud: stopped")
	return nil
}

// providerBlockComment is the provider block that points every service at
// url, as shell comments: HCL once the leading "# " is removed.
func providerBlockComment(url string) string {
	return fmt.Sprintf(`# The provider block for this fake (HCL once the leading "# " is removed):
# provider "huaweicloud" {
#   endpoints {
#     sms = %[1]q
#     dcs = %[1]q
#     iam = %[1]q
#   }
# }
`, url)
}

// shellQuote makes v safe inside a POSIX shell export line.
func shellQuote(v string) string {
	if v != "" && strings.IndexFunc(v, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == ':' ||
			(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
	}) < 0 {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// startHTTPSProxy starts the -https-proxy listener, if asked for, writes its
// CA certificate and prints where it listens. It stops with ctx.
func startHTTPSProxy(ctx context.Context, c *config, fake http.Handler, stdout io.Writer) (proxyURL, caFile string, err error) {
	if c.httpsProxy == "" {
		return "", "", nil
	}
	proxy, err := fakecloud.NewHTTPSProxy(fake)
	if err != nil {
		return "", "", err
	}
	caFile = c.httpsProxyCA
	if caFile == "" {
		caFile = filepath.Join(os.TempDir(), "fakecloud-proxy-ca.pem")
	}
	if err := os.WriteFile(caFile, proxy.CAPEM, 0o644); err != nil {
		return "", "", err
	}
	ln, err := net.Listen("tcp", c.httpsProxy)
	if err != nil {
		return "", "", err
	}
	srv := &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
		_ = proxy.Close()
	}()
	proxyURL = "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "fakecloud https proxy on %s (CA certificate in %s)\n", proxyURL, caFile)
	return proxyURL, caFile, nil
}
