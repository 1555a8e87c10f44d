package fakecloud

import "time"

// The options of a fake cloud (Options) and the timing of its simulated
// service (Timing).

// Options configures a fake cloud. The zero value is usable.
type Options struct {
	// Credentials maps accepted access keys to their secret keys. Default: one
	// pair, DefaultAccessKey / DefaultSecretKey.
	Credentials map[string]string
	// AuthTokens are the accepted X-Auth-Token values (default none).
	AuthTokens []string
	// ProjectID is the only project; X-Project-Id and DCS paths must carry it.
	ProjectID string
	// Region is the project's name (IAM /v3/projects?name=...).
	Region     string
	DomainID   string
	DomainName string
	// RequireProjectHeader makes SMS requests without X-Project-Id or
	// X-Domain-Id fail with 401. By default they are accepted (SDK clients
	// built without a region send neither) and counted in
	// Stats.NoProjectHeader, so a test can assert they never happen.
	RequireProjectHeader bool
	// Timing sets how long each transition takes; zero fields take the
	// defaults of DefaultTiming, negative ones mean "immediately".
	Timing Timing
	// MaxClockSkew bounds |X-Sdk-Date - Now()|. Default 15m; negative
	// disables the check.
	MaxClockSkew time.Duration
	// Now is the fake's clock (default time.Now). Every state-machine
	// transition reads it, so a test that moves it needs no sleeps.
	Now func() time.Time
	// Latency is added to every API request (not to /_fake/ control requests).
	Latency time.Duration
	// SeedTasks tasks (each with its own connected source) exist from the
	// start, READY, named seed-001, seed-002, ...
	SeedTasks int
	// Throttle enforces the gateway's per-project flow control (429
	// APIGW.0308 with Retry-After); the zero value disables it.
	Throttle Throttle

	// Readings: each field below picks one reading of a rule the sources
	// leave open or state two ways. The zero value is the default reading;
	// readingTable (readings.go) lists them all, by the names SetReading
	// and cmd/fakecloud's -reading flag take.

	// DeleteGate: the deletion gate of DeleteTask and DeleteTasks.
	DeleteGate DeleteGate
	// DeleteRefusal: how a delete the gate refuses is answered.
	DeleteRefusal DeleteRefusal
	// AfterDelete: what a task shows between an accepted delete and its 404.
	AfterDelete AfterDelete
	// BatchDelete: how POST /v3/tasks/delete answers a batch some of whose
	// ids the gate refuses or the service does not know (the batch page
	// documents only a 200 and a 403).
	BatchDelete BatchDeleteReading
	// ListScope: which tasks ListTasks shows when the request names no
	// enterprise_project_id.
	ListScope ListScope
	// SourceDelete: what DeleteServer(s) does with a source's task.
	SourceDelete SourceDelete
	// BatchIDs: how many ids, of what length, a batch delete takes.
	BatchIDs BatchIDs
	// TemplateIDMax: the longest template_id UpdateTaskStatus takes.
	TemplateIDMax TemplateIDMax
	// TaskNameFilter: how ListTasks' name parameter matches.
	TaskNameFilter TaskNameFilter
	// ListOrder: the order of ListTasks and ListServers.
	ListOrder ListOrder
	// AutoStart: what CreateTask's auto_start does.
	AutoStart AutoStart
	// UndocumentedOperations: UpdateTaskStatus also accepts cutover and
	// sync_failed_rollback, which only a page's prose and an old golangsdk
	// comment mention. Default: refused like any operation outside
	// UpdateTaskStatusReq's operation enum (SDK v0.1.207).
	UndocumentedOperations bool
	// StrictSpeedLimits: a speed-limit schedule holds at most 5 periods that
	// do not overlap, each time two-digit HH:MM from 00:00 to 23:59. No page
	// states these rules. Default, the sources: times H:MM or HH:MM from
	// 0:00 to 24:00 (SpeedLimitlJson says "XX:XX", the v1 examples use 0:00
	// and 24:00), end after start, any number of periods.
	StrictSpeedLimits bool
	// DCSDeleteOnlyFinished: a DCS background task still EXECUTING, WAITING
	// or CREATED cannot be deleted (400 DCS.4957, the DCS error table's
	// "operation not allowed in the task's current state"). The
	// DeleteBackgroundTask page states no such rule, so by default a task
	// is deleted in any state.
	DCSDeleteOnlyFinished bool
	// EmptyConfigValueRemoves: an empty config_value sent to
	// configuration-setting removes the key. No page says so; by default
	// (the harsher reading) the empty value is stored like any other, so a
	// key once set stays, with the value "".
	EmptyConfigValueRemoves bool
	// TemplatePasswordKept: an UpdateTemplate body without target_password
	// keeps the stored one. No page says so; by default (the harsher
	// reading) the update replaces the template and its password with it.
	TemplatePasswordKept bool
	// NicsResolvedByID: a template's subnets (Nics) and security groups
	// (SgObject) are resolved by id, whatever name and cidr come with them.
	// The models mark name and cidr required and no page says whether the
	// service checks them; by default (the harsher reading) a subnet other
	// than autoCreate needs a name and its CIDR block, so the provider's
	// id-only form (the id as the name, an empty cidr) is refused.
	NicsResolvedByID bool
	// StrictTemplateLimits: a template's target_password is 8-26 characters
	// and its EIP bandwidth_size at most 2000 Mbit/s in the EIP steps (1 up
	// to 300, 50 up to 1000, 500 above): ECS and EIP rules no SMS source
	// states. By default a password is any length the model takes and a
	// bandwidth any number from 1.
	StrictTemplateLimits bool
	// NotFoundUnnamed: a missing task, template, project or source server is
	// answered with another SMS code (SMS.2252, the legacy list's 404 "no
	// associated task") and names no id. No page documents the answer for a
	// missing object; by default the fake answers 404 SMS.6404 naming the id
	// in error_param. The provider takes any SMS 404 on the object's own
	// route for "gone", whatever its code, and nothing else.
	NotFoundUnnamed bool

	// Federation enables the calls that issue temporary credentials and
	// the ECS metadata service (iam_credentials.go).
	Federation Federation
	// Logf receives one line per request: method, route, status, duration and
	// request id. It never sees headers or bodies.
	Logf func(format string, args ...any)
}

// Timing holds how long each timed transition takes.
type Timing struct {
	Start         time.Duration // RUNNING with source "initialize", before replication
	Migrate       time.Duration // replication ("replicate") until SYNCING / MIGRATE_SUCCESS
	Stop          time.Duration // ABORTING ("stopping") until ABORT
	Delete        time.Duration // DELETING until the task is gone
	Test          time.Duration // test/cutover: "cutovering" until "finished"
	Clone         time.Duration // clone_test: "cloning" until the clone is FINISHED
	NetworkCheck  time.Duration // network_check until network_check_info is filled
	Clear         time.Duration // clear: "clearing" until "cleared"
	Skip          time.Duration // skip: SKIPPING until RUNNING again
	MigrationTest time.Duration // migration_test: "premiging" until "premiged"
	Rollback      time.Duration // sync_failed_rollback: SYNC_F_ROLLBACKING until SYNC_F_ROLLBACK_SUCCESS
	LogUpload     time.Duration // CollectLog: UPLOADING until UPLOADED
}

// DefaultTiming returns the durations used for zero Timing fields: a few
// seconds each, so a demo can watch the states change.
func DefaultTiming() Timing {
	return Timing{
		Start:         3 * time.Second,
		Migrate:       20 * time.Second,
		Stop:          2 * time.Second,
		Delete:        2 * time.Second,
		Test:          3 * time.Second,
		Clone:         5 * time.Second,
		NetworkCheck:  3 * time.Second,
		Clear:         2 * time.Second,
		Skip:          2 * time.Second,
		MigrationTest: 3 * time.Second,
		Rollback:      2 * time.Second,
		LogUpload:     3 * time.Second,
	}
}

// FastTiming returns a Timing where every transition takes d.
func FastTiming(d time.Duration) Timing {
	return Timing{Start: d, Migrate: d, Stop: d, Delete: d, Test: d, Clone: d,
		NetworkCheck: d, Clear: d, Skip: d, MigrationTest: d, Rollback: d, LogUpload: d}
}

func (t Timing) withDefaults() Timing {
	def := DefaultTiming()
	pick := func(v, d time.Duration) time.Duration {
		switch {
		case v == 0:
			return d
		case v < 0:
			return 0
		}
		return v
	}
	return Timing{
		Start:         pick(t.Start, def.Start),
		Migrate:       pick(t.Migrate, def.Migrate),
		Stop:          pick(t.Stop, def.Stop),
		Delete:        pick(t.Delete, def.Delete),
		Test:          pick(t.Test, def.Test),
		Clone:         pick(t.Clone, def.Clone),
		NetworkCheck:  pick(t.NetworkCheck, def.NetworkCheck),
		Clear:         pick(t.Clear, def.Clear),
		Skip:          pick(t.Skip, def.Skip),
		MigrationTest: pick(t.MigrationTest, def.MigrationTest),
		Rollback:      pick(t.Rollback, def.Rollback),
		LogUpload:     pick(t.LogUpload, def.LogUpload),
	}
}
