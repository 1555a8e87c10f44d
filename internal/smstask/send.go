package smstask

import (
	"context"
	"slices"
	"sync"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// MaxChunkSize is the most ids one batch delete call carries, and the
// default. The current DeleteTasks page (eu/api-sms, updated 2026-01-27)
// allows 1 to 50 ids; older pages allow up to 65,535: 50 fits both.
const MaxChunkSize = 50

// sendAnswer is what the service answered for one id of a send.
type sendAnswer struct {
	err  error // nil: accepted
	call int   // which call carried it: the ids of one accepted call are probed together
}

// sendDeletes is the provider's one way of sending task deletes: the batch
// API (POST /v3/tasks/delete), chunk ids a call, and what the service
// answered for each id, in the order of ids.
//   - A call refused naming ids (error_param: refused by the gate, or
//     unknown) gives those ids that answer, and the rest is sent again.
//   - A call refused naming none (the pages leave open whether the batch names
//     them) sends each of its ids alone with DeleteTask, whose answer is that
//     id's.
//   - Any other failure (throttling or a server error that outlasted the
//     client's retries, no permission) is every id's answer.
//
// An accepted call proves nothing about its ids (a batch may skip some):
// the engine reads each of them.
func sendDeletes(ctx context.Context, c *sms.Client, ids []string, chunk int) []sendAnswer {
	answers := make([]sendAnswer, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	call := 0
	answer := func(ids []string, err error) {
		for _, id := range ids {
			answers[index[id]] = sendAnswer{err: err, call: call}
		}
	}
	for start := 0; start < len(ids); start += chunk {
		left := slices.Clone(ids[start:min(start+chunk, len(ids))])
		for len(left) > 0 {
			call++
			err := c.DeleteTasks(ctx, left)
			named := namedIDs(err, left)
			switch {
			case err == nil:
				answer(left, nil)
				left = nil
			case (sms.MayBeDeleteRefusal(err) || sms.IsNotFound(err)) && len(named) > 0:
				answer(named, err)
				left = slices.DeleteFunc(left, func(id string) bool { return slices.Contains(named, id) })
			case (sms.MayBeDeleteRefusal(err) || sms.IsNotFound(err)) && len(left) > 1:
				errs := fanOut(len(left), func(i int) error { return c.DeleteTask(ctx, left[i]) })
				for i, id := range left {
					call++
					answers[index[id]] = sendAnswer{err: errs[i], call: call}
				}
				left = nil
			default:
				answer(left, err)
				left = nil
			}
		}
	}
	return answers
}

// namedIDs returns the ids of a call that an API error names in error_param.
func namedIDs(err error, ids []string) []string {
	e, ok := sms.AsError(err)
	if !ok {
		return nil
	}
	var named []string
	for _, p := range e.Params {
		if slices.Contains(ids, p) && !slices.Contains(named, p) {
			named = append(named, p)
		}
	}
	return named
}

// parallelCalls bounds the calls by ID one step makes at once: enough to
// hide each call's latency, few enough to stay near Terraform's own
// parallelism (the client's limiter paces them when the gateway throttles).
const parallelCalls = 10

// fanOut runs call for 0..n-1, up to parallelCalls at once, and returns the
// errors in that order.
func fanOut(n int, call func(i int) error) []error {
	errs := make([]error, n)
	sem := make(chan struct{}, parallelCalls)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = call(i)
		}()
	}
	wg.Wait()
	return errs
}
