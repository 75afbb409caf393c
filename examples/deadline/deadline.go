// Package deadline bounds work with context deadlines. A deadline travels with the context
// through every call and I/O it reaches, a child can only shorten its parent's deadline, and
// the error says which budget ran out.
package deadline

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Within runs fn with ctx bounded by budget (or by ctx's own deadline when that is sooner).
// When fn's context runs out, the error wraps context.DeadlineExceeded and names the step and
// its budget; other errors from fn are returned wrapped with the step's name.
func Within(ctx context.Context, step string, budget time.Duration, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeoutCause(ctx, budget, fmt.Errorf("%s: budget of %s used up: %w", step, budget, context.DeadlineExceeded))
	defer cancel()
	err := fn(ctx)
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// Cause is our message when our budget ran out, the parent's when the parent's did.
		return context.Cause(ctx)
	}
	return fmt.Errorf("%s: %w", step, err)
}
