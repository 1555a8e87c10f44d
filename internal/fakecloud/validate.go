package fakecloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
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

// decodeValid decodes a request body and applies its validation; a create
// and an update refuse a bad body the same way.
func decodeValid[T any, P interface {
	*T
	validate() *apiError
}](body []byte) (*T, *apiError) {
	var req T
	if e := decodeBody(body, &req); e != nil {
		return nil, e
	}
	if e := P(&req).validate(); e != nil {
		return nil, e
	}
	return &req, nil
}

// decodeBody parses a JSON object body into v, as strictly as a gateway
// that validates against the API's request models: a body that is not a
// JSON object is 400 SMS.6010; a field of the wrong JSON type, or a field the
// request model does not have (v mirrors the SDK's model field for field), is
// 400 SMS.6400 naming the field.
func decodeBody(body []byte, v any) *apiError {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return smsError(http.StatusBadRequest, codeSMSNotJSON, "The request body is not in JSON format.")
	}
	return strictDecode(trimmed, v, "body")
}

// strictDecode decodes valid JSON into v, refusing unknown fields; where
// names the value in error_param when the decoder cannot.
func strictDecode(data []byte, v any, where string) *apiError {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = where
			}
			return invalidParam(field, "expected a JSON %s, got %s", te.Type.String(), te.Value)
		}
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field := strings.Trim(name, `"`)
			return invalidParam(field, "%s", unknownFieldMsg)
		}
		return smsError(http.StatusBadRequest, codeSMSNotJSON, "The request body is not in JSON format.")
	}
	return nil
}

// unknownFieldMsg ends the message of a 400 for a field the request model
// does not have (the sdkcompat tests look for it).
const unknownFieldMsg = "is not a field of this request"

func checkLen(field string, v *string, maxLen int) *apiError {
	if v != nil && utf8.RuneCountInString(*v) > maxLen {
		return invalidParam(field, "at most %d characters", maxLen)
	}
	return nil
}

func checkName(field string, v *string) *apiError {
	if v == nil {
		return invalidParam(field, "is required")
	}
	if !taskNamePattern.MatchString(*v) {
		return invalidParam(field, "must be 1 to 64 Chinese characters, letters, digits, underscores (_) or hyphens (-)")
	}
	return nil
}

func checkEnum(field string, v *string, allowed ...string) *apiError {
	if v != nil && !slices.Contains(allowed, *v) {
		return invalidParam(field, "must be one of %s", strings.Join(allowed, ", "))
	}
	return nil
}

func checkRange(field string, v *int, lo, hi int) *apiError {
	if v != nil && (*v < lo || *v > hi) {
		return invalidParam(field, "must be between %d and %d", lo, hi)
	}
	return nil
}

// checkMigrationIP: "the IP address of the target server" (PostTask and
// PutTaskReq): an IPv4 or IPv6 address when given; "" leaves it unset.
func checkMigrationIP(v *string) *apiError {
	if e := checkLen("migration_ip", v, 255); e != nil {
		return e
	}
	if v != nil && *v != "" && net.ParseIP(*v) == nil {
		return invalidParam("migration_ip", "must be an IPv4 or IPv6 address")
	}
	return nil
}

func str(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

func boolean(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func integer(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
