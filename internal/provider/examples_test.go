package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// examplesDir is examples/ at the root of the module.
var examplesDir = filepath.Join("..", "..", "examples")

// TestExamplesValidate runs `terraform fmt -check` and `terraform validate` on
// every folder under examples/ (the pages in docs/ and the demo), then
// applies and destroys each page's example against a fake cloud, with the
// provider built from this tree and served through dev_overrides, so nothing
// is downloaded. Folders with action blocks need Terraform 1.14.
func TestExamplesValidate(t *testing.T) {
	cli := cliForTest(t)
	t.Parallel() // building the provider is not on the serial path
	tf := cli.Path
	folders := exampleFolders(t)
	if len(folders) == 0 {
		t.Fatalf("no example folders found under %s", examplesDir)
	}

	env := devOverridesEnv(t, officialStandIn)
	run(t, env, examplesDir, tf, "fmt", "-check", "-diff", "-recursive", "-no-color")

	for _, folder := range folders {
		t.Run(filepath.ToSlash(folder), func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(examplesDir, folder)
			if needsActions(t, src) {
				featureActions.skipWithout(t, cli)
			}
			// Validate a copy: terraform writes into the working directory,
			// and snippets shown on a page may leave out required_providers.
			dir := t.TempDir()
			files, _ := filepath.Glob(filepath.Join(src, "*.tf"))
			var imports []string
			files = slices.DeleteFunc(files, func(f string) bool {
				// import-by-*.tf are the Import section's snippets: they
				// import into the example's resource, so they are validated
				// with it but not applied.
				if strings.HasPrefix(filepath.Base(f), "import-by-") {
					imports = append(imports, f)
					return true
				}
				return false
			})
			copyExample(t, dir, files)
			standInOfficialFiles(t, dir, filepath.ToSlash(folder))
			if slices.Contains(notApplied, folder) {
				// The others are validated by their apply below.
				run(t, env, dir, tf, "validate", "-no-color")
			}
			if len(imports) > 0 && featureIdentity.missing(cli) == "" {
				withImports := t.TempDir()
				copyExample(t, withImports, append(files, imports...))
				run(t, env, withImports, tf, "validate", "-no-color")
			}
			applyExample(t, env, dir, tf, filepath.ToSlash(folder))
		})
	}
}

// copyExample copies files into dir, adding required_providers when none of
// them declares it (snippets shown on a page may leave it out).
func copyExample(t *testing.T, dir string, files []string) {
	t.Helper()
	declared := false
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		declared = declared || strings.Contains(string(body), "required_providers")
		writeFile(t, filepath.Join(dir, filepath.Base(f)), string(body))
	}
	if !declared {
		writeFile(t, filepath.Join(dir, "zz_required_providers.tf"),
			"terraform {\n  required_providers {\n    huaweicloud = { source = \"smsops/huaweicloud\" }\n  }\n}\n")
	}
}

// notApplied are the folders whose apply happens elsewhere: the provider
// block alone has nothing to apply, make demo applies the walkthrough and
// TestExamplesModuleTest runs `terraform test` on the module-testing module.
var notApplied = []string{"provider", "demo", "demo/invoke", "module-testing", "module-testing/tests/check"}

// applyExample applies and destroys an example against a fake cloud of its
// own, seeded with what the example refers to (the sources web-01 and db-01, a task, a
// DCS instance with a background task, a wave of tasks to delete), so every
// page's Example Usage is known to work, not only to parse.
func applyExample(t *testing.T, env []string, dir, tf, folder string) {
	t.Helper()
	if slices.Contains(notApplied, folder) {
		return
	}
	c := newTestCloud(t)
	c.SeedSource(fakecloud.SourceSpec{Name: "web-01"})
	c.SeedSource(fakecloud.SourceSpec{Name: "db-01"})
	task := c.SeedTask(fakecloud.TaskSpec{Name: "example-task"})
	migrated := c.SeedTask(fakecloud.TaskSpec{Name: "migrated-task", State: fakecloud.StateMigrateSuccess})
	bg := c.SeedBackgroundTask(exampleDCSInstance, fakecloud.BGTaskSpec{})
	wave := taskIDs(c.SeedTasks(3, fakecloud.TaskSpec{Name: "wave1"}))
	waveJSON, err := json.Marshal(wave)
	if err != nil {
		t.Fatal(err)
	}
	// The example may give this provider another local name, and may
	// configure it itself: the fake's settings are then merged into its
	// block (an override file).
	name := localName(t, dir)
	cloudFile := "zz_fake_cloud.tf"
	if configuresProvider(t, dir, name) {
		cloudFile = "zz_fake_cloud_override.tf"
	}
	writeFile(t, filepath.Join(dir, cloudFile), c.cliProviderBlockAs(name))
	env = append(slices.Clip(env), "HW_SECRET_KEY="+c.SK,
		"TF_VAR_task_id="+task.ID, "TF_VAR_migrated_task_id="+migrated.ID, "TF_VAR_dcs_instance_id="+exampleDCSInstance,
		"TF_VAR_background_task_id="+bg.ID, "TF_VAR_wave1_task_ids="+string(waveJSON),
		"TF_VAR_template_password=Example-Pass-01")
	run(t, env, dir, tf, "apply", "-auto-approve", "-input=false", "-no-color")
	checkStateProviders(t, dir, folder)
	run(t, env, dir, tf, "destroy", "-auto-approve", "-input=false", "-no-color")
	if s := c.Stats(); s.Total == 0 {
		t.Fatalf("applying examples/%s made no API call", folder)
	}
}

// officialStandIn is the official provider's source address. make test does
// not have that provider: where a configuration requires it (an example next
// to it) or a state names it (a task moved from it), the tests stand this
// provider's binary in for it through dev_overrides. Terraform loads the
// schema of every such provider but, for a configuration that configures it
// nowhere and a state whose resources only move away from it, calls nothing
// else of it.
const officialStandIn = "huaweicloud/huaweicloud"

// officialOnlyFiles are the example files whose blocks belong to the
// official provider, with what stands in for them in make test: the values
// the other files take from them (locals), with no provider behind them.
var officialOnlyFiles = map[string]string{
	"official-provider-alongside/network.tf": `# Stands in for network.tf (the official provider's network) in make test.
locals {
  network = {
    vpc_id   = "vpc-alongside-0001"
    vpc_name = "migration-targets"
    subnet = {
      id   = "subnet-alongside-0001"
      name = "migration-targets"
      cidr = "192.168.10.0/24"
    }
    security_group = {
      id   = "sg-alongside-0001"
      name = "migration-targets"
    }
  }
}
`,
}

// standInOfficialFiles replaces the copies of folder's official-only files
// in dir with their stand-ins.
func standInOfficialFiles(t *testing.T, dir, folder string) {
	t.Helper()
	for file, standIn := range officialOnlyFiles {
		if path.Dir(file) == folder {
			writeFile(t, filepath.Join(dir, path.Base(file)), standIn)
		}
	}
}

// localName is the local name dir's configuration gives this provider
// (huaweicloud when it declares none).
func localName(t *testing.T, dir string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^\s*([A-Za-z][\w-]*)\s*=\s*\{\s*(?:#.*)?\n?\s*source\s*=\s*"smsops/huaweicloud"`)
	for _, b := range readConfigFiles(t, dir) {
		if m := re.FindSubmatch(b); m != nil {
			return string(m[1])
		}
	}
	return "huaweicloud"
}

// configuresProvider reports a provider block for name in dir.
func configuresProvider(t *testing.T, dir, name string) bool {
	t.Helper()
	re := regexp.MustCompile(`(?m)^provider\s+"` + regexp.QuoteMeta(name) + `"`)
	for _, b := range readConfigFiles(t, dir) {
		if re.Match(b) {
			return true
		}
	}
	return false
}

func readConfigFiles(t *testing.T, dir string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// checkStateProviders fails when the state in dir holds a resource or data
// source of another provider than this one (or Terraform's built-in): under
// any local name, every block of the example went to this provider.
func checkStateProviders(t *testing.T, dir, folder string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct{ Mode, Type, Name, Provider string }
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	ours := regexp.MustCompile(`^provider\["registry\.(terraform\.io|opentofu\.org)/smsops/huaweicloud"\]$`)
	for _, r := range st.Resources {
		if !ours.MatchString(r.Provider) && r.Provider != `provider["terraform.io/builtin/terraform"]` {
			t.Errorf("examples/%s: %s %s.%s belongs to %s", folder, r.Mode, r.Type, r.Name, r.Provider)
		}
	}
}

// cliProviderBlock configures the provider for this cloud in files a
// terraform command run by a test reads; the secret key is not written
// there but passed as HW_SECRET_KEY.
func (c *testCloud) cliProviderBlock() string { return c.cliProviderBlockAs("huaweicloud") }

// cliProviderBlockAs is cliProviderBlock for the provider's local name name.
func (c *testCloud) cliProviderBlockAs(name string) string {
	return fmt.Sprintf(`
provider %q {
  region     = "cn-north-4"
  access_key = %q
  endpoints {
    sms = %[3]q
    dcs = %[3]q
    iam = %[3]q
  }
}
`, name, c.AK, c.URL)
}

// exampleDCSInstance is the DCS instance the examples' fake cloud holds.
const exampleDCSInstance = "dcs-example-0001"

// TestExamplesCoverEveryType keeps examples/ (and so the Example Usage of
// every page in docs/) in step with what the provider registers.
func TestExamplesCoverEveryType(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var typeName provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &typeName)

	want := map[string]string{} // folder -> file it must hold
	for _, f := range p.Resources(ctx) {
		var m resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: typeName.TypeName}, &m)
		want[filepath.Join("resources", m.TypeName)] = "resource.tf"
	}
	for _, f := range p.DataSources(ctx) {
		var m datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: typeName.TypeName}, &m)
		want[filepath.Join("data-sources", m.TypeName)] = "data-source.tf"
	}
	if pa, ok := p.(provider.ProviderWithActions); ok {
		for _, f := range pa.Actions(ctx) {
			var m action.MetadataResponse
			f().Metadata(ctx, action.MetadataRequest{ProviderTypeName: typeName.TypeName}, &m)
			want[filepath.Join("actions", m.TypeName)] = "action.tf"
		}
	}
	if pe, ok := p.(provider.ProviderWithEphemeralResources); ok {
		for _, f := range pe.EphemeralResources(ctx) {
			var m ephemeral.MetadataResponse
			f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: typeName.TypeName}, &m)
			want[filepath.Join("ephemeral-resources", m.TypeName)] = "ephemeral-resource.tf"
		}
	}
	if pl, ok := p.(provider.ProviderWithListResources); ok {
		for _, f := range pl.ListResources(ctx) {
			var m resource.MetadataResponse
			f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: typeName.TypeName}, &m)
			want[filepath.Join("list-resources", m.TypeName)] = "list-resource.tfquery.hcl"
		}
	}
	want["provider"] = "provider.tf"
	for folder, file := range want {
		if _, err := os.Stat(filepath.Join(examplesDir, folder, file)); err != nil {
			t.Errorf("examples/%s/%s is missing: every registered type needs an example (it becomes the Example Usage of its page in docs/)", filepath.ToSlash(folder), file)
		}
	}
}

// exampleFolders lists the folders under examples/ that hold .tf files,
// relative to examples/.
func exampleFolders(t *testing.T) []string {
	t.Helper()
	var folders []string
	err := filepath.WalkDir(examplesDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != examplesDir {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(p) != ".tf" {
			return nil
		}
		rel, err := filepath.Rel(examplesDir, filepath.Dir(p))
		if err == nil && !slices.Contains(folders, rel) {
			folders = append(folders, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return folders
}

func run(t *testing.T, env []string, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// needsActions reports an example that declares action blocks, which only
// Terraform 1.14 and later can parse.
func needsActions(t *testing.T, dir string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if regexp.MustCompile(`(?m)^action\s+"`).Match(b) {
			return true
		}
	}
	return false
}
