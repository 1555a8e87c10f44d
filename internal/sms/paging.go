package sms

import (
	"context"
	"errors"
	"fmt"
)

// maxPages stops a paging loop against a server that never returns an
// empty page nor a total count, instead of looping forever.
const maxPages = 10000

// page is one page of a list call: its items and, when the API returned it,
// the total number of matching records.
type page[T any] struct {
	items []T
	total *int
}

// ErrListingUnstable reports a listing whose total kept changing while it
// was paged; a later attempt may succeed.
var ErrListingUnstable = errors.New("the listing kept changing while it was paged")

// maxListingRestarts bounds how often a listing starts over.
const maxListingRestarts = 5

// collectPages walks a list API whose offset is a record offset: the next
// offset is the current one plus the number of records received. It stops on
// an empty page or once the collected records reach the reported total.
//
// Records that come or go while pages are read shift the offsets, so a
// record could be skipped or read twice (and a skipped task would look
// deleted). When the reported total changes between pages, the listing
// starts over. No page says in which order the service lists, so this is
// tested under both of the fake's list-order readings, oldest and newest
// first, with a record added and one removed between pages
// (TestListTasksPagingRestartsReadings). Its blind spot: one record added
// and another removed between the same two pages leave the total as it was.
func collectPages[T any](ctx context.Context, fetch func(ctx context.Context, offset int) (page[T], error)) ([]T, error) {
	var all []T
	err := walkPages(ctx, fetch, func() { all = nil }, func(items []T) bool {
		all = append(all, items...)
		return true
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// walkPages is the paging loop behind collectPages and the streaming
// listings: it hands each page to emit as it arrives (emit returns false to
// stop early) and calls restart when the reported total changed and the
// listing starts over from offset 0. A caller that already passed records on
// (a stream) must skip the ones it has seen; collectPages drops them instead.
func walkPages[T any](ctx context.Context, fetch func(ctx context.Context, offset int) (page[T], error), restart func(), emit func([]T) bool) error {
	offset, restarts, received := 0, 0, 0
	var firstTotal *int
	for i := 0; i < maxPages; i++ {
		p, err := fetch(ctx, offset)
		if err != nil {
			return err
		}
		if p.total != nil {
			if firstTotal == nil {
				firstTotal = p.total
			} else if *p.total != *firstTotal {
				if restarts++; restarts > maxListingRestarts {
					return fmt.Errorf("%w (%d restarts)", ErrListingUnstable, maxListingRestarts)
				}
				offset, received, firstTotal = 0, 0, nil
				restart()
				continue
			}
		}
		if len(p.items) == 0 {
			return nil
		}
		received += len(p.items)
		offset += len(p.items)
		if !emit(p.items) {
			return nil
		}
		if p.total != nil && received >= *p.total {
			return nil
		}
	}
	return fmt.Errorf("paging did not end after %d pages (%d records); the API keeps returning records", maxPages, received)
}

// pageSize applies the default and checks the API's maximum.
func pageSize(requested, def, maxSize int) (int, error) {
	switch {
	case requested == 0:
		return def, nil
	case requested < 0 || requested > maxSize:
		return 0, fmt.Errorf("page size must be between 1 and %d, got %d", maxSize, requested)
	}
	return requested, nil
}
