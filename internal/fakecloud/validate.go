package fakecloud

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkModel applies, to a request body decoded into a mirror of its SDK
// model, the rules written in the mirror's struct tags, walking nested
// objects and arrays:
//
//	req:"true"      the field must be present (pointers and slices only)
//	enum:"A|B"      a string (or integer) takes one of these values
//	max:"64"        a string has at most 64 characters (default 255, the
//	                pages' limit for most strings; max:"-" for none)
//	range:"0,100"   a number lies within the bounds
//	items:"1,10"    an array holds that many items (default 0 to 65535)
//
// The first broken rule is answered 400 SMS.6400 naming the field by its
// JSON path ("disks[0].size"). JSON types and unknown fields are the
// decoder's (strictDecode); checkModel sees only values of the right type.
func checkModel(v any, where string) *apiError {
	return walkModel(reflect.ValueOf(v), where, "")
}

func walkModel(v reflect.Value, path string, tag reflect.StructTag) *apiError {
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			if tag.Get("req") == "true" {
				return invalidParam(path, "is required")
			}
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous { // embedded: its fields are this object's
				if e := walkModel(v.Field(i), path, ""); e != nil {
					return e
				}
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			at := name
			if path != "" {
				at = path + "." + name
			}
			if e := walkModel(v.Field(i), at, f.Tag); e != nil {
				return e
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // json.RawMessage: any JSON
			if v.IsNil() && tag.Get("req") == "true" {
				return invalidParam(path, "is required")
			}
			return nil
		}
		if v.IsNil() {
			if tag.Get("req") == "true" {
				return invalidParam(path, "is required")
			}
			return nil
		}
		lo, hi := 0, 65535
		if b := tag.Get("items"); b != "" {
			lo, hi = bounds(b)
		}
		if v.Len() < lo || v.Len() > hi {
			return invalidParam(path, "must hold %d to %d items", lo, hi)
		}
		for i := range v.Len() {
			if e := walkModel(v.Index(i), fmt.Sprintf("%s[%d]", path, i), elemTag(tag)); e != nil {
				return e
			}
		}
	case reflect.String:
		s := v.String()
		if enum := tag.Get("enum"); enum != "" && !slices.Contains(strings.Split(enum, "|"), s) {
			return invalidParam(path, "must be one of %s", strings.ReplaceAll(enum, "|", ", "))
		}
		maxLen := 255
		switch m := tag.Get("max"); m {
		case "":
		case "-":
			maxLen = -1
		default:
			maxLen, _ = strconv.Atoi(m)
		}
		if maxLen >= 0 && utf8.RuneCountInString(s) > maxLen {
			return invalidParam(path, "at most %d characters", maxLen)
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		if enum := tag.Get("enum"); enum != "" && !slices.Contains(strings.Split(enum, "|"), strconv.FormatInt(v.Int(), 10)) {
			return invalidParam(path, "must be one of %s", strings.ReplaceAll(enum, "|", ", "))
		}
		if r := tag.Get("range"); r != "" {
			lo, hi := bounds(r)
			if n := v.Int(); n < int64(lo) || n > int64(hi) {
				return invalidParam(path, "must be between %d and %d", lo, hi)
			}
		}
	case reflect.Float64:
		if r := tag.Get("range"); r != "" {
			lo, hi := bounds(r)
			if n := v.Float(); n < float64(lo) || n > float64(hi) {
				return invalidParam(path, "must be between %d and %d", lo, hi)
			}
		}
	}
	return nil
}

// elemTag is the tag an array's items are checked with: the array's own
// rules for its items (enum, max, range), not its presence or length.
func elemTag(tag reflect.StructTag) reflect.StructTag {
	var parts []string
	for _, k := range []string{"enum", "max", "range"} {
		if v, ok := tag.Lookup(k); ok {
			parts = append(parts, fmt.Sprintf("%s:%q", k, v))
		}
	}
	return reflect.StructTag(strings.Join(parts, " "))
}

// bounds parses "lo,hi".
func bounds(s string) (int, int) {
	a, b, _ := strings.Cut(s, ",")
	lo, _ := strconv.Atoi(a)
	hi, _ := strconv.Atoi(b)
	return lo, hi
}

// decodeModel decodes a JSON object body strictly into T (a mirror of an
// SDK request model) and applies its tag rules.
func decodeModel[T any](body []byte) (*T, *apiError) {
	var req T
	if e := decodeBody(body, &req); e != nil {
		return nil, e
	}
	if e := checkModel(&req, ""); e != nil {
		return nil, e
	}
	return &req, nil
}
