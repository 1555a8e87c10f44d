package provider

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// An endpoint written without its scheme is refused at plan time with the
// URL to write instead, on the argument it was written in.
func TestResolveConfig_endpointWithoutScheme(t *testing.T) {
	m := providerModel{
		Region: types.StringValue("cn-north-4"), AccessKey: types.StringValue("AK"), SecretKey: types.StringValue("SK"),
		Endpoints: &endpointsModel{SMS: types.StringValue("127.0.0.1:8089"), IAM: types.StringValue("iam.example.com")},
	}
	_, diags := resolveConfig(m, "test", clientPacing{})
	want := map[string]string{
		"endpoints.sms": `endpoint "127.0.0.1:8089" has no scheme: write it as http://127.0.0.1:8089`,
		"endpoints.iam": `endpoint "iam.example.com" has no scheme: write it as https://iam.example.com`,
	}
	for _, d := range diags.Errors() {
		at, ok := d.(interface{ Path() path.Path })
		if !ok {
			t.Errorf("error %q is not on an argument", d.Detail())
			continue
		}
		p := at.Path().String()
		if w, found := want[p]; !found || d.Summary() != "Invalid Endpoint" || !strings.Contains(d.Detail(), w) {
			t.Errorf("%s: %s: %s; want Invalid Endpoint: %s", p, d.Summary(), d.Detail(), w)
		}
		delete(want, p)
	}
	for p, w := range want {
		t.Errorf("no error on %s, want %q", p, w)
	}
}

// A call that cannot reach its endpoint says which endpoint, that it is
// unreachable and where it is set, before the details.
func TestDescribeError_unreachableEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	for _, tc := range []struct {
		name      string
		endpoints sms.Endpoints
		call      func(context.Context, *sms.Client) error
		want      string
	}{
		{"IAM refuses", sms.Endpoints{SMS: closed, IAM: closed}, func(ctx context.Context, c *sms.Client) error { _, err := c.ProjectID(ctx); return err },
			"Looking up the project ID failed: the IAM endpoint " + closed + " is unreachable (no connection: connect: connection refused). Check endpoints.iam in the provider block (or auth_url"},
		{"SMS refuses", sms.Endpoints{SMS: closed, IAM: closed}, func(ctx context.Context, c *sms.Client) error { _, err := c.ShowTask(ctx, "t-1"); return err },
			"Looking up the project ID failed: the SMS endpoint " + closed + " is unreachable (no connection: connect: connection refused). Check endpoints.sms"},
		{"no such host", sms.Endpoints{SMS: "https://sms.no-such-host.invalid", IAM: "https://iam.no-such-host.invalid"}, func(ctx context.Context, c *sms.Client) error { _, err := c.ProjectID(ctx); return err },
			"Looking up the project ID failed: the IAM endpoint https://iam.no-such-host.invalid is unreachable (its host name does not resolve: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sms.New(sms.Config{Region: "cn-north-4", AccessKey: "AK", SecretKey: "SK", ProjectID: projectFor(tc.name), Endpoints: tc.endpoints,
				MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			got := describeError("Looking up the project ID", tc.call(ctx, c))
			if !strings.HasPrefix(got, tc.want) || !strings.Contains(got, "The call: ") || !strings.Contains(got, "giving up after 2 attempts") {
				t.Errorf("got\n%s\nwant it to start with\n%s\nand end with the call's error", got, tc.want)
			}
		})
	}
}

// projectFor gives the SMS case a project, so that it calls SMS at once.
func projectFor(name string) string {
	if strings.HasPrefix(name, "SMS") {
		return "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	}
	return ""
}
