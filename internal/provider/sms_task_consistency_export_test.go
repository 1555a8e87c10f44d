package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The output path is checked at plan time: its directory must exist and it
// must not be a directory; the file is replaced whole and hashed.
func TestExportOutputPath(t *testing.T) {
	dir := t.TempDir()
	check := func(p string) diag.Diagnostics {
		var d diag.Diagnostics
		exportArgs{OutputPath: types.StringValue(p)}.validate(&d)
		return d
	}
	if d := check(filepath.Join(dir, "missing", "x.csv")); !d.HasError() || d[0].Summary() != "Output Directory Not Found" {
		t.Errorf("missing directory: %v", d)
	}
	if d := check(dir); !d.HasError() || d[0].Summary() != "Output Path Is a Directory" {
		t.Errorf("a directory: %v", d)
	}
	out := filepath.Join(dir, "x.csv")
	if d := check(out); d.HasError() {
		t.Errorf("a good path: %v", d)
	}
	if d := check(""); !d.HasError() {
		t.Error("an empty path passed")
	}
	var unknown diag.Diagnostics
	exportArgs{OutputPath: types.StringUnknown()}.validate(&unknown)
	if unknown.HasError() {
		t.Errorf("an unknown path: %v", unknown)
	}
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileWhole(out, []byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "a,b\n" {
		t.Errorf("file holds %q", b)
	}
	if sum, want := fileSHA256(out), sha256.Sum256([]byte("a,b\n")); sum != hex.EncodeToString(want[:]) {
		t.Errorf("sha256 %q", sum)
	}
	if fileSHA256(filepath.Join(dir, "none")) != "" {
		t.Error("a missing file has a hash")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".x.csv.*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
