// Command mailer is the mail consumer: an AWS Lambda handler for SQS events that renders and
// sends queued mail through SES v2, plus a local runner that feeds the same handler, commands
// to list and redrive dead letters, and a template preview. `mailer help` lists them.
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
		fmt.Fprintf(os.Stderr, "mailer: %v\n", err)
		os.Exit(1)
	}
}
