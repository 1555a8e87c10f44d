package fakecloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// controlAPI serves /_fake/: the control API over HTTP, for a demo or a
// benchmark driving the fake from another process. It needs no signature and
// is not counted in Stats. JSON in and out; errors are {"error": "..."}.
//
//	GET    /_fake/health                                  {"status":"ok",...}
//	GET    /_fake/sources                                 {"sources":[Source]}
//	POST   /_fake/sources                 SourceSpec      Source
//	GET    /_fake/sources/{id}                            Source
//	DELETE /_fake/sources/{id}                            204 (out-of-band delete, its task too)
//	GET    /_fake/tasks                                   {"tasks":[TaskView]}
//	POST   /_fake/tasks                   {"count":n,"spec":TaskSpec}  {"tasks":[TaskView]}
//	                                      (without count: one task from spec)
//	GET    /_fake/tasks/{id}                              TaskView
//	PATCH  /_fake/tasks/{id}              TaskPatch       TaskView
//	DELETE /_fake/tasks/{id}                              204 (out-of-band delete)
//	GET    /_fake/tasks/{id}/actions                      {"actions":[...]}
//	POST   /_fake/tasks/{id}/consistency-results {"dirs":[ConsistencyDir]}  TaskView
//	GET    /_fake/privacy-agreement                       {"agreed":bool}
//	PUT    /_fake/privacy-agreement       {"agreed":bool} {"agreed":bool}
//	GET    /_fake/faults                                  {"faults":[Fault]}
//	POST   /_fake/faults                  Fault           {"faults":[Fault]}
//	DELETE /_fake/faults                                  204
//	GET    /_fake/stats                                   Stats
//	POST   /_fake/stats/reset                             204
//	POST   /_fake/dcs/instances/{instance_id}             201 (instance exists, no tasks)
//	GET    /_fake/dcs/instances/{instance_id}/tasks       {"tasks":[BGTask]}
//	POST   /_fake/dcs/instances/{instance_id}/tasks BGTaskSpec  BGTask
//	GET    /_fake/dcs/instances/{instance_id}/tasks/{id}  BGTask
//	GET    /_fake/clock                                   {"now":"<RFC 3339>"}
//	POST   /_fake/clock/advance           {"by":"90s"}    {"now":"<RFC 3339>"}
type controlAPI struct {
	s   *Server
	mux *http.ServeMux
}

func newControlAPI(s *Server) *controlAPI {
	c := &controlAPI{s: s, mux: http.NewServeMux()}
	handle := func(pattern string, h func(r *http.Request) (int, any, error)) {
		c.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			status, body, err := h(r)
			switch {
			case err != nil:
				writeJSON(w, status, map[string]string{"error": err.Error()})
			case body == nil:
				w.WriteHeader(status)
			default:
				writeJSON(w, status, body)
			}
		})
	}
	handle("GET /_fake/health", c.health)
	handle("GET /_fake/sources", func(*http.Request) (int, any, error) {
		return http.StatusOK, map[string]any{"sources": s.Sources()}, nil
	})
	handle("POST /_fake/sources", c.postSource)
	handle("GET /_fake/sources/{id}", func(r *http.Request) (int, any, error) {
		src, found := s.Source(r.PathValue("id"))
		if !found {
			return http.StatusNotFound, nil, errors.New("source server not found")
		}
		return http.StatusOK, src, nil
	})
	handle("DELETE /_fake/sources/{id}", func(r *http.Request) (int, any, error) {
		if !s.DeleteSourceOutOfBand(r.PathValue("id")) {
			return http.StatusNotFound, nil, errors.New("source server not found")
		}
		return http.StatusNoContent, nil, nil
	})
	handle("POST /_fake/tasks/{id}/consistency-results", c.postConsistencyResult)
	handle("GET /_fake/privacy-agreement", func(*http.Request) (int, any, error) {
		return http.StatusOK, map[string]bool{"agreed": s.PrivacyAgreed()}, nil
	})
	handle("PUT /_fake/privacy-agreement", func(r *http.Request) (int, any, error) {
		var body struct {
			Agreed *bool `json:"agreed"`
		}
		if err := decodeControl(r, &body); err != nil || body.Agreed == nil {
			return http.StatusBadRequest, nil, errors.New(`want {"agreed": true|false}`)
		}
		s.SetPrivacyAgreed(*body.Agreed)
		return http.StatusOK, map[string]bool{"agreed": *body.Agreed}, nil
	})
	handle("GET /_fake/tasks", func(*http.Request) (int, any, error) {
		return http.StatusOK, map[string]any{"tasks": s.Tasks()}, nil
	})
	handle("POST /_fake/tasks", c.postTasks)
	handle("GET /_fake/tasks/{id}", c.getTask)
	handle("PATCH /_fake/tasks/{id}", c.patchTask)
	handle("DELETE /_fake/tasks/{id}", c.deleteTask)
	handle("GET /_fake/tasks/{id}/actions", func(r *http.Request) (int, any, error) {
		acts := s.Actions(r.PathValue("id"))
		if acts == nil {
			acts = []string{}
		}
		return http.StatusOK, map[string]any{"actions": acts}, nil
	})
	handle("GET /_fake/faults", func(*http.Request) (int, any, error) {
		return http.StatusOK, map[string]any{"faults": s.Faults()}, nil
	})
	handle("POST /_fake/faults", c.postFault)
	handle("DELETE /_fake/faults", func(*http.Request) (int, any, error) {
		s.ClearFaults()
		return http.StatusNoContent, nil, nil
	})
	handle("GET /_fake/stats", func(*http.Request) (int, any, error) { return http.StatusOK, s.Stats(), nil })
	handle("POST /_fake/stats/reset", func(*http.Request) (int, any, error) {
		s.ResetStats()
		return http.StatusNoContent, nil, nil
	})
	handle("POST /_fake/dcs/instances/{instance_id}", func(r *http.Request) (int, any, error) {
		id := r.PathValue("instance_id")
		if !dcsIDPattern.MatchString(id) {
			return http.StatusBadRequest, nil, fmt.Errorf("instance id %q is not 1-64 letters, digits or hyphens", id)
		}
		s.SeedDCSInstance(id)
		return http.StatusCreated, map[string]string{"id": id}, nil
	})
	handle("GET /_fake/dcs/instances/{instance_id}/tasks", func(r *http.Request) (int, any, error) {
		return http.StatusOK, map[string]any{"tasks": s.BackgroundTasks(r.PathValue("instance_id"))}, nil
	})
	handle("POST /_fake/dcs/instances/{instance_id}/tasks", c.postBGTask)
	handle("GET /_fake/dcs/instances/{instance_id}/tasks/{id}", func(r *http.Request) (int, any, error) {
		t, found := s.BackgroundTask(r.PathValue("instance_id"), r.PathValue("id"))
		if !found {
			return http.StatusNotFound, nil, errors.New("background task not found")
		}
		return http.StatusOK, t, nil
	})
	handle("GET /_fake/clock", func(*http.Request) (int, any, error) {
		return http.StatusOK, map[string]string{"now": s.now().UTC().Format(time.RFC3339Nano)}, nil
	})
	handle("POST /_fake/clock/advance", c.advanceClock)
	handle("GET /_fake/throttle", func(*http.Request) (int, any, error) { return http.StatusOK, s.CurrentThrottle(), nil })
	handle("PUT /_fake/throttle", c.putThrottle)
	c.mux.HandleFunc("/_fake/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no control route " + r.Method + " " + r.URL.Path})
	})
	return c
}

func (c *controlAPI) serve(w http.ResponseWriter, r *http.Request) { c.mux.ServeHTTP(w, r) }

// decodeControl reads a JSON body strictly (unknown fields are an error, so
// a typo in a demo script is noticed).
func decodeControl(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("request body: %w", err)
	}
	return nil
}

func (c *controlAPI) health(*http.Request) (int, any, error) {
	s := c.s
	s.mu.Lock()
	tasks, sources := len(s.tasks), len(s.sources)
	s.mu.Unlock()
	return http.StatusOK, map[string]any{
		"status": "ok", "project_id": s.opts.ProjectID, "region": s.opts.Region,
		"domain_id": s.opts.DomainID, "tasks": tasks, "sources": sources,
	}, nil
}

func (c *controlAPI) postSource(r *http.Request) (int, any, error) {
	var spec SourceSpec
	if err := decodeControl(r, &spec); err != nil {
		return http.StatusBadRequest, nil, err
	}
	src, err := c.s.seedSource(spec)
	if err != nil {
		return http.StatusBadRequest, nil, err
	}
	return http.StatusCreated, src, nil
}

func (c *controlAPI) postTasks(r *http.Request) (int, any, error) {
	var req struct {
		Count *int     `json:"count"`
		Spec  TaskSpec `json:"spec"`
	}
	if err := decodeControl(r, &req); err != nil {
		return http.StatusBadRequest, nil, err
	}
	if req.Count == nil {
		t, err := c.s.seedTask(req.Spec)
		if err != nil {
			return http.StatusBadRequest, nil, err
		}
		return http.StatusCreated, map[string]any{"tasks": []Task{t}}, nil
	}
	if *req.Count < 0 || *req.Count > 100000 {
		return http.StatusBadRequest, nil, fmt.Errorf("count %d is not between 0 and 100000", *req.Count)
	}
	tasks, err := c.s.seedTasks(*req.Count, req.Spec)
	if err != nil {
		return http.StatusBadRequest, nil, err
	}
	return http.StatusCreated, map[string]any{"tasks": tasks}, nil
}

func (c *controlAPI) getTask(r *http.Request) (int, any, error) {
	t, found := c.s.Task(r.PathValue("id"))
	if !found {
		return http.StatusNotFound, nil, errors.New("task not found")
	}
	return http.StatusOK, t, nil
}

func (c *controlAPI) patchTask(r *http.Request) (int, any, error) {
	var p TaskPatch
	if err := decodeControl(r, &p); err != nil {
		return http.StatusBadRequest, nil, err
	}
	t, err := c.s.SetTask(r.PathValue("id"), p)
	switch {
	case errors.Is(err, errNotFound):
		return http.StatusNotFound, nil, err
	case err != nil:
		return http.StatusBadRequest, nil, err
	}
	return http.StatusOK, t, nil
}

func (c *controlAPI) deleteTask(r *http.Request) (int, any, error) {
	if !c.s.DeleteOutOfBand(r.PathValue("id")) {
		return http.StatusNotFound, nil, errors.New("task not found")
	}
	return http.StatusNoContent, nil, nil
}

func (c *controlAPI) postFault(r *http.Request) (int, any, error) {
	var f Fault
	if err := decodeControl(r, &f); err != nil {
		return http.StatusBadRequest, nil, err
	}
	if err := c.s.injectFault(f); err != nil {
		return http.StatusBadRequest, nil, err
	}
	return http.StatusCreated, map[string]any{"faults": c.s.Faults()}, nil
}

func (c *controlAPI) postBGTask(r *http.Request) (int, any, error) {
	var spec BGTaskSpec
	if err := decodeControl(r, &spec); err != nil {
		return http.StatusBadRequest, nil, err
	}
	t, err := c.s.seedBackgroundTask(r.PathValue("instance_id"), spec)
	if err != nil {
		return http.StatusBadRequest, nil, err
	}
	return http.StatusCreated, t, nil
}

func (c *controlAPI) advanceClock(r *http.Request) (int, any, error) {
	var req struct {
		By string `json:"by"`
	}
	if err := decodeControl(r, &req); err != nil {
		return http.StatusBadRequest, nil, err
	}
	d, err := time.ParseDuration(req.By)
	if err != nil || d < 0 {
		return http.StatusBadRequest, nil, fmt.Errorf("by: want a non-negative Go duration such as \"90s\"")
	}
	c.s.Advance(d)
	return http.StatusOK, map[string]string{"now": c.s.now().UTC().Format(time.RFC3339Nano)}, nil
}

func (c *controlAPI) postConsistencyResult(r *http.Request) (int, any, error) {
	var body struct {
		Dirs []ConsistencyDir `json:"dirs"`
	}
	if err := decodeControl(r, &body); err != nil {
		return http.StatusBadRequest, nil, err
	}
	id := r.PathValue("id")
	if err := c.s.AddConsistencyResult(id, body.Dirs...); err != nil {
		if errors.Is(err, errNotFound) {
			return http.StatusNotFound, nil, err
		}
		return http.StatusBadRequest, nil, err
	}
	t, _ := c.s.Task(id)
	return http.StatusOK, t, nil
}
