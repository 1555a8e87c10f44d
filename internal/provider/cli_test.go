package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// testCLI is the command-line tool the acceptance tests run: Terraform or
// OpenTofu. terraform-plugin-testing runs TF_ACC_TERRAFORM_PATH (else the
// terraform on the PATH), and so do the tests that run the CLI themselves.
type testCLI struct {
	Path     string
	Version  *version.Version
	OpenTofu bool
}

func (c testCLI) String() string {
	if c.OpenTofu {
		return "OpenTofu " + c.Version.String()
	}
	return "Terraform " + c.Version.String()
}

// RegistryHost is the host that provider source addresses without one mean:
// "smsops/huaweicloud" is registry.terraform.io/smsops/huaweicloud to
// Terraform and registry.opentofu.org/smsops/huaweicloud to OpenTofu (make
// test gives OpenTofu's as TF_ACC_PROVIDER_HOST to terraform-plugin-testing).
func (c testCLI) RegistryHost() string {
	if c.OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// acceptanceCLI finds and identifies the CLI once per test binary.
var acceptanceCLI = sync.OnceValues(func() (testCLI, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return testCLI{}, fmt.Errorf("no terraform: set TF_ACC_TERRAFORM_PATH or put terraform on the PATH")
		}
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return testCLI{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	// OpenTofu answers with the same JSON (terraform_version holds its own
	// version); only the plain output names the product.
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return testCLI{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		return testCLI{}, fmt.Errorf("%s version %q: %w", path, v.Version, err)
	}
	plain, err := exec.Command(path, "version").Output()
	if err != nil {
		return testCLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	return testCLI{Path: path, Version: parsed, OpenTofu: strings.HasPrefix(string(plain), "OpenTofu")}, nil
})

// cliForTest is acceptanceCLI for tests that run the CLI themselves; they
// need TF_ACC=1, as the plugin-testing ones do.
func cliForTest(t *testing.T) testCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to run a terraform binary")
	}
	cli, err := acceptanceCLI()
	if err != nil {
		t.Fatal(err)
	}
	return cli
}

// cliFeature is a language or protocol feature that not every CLI has: the
// Terraform version that brought it and the OpenTofu version that did (nil
// when no OpenTofu release the tests ran has it).
type cliFeature struct {
	Name      string
	Terraform *version.Version
	OpenTofu  *version.Version
}

// The features the tests need beyond Terraform 1.11.4 (the README's
// Terraform/OpenTofu table says the same, from what these tests showed on
// the newest OpenTofu the Go module proxy serves).
var (
	featureActions = cliFeature{Name: "provider-defined actions (action blocks, apply -invoke)", Terraform: tfversion.Version1_14_0}
	featureQuery   = cliFeature{Name: "list resources and the query command", Terraform: tfversion.Version1_14_0}
	// OpenTofu 1.12 reads identity schemas and imports by identity.
	featureIdentity  = cliFeature{Name: "resource identity", Terraform: tfversion.Version1_12_0, OpenTofu: version.Must(version.NewVersion("1.12.0"))}
	featureEphemeral = cliFeature{Name: "ephemeral resources and write-only attributes", Terraform: tfversion.Version1_11_0, OpenTofu: version.Must(version.NewVersion("1.11.0"))}
	// A moved block between two providers' resources of the same type:
	// OpenTofu took it for a plain rename, and sent the provider no move,
	// until 1.12.4 (opentofu/opentofu#4271, fixed by #4280).
	featureMoveAcrossProviders = cliFeature{Name: "moved blocks from another provider's resource (MoveResourceState)", Terraform: tfversion.Version1_8_0, OpenTofu: version.Must(version.NewVersion("1.12.4"))}
)

// missing says why cli lacks f, or "" when it has it.
func (f cliFeature) missing(cli testCLI) string {
	v := cli.Version.Core()
	switch {
	case cli.OpenTofu && f.OpenTofu == nil:
		return fmt.Sprintf("%s has no %s (Terraform %s and later): skipping test", cli, f.Name, f.Terraform)
	case cli.OpenTofu && v.LessThan(f.OpenTofu):
		return fmt.Sprintf("%s has no %s (OpenTofu %s and later): skipping test", cli, f.Name, f.OpenTofu)
	case !cli.OpenTofu && v.LessThan(f.Terraform):
		return fmt.Sprintf("%s has no %s (Terraform %s and later): skipping test", cli, f.Name, f.Terraform)
	}
	return ""
}

// skipWithout skips a test that runs the CLI itself when the CLI lacks f.
func (f cliFeature) skipWithout(t *testing.T, cli testCLI) {
	t.Helper()
	if why := f.missing(cli); why != "" {
		t.Skip(why)
	}
}

// requires is the TerraformVersionChecks of a plugin-testing test that needs
// f: like tfversion.SkipBelow, and it also knows OpenTofu, which reports its
// own version numbers.
func requires(f cliFeature) []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{featureCheck{f}}
}

type featureCheck struct{ feature cliFeature }

func (c featureCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, err := acceptanceCLI()
	if err != nil {
		resp.Error = err
		return
	}
	resp.Skip = c.feature.missing(cli)
}

// Tests of a feature are in scripts/test.sh's cli_tests, the tests the
// passes on the newer CLIs run: on the first pass's CLI (Terraform 1.11.4)
// they may skip, and a test outside cli_tests would then run nowhere.
func TestFeatureTestsRunOnTheNewerCLIs(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("..", "..", "scripts", "test.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cliTests := scriptArray(t, string(script), "cli_tests")
	selected := regexp.MustCompile(strings.Join(cliTests, "|"))

	// A test needs a feature when its body names one: requires(feature...),
	// actionVersionChecks, feature....skipWithout.
	needsFeature := regexp.MustCompile(`requires\(feature|actionVersionChecks|feature[A-Za-z]+\.skipWithout`)
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var gated int
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil || fn.Name.Name == t.Name() {
				continue
			}
			body := src[fset.Position(fn.Body.Pos()).Offset:fset.Position(fn.Body.End()).Offset]
			if !needsFeature.Match(body) {
				continue
			}
			gated++
			if !selected.MatchString(fn.Name.Name) {
				t.Errorf("%s (%s) needs a CLI feature but is not in scripts/test.sh's cli_tests: it would run on no CLI that has the feature", fn.Name.Name, name)
			}
		}
	}
	if gated < 10 {
		t.Fatalf("found %d tests that need a CLI feature; the scan is broken", gated)
	}
}

// scriptArray is the single-quoted elements of the bash array name=( ... ) in
// script, comments left out.
func scriptArray(t *testing.T, script, name string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(script, "\n"+name+"=(\n")
	if !ok {
		t.Fatalf("scripts/test.sh has no array %s", name)
	}
	body, _, ok := strings.Cut(rest, "\n)\n")
	if !ok {
		t.Fatalf("scripts/test.sh: array %s is not closed", name)
	}
	quoted := regexp.MustCompile(`'([^']*)'`)
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, m := range quoted.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		t.Fatalf("scripts/test.sh: array %s is empty", name)
	}
	return out
}
