// Command prcheck checks a pull request description:
//
//	prcheck FILE     (FILE "-" reads standard input)
//
// The Summary (概要) and How it was verified (動作確認) sections must be present and filled in.
// Exit status 1 lists every problem; 2 means bad usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tsumiki-dev/tsumiki/tools/internal/prbody"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	var usage usageError
	switch {
	case err == nil:
	case errors.As(err, &usage):
		fmt.Fprintf(os.Stderr, "prcheck: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "prcheck: the pull request description needs work:\n%v\n", err)
		os.Exit(1)
	}
}

// usageError is a problem with how prcheck was called, not with the description.
type usageError struct{ error }

// run checks the description named by args[0].
func run(_ context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError{errors.New("usage: prcheck FILE (the pull request body; - for standard input)")}
	}
	var body []byte
	var err error
	if args[0] == "-" {
		body, err = io.ReadAll(stdin)
	} else {
		body, err = os.ReadFile(args[0])
	}
	if err != nil {
		return usageError{fmt.Errorf("read pull request body: %w", err)}
	}
	if err := prbody.Check(string(body)); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(stdout, "prcheck: Summary and How it was verified are filled in"); err != nil {
		return usageError{fmt.Errorf("write: %w", err)}
	}
	return nil
}
