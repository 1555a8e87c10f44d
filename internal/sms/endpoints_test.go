package sms

import (
	"strings"
	"testing"
)

func TestDefaultEndpoints(t *testing.T) {
	tests := []struct {
		region string
		want   Endpoints
	}{
		{"cn-north-4", Endpoints{
			SMS:      "https://sms.cn-north-4.myhuaweicloud.com",
			DCS:      "https://dcs.cn-north-4.myhuaweicloud.com",
			IAM:      "https://iam.cn-north-4.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		{"ap-southeast-3", Endpoints{
			SMS:      "https://sms.ap-southeast-3.myhuaweicloud.com",
			DCS:      "https://dcs.ap-southeast-3.myhuaweicloud.com",
			IAM:      "https://iam.ap-southeast-3.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		{"my-kualalumpur-1", Endpoints{
			SMS:      "https://sms.my-kualalumpur-1.myhuaweicloud.com",
			DCS:      "https://dcs.my-kualalumpur-1.myhuaweicloud.com",
			IAM:      "https://iam.my-kualalumpur-1.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		{"ru-moscow-1", Endpoints{
			SMS:      "https://sms-api.ru-moscow-1.myhuaweicloud.com",
			DCS:      "https://dcs.ru-moscow-1.myhuaweicloud.com",
			IAM:      "https://iam.ru-moscow-1.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		// Every other region uses the global SMS endpoint.
		{"cn-east-3", Endpoints{
			SMS:      "https://sms.cn-north-4.myhuaweicloud.com",
			DCS:      "https://dcs.cn-east-3.myhuaweicloud.com",
			IAM:      "https://iam.cn-east-3.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		{"af-south-1", Endpoints{
			SMS:      "https://sms.cn-north-4.myhuaweicloud.com",
			DCS:      "https://dcs.af-south-1.myhuaweicloud.com",
			IAM:      "https://iam.af-south-1.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			if got := DefaultEndpoints(tt.region); got != tt.want {
				t.Errorf("DefaultEndpoints(%q) = %+v, want %+v", tt.region, got, tt.want)
			}
		})
	}
}

// cloud replaces the endpoint domain, as the official provider's argument
// does, and eu-west-1xx regions default to the European domain.
func TestDefaultEndpointsIn_cloud(t *testing.T) {
	got := DefaultEndpointsIn("cn-east-3", "example-cloud.test")
	want := Endpoints{
		SMS: "https://sms.cn-north-4.example-cloud.test", DCS: "https://dcs.cn-east-3.example-cloud.test",
		IAM: "https://iam.cn-east-3.example-cloud.test", Metadata: DefaultMetadataEndpoint,
	}
	if got != want {
		t.Errorf("DefaultEndpointsIn = %+v, want %+v", got, want)
	}
	if eu := DefaultEndpointsIn("eu-west-101", ""); eu.IAM != "https://iam.eu-west-101.myhuaweicloud.eu" {
		t.Errorf("eu-west-101 IAM endpoint = %s, want the myhuaweicloud.eu domain", eu.IAM)
	}
}

// The metadata service is plain http on a link-local address; that is
// accepted for it, and for no other endpoint.
func TestValidateMetadataEndpoint(t *testing.T) {
	if err := ValidateMetadataEndpoint(DefaultMetadataEndpoint); err != nil {
		t.Errorf("the ECS metadata address is refused: %v", err)
	}
	if err := ValidateEndpoint(DefaultMetadataEndpoint); err == nil {
		t.Error("plain http to a link-local address is accepted for an API endpoint")
	}
	if err := ValidateMetadataEndpoint("http://metadata.example.com"); err == nil {
		t.Error("plain http off loopback and link-local is accepted for the metadata endpoint")
	}
}

func TestEndpointOverrides(t *testing.T) {
	tests := []struct {
		name     string
		override Endpoints
		want     Endpoints
	}{
		{"none", Endpoints{}, DefaultEndpoints("cn-east-3")},
		{"sms only, trailing slash dropped", Endpoints{SMS: "https://sms.example.com/prefix/"}, Endpoints{
			SMS:      "https://sms.example.com/prefix",
			DCS:      "https://dcs.cn-east-3.myhuaweicloud.com",
			IAM:      "https://iam.cn-east-3.myhuaweicloud.com",
			Metadata: DefaultMetadataEndpoint,
		}},
		{"all, loopback http", Endpoints{SMS: "http://127.0.0.1:8080", DCS: "http://localhost:9", IAM: "http://[::1]:7/iam"}, Endpoints{
			SMS: "http://127.0.0.1:8080", DCS: "http://localhost:9", IAM: "http://[::1]:7/iam", Metadata: DefaultMetadataEndpoint,
		}},
		{"metadata on loopback", Endpoints{Metadata: "http://127.0.0.1:9/"}, func() Endpoints {
			e := DefaultEndpoints("cn-east-3")
			e.Metadata = "http://127.0.0.1:9"
			return e
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{Region: "cn-east-3", AuthToken: "tok", Endpoints: tt.override})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if got := c.Endpoints(); got != tt.want {
				t.Errorf("Endpoints() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestValidateEndpoint(t *testing.T) {
	tests := []struct {
		raw     string
		wantErr string // "" = valid
	}{
		{"https://sms.cn-north-4.myhuaweicloud.com", ""},
		{"https://sms.example.com:8443/api/", ""},
		{"http://localhost:8080", ""},
		{"http://LOCALHOST:8080", ""},
		{"http://127.0.0.1:1234", ""},
		{"http://127.10.0.5", ""},
		{"http://[::1]:80/prefix", ""},
		{"http://sms.cn-north-4.myhuaweicloud.com", "http is only allowed for loopback hosts (the fake cloud); use https"},
		{"http://10.0.0.1:8080", "http is only allowed for loopback hosts"},
		{"http://localhost.example.com", "http is only allowed for loopback hosts"},
		{"ftp://sms.example.com", "scheme must be https"},
		{"", "empty"},
		{"sms.example.com", `endpoint "sms.example.com" has no scheme: write it as https://sms.example.com (`},
		{"127.0.0.1:8089", `endpoint "127.0.0.1:8089" has no scheme: write it as http://127.0.0.1:8089 (`},
		{"localhost:8089/prefix", "has no scheme: write it as http://localhost:8089/prefix"},
		{"user:hunter2@sms.example.com", "has no scheme (https://) and must not contain user info"},
		{"/v3/tasks", "absolute URL with a host"},
		{"https://", "absolute URL with a host"},
		{"https://sms.example.com?x=1", "query or fragment"},
		{"https://sms.example.com/#frag", "query or fragment"},
		{"https://user:hunter2@sms.example.com", "user info"},
		{"https://sms.example.com:port/", "not a valid URL"},
		{"https://[::1", "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			err := ValidateEndpoint(tt.raw)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ValidateEndpoint(%q) = %v, want nil", tt.raw, err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("ValidateEndpoint(%q) = nil, want error containing %q", tt.raw, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("ValidateEndpoint(%q) = %q, want it to contain %q", tt.raw, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks the password in the URL: %v", err)
			}
		})
	}
}
