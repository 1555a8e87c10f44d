package fakecloud

import (
	"fmt"
	"slices"
	"strings"
)

// A reading is one way of taking a rule the sources leave open or state two
// ways. Each is a field of Options whose zero value is the default reading;
// tests run the provider under each. readingTable lists them all, with the
// names cmd/fakecloud's -reading flag knows them by: that table is the only
// place a reading gets a name.

// DeleteGate is a reading of the documented deletion gate. The documents
// disagree: the current zh/en-2026 pages give a deny list, the older en and
// batch pages an allow list, and the two are not complements.
type DeleteGate int

const (
	// GateAllowList (default, the harsher reading: it refuses more): with
	// the agent connected, a task is deletable only when its source is
	// unavailable, ready, finished, error or stopped. "ready" is not a
	// source state value; the fake reads it as "waiting" (a READY task's
	// source), so cleared, clearfailed, premigready, premiged, premigfailed
	// and every busy state are refused.
	GateAllowList DeleteGate = iota
	// GateDenyList: with the agent connected, refused only while the source
	// is initialize, stopping, deleting, cloning, replicate, syncing,
	// cutovering, skipping, clearing or premiging.
	GateDenyList
	// GateAllowListLiteral is GateAllowList with "ready" matching no source
	// state, so a connected READY task ("waiting") is refused too: nothing
	// the provider can do makes it deletable, and destroy must end with a
	// diagnostic once its timeout is over.
	GateAllowListLiteral
)

// DeleteRefusal is how the gate's refusal is answered; only the legacy code
// is documented, so the provider must recognise any of them.
type DeleteRefusal int

const (
	RefusalLegacy    DeleteRefusal = iota // 400 SMS.2015 (legacy error code list)
	RefusalOtherCode                      // 400 SMS.6012 (the fake's "not allowed in the current state")
	// RefusalForbidden: 403 SMS.6012. Not SMS.9004: the page's only
	// documented 403 code means "no permission", which the provider must
	// not wait out.
	RefusalForbidden
)

// AfterDelete is what a task shows after an accepted delete, for
// Timing.Delete, before it answers 404. No document says.
type AfterDelete int

const (
	AfterDeleteDeleting AfterDelete = iota // DELETING (source "deleting"), then 404
	AfterDeleteGone                        // 404 at once
	AfterDeletePrevious                    // its previous state, unchanged, then 404
	// AfterDeleteFails: DELETING for Timing.Delete, then back to the state
	// it had: the deletion failed and the task stays.
	AfterDeleteFails
)

// BatchDeleteReading is how the batch delete treats ids it cannot delete.
// No document says; each reading is one the provider must survive.
type BatchDeleteReading int

const (
	// BatchAllOrNothingNamed: any unknown id fails the whole batch with a
	// 404 naming the unknown ids (error_param), else any refused id fails it
	// with the gate's refusal naming the refused ids; nothing is deleted.
	BatchAllOrNothingNamed BatchDeleteReading = iota
	// BatchAllOrNothingUnnamed: as BatchAllOrNothingNamed, but the error
	// names no id.
	BatchAllOrNothingUnnamed
	// BatchPartial: the ids the gate allows are deleted and the answer is a
	// 200 for the whole batch; refused and unknown ids are skipped silently.
	BatchPartial
)

// ListScope is which tasks a listing without enterprise_project_id shows.
// Many Huawei Cloud list APIs show only the default enterprise project
// then; the ListTasks page documents "all_granted_eps" for every project
// the caller may see.
type ListScope int

const (
	// ListScopeDefaultProject (default, the harsher reading): only tasks of
	// the default enterprise project ("0").
	ListScopeDefaultProject ListScope = iota
	// ListScopeAll: every task.
	ListScopeAll
)

// SourceDelete is what DeleteServer and DeleteServers do with a source
// server that has a migration task. The pages say nothing of its task.
type SourceDelete int

const (
	// SourceDeleteWithTask (default): the task is deleted with it, under
	// the task's deletion gate (a refusal is the gate's, Options.DeleteRefusal),
	// going on as an accepted DeleteTask does (Options.AfterDelete); the
	// source leaves the listings at once.
	SourceDeleteWithTask SourceDelete = iota
	// SourceDeleteRefusedWithTask: 400 SMS.6012 naming the task; the task
	// must be deleted first.
	SourceDeleteRefusedWithTask
)

// BatchIDs is how many ids a batch delete (DeleteTasks, DeleteServers,
// DeleteTemplates) takes, and how long each is. The current pages say 1 to
// 65,535 ids of 1 to 255 characters; the batch page the fake was first
// built from says 0 to 65,535 ids of 0 to 255.
type BatchIDs int

const (
	BatchIDsAtLeastOne   BatchIDs = iota // default: 1-65,535 ids, each 1-255 characters
	BatchIDsEmptyAllowed                 // 0-65,535 ids, each 0-255 characters (an empty one is unknown)
)

// TemplateIDMax is the longest template_id UpdateTaskStatus takes: 255
// characters on the current pages, 2,048 on the old en page.
type TemplateIDMax int

const (
	TemplateID255  TemplateIDMax = iota // default
	TemplateID2048                      // the old en page
)

// AutoStart is what CreateTask's auto_start does. The official provider's
// task acceptance test creates its task with auto_start and reads READY back
// at once and after an update, so by default the start is only queued for
// the agent: START shows in ShowCommand, and the migration begins when the
// agent reports that command's success (UpdateCommandResult).
type AutoStart int

const (
	AutoStartQueued    AutoStart = iota // default: READY, START queued for the agent
	AutoStartImmediate                  // the migration begins at once, as a start operation
)

// TaskNameFilter is how ListTasks' name parameter matches: the page says
// only "task name". Many Huawei Cloud listings match names fuzzily.
type TaskNameFilter int

const (
	TaskNameExact    TaskNameFilter = iota // default: the name exactly
	TaskNameContains                       // any task whose name contains it
)

// ListOrder is the order of ListTasks and ListServers. No page says; with
// newest first, a record added while a client pages moves the later ones
// by one offset.
type ListOrder int

const (
	ListOldestFirst ListOrder = iota // default: creation order
	ListNewestFirst
)

// readingValue is one value of a reading and how it sets Options.
type readingValue struct {
	name string
	set  func(*Options)
}

// readingSpec is one reading: its name and its values, the default first.
type readingSpec struct {
	name   string
	values []readingValue
}

// named is one value of an enum reading with its name.
type named[T any] struct {
	name  string
	value T
}

func is[T any](name string, value T) named[T] { return named[T]{name, value} }

// choice builds a reading kept in an Options field of an enum type; values
// name each constant, the default first.
func choice[T any](name string, field func(*Options) *T, values ...named[T]) readingSpec {
	r := readingSpec{name: name}
	for _, v := range values {
		r.values = append(r.values, readingValue{name: v.name, set: func(o *Options) { *field(o) = v.value }})
	}
	return r
}

// onOff builds a two-valued reading: false (the default) or true.
func onOff(name string, field func(*Options) *bool) readingSpec {
	return choice(name, field, is("false", false), is("true", true))
}

// readingTable lists every reading the fake has.
var readingTable = []readingSpec{
	choice("delete-gate", func(o *Options) *DeleteGate { return &o.DeleteGate },
		is("allow-list", GateAllowList), is("deny-list", GateDenyList), is("allow-list-literal", GateAllowListLiteral)),
	choice("delete-refusal", func(o *Options) *DeleteRefusal { return &o.DeleteRefusal },
		is("legacy", RefusalLegacy), is("other-code", RefusalOtherCode), is("forbidden", RefusalForbidden)),
	choice("after-delete", func(o *Options) *AfterDelete { return &o.AfterDelete },
		is("deleting", AfterDeleteDeleting), is("gone", AfterDeleteGone), is("previous", AfterDeletePrevious), is("fails", AfterDeleteFails)),
	choice("batch-delete", func(o *Options) *BatchDeleteReading { return &o.BatchDelete },
		is("all-or-nothing-named", BatchAllOrNothingNamed), is("all-or-nothing-unnamed", BatchAllOrNothingUnnamed), is("partial", BatchPartial)),
	choice("list-scope", func(o *Options) *ListScope { return &o.ListScope },
		is("default-project", ListScopeDefaultProject), is("all", ListScopeAll)),
	choice("source-delete", func(o *Options) *SourceDelete { return &o.SourceDelete },
		is("with-task", SourceDeleteWithTask), is("refused-with-task", SourceDeleteRefusedWithTask)),
	choice("batch-ids", func(o *Options) *BatchIDs { return &o.BatchIDs },
		is("at-least-one", BatchIDsAtLeastOne), is("empty-allowed", BatchIDsEmptyAllowed)),
	choice("template-id-max", func(o *Options) *TemplateIDMax { return &o.TemplateIDMax },
		is("255", TemplateID255), is("2048", TemplateID2048)),
	choice("auto-start", func(o *Options) *AutoStart { return &o.AutoStart },
		is("queued", AutoStartQueued), is("immediate", AutoStartImmediate)),
	choice("task-name-filter", func(o *Options) *TaskNameFilter { return &o.TaskNameFilter },
		is("exact", TaskNameExact), is("contains", TaskNameContains)),
	choice("list-order", func(o *Options) *ListOrder { return &o.ListOrder },
		is("oldest-first", ListOldestFirst), is("newest-first", ListNewestFirst)),
	onOff("undocumented-operations", func(o *Options) *bool { return &o.UndocumentedOperations }),
	onOff("strict-speed-limits", func(o *Options) *bool { return &o.StrictSpeedLimits }),
	onOff("dcs-delete-only-finished", func(o *Options) *bool { return &o.DCSDeleteOnlyFinished }),
	onOff("empty-config-value-removes", func(o *Options) *bool { return &o.EmptyConfigValueRemoves }),
	onOff("template-password-kept", func(o *Options) *bool { return &o.TemplatePasswordKept }),
	onOff("nics-resolved-by-id", func(o *Options) *bool { return &o.NicsResolvedByID }),
	onOff("strict-template-limits", func(o *Options) *bool { return &o.StrictTemplateLimits }),
}

func findReading(name string) (readingSpec, bool) {
	i := slices.IndexFunc(readingTable, func(r readingSpec) bool { return r.name == name })
	if i < 0 {
		return readingSpec{}, false
	}
	return readingTable[i], true
}

// ReadingUsage describes every reading and its values, the default first,
// one per line ("delete-gate: allow-list (default), deny-list, ...").
func ReadingUsage() string {
	var b strings.Builder
	for _, r := range readingTable {
		names := make([]string, len(r.values))
		for i, v := range r.values {
			names[i] = v.name
		}
		names[0] += " (default)"
		fmt.Fprintf(&b, "%s: %s\n", r.name, strings.Join(names, ", "))
	}
	return b.String()
}

// SetReading switches o to a reading, written NAME=VALUE, or NAME alone
// for the true value of a two-valued reading ("nics-resolved-by-id").
func (o *Options) SetReading(s string) error {
	name, value, hasValue := strings.Cut(s, "=")
	r, found := findReading(name)
	if !found {
		names := make([]string, len(readingTable))
		for i, r := range readingTable {
			names[i] = r.name
		}
		return fmt.Errorf("unknown reading %q (one of %s)", name, strings.Join(names, ", "))
	}
	if !hasValue {
		if len(r.values) != 2 || r.values[1].name != "true" {
			return fmt.Errorf("reading %q needs a value: %s=VALUE", name, name)
		}
		value = "true"
	}
	for _, v := range r.values {
		if v.name == value {
			v.set(o)
			return nil
		}
	}
	return fmt.Errorf("reading %s has no value %q", name, value)
}

// SetDeleteReadings switches what an accepted delete does and how the batch
// delete answers, as a service whose behaviour changes while a test runs
// (a failing deletion that later succeeds).
func (s *Server) SetDeleteReadings(after AfterDelete, batch BatchDeleteReading) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.AfterDelete = after
	s.opts.BatchDelete = batch
}
