package fakecloud

import (
	"fmt"
	"net/http"
)

// Error codes returned by the fake. README.md lists them with their provenance
// (documented by Huawei, or chosen here for lack of a documented code).
const (
	// API gateway (APIG) codes.
	codeRouteNotFound = "APIGW.0101" // documented: API not found / not published
	codeAuthFailed    = "APIGW.0301" // documented: IAM authentication information incorrect
	codeThrottled     = "APIGW.0308" // documented: throttling threshold reached

	// SMS codes.
	codeSMSAgentOffline   = "SMS.0201" // documented number; meaning approximated (agent link down)
	codeSMSStopRefused    = "SMS.1038" // documented (legacy): only creating/running tasks can be paused
	codeSMSStartRefused   = "SMS.1039" // documented (legacy): only paused tasks can be resumed
	codeSMSRestartRefused = "SMS.1040" // documented (legacy): only failed tasks can be restarted
	codeSMSBodyTooLarge   = "SMS.2004" // documented (legacy): body over 10240 bytes
	codeSMSBackend        = "SMS.2007" // documented (legacy): backend exception
	codeSMSDeleteRefused  = "SMS.2015" // documented (legacy): cannot delete running or stopping tasks
	codeSMSSourceMissing  = "SMS.2216" // documented (legacy): create task failed, source missing
	codeSMSSourceStatus   = "SMS.6005" // number chosen by the fake (message documented, number not seen)
	codeSMSNotJSON        = "SMS.6010" // documented: request body is not JSON
	codeSMSSourceHasTask  = "SMS.6011" // invented: source server already has a task
	codeSMSStateRefused   = "SMS.6012" // invented: operation not allowed in the task's current state
	codeSMSInvalidParam   = "SMS.6400" // invented: a parameter is missing or invalid
	codeSMSNotFound       = "SMS.6404" // invented: task or source server not found
	codeSMSForbidden      = "SMS.9004" // documented: IAM policy denies the action (fault injection only)
	// SMS codes of the template and migration project APIs (all chosen).
	codeSMSTemplateInUse     = "SMS.6021" // chosen: a task uses the template
	codeSMSProjectDefault    = "SMS.6022" // chosen: the default migration project cannot be deleted or unset
	codeSMSProjectHasServers = "SMS.6023" // chosen: the migration project still has source servers
	codeSMSProjectNameTaken  = "SMS.6024" // chosen: a migration project with this name exists

	// DCS codes.
	codeDCSProjectMismatch  = "DCS.1004" // documented: project ID does not match the token
	codeDCSForbidden        = "DCS.2003" // documented: role lacks permission (fault injection only)
	codeDCSInstanceNotFound = "DCS.3022" // documented: instance does not exist
	codeDCSBadProject       = "DCS.4002" // documented: bad project ID format
	codeDCSBadInstance      = "DCS.4061" // documented: bad instance ID format
	codeDCSBadTask          = "DCS.4070" // documented: bad task ID format
	codeDCSInvalidParam     = "DCS.4400" // invented: invalid query parameter
	codeDCSTaskNotFound     = "DCS.4404" // invented: background task not found
	codeDCSTaskState        = "DCS.4957" // documented: operation not allowed in the task's current state
	codeDCSInternal         = "DCS.5000" // documented: internal error (fault injection only)
)

// errShape selects the JSON layout of an error body.
type errShape int

const (
	shapeSMS     errShape = iota // {error_code, error_msg, error_param?, details[]}
	shapeGateway                 // {error_code, error_msg, request_id}
	shapeDCS                     // {error_code, error_msg, error_ext_msg: null}
)

// apiError is an error answer: status, code, message and the fields it names.
type apiError struct {
	status int
	shape  errShape
	code   string
	msg    string
	params []string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

func smsError(status int, code, msg string, params ...string) *apiError {
	return &apiError{status: status, shape: shapeSMS, code: code, msg: msg, params: params}
}

func gatewayError(status int, code, msg string) *apiError {
	return &apiError{status: status, shape: shapeGateway, code: code, msg: msg}
}

func dcsError(status int, code, msg string) *apiError {
	return &apiError{status: status, shape: shapeDCS, code: code, msg: msg}
}

// invalidParam is the fake's answer to a missing or invalid request field.
func invalidParam(field, format string, args ...any) *apiError {
	return smsError(http.StatusBadRequest, codeSMSInvalidParam, "Invalid parameter "+field+": "+fmt.Sprintf(format, args...), field)
}

func taskNotFound(id string) *apiError {
	return smsError(http.StatusNotFound, codeSMSNotFound, "The migration task "+id+" does not exist.", id)
}

type smsErrorDetail struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

type smsErrorBody struct {
	ErrorCode                   string           `json:"error_code"`
	ErrorMsg                    string           `json:"error_msg"`
	EncodedAuthorizationMessage string           `json:"encoded_authorization_message,omitempty"`
	ErrorParam                  []string         `json:"error_param,omitempty"`
	Details                     []smsErrorDetail `json:"details"`
}

type gatewayErrorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

type dcsErrorBody struct {
	ErrorMsg    string  `json:"error_msg"`
	ErrorCode   string  `json:"error_code"`
	ErrorExtMsg *string `json:"error_ext_msg"`
}

// Documented limits of the SMS error body.
const (
	maxErrorMsg    = 255
	maxErrorParams = 20
)

// body renders the error in its shape.
func (e *apiError) body(requestID string) any {
	switch e.shape {
	case shapeGateway:
		return gatewayErrorBody{ErrorCode: e.code, ErrorMsg: e.msg, RequestID: requestID}
	case shapeDCS:
		return dcsErrorBody{ErrorMsg: e.msg, ErrorCode: e.code}
	}
	msg := truncate(e.msg, maxErrorMsg)
	b := smsErrorBody{
		ErrorCode: e.code,
		ErrorMsg:  msg,
		Details:   []smsErrorDetail{{ErrorCode: e.code, ErrorMsg: msg}},
	}
	if len(e.params) > 0 {
		b.ErrorParam = e.params
		if len(b.ErrorParam) > maxErrorParams {
			b.ErrorParam = b.ErrorParam[:maxErrorParams]
		}
	}
	if e.code == codeSMSForbidden {
		// The documented 403 carries the policy decision, encoded.
		b.EncodedAuthorizationMessage = "ZmFrZWNsb3VkOiBhY2Nlc3MgZGVuaWVkIGJ5IGFuIGluamVjdGVkIGZhdWx0"
	}
	return b
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}
