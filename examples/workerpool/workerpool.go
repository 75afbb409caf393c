// Package workerpool runs a function over many items with a bounded number of goroutines,
// using golang.org/x/sync/errgroup: SetLimit bounds the pool, and the group's context is
// cancelled by the first error, so the remaining items are not started and the running ones
// can stop early. The first error is the one returned.
package workerpool

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Map calls fn for every item with at most workers calls at once and returns the results in
// the order of items. The first error cancels the context the other calls get, stops
// starting new ones, and is returned wrapped with the item's index; ctx's own cancellation
// stops it the same way and returns ctx's error.
func Map[T, R any](ctx context.Context, workers int, items []T, fn func(context.Context, T) (R, error)) ([]R, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	results := make([]R, len(items))
	for i, item := range items {
		// Once a call failed there is no point in starting another. g.Go blocks while the
		// pool is full, so the check is repeated once the goroutine has its slot.
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil
			}
			r, err := fn(gctx, item)
			if err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
			// Each goroutine writes only its own index: no lock needed.
			results[i] = r
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// The group's context ends when Wait returns; only the caller's says it was cancelled.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}
