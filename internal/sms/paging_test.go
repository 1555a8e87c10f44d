package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// taskListServer serves total tasks with a record offset, optionally
// without a count (omitCount) or with a fixed, wrong count.
func taskListServer(t *testing.T, total int, count func(total int) string) *recorder {
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var tasks []map[string]any
		for i := offset; i < total && i < offset+limit; i++ {
			tasks = append(tasks, map[string]any{"id": fmt.Sprintf("t%03d", i), "name": "n", "state": "READY"})
		}
		body := map[string]any{"tasks": tasks}
		if tasks == nil {
			body["tasks"] = []any{}
		}
		b, _ := json.Marshal(body)
		s := string(b)
		if c := count(total); c != "" {
			s = `{"count":` + c + `,` + s[1:]
		}
		writeJSON(w, 200, s)
	})
}

func offsets(rec *recorder) []string {
	var out []string
	for _, r := range rec.requests() {
		out = append(out, r.Query.Get("offset"))
	}
	return out
}

func TestListTasksPaging(t *testing.T) {
	tests := []struct {
		name        string
		total       int
		count       func(int) string
		pageSize    int
		wantItems   int
		wantOffsets []string
	}{
		{"250 items, count reached", 250, func(n int) string { return strconv.Itoa(n) }, 0, 250, []string{"0", "100", "200"}},
		{"exact multiple, count reached", 200, func(n int) string { return strconv.Itoa(n) }, 0, 200, []string{"0", "100"}},
		{"no count: empty page stops", 250, func(int) string { return "" }, 0, 250, []string{"0", "100", "200", "250"}},
		{"count smaller than data stops early", 250, func(int) string { return "150" }, 0, 200, []string{"0", "100"}},
		{"nothing", 0, func(int) string { return "0" }, 0, 0, []string{"0"}},
		{"page size 200", 250, func(n int) string { return strconv.Itoa(n) }, 200, 250, []string{"0", "200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := taskListServer(t, tt.total, tt.count)
			c := newTestClient(t, testConfig(rec.URL))
			tasks, err := c.ListTasks(testCtx(t), ListTasksFilter{State: TaskStateReady, PageSize: tt.pageSize})
			if err != nil {
				t.Fatal(err)
			}
			if len(tasks) != tt.wantItems {
				t.Errorf("items = %d, want %d", len(tasks), tt.wantItems)
			}
			if got := offsets(rec); fmt.Sprint(got) != fmt.Sprint(tt.wantOffsets) {
				t.Errorf("offsets = %v, want %v", got, tt.wantOffsets)
			}
			for i, task := range tasks {
				if want := fmt.Sprintf("t%03d", i); task.ID != want {
					t.Fatalf("tasks[%d].ID = %s, want %s", i, task.ID, want)
				}
			}
			for _, r := range rec.requests() {
				wantLimit := "100"
				if tt.pageSize != 0 {
					wantLimit = strconv.Itoa(tt.pageSize)
				}
				if r.Query.Get("limit") != wantLimit || r.Query.Get("state") != "READY" {
					t.Errorf("query = %s", r.Query.Encode())
				}
			}
		})
	}
}

func TestListTasksFilterQuery(t *testing.T) {
	rec := taskListServer(t, 0, func(int) string { return "0" })
	c := newTestClient(t, testConfig(rec.URL))
	_, err := c.ListTasks(testCtx(t), ListTasksFilter{
		State: "RUNNING", Name: "my task", ID: "t1", SourceServerID: "s1", EnterpriseProjectID: "0",
	})
	if err != nil {
		t.Fatal(err)
	}
	q := rec.requests()[0].Query
	want := map[string]string{"state": "RUNNING", "name": "my task", "id": "t1", "source_server_id": "s1",
		"enterprise_project_id": "0", "limit": "100", "offset": "0"}
	if len(q) != len(want) {
		t.Errorf("query = %v", q)
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
}

func TestListTasksPage(t *testing.T) {
	rec := taskListServer(t, 250, func(n int) string { return strconv.Itoa(n) })
	c := newTestClient(t, testConfig(rec.URL))
	p, err := c.ListTasksPage(testCtx(t), ListTasksFilter{}, 50, 225)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 250 || len(p.Tasks) != 25 || p.Tasks[0].ID != "t225" {
		t.Errorf("page = count %d, %d tasks, first %+v", p.Count, len(p.Tasks), p.Tasks[0])
	}
}

func TestListSourcesPaging(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var items []string
		for i := offset; i < 3 && i < offset+2; i++ {
			items = append(items, fmt.Sprintf(`{"id":"s%d","name":"src","ip":"10.0.0.%d","os_type":"LINUX","state":"waiting","connected":true}`, i, i))
		}
		writeJSON(w, 200, fmt.Sprintf(`{"count":3,"source_servers":[%s]}`, strings.Join(items, ",")))
	})
	c := newTestClient(t, testConfig(rec.URL))
	yes := true
	srcs, err := c.ListSources(testCtx(t), ListSourcesFilter{Name: "src", Connected: &yes, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 3 || srcs[2].ID != "s2" || !srcs[0].Connected || srcs[1].State != SourceStateWaiting {
		t.Errorf("sources = %+v", srcs)
	}
	if got := offsets(rec); fmt.Sprint(got) != "[0 2]" {
		t.Errorf("offsets = %v", got)
	}
	q := rec.requests()[0].Query
	if q.Get("name") != "src" || q.Get("connected") != "true" || q.Get("limit") != "2" {
		t.Errorf("query = %s", q.Encode())
	}
}

func TestListBackgroundTasksPaging(t *testing.T) {
	for _, countJSON := range []string{`"5"`, `5`, `null`} {
		t.Run(countJSON, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
				offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
				limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
				var items []string
				for i := offset; i < 5 && i < offset+limit; i++ {
					items = append(items, fmt.Sprintf(`{"id":"job-%d","name":"EXTEND","status":"SUCCESS","params":"{\"a\":1}","enable_show":true,"created_at":"2020-06-17T07:38:42.503Z","details":{"old_capacity":"1","new_capacity":"2","old_port":6379,"rename_commands":["keys"]}}`, i))
				}
				writeJSON(w, 200, fmt.Sprintf(`{"task_count":%s,"tasks":[%s]}`, countJSON, strings.Join(items, ",")))
			})
			c := newTestClient(t, testConfig(rec.URL))
			start := time.Date(2020, 6, 9, 16, 0, 0, 0, time.UTC)
			tasks, err := c.ListBackgroundTasks(testCtx(t), "inst-1", BackgroundTaskFilter{StartTime: start, EndTime: start.Add(time.Hour), PageSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(tasks) != 5 || tasks[4].ID != "job-4" || tasks[0].Details.NewCapacity != "2" || tasks[0].Details.OldPort != 6379 || !tasks[0].EnableShow || tasks[0].Params != `{"a":1}` {
				t.Errorf("tasks = %+v", tasks)
			}
			wantOffsets := "[0 2 4]"
			if countJSON == "null" { // unknown total: stop on the empty page
				wantOffsets = "[0 2 4 5]"
			}
			if got := offsets(rec); fmt.Sprint(got) != wantOffsets {
				t.Errorf("offsets = %v, want %s", got, wantOffsets)
			}
			r := rec.requests()[0]
			if r.Path != "/v2/"+testProject+"/instances/inst-1/tasks" || r.Query.Get("start_time") != "20200609160000" || r.Query.Get("end_time") != "20200609170000" {
				t.Errorf("request = %s?%s", r.Path, r.Query.Encode())
			}
		})
	}
}

func TestPagingStopsOnRunawayServer(t *testing.T) {
	calls := 0
	_, err := collectPages(testCtx(t), func(_ context.Context, offset int) (page[int], error) {
		calls++
		return page[int]{items: []int{offset}}, nil
	})
	if err == nil || calls != maxPages {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

// Records vanishing between pages shift the offsets; the listing starts over
// instead of silently missing the records that moved to an earlier page.
func TestCollectPagesRestartsWhenTheTotalChanges(t *testing.T) {
	records := []int{1, 2, 3, 4, 5, 6}
	calls := 0
	got, err := collectPages(testCtx(t), func(_ context.Context, offset int) (page[int], error) {
		calls++
		if calls == 2 {
			records = records[2:] // two records deleted after the first page
		}
		total := len(records)
		end := min(offset+2, len(records))
		if offset >= len(records) {
			return page[int]{total: &total}, nil
		}
		return page[int]{items: records[offset:end], total: &total}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{3, 4, 5, 6}) {
		t.Fatalf("listing = %v, want the 4 records that remain", got)
	}
}

func TestCollectPagesGivesUpOnAListingThatNeverSettles(t *testing.T) {
	n := 100
	_, err := collectPages(testCtx(t), func(_ context.Context, offset int) (page[int], error) {
		n--
		total := n
		return page[int]{items: []int{offset}, total: &total}, nil
	})
	if !errors.Is(err, ErrListingUnstable) {
		t.Fatalf("err = %v, want ErrListingUnstable", err)
	}
}
