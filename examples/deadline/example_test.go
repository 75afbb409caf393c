package deadline_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tsumiki-dev/tsumiki/examples/deadline"
)

// slowQuery stands for any I/O that honours its context (pgx, the AWS SDK, net/http): it
// waits for a result that never comes until the context ends.
func slowQuery(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func ExampleWithin() {
	err := deadline.Within(context.Background(), "load todos", 20*time.Millisecond, slowQuery)
	fmt.Println(err)
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))
	// Output:
	// load todos: budget of 20ms used up: context deadline exceeded
	// deadline exceeded: true
}

// A child's budget cannot outlive its parent: a request with 10ms left gives the query 10ms,
// not the 1 minute it asks for.
func ExampleWithin_parentSooner() {
	parent, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	parentDeadline, _ := parent.Deadline()
	err := deadline.Within(parent, "load todos", time.Minute, func(ctx context.Context) error {
		d, _ := ctx.Deadline()
		fmt.Println("query deadline is the request's:", d.Equal(parentDeadline))
		return slowQuery(ctx)
	})
	fmt.Println(err)
	// Output:
	// query deadline is the request's: true
	// context deadline exceeded
}

func ExampleWithin_inTime() {
	err := deadline.Within(context.Background(), "ping", time.Minute, func(ctx context.Context) error {
		return ctx.Err()
	})
	fmt.Println(err)
	// Output: <nil>
}
