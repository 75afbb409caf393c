// Package cli is the main function of the repository's commands (tools/cmd/*) and what they
// share: Main and Check cancel the context on SIGINT or SIGTERM, call the command's run
// function, and turn the error run returns into one line on standard error and an exit
// status; FindRoot finds the repository root from the working directory.
//
// # Exit statuses
//
// A command follows one of two conventions, and its doc comment says which:
//
//   - Main: 0 success, 2 bad usage (a UsageError in the error's chain), 1 any other error.
//   - Check: 0 nothing found, 1 findings (the command's findings error in the chain, its
//     findings already printed), 2 any other error: bad usage or the check could not run.
//
// Under both, an ExitError in the chain sets the status itself and prints nothing: the
// command has said why already.
//
// # Messages
//
// An error is printed as "<name>: <error>", name being the command's name or the prefix its
// messages carry (e.g. "tf/whoami: error").
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

// UsageError is a bad command line: unknown or missing arguments, invalid flag values. Main
// and Check exit with status 2 for it.
type UsageError struct {
	// Err says what is wrong, e.g. "unknown ENV 'dev'; one of: stg prd".
	Err error
}

// Usagef returns a UsageError whose message is formatted as by fmt.Errorf (%w keeps the
// wrapped error's chain).
func Usagef(format string, args ...any) error {
	return UsageError{Err: fmt.Errorf(format, args...)}
}

// Error returns the message of the wrapped error.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e UsageError) Unwrap() error { return e.Err }

// ExitError ends a command with exit status Code and no message: the command has printed why
// already (a usage text, a report) or needs no words.
type ExitError struct {
	// Code is the exit status, 1 to 125.
	Code int
}

// Error returns "exit <Code>".
func (e ExitError) Error() string { return "exit " + strconv.Itoa(e.Code) }

// Main runs a command whose errors mean failure: run gets a context cancelled on SIGINT or
// SIGTERM; Main returns when run returns nil, and otherwise prints "<name>: <error>" on
// standard error and exits with status 2 for a UsageError, 1 for any other error.
func Main(name string, run func(ctx context.Context) error) {
	exit(name, run, nil, 1)
}

// Check runs a checker, a command that reports findings: like Main, but it exits with status
// 1 when the error is findings (errors.Is) and 2 for any other error, a UsageError included.
// A nil findings means every error of the command is status 2.
func Check(name string, findings error, run func(ctx context.Context) error) {
	exit(name, run, findings, 2)
}

// exit calls run and exits the process unless it returns nil.
func exit(name string, run func(context.Context) error, findings error, otherwise int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if code := conclude(os.Stderr, name, err, findings, otherwise); code != 0 {
		os.Exit(code)
	}
}

// conclude prints err under name on w, unless it is an ExitError, and returns the exit
// status: 0 for nil, an ExitError's Code, 1 for findings, 2 for a UsageError, else otherwise.
func conclude(w io.Writer, name string, err error, findings error, otherwise int) int {
	if err == nil {
		return 0
	}
	var ee ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintf(w, "%s: %v\n", name, err)
	var ue UsageError
	switch {
	case findings != nil && errors.Is(err, findings):
		return 1
	case errors.As(err, &ue):
		return 2
	default:
		return otherwise
	}
}
