package sms_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// fakeClient is a client of a fake started with opts; between, when set,
// wraps the fake's handler.
func fakeClient(t *testing.T, opts fakecloud.Options, between func(http.Handler) http.Handler) (*fakecloud.Server, *sms.Client) {
	t.Helper()
	fake := fakecloud.New(opts)
	var h http.Handler = fake
	if between != nil {
		h = between(fake)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := sms.New(sms.Config{
		Region: fakecloud.DefaultRegion, AccessKey: fakecloud.DefaultAccessKey, SecretKey: fakecloud.DefaultSecretKey,
		ProjectID: fakecloud.DefaultProjectID, Endpoints: sms.Endpoints{SMS: srv.URL, DCS: srv.URL, IAM: srv.URL},
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, c
}

// The ListTasks page says only "task name" of its name filter: under the
// fake's contains reading the service returns web-01 for "web" too, and the
// client keeps the exact matches, listing or streaming.
func TestListTasksNameFilterReadings(t *testing.T) {
	for _, r := range []fakecloud.TaskNameFilter{fakecloud.TaskNameExact, fakecloud.TaskNameContains} {
		fake, c := fakeClient(t, fakecloud.Options{TaskNameFilter: r}, nil)
		for _, n := range []string{"web-01", "web", "web-02"} {
			fake.SeedTask(fakecloud.TaskSpec{Name: n})
		}
		tasks, err := c.ListTasks(context.Background(), sms.ListTasksFilter{Name: "web", EnterpriseProjectID: sms.AllEnterpriseProjects})
		if err != nil {
			t.Fatal(err)
		}
		var streamed []string
		if _, err := c.EachTask(context.Background(), sms.ListTasksFilter{Name: "web", EnterpriseProjectID: sms.AllEnterpriseProjects},
			func(t sms.Task) bool { streamed = append(streamed, t.Name); return true }); err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 1 || tasks[0].Name != "web" || !slices.Equal(streamed, []string{"web"}) {
			t.Fatalf("reading %d: listed %+v, streamed %v", r, tasks, streamed)
		}
	}
}

// Paging by record offset while tasks come and go: a task added (which, newest
// first, moves every later task by one offset) or deleted (which moves them
// back) between two pages changes the count, and the listing starts over,
// so no task is skipped or listed twice, in either listing order.
func TestListTasksPagingRestartsReadings(t *testing.T) {
	for _, order := range []fakecloud.ListOrder{fakecloud.ListOldestFirst, fakecloud.ListNewestFirst} {
		for _, change := range []string{"add", "delete"} {
			var once sync.Once
			var fake *fakecloud.Server
			var victim string
			requests := 0
			fake, c := fakeClient(t, fakecloud.Options{ListOrder: order}, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					next.ServeHTTP(w, r)
					if r.URL.Path != "/v3/tasks" {
						return
					}
					requests++
					once.Do(func() { // after the first page
						if change == "add" {
							fake.SeedTask(fakecloud.TaskSpec{Name: "late"})
						} else {
							fake.DeleteOutOfBand(victim)
						}
					})
				})
			})
			var want []string
			for _, n := range []string{"t1", "t2", "t3", "t4", "t5"} {
				want = append(want, fake.SeedTask(fakecloud.TaskSpec{Name: n}).Name)
			}
			victim = fake.Tasks()[0].ID // t1: every later task moves back
			if order == fakecloud.ListNewestFirst {
				victim = fake.Tasks()[4].ID // t5, listed first
			}
			tasks, err := c.ListTasks(context.Background(), sms.ListTasksFilter{PageSize: 2, EnterpriseProjectID: sms.AllEnterpriseProjects})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tk := range tasks {
				got = append(got, tk.Name)
			}
			slices.Sort(got)
			switch change {
			case "add":
				want = append(want, "late")
			case "delete":
				deleted := "t1"
				if order == fakecloud.ListNewestFirst {
					deleted = "t5"
				}
				want = slices.DeleteFunc(want, func(n string) bool { return n == deleted })
			}
			slices.Sort(want)
			if !slices.Equal(got, want) || requests <= 3 {
				t.Errorf("order %d, %s: listed %v in %d requests, want %v after a restart", order, change, got, requests, want)
			}
		}
	}
}
