package sms

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

func TestEachTaskStreamsPagesAndStopsEarly(t *testing.T) {
	rec := taskListServer(t, 450, func(n int) string { return strconv.Itoa(n) })
	c := newTestClient(t, testConfig(rec.URL))

	var ids []string
	pages, err := c.EachTask(testCtx(t), ListTasksFilter{PageSize: MaxTaskPageSize}, func(task Task) bool {
		ids = append(ids, task.ID)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 450 || pages != 3 || rec.count() != 3 {
		t.Fatalf("tasks = %d, pages = %d, requests = %d; want 450 tasks in 3 pages of 200", len(ids), pages, rec.count())
	}

	// Stopping after 150 tasks must not fetch the second page.
	before := rec.count()
	n := 0
	pages, err = c.EachTask(testCtx(t), ListTasksFilter{PageSize: MaxTaskPageSize}, func(Task) bool {
		n++
		return n < 150
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 150 || pages != 1 || rec.count()-before != 1 {
		t.Fatalf("yielded %d, pages %d, requests %d; want 150 from one page", n, pages, rec.count()-before)
	}
}

// A task deleted between two pages makes the listing start over; tasks
// already streamed are not streamed again, and none is missed.
func TestEachTaskRestartDoesNotRepeatTasks(t *testing.T) {
	all := []string{"a", "b", "c", "d", "e", "f"}
	calls := 0
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		calls++
		if calls == 2 {
			all = all[1:] // "a" deleted after the first page
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		tasks := []map[string]string{}
		for i := offset; i < len(all) && i < offset+limit; i++ {
			tasks = append(tasks, map[string]string{"id": all[i]})
		}
		b, _ := json.Marshal(map[string]any{"count": len(all), "tasks": tasks})
		writeJSON(w, 200, string(b))
	})
	c := newTestClient(t, testConfig(rec.URL))
	var got []string
	if _, err := c.EachTask(testCtx(t), ListTasksFilter{PageSize: 2}, func(task Task) bool {
		got = append(got, task.ID)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[a b c d e f]" {
		t.Fatalf("streamed %v, want each task once: [a b c d e f]", got)
	}
}
