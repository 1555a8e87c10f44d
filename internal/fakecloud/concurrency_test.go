package fakecloud

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestConcurrentClients runs many clients at once (meaningful under -race):
// every request verifies and every task ends where its client drove it.
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, Options{Timing: FastTiming(time.Second)})
	const clients = 16
	ids := make([]string, clients)
	for i := range ids {
		ids[i] = e.createTask(fmt.Sprintf("c%02d", i), nil)
	}
	var wg sync.WaitGroup
	errs := make(chan string, clients*4)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := e.send("POST", "/v3/tasks/"+id+"/action", map[string]any{"operation": "start"}); r.status != http.StatusOK {
				errs <- fmt.Sprintf("start %s: %d %s", id, r.status, r.body)
			}
			for range 5 {
				if r := e.send("GET", "/v3/tasks?limit=5&offset="+fmt.Sprint(i%4), nil); r.status != http.StatusOK {
					errs <- fmt.Sprintf("list: %d", r.status)
				}
				e.clock.Advance(100 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	e.clock.Advance(time.Minute)
	for _, id := range ids {
		e.expectState(id, "MIGRATE_SUCCESS", "finished")
	}
	if st := e.fake.Stats(); st.Total != st.Verified || st.Verified != clients*7+clients {
		t.Fatalf("stats = %+v", st)
	}
}
