package fakecloud

import (
	"fmt"
	"slices"
	"strings"
)

// Readings switches the fake, per test, between two readings of a rule the
// sources leave open. The zero value is the default reading (named in each
// field's comment); tests run the provider against both.
type Readings struct {
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
	// NotFoundUnnamed: a missing task, template, project or source server is
	// answered with another SMS code (SMS.2252, the legacy list's 404 "no
	// associated task") and names no id. No page documents the answer for a
	// missing object; by default the fake answers 404 SMS.6404 naming the id
	// in error_param. The provider takes any SMS 404 on the object's own
	// route for "gone", whatever its code, and nothing else.
	NotFoundUnnamed bool
}

// readingNames names each non-default reading, for the -reading flag of
// cmd/fakecloud.
var readingNames = map[string]func(*Readings){
	"undocumented-operations":    func(r *Readings) { r.UndocumentedOperations = true },
	"strict-speed-limits":        func(r *Readings) { r.StrictSpeedLimits = true },
	"dcs-delete-only-finished":   func(r *Readings) { r.DCSDeleteOnlyFinished = true },
	"empty-config-value-removes": func(r *Readings) { r.EmptyConfigValueRemoves = true },
	"template-password-kept":     func(r *Readings) { r.TemplatePasswordKept = true },
	"nics-resolved-by-id":        func(r *Readings) { r.NicsResolvedByID = true },
	"not-found-unnamed":          func(r *Readings) { r.NotFoundUnnamed = true },
}

// ReadingNames lists the names Set accepts, sorted.
func ReadingNames() []string {
	names := make([]string, 0, len(readingNames))
	for n := range readingNames {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Set switches on the non-default reading called name.
func (r *Readings) Set(name string) error {
	set, ok := readingNames[name]
	if !ok {
		return fmt.Errorf("unknown reading %q (one of %s)", name, strings.Join(ReadingNames(), ", "))
	}
	set(r)
	return nil
}
