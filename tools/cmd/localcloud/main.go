// Command localcloud creates the local platform's cloud resources on the local AWS emulators
// (the mail queue and its dead-letter queue, the idempotency table, the export bucket) and prints
// the variables the services need to reach them, as KEY=value lines. `make dev` runs it after
// `make deps/up`; running it again is a no-op.
//
// Usage:
//
//	localcloud [-env local] [-project tsumiki]
//
// It reads AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the AWS_ENDPOINT_URL_SQS,
// AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_S3 endpoints, as written to .local/env.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "localcloud: %v\n", err)
		os.Exit(1)
	}
}
