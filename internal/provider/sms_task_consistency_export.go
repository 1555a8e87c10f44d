package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

// What the resource huaweicloud_sms_task_consistency_export and the native
// action of the same name have in common: descriptions, validators, and the
// export written to a local file.

// defaultExportTimeout bounds the export call.
const defaultExportTimeout = 5 * time.Minute

const (
	descExportTaskIDs = "The IDs of the migration tasks whose consistency check results are exported: 1 to 200 distinct IDs of 1 to 36 characters."

	descExportPath = "Where to write the exported file on the machine running Terraform. Its directory must exist (checked at plan time); " +
		"the file is replaced whole, so a reader never sees half an export."
)

func exportTaskIDsValidators() []validator.List {
	return []validator.List{
		listvalidator.SizeBetween(1, sms.MaxExportConsistencyTasks),
		listvalidator.UniqueValues(),
		listvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, smsTaskIDMax)),
	}
}

// exportArgs are the arguments the resource and the action share.
type exportArgs struct {
	TaskIDs    types.List
	OutputPath types.String
}

// validate checks, when the path is known, that its directory exists and
// that it does not name a directory.
func (a exportArgs) validate(diags *diag.Diagnostics) {
	if !knownString(a.OutputPath) {
		return
	}
	p := a.OutputPath.ValueString()
	if p == "" {
		diags.AddAttributeError(path.Root("output_path"), "Invalid Output Path", "output_path must not be empty.")
		return
	}
	if st, err := os.Stat(filepath.Dir(p)); err != nil || !st.IsDir() {
		diags.AddAttributeError(path.Root("output_path"), "Output Directory Not Found",
			fmt.Sprintf("The directory of output_path %q does not exist on this machine; create it first.", p))
		return
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		diags.AddAttributeError(path.Root("output_path"), "Output Path Is a Directory",
			fmt.Sprintf("output_path %q is a directory; give the path of the file to write.", p))
	}
}

func (a exportArgs) attempted() string {
	return fmt.Sprintf("Exporting the consistency check results of %d SMS task(s) to %s", len(a.TaskIDs.Elements()), a.OutputPath.ValueString())
}

// exportConsistency exports the results and writes them to the output path
// (a temporary file beside it, then a rename). It returns the file's
// SHA-256 and size.
func exportConsistency(ctx context.Context, service *smstask.Service, a exportArgs) (sum string, size int64, diags diag.Diagnostics) {
	var ids []string
	diags.Append(a.TaskIDs.ElementsAs(ctx, &ids, false)...)
	if diags.HasError() {
		return "", 0, diags
	}
	tasks := make([]sms.ConsistencyExportTask, len(ids))
	for i, id := range ids {
		tasks[i] = sms.ConsistencyExportTask{TaskID: id}
	}
	file, err := service.ExportConsistencyResults(ctx, sms.ExportConsistencyResultsRequest{Tasks: tasks})
	if err != nil {
		addAPIError(&diags, "Error Exporting SMS Consistency Results", a.attempted(), err)
		return "", 0, diags
	}
	if err := writeFileWhole(a.OutputPath.ValueString(), file); err != nil {
		diags.AddError("Error Writing SMS Consistency Results", fmt.Sprintf("%s: the service answered %d bytes, but writing them failed: %v", a.attempted(), len(file), err))
		return "", 0, diags
	}
	h := sha256.Sum256(file)
	return hex.EncodeToString(h[:]), int64(len(file)), diags
}

// writeFileWhole writes data to name through a temporary file in the same
// directory and a rename.
func writeFileWhole(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// fileSHA256 is the SHA-256 of a file, or "" when it cannot be read.
func fileSHA256(name string) string {
	data, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}
