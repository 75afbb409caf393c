// Command fakes3 serves an in-memory S3 API (gofakes3) for the local platform: `make deps/up`
// starts it on 127.0.0.1:8007 and writes AWS_ENDPOINT_URL_S3 to .local/env.
//
// Buckets and objects live in memory and are gone when it stops. Clients must use path-style
// addressing (aws-sdk-go-v2: s3.Options.UsePathStyle = true), because 127.0.0.1 cannot carry
// a bucket name as a host label.
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
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintf(os.Stderr, "fakes3: %v\n", err)
		os.Exit(1)
	}
}
