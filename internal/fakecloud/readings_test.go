package fakecloud

import (
	"reflect"
	"strings"
	"testing"
)

// TestReadingTable: every reading is named once, its first value is the
// zero Options (the default), its values set distinct Options, and every
// reading-typed field of Options has an entry.
func TestReadingTable(t *testing.T) {
	seen := map[string]bool{}
	covered := map[string]bool{}
	for _, r := range readingTable {
		if seen[r.name] {
			t.Errorf("reading %s named twice", r.name)
		}
		seen[r.name] = true
		if len(r.values) < 2 {
			t.Errorf("reading %s has %d values", r.name, len(r.values))
		}
		var opts []Options
		for i, v := range r.values {
			var o Options
			if err := o.SetReading(r.name + "=" + v.name); err != nil {
				t.Fatal(err)
			}
			if i == 0 && !reflect.DeepEqual(o, Options{}) {
				t.Errorf("%s=%s, the default, is not the zero Options", r.name, v.name)
			}
			for j, prev := range opts {
				if reflect.DeepEqual(o, prev) {
					t.Errorf("%s: %s and %s set the same Options", r.name, v.name, r.values[j].name)
				}
			}
			opts = append(opts, o)
		}
		// The field it sets.
		a, b := reflect.ValueOf(opts[0]), reflect.ValueOf(opts[1])
		for i := range a.NumField() {
			if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
				covered[a.Type().Field(i).Name] = true
			}
		}
	}
	readingTypes := map[reflect.Type]bool{
		reflect.TypeFor[DeleteGate](): true, reflect.TypeFor[DeleteRefusal](): true, reflect.TypeFor[AfterDelete](): true,
		reflect.TypeFor[BatchDeleteReading](): true, reflect.TypeFor[ListScope](): true, reflect.TypeFor[bool](): true,
	}
	notReadings := map[string]bool{"RequireProjectHeader": true}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[Options]()) {
		if readingTypes[f.Type] && !notReadings[f.Name] && !covered[f.Name] {
			t.Errorf("Options.%s has no entry in readingTable", f.Name)
		}
	}
}

func TestSetReading(t *testing.T) {
	var o Options
	for _, s := range []string{"nics-resolved-by-id", "delete-gate=deny-list", "after-delete=fails"} {
		if err := o.SetReading(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if !o.NicsResolvedByID || o.DeleteGate != GateDenyList || o.AfterDelete != AfterDeleteFails {
		t.Fatalf("options %+v", o)
	}
	for _, s := range []string{"lenient", "delete-gate", "delete-gate=sometimes", "nics-resolved-by-id=yes"} {
		if err := o.SetReading(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	if u := ReadingUsage(); !strings.Contains(u, "delete-gate: allow-list (default), deny-list, allow-list-literal\n") {
		t.Errorf("usage:\n%s", u)
	}
}
