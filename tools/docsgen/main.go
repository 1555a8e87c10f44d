// Command docsgen renders docs/ from templates/, examples/ and the provider's
// schema without touching the network. It builds the provider, asks terraform
// (>= 1.14, so provider-defined actions are included) for the schema through
// a dev_overrides CLI configuration, and runs tfplugindocs on that schema.
//
//	go run ./tools/docsgen -terraform PATH          regenerate docs/ in place
//	go run ./tools/docsgen -terraform PATH -check   fail when docs/ is stale
//
// A template for a type the provider does not register is an error, so no
// page outlives the code it documents.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const (
	providerAddress = "registry.terraform.io/smsops/huaweicloud"
	providerName    = "huaweicloud"
	renderedName    = "Huawei Cloud SMS"
)

// schemaKinds maps a templates/ subdirectory to its key in the schema JSON.
var schemaKinds = map[string]string{
	"resources":    "resource_schemas",
	"data-sources": "data_source_schemas",
	"actions":      "action_schemas",
}

func main() {
	check := flag.Bool("check", false, "compare the generated pages with docs/ instead of writing them")
	tf := flag.String("terraform", "terraform", "terraform binary, version 1.14 or later")
	flag.Parse()
	if err := run(*tf, *check); err != nil {
		fmt.Fprintln(os.Stderr, "docsgen:", err)
		os.Exit(1)
	}
}

func run(tf string, check bool) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "templates", "index.md.tmpl")); err != nil {
		return errors.New("run from the repository root (templates/ not found)")
	}
	if err := requireTerraform(tf, 1, 14); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "docsgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	schemaPath := filepath.Join(work, "schema.json")
	types, err := writeSchema(repo, tf, work, schemaPath)
	if err != nil {
		return err
	}
	site := filepath.Join(work, "site")
	if err := copyTree(filepath.Join(repo, "examples"), filepath.Join(site, "examples"), nil); err != nil {
		return err
	}
	var skipErr error
	err = copyTree(filepath.Join(repo, "templates"), filepath.Join(site, "templates"), func(rel string) bool {
		kind, file := filepath.Split(filepath.ToSlash(rel))
		kind = strings.TrimSuffix(kind, "/")
		if _, ok := schemaKinds[kind]; !ok || !strings.HasSuffix(file, ".md.tmpl") {
			return true
		}
		key := kind + "/" + providerName + "_" + strings.TrimSuffix(file, ".md.tmpl")
		if types[key] {
			return true
		}
		skipErr = errors.Join(skipErr, fmt.Errorf("templates/%s: the provider has no %s", rel, key))
		return false
	})
	if err != nil {
		return err
	}
	if skipErr != nil {
		return skipErr
	}

	if err := quiet(command(repo, nil, "go", "tool", "tfplugindocs", "generate",
		"--provider-dir", site, "--provider-name", providerName, "--rendered-provider-name", renderedName,
		"--providers-schema", schemaPath)); err != nil {
		return fmt.Errorf("tfplugindocs generate: %w", err)
	}
	if err := quiet(command(repo, nil, "go", "tool", "tfplugindocs", "validate",
		"--provider-dir", site, "--provider-name", providerName, "--providers-schema", schemaPath)); err != nil {
		return fmt.Errorf("tfplugindocs validate: %w", err)
	}

	generated, docs := filepath.Join(site, "docs"), filepath.Join(repo, "docs")
	if check {
		return compare(docs, generated)
	}
	if err := os.RemoveAll(docs); err != nil {
		return err
	}
	return copyTree(generated, docs, nil)
}

// requireTerraform fails unless tf is at least major.minor.
func requireTerraform(tf string, major, minor int) error {
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		return fmt.Errorf("running %s version: %w", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("reading %s version: %w", tf, err)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	if len(parts) >= 2 {
		maj, err1 := strconv.Atoi(parts[0])
		mnr, err2 := strconv.Atoi(parts[1])
		if err1 == nil && err2 == nil && (maj > major || maj == major && mnr >= minor) {
			return nil
		}
	}
	return fmt.Errorf("%s is terraform %s; the docs need %d.%d or later so that actions are included (make docs passes scripts/terraform-bin.sh v1.14.0)", tf, v.Version, major, minor)
}

// writeSchema builds the provider, reads its schema with terraform through
// dev_overrides, stores it under the provider's short name (the key
// tfplugindocs looks up) and returns the registered types as kind/name.
func writeSchema(repo, tf, work, dst string) (map[string]bool, error) {
	plugins := filepath.Join(work, "plugins")
	if err := command(repo, nil, "go", "build", "-o", filepath.Join(plugins, "terraform-provider-"+providerName), ".").Run(); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	rc := filepath.Join(work, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "smsops/"+providerName, plugins)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	root := filepath.Join(work, "config")
	main := fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n", providerName, "smsops/"+providerName)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(main), 0o600); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	cmd := command(root, []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}, tf, "providers", "schema", "-json")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("terraform providers schema: %w", err)
	}
	var doc struct {
		FormatVersion string                                `json:"format_version"`
		Schemas       map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	ours, ok := doc.Schemas[providerAddress]
	if !ok {
		return nil, fmt.Errorf("the schema has no provider %s", providerAddress)
	}
	types := map[string]bool{}
	for kind, key := range schemaKinds {
		var named map[string]json.RawMessage
		if raw, ok := ours[key]; ok {
			if err := json.Unmarshal(raw, &named); err != nil {
				return nil, fmt.Errorf("reading %s: %w", key, err)
			}
		}
		for name := range named {
			types[kind+"/"+name] = true
		}
	}
	doc.Schemas = map[string]map[string]json.RawMessage{providerName: ours}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return types, os.WriteFile(dst, data, 0o600)
}

// compare reports every file that differs between the committed and the
// generated pages, and fails when there is one.
func compare(docs, generated string) error {
	want, err := readTree(generated)
	if err != nil {
		return err
	}
	have, err := readTree(docs)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var stale []string
	for name, body := range want {
		switch old, ok := have[name]; {
		case !ok:
			stale = append(stale, "missing:  docs/"+name)
		case !bytes.Equal(old, body):
			stale = append(stale, "outdated: docs/"+name)
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			stale = append(stale, "extra:    docs/"+name)
		}
	}
	if len(stale) == 0 {
		fmt.Printf("docsgen: docs/ is up to date (%d pages)\n", len(want))
		return nil
	}
	slices.Sort(stale)
	return fmt.Errorf("docs/ does not match the schema, templates/ and examples/; run `make docs` and commit the result:\n  %s", strings.Join(stale, "\n  "))
}

func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		body, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = body
		return err
	})
	return files, err
}

// copyTree copies the regular files under src to dst; keep, when set, picks
// the files by their path relative to src.
func copyTree(src, dst string, keep func(rel string) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() || (keep != nil && !keep(rel)) {
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, body, 0o644)
	})
}

// quiet runs cmd and shows its output only when it fails.
func quiet(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		os.Stderr.Write(out.Bytes())
	}
	return err
}

func command(dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	return cmd
}
