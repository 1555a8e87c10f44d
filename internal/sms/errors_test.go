package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Real error bodies (shapes from the API reference pages).
const (
	bodySMSFull = `{
  "error_code" : "SMS.9004",
  "error_msg" : "The current account does not have the permission to execute policy You do not have permission to perform action XXX on resource XXX.",
  "encoded_authorization_message" : "ENCODED-AUTHZ-BLOB",
  "error_param" : [ "You do not have permission to perform action XXX on resource XXX." ],
  "details" : [ {
    "error_code" : "SMS.9004",
    "error_msg" : "You do not have permission to perform action XXX on resource XXX."
  } ]
}`
	bodySMSShort   = `{"error_msg": "can not delete running or stopping task", "error_code": "SMS.2015"}`
	bodyDCS        = `{"error_msg":"The instance does not exist.","error_code":"DCS.4001","error_ext_msg":null}`
	bodyCodeMsg    = `{"code":"APIGW.0308","message":"The throttling threshold has been reached: policy user over ratelimit,limit:50,time:1 minute"}`
	bodyKeystone   = `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`
	bodyHTML       = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`
	bodyNumberCode = `{"error_code":111400002,"error_msg":"bad project id"}`
)

func TestDecodeError(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name    string
		status  int
		body    string
		want    Error
		wantStr string
	}{
		{"sms full", 403, bodySMSFull, Error{
			StatusCode: 403, Code: "SMS.9004",
			Message: "The current account does not have the permission to execute policy You do not have permission to perform action XXX on resource XXX.",
			Params:  []string{"You do not have permission to perform action XXX on resource XXX."},
			Details: []ErrorDetail{{Code: "SMS.9004", Message: "You do not have permission to perform action XXX on resource XXX."}},
		}, "DELETE /v3/tasks/abc: HTTP 403 SMS.9004: The current account does not have the permission"},
		{"sms short", 400, bodySMSShort, Error{StatusCode: 400, Code: "SMS.2015", Message: "can not delete running or stopping task"},
			"DELETE /v3/tasks/abc: HTTP 400 SMS.2015: can not delete running or stopping task (request id req-1)"},
		{"dcs", 404, bodyDCS, Error{StatusCode: 404, Code: "DCS.4001", Message: "The instance does not exist."}, "HTTP 404 DCS.4001: The instance does not exist."},
		{"code/message", 429, bodyCodeMsg, Error{StatusCode: 429, Code: "APIGW.0308", Message: "The throttling threshold has been reached: policy user over ratelimit,limit:50,time:1 minute"}, "HTTP 429 APIGW.0308"},
		{"keystone nested", 401, bodyKeystone, Error{StatusCode: 401, Code: "401", Message: "The request you have made requires authentication."}, "HTTP 401 401: The request"},
		{"numeric code", 400, bodyNumberCode, Error{StatusCode: 400, Code: "111400002", Message: "bad project id"}, "HTTP 400 111400002: bad project id"},
		{"html", 502, bodyHTML, Error{StatusCode: 502, Message: bodyHTML}, "HTTP 502: <html>"},
		{"empty", 404, "", Error{StatusCode: 404, Message: "Not Found"}, "DELETE /v3/tasks/abc: HTTP 404: Not Found (request id req-1)"},
		{"whitespace", 500, " \n ", Error{StatusCode: 500, Message: "Internal Server Error"}, "HTTP 500: Internal Server Error"},
		{"empty object", 503, "{}", Error{StatusCode: 503, Message: "{}"}, "HTTP 503: {}"},
		{"unknown status, empty", 599, "", Error{StatusCode: 599, Message: ""}, "HTTP 599 (request id req-1)"},
		{"long text cut to 256 bytes", 500, long, Error{StatusCode: 500, Message: long[:256]}, "HTTP 500: xxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeError("DELETE", "/v3/tasks/abc", tt.status, "req-1", []byte(tt.body))
			want := tt.want
			want.Method, want.Path, want.RequestID = "DELETE", "/v3/tasks/abc", "req-1"
			if fmt.Sprintf("%#v", *got) != fmt.Sprintf("%#v", want) {
				t.Errorf("decodeError =\n%#v\nwant\n%#v", *got, want)
			}
			s := got.Error()
			if !strings.Contains(s, tt.wantStr) {
				t.Errorf("Error() = %q, want it to contain %q", s, tt.wantStr)
			}
			if strings.Contains(s, "ENCODED-AUTHZ-BLOB") {
				t.Errorf("Error() includes the encoded authorization message: %q", s)
			}
		})
	}
}

func TestDecodeErrorCutsOnRuneBoundary(t *testing.T) {
	body := strings.Repeat("é", 200) // 400 bytes, 2 per rune
	e := decodeError("GET", "/", 500, "", []byte(body))
	if len(e.Message) > 256 || !utf8.ValidString(e.Message) {
		t.Fatalf("message of %d bytes, valid UTF-8 = %v", len(e.Message), utf8.ValidString(e.Message))
	}
}

func TestErrorHelpers(t *testing.T) {
	wrap := func(e *Error) error { return fmt.Errorf("context: %w", e) }
	tests := []struct {
		name                                string
		err                                 error
		notFound, throttled, refused, ambig bool
	}{
		{"SMS's own 404", wrap(&Error{StatusCode: 404, Code: "SMS.6404"}), true, false, false, false},
		{"404 without a body", wrap(&Error{StatusCode: 404}), false, false, false, false},
		{"404 of a proxy's page", wrap(&Error{StatusCode: 404, Message: "<html>Not Found</html>"}), false, false, false, false},
		{"gateway 404: no such API", wrap(&Error{StatusCode: 404, Code: "APIGW.0101"}), false, false, false, false},
		{"404 with another service's code", wrap(&Error{StatusCode: 404, Code: "ECS.0114"}), false, false, false, false},
		{"429", wrap(&Error{StatusCode: 429}), false, true, false, false},
		{"APIGW.0308 on another status", wrap(&Error{StatusCode: 403, Code: "APIGW.0308"}), false, true, false, false},
		{"delete gate", wrap(&Error{StatusCode: 400, Code: "SMS.2015"}), false, false, true, false},
		{"other", wrap(&Error{StatusCode: 400, Code: "SMS.6010"}), false, false, false, false},
		{"ambiguous 502", &ambiguousError{err: wrap(&Error{StatusCode: 502})}, false, false, false, true},
		{"plain error", errors.New("boom"), false, false, false, false},
		{"nil", nil, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsThrottled(tt.err); got != tt.throttled {
				t.Errorf("IsThrottled = %v", got)
			}
			if got := IsDeleteRefused(tt.err); got != tt.refused {
				t.Errorf("IsDeleteRefused = %v", got)
			}
			if got := IsAmbiguous(tt.err); got != tt.ambig {
				t.Errorf("IsAmbiguous = %v", got)
			}
		})
	}
	var nilErr *Error
	if nilErr.Error() != "<nil>" {
		t.Error("nil *Error must not panic")
	}
}

func TestIsTransient(t *testing.T) {
	wrap := func(e *Error) error { return fmt.Errorf("context: %w", e) }
	tests := []struct {
		name      string
		err       error
		transient bool
	}{
		{"another 400", wrap(&Error{StatusCode: 400, Code: "SMS.0201"}), false},
		{"429", wrap(&Error{StatusCode: 429}), true},
		{"throttled by code", wrap(&Error{StatusCode: 403, Code: CodeThrottled}), true},
		{"500", wrap(&Error{StatusCode: 500}), true},
		{"503", wrap(&Error{StatusCode: 503}), true},
		{"501", wrap(&Error{StatusCode: 501}), false},
		{"listing kept changing", fmt.Errorf("paging: %w", ErrListingUnstable), true},
		{"a 404 that is not SMS's", wrap(&Error{StatusCode: 404, Code: "APIGW.0101"}), true},
		{"a 404 without a body", wrap(&Error{StatusCode: 404}), true},
		{"SMS's own 404", wrap(&Error{StatusCode: 404, Code: "SMS.6404"}), false},
		{"no answer at all (a reset after the retries)", &transportFailure{err: errors.New("read: connection reset by peer")}, true},
		{"an error that is no answer of the API", errors.New("decoding the answer: unexpected EOF"), false},
		{"the caller's deadline", fmt.Errorf("giving up: %w", context.DeadlineExceeded), false},
		{"cancelled", context.Canceled, false},
		{"ambiguous write", &ambiguousError{err: wrap(&Error{StatusCode: 502})}, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := IsTransient(tt.err); got != tt.transient {
			t.Errorf("%s: IsTransient = %v", tt.name, got)
		}
	}
}

func TestErrorsFromTheWire(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		w.Header().Set("X-Request-Id", "rid-42")
		writeJSON(w, 400, bodySMSShort)
	})
	c := newTestClient(t, testConfig(rec.URL))
	err := c.DeleteTask(testCtx(t), "abc")
	if !IsDeleteRefused(err) {
		t.Fatalf("err = %v, want the deletion gate", err)
	}
	want := "DELETE /v3/tasks/abc: HTTP 400 SMS.2015: can not delete running or stopping task (request id rid-42)"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
}

func FuzzDecodeError(f *testing.F) {
	for _, b := range []string{
		bodySMSFull, bodySMSShort, bodyDCS, bodyCodeMsg, bodyKeystone, bodyHTML, bodyNumberCode,
		"", "{}", "[]", "null", `{"error_code":null}`, `{"details":"x"}`, `{"error_param":"one"}`,
		`{"error":"plain"}`, `{"details":[{"error_code":1}]}`, "\xff\xfe", `{"error_code":1e999}`,
	} {
		f.Add(400, []byte(b))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := decodeError("GET", "/v3/tasks", status, "rid", body)
		if e == nil {
			t.Fatal("nil error")
		}
		s := e.Error()
		if !strings.HasPrefix(s, "GET /v3/tasks: HTTP ") {
			t.Fatalf("Error() = %q", s)
		}
		if e.StatusCode != status || e.RequestID != "rid" {
			t.Fatalf("status/request id lost: %+v", e)
		}
		if !decodeErrorJSON(&Error{}, body) && len(e.Message) > maxRawMessage {
			t.Fatalf("raw message longer than %d bytes: %d", maxRawMessage, len(e.Message))
		}
	})
}
