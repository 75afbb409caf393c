package workerpool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/tsumiki-dev/tsumiki/examples/workerpool"
)

func ExampleMap() {
	squares, err := workerpool.Map(context.Background(), 3, []int{1, 2, 3, 4, 5},
		func(_ context.Context, n int) (int, error) { return n * n, nil })
	fmt.Println(squares, err)
	// Output: [1 4 9 16 25] <nil>
}

// errInvalid is the error one item fails with.
var errInvalid = errors.New("invalid address")

// The first failure cancels the rest: with one worker, the items after the failing one never
// start.
func ExampleMap_cancellation() {
	var started atomic.Int32
	_, err := workerpool.Map(context.Background(), 1, []string{"a@example.com", "bad", "c@example.com", "d@example.com"},
		func(ctx context.Context, addr string) (string, error) {
			started.Add(1)
			if addr == "bad" {
				return "", errInvalid
			}
			return "sent to " + addr, ctx.Err()
		})
	fmt.Println(err)
	fmt.Println("is errInvalid:", errors.Is(err, errInvalid))
	fmt.Println("started:", started.Load())
	// Output:
	// item 1: invalid address
	// is errInvalid: true
	// started: 2
}

// A caller's cancellation (SIGTERM, a request that went away) stops the pool the same way.
func ExampleMap_callerCancels() {
	ctx, cancel := context.WithCancel(context.Background())
	_, err := workerpool.Map(ctx, 2, []int{1, 2, 3},
		func(ctx context.Context, n int) (int, error) {
			if n == 2 {
				cancel()
			}
			return n, nil
		})
	fmt.Println(err)
	// Output: context canceled
}
