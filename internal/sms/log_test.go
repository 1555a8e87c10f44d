package sms

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLoggingHasNoSecrets(t *testing.T) {
	const (
		securityToken = "SECURITY-TOKEN-VALUE-123"
		authToken     = "AUTH-TOKEN-VALUE-456"
	)
	tests := []struct {
		name    string
		mode    func(*Config)
		echoed  string // a secret a hostile server echoes into error_code
		secrets []string
	}{
		{"ak/sk", func(c *Config) { c.SecurityToken = securityToken }, securityToken, []string{testSK, securityToken}},
		{"token", func(c *Config) { c.AccessKey, c.SecretKey, c.AuthToken = "", "", authToken }, authToken, []string{authToken}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, body []byte) {
				if scopeToken(w, r, body) {
					return
				}
				w.Header().Set("X-Request-Id", "req-log-1")
				if calls.Add(1) == 1 {
					writeJSON(w, 503, `{"error_code":"SMS.2007","error_msg":"busy"}`)
					return
				}
				writeJSON(w, 404, `{"error_code":"SMS.`+tt.echoed+`","error_msg":"`+tt.echoed+`"}`)
			})
			cfg := testConfig(rec.URL)
			tt.mode(&cfg)
			c := newTestClient(t, cfg)

			var out bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &out)
			_, err := c.ShowTask(ctx, "task-1")
			if !IsNotFound(err) {
				t.Fatalf("err = %v, want SMS's 404", err)
			}

			for _, s := range tt.secrets {
				if strings.Contains(out.String(), s) {
					t.Errorf("log output contains a secret (%s…):\n%s", s[:4], out.String())
				}
			}
			entries, err := tflogtest.MultilineJSONDecode(&out)
			if err != nil {
				t.Fatal(err)
			}
			var lines []map[string]any
			for _, e := range entries {
				if e["@module"] == "provider.sms_client" && e["path"] != pathAuthTokens {
					lines = append(lines, e)
				}
			}
			if len(lines) != 2 {
				t.Fatalf("got %d sms_client lines, want one per attempt (2): %v", len(lines), entries)
			}
			for i, l := range lines {
				want := map[string]any{
					"@level": "debug", "method": "GET", "path": "/v3/tasks/task-1",
					"request_id": "req-log-1", "attempt": float64(i + 1),
				}
				for k, v := range want {
					if l[k] != v {
						t.Errorf("line %d: %s = %v, want %v", i, k, l[k], v)
					}
				}
				if _, ok := l["duration_ms"].(float64); !ok {
					t.Errorf("line %d: duration_ms = %v", i, l["duration_ms"])
				}
				for _, k := range []string{"Authorization", "X-Auth-Token", "X-Security-Token", "body", "headers"} {
					if _, ok := l[k]; ok {
						t.Errorf("line %d logs %s", i, k)
					}
				}
			}
			if lines[0]["status"] != float64(503) || lines[0]["error_code"] != "SMS.2007" {
				t.Errorf("first line = %v", lines[0])
			}
			if lines[1]["status"] != float64(404) || lines[1]["error_code"] != "SMS.***" {
				t.Errorf("second line = %v (the echoed secret must be masked)", lines[1])
			}
		})
	}
}
