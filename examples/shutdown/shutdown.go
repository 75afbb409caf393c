// Package shutdown stops work gracefully: an HTTP server that finishes the requests in flight
// before it returns, and a pool of workers that finishes the item each holds but starts no new
// one, reporting what is left for the next run. Both follow the same rule: the signal stops
// intake at once, and the work in hand gets a bounded budget to finish (25 seconds in the
// services, inside the 30 seconds ECS waits after SIGTERM).
package shutdown

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Serve serves h on ln until ctx is cancelled, then stops accepting connections and waits up
// to grace for the requests in flight. It returns nil after a clean drain, the serve error if
// serving failed, or context.DeadlineExceeded (wrapped) when requests were still running at the
// end of grace.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// The shutdown budget must not be the cancelled ctx: it starts now.
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(drainCtx); err != nil {
		return fmt.Errorf("drain requests: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// Batch is what RunBatch did before it stopped.
type Batch struct {
	// Done are the items handled, in the order they finished.
	Done []string
	// Failed maps an item to its handler's error.
	Failed map[string]error
	// NotStarted are the items no worker took, in their original order: the next run's work.
	NotStarted []string
}

// RunBatch hands items to workers goroutines in order until they run out or ctx is cancelled.
// A cancelled ctx stops the hand-out at once; an item already taken is finished with a
// context that is not cancelled with ctx (handlers must be idempotent, as a crash can still
// cut one short). It returns when every worker is idle.
func RunBatch(ctx context.Context, workers int, items []string, handle func(context.Context, string) error) Batch {
	var (
		mu    sync.Mutex
		next  int
		batch = Batch{Failed: map[string]error{}}
		wg    sync.WaitGroup
	)
	// take hands out the next item unless the batch was told to stop.
	take := func() (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil || next == len(items) {
			return "", false
		}
		next++
		return items[next-1], true
	}
	for range workers {
		wg.Go(func() {
			for {
				item, ok := take()
				if !ok {
					return
				}
				err := handle(context.WithoutCancel(ctx), item)
				mu.Lock()
				if err != nil {
					batch.Failed[item] = err
				} else {
					batch.Done = append(batch.Done, item)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	batch.NotStarted = items[next:]
	return batch
}
