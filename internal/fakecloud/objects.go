package fakecloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// objectStore holds the SMS objects other than tasks and sources: server
// templates, migration projects and the tasks' transfer secrets. It lives in
// Server.objects and is guarded by Server.mu.
type objectStore struct {
	ready     bool
	templates map[string]*vmTemplate
	projects  map[string]*migProject
	secrets   map[string]*taskSecrets
	seq       int64
	// privacyAgreed: the account agreed to the privacy statement.
	privacyAgreed bool
}

// defaultMigProjectID is the id of the project every account starts with;
// defaultMigProjectName its name, SystemProject: the official provider's
// acceptance test of the default project finds the account's built-in
// project by that name.
const (
	defaultMigProjectID   = "de7a0175-0000-4000-8000-000000000001"
	defaultMigProjectName = "SystemProject"
)

// objs returns the store, creating it with the account's default migration
// project on first use. Callers hold s.mu.
func (s *Server) objs() *objectStore {
	o := &s.objects
	if !o.ready {
		o.ready = true
		o.templates = map[string]*vmTemplate{}
		o.projects = map[string]*migProject{}
		o.secrets = map[string]*taskSecrets{}
		o.seq++
		o.projects[defaultMigProjectID] = &migProject{
			id: defaultMigProjectID, seq: o.seq, isDefault: true,
			cfg: migProjectConfig{
				Name: defaultMigProjectName, Region: s.opts.Region, Type: "MIGRATE_BLOCK", EnterpriseProject: "default",
				StartTargetServer: true, UsePublicIP: true, ExistServer: true,
			},
		}
	}
	return o
}

// decodeStrictBody parses a JSON object body into v and refuses fields the
// API model does not have, as the service's request validation does.
func decodeStrictBody(body []byte, v any) *apiError {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return smsError(http.StatusBadRequest, codeSMSNotJSON, "The request body is not in JSON format.")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "body"
			}
			return invalidParam(field, "expected a JSON %s, got %s", te.Type.String(), te.Value)
		}
		if name, found := strings.CutPrefix(err.Error(), "json: unknown field "); found {
			name = strings.Trim(name, `"`)
			return invalidParam(name, "is not a parameter of this API")
		}
		return smsError(http.StatusBadRequest, codeSMSNotJSON, "The request body is not in JSON format.")
	}
	return nil
}

// checkQuery refuses query parameters the API does not define.
func checkQuery(c *call, allowed ...string) *apiError {
	for k := range c.r.URL.Query() {
		found := false
		for _, a := range allowed {
			if k == a {
				found = true
				break
			}
		}
		if !found {
			return invalidParam(k, "is not a query parameter of this API")
		}
	}
	return nil
}

// objectID is a fresh id for a template or a project. Callers hold s.mu.
func (s *Server) objectID(kind string) string {
	o := s.objs()
	o.seq++
	return fmt.Sprintf("%s0000-0000-4000-8000-%012d", kind, o.seq)
}
