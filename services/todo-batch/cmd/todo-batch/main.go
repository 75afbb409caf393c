// Command todo-batch runs Tsumiki's todo background jobs on a PostgreSQL job queue (River):
// due-date reminder mails, purges of deleted todos and exports to S3.
//
// Usage:
//
//	todo-batch worker                 work queued jobs; the elected leader enqueues periodic jobs
//	todo-batch run <job> [flags]      run one job now, then exit (ECS scheduled tasks, cron)
//	todo-batch enqueue <job> [flags]  put one job on the queue
//	todo-batch jobs                   list the job kinds and their schedules
//	todo-batch migrate up|down [N]|version   migrate River's tables
//
// Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 the job is already
// running elsewhere (`run` only; another process holds its advisory lock).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, documented in the package comment and design-docs/todo-batch.md.
const (
	exitFailure        = 1
	exitUsage          = 2
	exitAlreadyRunning = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "todo-batch: %v\n", err)
		os.Exit(exitCode(err))
	}
}

// exitCode maps an error from run to the process exit code.
func exitCode(err error) int {
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return exitFailure
}
