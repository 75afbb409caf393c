// Command prcheck checks a pull request description:
//
//	prcheck FILE     (FILE "-" reads standard input)
//
// The Summary (概要) and How it was verified (動作確認) sections must be present and filled in.
// Exit status 1 lists every problem; 2 means bad usage.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/prbody"
)

func main() {
	cli.Main("prcheck", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	})
}

// run checks the description named by args[0].
func run(_ context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) != 1 {
		return cli.Usagef("usage: prcheck FILE (the pull request body; - for standard input)")
	}
	var body []byte
	var err error
	if args[0] == "-" {
		body, err = io.ReadAll(stdin)
	} else {
		body, err = os.ReadFile(args[0])
	}
	if err != nil {
		return cli.Usagef("read pull request body: %w", err)
	}
	if err := prbody.Check(string(body)); err != nil {
		return fmt.Errorf("the pull request description needs work:\n%w", err)
	}
	if _, err := fmt.Fprintln(stdout, "prcheck: Summary and How it was verified are filled in"); err != nil {
		return cli.Usagef("write: %w", err)
	}
	return nil
}
