package sms

import (
	"context"
	"fmt"
)

// EachTask streams the tasks matching f page by page, calling yield for each
// task as its page arrives; yield returns false to stop. A listing that
// restarts because the total changed mid-way does not yield a task twice.
// It returns the number of ListTasks pages it requested.
func (c *Client) EachTask(ctx context.Context, f ListTasksFilter, yield func(Task) bool) (int, error) {
	limit, err := pageSize(f.PageSize, DefaultTaskPageSize, MaxTaskPageSize)
	if err != nil {
		return 0, fmt.Errorf("ListTasks: %w", err)
	}
	pages := 0
	seen := map[string]bool{}
	err = walkPages(ctx, func(ctx context.Context, offset int) (page[Task], error) {
		pages++
		p, err := c.listTasksPage(ctx, f, limit, offset)
		if err != nil {
			return page[Task]{}, err
		}
		return page[Task]{items: p.Tasks, total: p.Count}, nil
	}, func() {}, func(tasks []Task) bool {
		for _, t := range tasks {
			if seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			if !f.matches(t) {
				continue
			}
			if !yield(t) {
				return false
			}
		}
		return true
	})
	return pages, err
}
