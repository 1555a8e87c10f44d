package sms

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Error is an API error: a response with a non-2xx status.
type Error struct {
	StatusCode int
	Code       string        // error_code (or code)
	Message    string        // error_msg (or message)
	Params     []string      // error_param
	Details    []ErrorDetail // details[]
	RequestID  string        // X-Request-Id response header
	Method     string        // HTTP method of the call
	Path       string        // API path of the call, without the query
}

// ErrorDetail is one entry of the details array of an SMS error body.
type ErrorDetail struct {
	Code    string
	Message string
}

// Error renders e.g.
// `DELETE /v3/tasks/abc: HTTP 400 SMS.2015: cannot delete (request id 123)`.
// The encoded authorization message is never included: it is long, opaque
// and meant for the IAM decoder, not for people.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	if e.Method != "" || e.Path != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(": ")
	}
	b.WriteString("HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	msg := e.Message
	if msg == "" && len(e.Details) > 0 {
		msg = e.Details[0].Message
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// AsError finds an *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) && e != nil {
		return e, true
	}
	return nil, false
}

// IsNotFound reports SMS's own answer that the object a call named does not
// exist: HTTP 404 with an SMS error document (an error_code of the service's
// own, SMS.*). Only that proves a task, template or project gone. Any other
// 404 (the gateway's APIGW.0101 for an API it does not know, a proxy's HTML
// page, an empty body, another service's code) comes from something between
// the provider and the service and says nothing about the object: it is
// IsForeignNotFound, retried like a server error and then reported. No page
// documents the code SMS gives a missing task, so any SMS.* code counts and
// the id need not be named (the fake answers both ways).
func IsNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusNotFound && isServiceCode(e.Code, "SMS.")
}

// IsForeignNotFound reports a 404 that is not the service's own answer about
// the object (see IsNotFound and IsDCSTaskNotFound): a wrong or misrouted
// endpoint, a proxy, the gateway. It proves nothing and may pass.
func IsForeignNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusNotFound && !isServiceCode(e.Code, "SMS.") && !isDCSCode(e.Code)
}

// IsDCSTaskNotFound reports DCS's own answer that a background task does not
// exist: a 404 with a DCS error code that is not one of the documented codes
// for something else (the instance does not exist, DCS.3022 or 111404022;
// the URL does not, DCS.4001 or 111404001). No code for a missing task is
// documented.
func IsDCSTaskNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusNotFound && isDCSCode(e.Code) && !IsDCSNotFoundBeyondTask(err)
}

// IsDCSNotFoundBeyondTask reports DCS's own 404 for something other than
// the background task: the instance or the URL does not exist.
func IsDCSNotFoundBeyondTask(err error) bool {
	e, ok := AsError(err)
	if !ok || e.StatusCode != http.StatusNotFound {
		return false
	}
	switch e.Code {
	case "DCS.3022", "111404022", "DCS.4001", "111404001":
		return true
	}
	return false
}

// isServiceCode reports an error code of the service whose codes start with
// prefix (SMS.0201, SMS.9004...).
func isServiceCode(code, prefix string) bool {
	return len(code) > len(prefix) && strings.HasPrefix(code, prefix)
}

// isDCSCode reports a DCS error code: DCS.* or the numeric form of the DCS
// error table (111400002, 111404022...).
func isDCSCode(code string) bool {
	if isServiceCode(code, "DCS.") {
		return true
	}
	if len(code) != 9 || !strings.HasPrefix(code, "111") {
		return false
	}
	_, err := strconv.Atoi(code)
	return err == nil
}

// Error codes the helpers below recognise.
const (
	CodeThrottled     = "APIGW.0308" // API gateway flow control
	CodeAuthFailed    = "APIGW.0301" // IAM authentication information incorrect
	CodeAPINotFound   = "APIGW.0101" // the gateway knows no such API
	CodeDeleteRefused = "SMS.2015"   // cannot delete a running or stopping task
	CodeNoPermission  = "SMS.9004"   // the IAM policy denies the action (every v3 task page's 403)
)

// IsPermissionDenied reports the documented 403: the caller's IAM policy
// does not allow the action. Waiting does not change it, so it is never
// taken for the deletion gate's refusal.
func IsPermissionDenied(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusForbidden && e.Code == CodeNoPermission
}

// IsSourceNotReady reports the refusal of a task for a source server whose
// agent is disconnected or that is unavailable. The pages document its
// message, "source server status does not meet requirements", but not its
// number, so only the message is recognised (the fake's number is its own).
func IsSourceNotReady(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusBadRequest && strings.Contains(strings.ToLower(e.Message), "status does not meet requirements")
}

// IsThrottled reports gateway throttling: HTTP 429 or code APIGW.0308.
func IsThrottled(err error) bool {
	e, ok := AsError(err)
	return ok && (e.StatusCode == http.StatusTooManyRequests || e.Code == CodeThrottled)
}

// IsDeleteRefused reports the deletion gate's refusal as the legacy error
// list documents it (SMS.2015): the task must be stopped first. The current
// documents give no code, so a refusal may come with another one: see
// MayBeDeleteRefusal.
func IsDeleteRefused(err error) bool {
	e, ok := AsError(err)
	return ok && e.Code == CodeDeleteRefused
}

// IsTransient reports a failure that may pass when the call is made again
// later: throttling, a server error (500, 502, 503, 504), a 404 that is not
// the service's (IsForeignNotFound), a connection error or time-out
// (retry.go), or a listing that kept changing; also when getting temporary
// credentials failed that way. The client retries these itself (idempotent
// calls only); callers that loop for longer, like the delete engine or a
// wait, go round again. A refusal (4xx), an expired ID token or auth_token,
// a certificate or signing failure, and a write whose outcome is unknown
// (IsAmbiguous: look first) are not transient.
func IsTransient(err error) bool {
	if IsAmbiguous(err) {
		return false
	}
	if IsThrottled(err) || IsForeignNotFound(err) || errors.Is(err, ErrListingUnstable) || isTransportFailure(err) {
		return true
	}
	e, ok := AsError(err)
	return ok && isRetryableServerStatus(e.StatusCode)
}

// IsRefusal reports a request the service itself answered and refused: a
// 4xx with an SMS error code, other than the documented "no permission"
// (SMS.9004) and other than a 401, 404 or 429, which say nothing about the
// request's content. No page gives the code of a create refused because the
// source server already has a task, so a caller that can check for that
// (by listing the source's task) does so on any refusal.
func IsRefusal(err error) bool {
	e, ok := AsError(err)
	if !ok || e.StatusCode < 400 || e.StatusCode >= 500 {
		return false
	}
	switch e.StatusCode {
	case http.StatusUnauthorized, http.StatusNotFound, http.StatusTooManyRequests:
		return false
	}
	return isServiceCode(e.Code, "SMS.") && !IsPermissionDenied(err)
}

// MayBeDeleteRefusal reports an answer to a delete that can be the deletion
// gate's refusal whatever its code: SMS.2015, or a 400, 403 or 409 that the
// service itself answered with an error body (not the gateway's APIGW.*
// codes, not a 404, not the documented "no permission" SMS.9004). Only a
// fresh read of the task tells whether it was the gate (the task is still
// there, in a state the gate may refuse) or a real error.
func MayBeDeleteRefusal(err error) bool {
	e, ok := AsError(err)
	if !ok || IsPermissionDenied(err) {
		return false
	}
	if e.Code == CodeDeleteRefused {
		return true
	}
	switch e.StatusCode {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusConflict:
		return e.Code != "" && !strings.HasPrefix(e.Code, "APIGW.")
	}
	return false
}

// maxRawMessage bounds the message taken from a body that is not an API
// error document (an HTML error page from a proxy, for example).
const maxRawMessage = 256

// decodeError builds an *Error from a response. It accepts the SMS body
// (error_code, error_msg, error_param, details, encoded_authorization_message),
// its short form, the DCS body (error_msg, error_code, error_ext_msg), the
// code/message form and Keystone's {"error": {...}}. Anything else keeps the
// first 256 bytes of the body text as the message. It never panics.
func decodeError(method, path string, status int, requestID string, body []byte) *Error {
	e := &Error{StatusCode: status, RequestID: requestID, Method: method, Path: path}
	if decodeErrorJSON(e, body) {
		return e
	}
	text := strings.TrimSpace(string(body))
	if len(text) > maxRawMessage {
		text = text[:maxRawMessage]
	}
	text = strings.ToValidUTF8(text, "") // the cut may split a rune
	if text == "" {
		text = http.StatusText(status)
	}
	e.Message = text
	return e
}

// decodeErrorJSON fills e from a JSON error document and reports whether it
// found any of the known fields.
func decodeErrorJSON(e *Error, body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(trimmed, &obj) != nil {
		return false
	}
	e.Code = firstString(obj, "error_code", "code")
	e.Message = firstString(obj, "error_msg", "message", "error_ext_msg")
	e.Params = stringList(obj["error_param"])
	e.Details = detailList(obj["details"])
	if raw, ok := obj["error"]; ok {
		var nested map[string]json.RawMessage
		if json.Unmarshal(raw, &nested) == nil {
			if e.Code == "" {
				e.Code = firstString(nested, "error_code", "code")
			}
			if e.Message == "" {
				e.Message = firstString(nested, "error_msg", "message")
			}
		} else if e.Message == "" {
			e.Message = jsonString(raw)
		}
	}
	return e.Code != "" || e.Message != "" || len(e.Params) > 0 || len(e.Details) > 0
}

// firstString returns the first of keys holding a non-empty string or number.
func firstString(obj map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if s := jsonString(obj[k]); s != "" {
			return s
		}
	}
	return ""
}

// jsonString reads a JSON string, or the literal text of a number (some
// services send numeric codes); anything else is "".
func jsonString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}

// stringList reads an array of strings, or a single string.
func stringList(raw json.RawMessage) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] != '[' {
		if s := jsonString(raw); s != "" {
			return []string{s}
		}
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []string
	for _, it := range items {
		if s := jsonString(it); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// detailList reads details[] {error_code, error_msg}.
func detailList(raw json.RawMessage) []ErrorDetail {
	var items []map[string]json.RawMessage
	if len(bytes.TrimSpace(raw)) == 0 || json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []ErrorDetail
	for _, it := range items {
		d := ErrorDetail{Code: firstString(it, "error_code", "code"), Message: firstString(it, "error_msg", "message")}
		if d != (ErrorDetail{}) {
			out = append(out, d)
		}
	}
	return out
}

// IsCredentialRefused reports the gateway's 401 for credentials it does
// not accept (APIGW.0301, or APIG.0301 on older gateways). For temporary
// credentials it is the cue to renew them: the documents do not give one
// message for an expired key, so the message is not relied upon.
func IsCredentialRefused(err error) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == http.StatusUnauthorized && (e.Code == CodeAuthFailed || e.Code == "APIG.0301")
}
